/**
 * Reference 1: a bare node:http server that reads the body and answers 200, the ceiling of this machine for
 * the benchmark's sender. Prints `listening http://127.0.0.1:<port>/knithook` like `knit-sync serve`.
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening http://127.0.0.1:${address.port}/knithook\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
