/**
 * The control endpoint of a running Companion: HTTP on 127.0.0.1 (a free port), named in the data folder's
 * lock file with a per-run token, so that other `knit-sync` commands (purge, sync, replay) go through the
 * process that holds the folder instead of opening it. `POST /control/<method>` with the header
 * `X-Knit-Sync-Token: <token>` and the method's input as a JSON body (or empty); answers the ApiReply envelope
 * with the status rule of shared/api/reply.ts (401 for a bad token, 404 for a name that is no method).
 * `POST /control/holder` needs no token: it proves this process holds `dataDir` (store/lock-holder.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorReply, failure, type ApiReply } from '../../../shared/api/reply';
import { readJsonInput, sendReply } from '../http/json-call';
import type { Logger } from '../log';
import { HOLDER_NONCE_HEADER, HOLDER_PATH, holderProof } from '../store/lock-holder';

/** Calls the method `name` with the raw input; looks names up as own entries only (a Map or dispatch). */
export type ControlCall = (name: string, input: unknown) => Promise<ApiReply>;

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
  call: ControlCall;
  log: Logger;
}): Promise<ControlServer> {
  const expected = Buffer.from(options.token);
  const server = createServer((req, res) => {
    const nonce = req.headers[HOLDER_NONCE_HEADER];
    if (req.method === 'POST' && req.url === HOLDER_PATH && typeof nonce === 'string' && nonce.length <= 256) {
      req.resume();
      return sendReply(res, { ok: true, result: { pid: process.pid, dataDir: options.dataDir, proof: holderProof(options.token, nonce) } });
    }
    const given = Buffer.from(String(req.headers[CONTROL_TOKEN_HEADER] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      req.resume();
      return sendReply(res, failure('unauthorized', 'bad or missing control token'));
    }
    const name = /^\/control\/([A-Za-z_]+)$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1];
    if (req.method !== 'POST' || name === undefined) {
      req.resume();
      return sendReply(res, failure('no_such_method', 'no such control method'));
    }
    readJsonInput(req, MAX_BODY, false)
      .then((input) => options.call(name, input))
      .catch(errorReply)
      .then((reply) => {
        if (!reply.ok) options.log.warn(`control ${name} failed: ${reply.error}`);
        sendReply(res, reply);
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
