/**
 * The control endpoint of a running Companion: HTTP on 127.0.0.1 (a free port), named in the data folder's
 * lock file with a per-run token, so that other `knit-sync` commands (purge now; sync and replay later) go
 * through the process that holds the folder instead of opening it. `POST /control/<method>` with the header
 * `X-Knit-Sync-Token: <token>` and the method's input as a JSON body (or empty); answers
 * `200 {"result": ...}`, `400 {"error"}` for a bad input, `401` for a bad token, `404` for an unknown method.
 * `POST /control/holder` needs no token: it proves this process holds `dataDir` (store/lock-holder.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import { HOLDER_NONCE_HEADER, HOLDER_PATH, holderProof } from '../store/lock-holder';

/** One method reachable through the control endpoint; throws InputError for a bad input. */
export type ControlMethod = (input: unknown) => Promise<unknown>;

/** A bad input: answered 400 with this message. */
export class InputError extends Error {}

export const CONTROL_TOKEN_HEADER = 'x-knit-sync-token';
const MAX_BODY = 1024 * 1024;

export interface ControlServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startControlServer(options: {
  token: string;
  /** The data folder this process holds, named in the holder check's answer. */
  dataDir: string;
  methods: () => Record<string, ControlMethod>;
  log: Logger;
}): Promise<ControlServer> {
  const expected = Buffer.from(options.token);
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    const nonce = req.headers[HOLDER_NONCE_HEADER];
    if (req.method === 'POST' && req.url === HOLDER_PATH && typeof nonce === 'string' && nonce.length <= 256) {
      req.resume();
      return reply(200, { result: { pid: process.pid, dataDir: options.dataDir, proof: holderProof(options.token, nonce) } });
    }
    const given = Buffer.from(String(req.headers[CONTROL_TOKEN_HEADER] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      req.resume();
      return reply(401, { error: 'bad or missing control token' });
    }
    const match = /^\/control\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const method = match ? options.methods()[match[1] as string] : undefined;
    if (req.method !== 'POST' || !method) {
      req.resume();
      return reply(404, { error: 'no such control method' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reply(413, { error: 'input too large' });
      let input: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8').trim();
        input = text === '' ? undefined : JSON.parse(text);
      } catch {
        return reply(400, { error: 'the input is not JSON' });
      }
      method(input).then(
        (result) => reply(200, { result: result ?? null }),
        (error: Error) => {
          options.log.warn(`control ${match?.[1]} failed: ${error.message}`);
          reply(error instanceof InputError ? 400 : 500, { error: error.message });
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
