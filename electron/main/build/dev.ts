/**
 * `npm run dev`: starts the Vite dev server for the renderer (vite.config.ts), builds main and preload in
 * development mode, and launches Electron pointed at the dev server (VITE_DEV_SERVER_URL; the window then
 * applies the relaxed development CSP, csp.ts). Stops the dev server when Electron exits.
 */
import path from 'node:path';
import { createServer } from 'vite';
import { buildElectron, ROOT } from './build';
import { launchElectron } from './launch';

async function dev(): Promise<number> {
  const server = await createServer({ configFile: path.join(ROOT, 'vite.config.ts'), server: { host: '127.0.0.1', strictPort: false } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite dev server did not report its URL');
  process.stderr.write(`renderer dev server: ${url}\n`);
  try {
    await buildElectron({ development: true });
    return await launchElectron(process.argv.slice(2), { ...process.env, VITE_DEV_SERVER_URL: url });
  } finally {
    await server.close();
  }
}

dev().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dev: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  },
);
