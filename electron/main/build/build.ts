/**
 * `npm run build:electron`: bundles the main process and the preload with esbuild into dist/electron/.
 * - main.cjs: platform node, CommonJS (package.json "main"); `electron` and the native `@ngrok/ngrok` stay
 *   external (loaded at run time; electron-builder unpacks @ngrok from the asar). `import.meta.url` and
 *   `import.meta.dirname` of ESM sources are mapped to the bundle's own file.
 * - preload.cjs: ONE CommonJS file for the browser platform, only `electron` external: a sandboxed preload
 *   can require nothing else and cannot load ES modules
 *   (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts).
 * Run: `tsx electron/main/build/build.ts [--dev]`. Prints the two output paths.
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file is electron/main/build/build.ts). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ElectronBuildOutput {
  main: string;
  preload: string;
  /** The dedicated preload of Knit's UI component window (electron/preload/connect.ts). */
  connectPreload: string;
}

/** Electron 45 ships Node 22 and Chromium 140 (https://releases.electronjs.org/release/v45.0.0). */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

/** Builds both bundles into `outDir` (default `<root>/dist/electron`). Throws esbuild's error on failure. */
export async function buildElectron(options: { outDir?: string; development?: boolean } = {}): Promise<ElectronBuildOutput> {
  const outDir = options.outDir ?? path.join(ROOT, 'dist', 'electron');
  const development = options.development ?? false;
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    sourcemap: development ? 'inline' : true,
    minify: !development,
    logLevel: 'warning',
    absWorkingDir: ROOT,
    define: { 'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production') },
  };
  const output = { main: path.join(outDir, 'main.cjs'), preload: path.join(outDir, 'preload.cjs'), connectPreload: path.join(outDir, 'connect-preload.cjs') };
  const preload = (entry: string, outfile: string) =>
    build({ ...common, entryPoints: [path.join(ROOT, entry)], outfile, platform: 'browser', target: CHROME_TARGET, external: ['electron'] });
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron/main/index.ts')],
      outfile: output.main,
      platform: 'node',
      target: NODE_TARGET,
      external: ['electron', '@ngrok/ngrok'],
      // dependencies that name Node built-ins bare (rotating-file-stream) load them as node: ids like ours
      alias: Object.fromEntries(['child_process', 'fs', 'path', 'stream', 'timers', 'util', 'zlib'].map((id) => [id, `node:${id}`])),
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { ...common.define, 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    }),
    preload('electron/preload/index.ts', output.preload),
    preload('electron/preload/connect.ts', output.connectPreload),
  ]);
  return output;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildElectron({ development: process.argv.includes('--dev') }).then(
    (out) => {
      process.stdout.write(`${path.relative(ROOT, out.main)}\n${path.relative(ROOT, out.preload)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`build:electron: ${(error as Error).message.split('\n')[0]}\n`);
      process.exitCode = 1;
    },
  );
}
