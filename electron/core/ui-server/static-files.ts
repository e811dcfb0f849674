/**
 * Serves the built renderer (dist/renderer) with content types, a strict Content-Security-Policy
 * (CSP Level 3) and an SPA fallback to index.html; paths that leave the folder are refused.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveRendererFile } from '../renderer-files';

/** The security headers of every response of the UI server on `port`. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/**
 * Answers a GET/HEAD for `pathname` from `root` (see resolveRendererFile): the file, 404 for a missing asset,
 * index.html for anything else (client-side routes), 400 for a path that escapes root, 503 when not built.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string, headers: Record<string, string>): Promise<void> {
  const found = await resolveRendererFile(root, pathname);
  if (found.kind !== 'file') {
    const [status, text] = {
      escapes: [400, 'Bad path.'],
      missing: [404, 'Not found.'],
      'not-built': [503, 'The UI is not built: run `npm run build:renderer`.'],
    }[found.kind] as [number, string];
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': found.contentType, 'Cache-Control': found.html ? 'no-store' : 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(found.file).pipe(res);
}
