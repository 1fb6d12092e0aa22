// `node bench/post-file.mjs URL FILE`: POST a file as a CAT tool or curl would, from a process of
// its own (the benchmark's own process holds a million units in memory; its garbage collection
// on the same two cores slowed the server it measured: docs/decisions.md). Prints one line of JSON:
// {"seconds", "status", "body"}; the time runs from the first byte sent to the last one read.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { Buffer } from 'node:buffer';

const [url, file] = process.argv.slice(2);
const t0 = performance.now();
const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-length': String(statSync(file).size) } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => {
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`${JSON.stringify({ seconds, status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') })}\n`);
  });
});
req.on('error', (e) => {
  process.stderr.write(`${url}: ${e.message}\n`);
  process.exitCode = 1;
});
createReadStream(file, { highWaterMark: 1 << 20 }).pipe(req);
