/**
 * A minimal webhook receiver for the emulator tests: node:http on loopback, port 0. It verifies every
 * X-Knit-Signature itself with node:crypto (base64url HMAC-SHA256 of the raw body, no padding), independently
 * of electron/core/signature, and records every request. `answer` decides each status (default 200).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  /** 1-based arrival number. */
  n: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  body: Record<string, unknown>;
  signatureValid: boolean;
  status: number;
}

export interface TestReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The bodies of requests answered 200, first acceptance of each eventId only. */
  accepted(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestReceiver(apiKey: string, answer: (request: Omit<ReceivedRequest, 'status'>) => number = () => 200): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = createHmac('sha256', apiKey).update(raw).digest('base64url');
      const given = String(req.headers['x-knit-signature'] ?? '');
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const partial = { n: requests.length + 1, headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, signatureValid };
      const status = answer(partial);
      requests.push({ ...partial, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/knithook`,
    requests,
    accepted() {
      const seen = new Set<unknown>();
      return requests.filter((r) => r.status === 200 && !seen.has(r.body.eventId) && seen.add(r.body.eventId)).map((r) => r.body);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
