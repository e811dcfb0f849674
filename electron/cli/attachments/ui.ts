/**
 * The `serve` / `demo` attachment that serves the renderer and the CompanionApi on 127.0.0.1 (issue 4):
 * `--ui-port N` (default 8788, 0 takes a free one), the built renderer from dist/renderer, and on stdout exactly
 * `ui http://127.0.0.1:<ui-port>/?token=<token>`. A renderer that was not built is said on stderr (the API is
 * served anyway); a port in use is one line and exit 1.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startUiServer } from '../../core/ui-server';
import { CliError } from '../errors';
import { intOption } from '../options';
import type { ServeAttachment } from '../serve-attachments';

/** The UI port when `--ui-port` is not given. */
export const DEFAULT_UI_PORT = 8788;

/**
 * The built renderer: `dist/renderer` of the package this file belongs to (found by walking up to the folder
 * holding package.json, so it works from the sources and from a bundle in dist/cli alike).
 */
export function rendererDir(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'renderer');
}

/** Starts the UI server for `options.uiPort`. @throws CliError (exit 1) when the port is taken. */
export const uiAttachment: ServeAttachment = async ({ companion, options }) => {
  const port = intOption('--ui-port', options.uiPort as string | undefined, 0, 65_535) ?? DEFAULT_UI_PORT;
  const staticDir = rendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`the UI is not built (no ${staticDir}): run \`npm run build:renderer\`; the API is served meanwhile\n`);
  }
  try {
    const server = await startUiServer({ api: companion.unchecked, port, staticDir, connect: companion.connect });
    return { lines: [`ui ${server.url}`], close: () => server.close() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new CliError(`UI port ${port} is in use on 127.0.0.1 (give another with --ui-port, 0 for a free one)`);
    throw error;
  }
};
