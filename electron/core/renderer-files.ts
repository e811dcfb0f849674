/**
 * Which file of the built renderer (dist/renderer) answers a URL path: shared by the headless UI server
 * (ui-server/static-files.ts) and the Electron `app://` protocol (main/protocol.ts), so both shells apply the
 * same path-traversal check, client-side-route fallback and content types.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The answer for one path: the file to send with its content type, or why there is none:
 * `escapes` (the path leaves the folder, or holds NUL or bad %-escapes), `missing` (an asset, i.e. a path with
 * an extension, that does not exist), `not-built` (no index.html to fall back to).
 */
export type RendererFile = { kind: 'file'; file: string; contentType: string; html: boolean } | { kind: 'escapes' | 'missing' | 'not-built' };

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Resolves the URL path `pathname` (still %-encoded) inside `root`. A path without an extension that is not a
 * file gets index.html (the renderer's client-side routes).
 */
export async function resolveRendererFile(root: string, pathname: string): Promise<RendererFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'escapes' };
  }
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, `.${path.posix.normalize(`/${decoded}`)}`);
  const inside = file === resolvedRoot || file.startsWith(resolvedRoot + path.sep);
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..') || !inside) return { kind: 'escapes' };
  let target = file;
  if (!(await isFile(target))) {
    if (path.extname(decoded) !== '') return { kind: 'missing' };
    target = path.join(resolvedRoot, 'index.html');
    if (!(await isFile(target))) return { kind: 'not-built' };
  }
  const extension = path.extname(target).toLowerCase();
  return { kind: 'file', file: target, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', html: extension === '.html' };
}
