// 1. Client overhead with the network taken out: a stub fetch answers instantly.
import { createPartneroClient } from '@partnero-ts/client';
import { measure } from 'mitata';
import createClient from 'openapi-fetch';
import { alternate, fmt, median, pairedRatio, ratio, table } from './lib.mjs';

const BASE_URL = 'https://api.partnero.com/v1';
const BODY = '{"data":[],"status":1}';
const HEADERS = { 'content-type': 'application/json' };
const ROUNDS = 30;
const WARMUP_CALLS = 5000;
// mitata's defaults batch 4096 samples once a call is fast, which takes seconds per run; smaller batches
// keep a run near 100 ms so that many alternating rounds fit.
const MEASURE = { min_cpu_time: 50e6, batch_samples: 64, max_samples: 1000, warmup_samples: 100 };

// A fresh Response per call, as a real fetch would give.
const stub = async () => new Response(BODY, { headers: HEADERS });

// The baseline sends the same Authorization header, the way one would with openapi-fetch alone.
const bare = createClient({ baseUrl: BASE_URL, fetch: stub, headers: { authorization: 'Bearer test_key' } });
const ours = createPartneroClient({
  apiKey: 'test_key',
  baseUrl: BASE_URL,
  fetch: stub,
  maxRetries: 2,
  timeout: 60_000,
});

const calls = {
  'raw fetch (stub)': async () => {
    const res = await stub(`${BASE_URL}/partners`, { headers: { authorization: 'Bearer test_key' } });
    return res.json();
  },
  'openapi-fetch createClient': () => bare.GET('/partners'),
  '@partnero-ts/client': () => ours.GET('/partners'),
};

export default async function clientOverhead() {
  for (const [name, call] of Object.entries(calls)) {
    const result = await call();
    if (!(result.data ?? result)) throw new Error(`client overhead: ${name} returned no data`);
    for (let i = 0; i < WARMUP_CALLS; i++) await call(); // let V8 optimise every path before measuring
  }
  const samples = await alternate(ROUNDS, Object.keys(calls), async (name) => {
    const stats = await measure(calls[name], MEASURE);
    return 1e9 / stats.p50; // ns per call -> calls per second
  });
  const opsPerSec = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
  const bareOps = opsPerSec['openapi-fetch createClient'];
  const oursOps = opsPerSec['@partnero-ts/client'];
  const vsBare = (name) => pairedRatio(samples['openapi-fetch createClient'], samples[name]);
  const rows = Object.entries(opsPerSec).map(([name, ops]) => [
    name,
    fmt(ops),
    fmt(1e6 / ops, 2),
    ratio(vsBare(name)),
  ]);
  return {
    title: '1. Client overhead (stub fetch, network excluded)',
    intro: `GET /partners through a fetch that returns a pre-built JSON Response. mitata \`measure\` (p50 per call) after ${WARMUP_CALLS} warmup calls each, ${ROUNDS} alternating rounds; calls/s is the median of rounds, the ratio the median of per-round ratios. Bare openapi-fetch sends the same Authorization header through its \`headers\` option; ours has auth, retries (maxRetries 2) and a 60 s timeout armed.`,
    table: table(['variant', 'calls/s', 'µs/call', 'vs openapi-fetch'], rows),
    summary: [
      {
        comparison: 'client overhead, calls/s (stub fetch)',
        baseline: `openapi-fetch ${fmt(bareOps)}`,
        ours: fmt(oursOps),
        ratio: ratio(vsBare('@partnero-ts/client')),
        goal: '>= 0.90x',
        met: vsBare('@partnero-ts/client') >= 0.9,
      },
    ],
  };
}
