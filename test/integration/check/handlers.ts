/**
 * Small webhook handlers for the check suite's tests, over real HTTP on loopback: a correct one (verifies the
 * HMAC over the raw bytes, answers 200 to everything signed) and variants that each break one of Knit's rules.
 * Signatures are verified here with node:crypto, independently of electron/core/signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a handler departs from the correct one. */
export type HandlerFlaw = 'none' | 'accepts-forged' | 'fails-duplicates' | 'refuses-unknown-types' | 're-serializes' | { slowMsOverOneMB: number };

export interface TestHandler {
  url: string;
  /** Requests received. */
  received: number;
  close(): Promise<void>;
}

const KNOWN = new Set(['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed']);

const signatureOk = (signed: Buffer, given: unknown, key: string): boolean => {
  if (typeof given !== 'string' || given === '') return false;
  const expected = Buffer.from(createHmac('sha256', key).update(signed).digest('base64url'));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** Starts a handler on 127.0.0.1, port 0, verifying with `key`, with `flaw`. */
export async function startHandler(key: string, flaw: HandlerFlaw = 'none'): Promise<TestHandler> {
  const seen = new Set<string>();
  const state = { received: 0 };
  const answer = async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    state.received++;
    const signed = flaw === 're-serializes' ? Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))) : raw;
    if (flaw !== 'accepts-forged' && !signatureOk(signed, req.headers['x-knit-signature'], key)) return void res.writeHead(401).end('not ok');
    const event = JSON.parse(raw.toString('utf8')) as { eventId: string; eventType: string };
    if (flaw === 'fails-duplicates' && seen.has(event.eventId)) return void res.writeHead(500).end('duplicate key');
    seen.add(event.eventId);
    if (flaw === 'refuses-unknown-types' && !KNOWN.has(event.eventType)) return void res.writeHead(400).end('unknown eventType');
    if (typeof flaw === 'object' && raw.length > 1024 * 1024) await sleep(flaw.slowMsOverOneMB);
    res.writeHead(200).end('ok');
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer(req, res, Buffer.concat(chunks)).catch(() => res.writeHead(500).end('handler error')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/knithook`,
    get received() {
      return state.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
