// The HTTP load generator shared by the benchmarks: a worker thread runs `concurrency`
// keep-alive loops for `seconds`, each calling the bench's own `request()` (given as source
// text, since worker threads evaluate a script), and reports requests/s and percentiles.
import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * `requestSource` must define `function request()` returning a promise of `{ ms, ok }`; it can
 * use `workerData`, `http`, `agent` (keep-alive, `concurrency` sockets), `url` (of `target`) and
 * `timedPost(path, headers, body, okStatus)`.
 */
export function runLoad(
  requestSource: string,
  data: { target: string; concurrency: number; seconds: number } & Record<string, unknown>,
): Promise<LoadResult> {
  const script = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { target, concurrency, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL(target);
/** POSTs \`body\` and times it; ok when the status is \`okStatus\`. */
function timedPost(path, headers, body, okStatus) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const done = (ok) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, ok });
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === okStatus));
    });
    req.on('error', () => done(false));
    req.end(body);
  });
}
${requestSource}
(async () => {
  const latencies = [];
  let errors = 0;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      const r = await request();
      latencies.push(r.ms);
      if (!r.ok) errors++;
    }
  }));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p / 100 * latencies.length))] || 0;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99) });
})();
`;
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { eval: true, workerData: data });
    w.once('message', (m: LoadResult) => resolve(m));
    w.once('error', reject);
  });
}
