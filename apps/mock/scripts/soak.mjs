#!/usr/bin/env node
// Sends many requests to an in-process mock and checks that the heap, after GC, stays bounded.
// Usage: node --expose-gc scripts/soak.mjs [requests=100000] [concurrency=8] [maxGrowthMiB=32]
// Prints one JSON line; exits 1 when the heap grew more than allowed.
import { Agent, request } from 'node:http';
import { startMock } from '../dist/index.js';

const total = Number(process.argv[2] ?? 100_000);
const concurrency = Number(process.argv[3] ?? 8);
const maxGrowthMiB = Number(process.argv[4] ?? 32);
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

// A new API key every 64 requests: each key gets its own seeded state and writes, and past the
// mock's 1000 keys the least recently used are dropped, which is what must keep the heap flat.
const key = () => ({ authorization: `Bearer soak_${Math.floor(sent / 64)}` });
const json = () => ({ ...key(), 'content-type': 'application/json' });
// A mix of the paths a test run takes: reads and writes of state, validation failure, auth
// failure, unknown route, a forced status, bad JSON, the mock's own routes.
const requests = [
  ['GET', '/v1/partners', key],
  ['POST', '/v1/partners', json, '{"email":"jane@example.com","name":"Jane"}'],
  ['POST', '/v1/partners', json, '{"name":5}'],
  ['GET', '/v1/partners', () => ({ authorization: 'Bearer invalid_key' })],
  ['GET', '/v1/nowhere', key],
  ['GET', '/v1/partners', () => ({ ...key(), prefer: 'code=429' })],
  ['POST', '/v1/partners', json, '{not json'],
  ['GET', '/__mock/ledger', key],
];

const mock = await startMock({ port: 0 });
let sent = 0;

// node:http with a keep-alive agent: undici's fetch costs about as much per request as the mock does.
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(`${mock.url}${path}`, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function sendOne() {
  const [method, path, headers, body] = requests[sent % requests.length];
  const sentHeaders = headers();
  sent += 1;
  const status = await send(method, path, sentHeaders, body);
  if (status >= 500) throw new Error(`${method} ${path} answered ${status}`);
}

/** Sends `count` more requests, `concurrency` at a time. */
async function run(count) {
  const target = sent + count;
  const worker = async () => {
    while (sent < target) await sendOne();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function heapMiB() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const started = performance.now();
const warmup = Math.min(2000, Math.floor(total / 5));
await run(warmup);
const before = heapMiB();
await run(total - warmup);
const after = heapMiB();
agent.destroy();
await mock.close();
const result = {
  requests: sent,
  seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  heapBeforeMiB: Number(before.toFixed(1)),
  heapAfterMiB: Number(after.toFixed(1)),
  growthMiB: Number((after - before).toFixed(1)),
  maxGrowthMiB,
};
console.log(JSON.stringify(result));
process.exit(result.growthMiB > maxGrowthMiB ? 1 : 0);
