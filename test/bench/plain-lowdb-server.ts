/**
 * Reference 2: the handler of Knit's sync guide written the plain lowdb way: verify the signature, push the
 * event into one lowdb document, `await db.write()`, answer 200 (Knit's employee sync guide,
 * "Prepare your backend"). Every write re-serializes the whole document, so its cost grows with what is stored.
 * Usage: `plain-lowdb-server --file DB.json --key KEY_ENV_VAR`; prints `listening ...` like `knit-sync serve`.
 */
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { knitSignature } from '../../electron/core/signature/sign';

interface Document {
  events: unknown[];
}

const { values } = parseArgs({ options: { file: { type: 'string' }, 'key-env': { type: 'string' } } });
const key = process.env[values['key-env'] ?? 'KNIT_API_KEY'] ?? '';
const db = new Low<Document>(new JSONFile<Document>(values.file!), { events: [] });
await db.read();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(knitSignature(body, key));
    const actual = Buffer.from(String(req.headers['x-knit-signature'] ?? ''));
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      res.writeHead(401).end('not ok');
      return;
    }
    db.data.events.push(JSON.parse(body.toString('utf8')));
    await db.write();
    res.writeHead(200).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening http://127.0.0.1:${address.port}/knithook\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
