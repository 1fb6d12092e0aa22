// `node bench/get-urls.mjs FILE`: GET the URLs listed in FILE (a JSON array), one at a time on
// one keep-alive connection, as a CAT tool asks, from a process of its own: the benchmark's own
// process holds a million units and a glossary in memory, and its collections ran inside the
// latencies it measured. The first `warm` URLs of FILE's `{warm, urls}` are asked first and not
// timed. Prints one line of JSON per timed URL: {"ms", "status", "body"}; the time runs from the
// request to the last byte of the answer, which is parsed only after the clock stops.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { Buffer } from 'node:buffer';

const { warm = 0, urls } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, { agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

for (const url of urls.slice(0, warm)) await get(url);
const out = [];
for (const url of urls) {
  const r = await get(url);
  let body;
  try {
    body = JSON.parse(r.text);
  } catch {
    body = { unparsed: r.text.slice(0, 200) };
  }
  out.push(JSON.stringify({ ms: r.ms, status: r.status, body }));
}
agent.destroy();
process.stdout.write(out.join('\n') + '\n');
