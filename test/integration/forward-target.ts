/**
 * A stand-in for the user's own webhook handler, for the forwarding and replay tests: node:http on loopback
 * (port 0) that keeps every request's exact bytes and headers, checks Knit's signature over the bytes it
 * received with its configured key (as a production handler would), and answers with a scripted status.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  body: Buffer;
  headers: IncomingHttpHeaders;
  /** `eventId` of the JSON body, or null. */
  eventId: string | null;
  /** Whether `X-Knit-Signature` is base64url(HMAC-SHA256(body, key)) for the target's key. */
  signatureOk: boolean;
}

export interface Target {
  url: string;
  received: Received[];
  /** Resolves once `n` requests arrived (rejects after 10 s). */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Answers a request: a status (body `ok`), or a status and body. `n` counts this event's deliveries from 1. */
export type Answer = (received: Received, n: number) => number | { status: number; body: string };

export async function startTarget(key: string, answer: Answer = () => 200): Promise<Target> {
  const received: Received[] = [];
  const perEvent = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let eventId: string | null;
      try {
        eventId = (JSON.parse(body.toString('utf8')) as { eventId?: string }).eventId ?? null;
      } catch {
        eventId = null;
      }
      const expected = Buffer.from(createHmac('sha256', key).update(body).digest('base64url'));
      const given = Buffer.from(String(req.headers['x-knit-signature'] ?? ''));
      const entry: Received = { body, headers: req.headers, eventId, signatureOk: given.length === expected.length && timingSafeEqual(given, expected) };
      received.push(entry);
      const n = (perEvent.get(eventId ?? '') ?? 0) + 1;
      perEvent.set(eventId ?? '', n);
      const a = entry.signatureOk ? answer(entry, n) : { status: 401, body: 'bad signature' };
      const { status, body: text } = typeof a === 'number' ? { status: a, body: 'ok' } : a;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(text);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/knithook`;
  return {
    url,
    received,
    async waitFor(n) {
      const deadline = Date.now() + 10_000;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`the target got ${received.length} of ${n} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback URL where nothing listens (a port bound then released). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/knithook`;
}
