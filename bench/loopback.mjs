// 2. Client over loopback: raw fetch vs our client against a minimal node:http server in a child process.
import { fileURLToPath } from 'node:url';
import { createPartneroClient } from '@partnero-ts/client';
import createClient from 'openapi-fetch';
import { alternate, fmt, kill, median, pairedRatio, ratio, spawnNode, table } from './lib.mjs';

const REQUESTS = 5000;
const CONCURRENCY = 32;
// The 5,000 requests per variant run as ROUNDS slices, alternating variants slice by slice: a burst of
// load from elsewhere on the machine then hits every variant alike instead of one whole run.
const ROUNDS = 20;
const WARMUP = 500;

// Runs `call` `requests` times with `workers` requests in flight; returns wall time in ms.
async function timed(call, workers, requests) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await call();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  return performance.now() - start;
}

export default async function loopback() {
  const server = fileURLToPath(new URL('fixtures/json-server.mjs', import.meta.url));
  const { child, line } = await spawnNode([server], { ready: /^listening on / });
  try {
    const origin = line.replace('listening on ', '').trim();
    const client = createPartneroClient({ apiKey: 'test_key', baseUrl: `${origin}/v1` });
    // Shows how much of any gap is openapi-fetch itself rather than our layer.
    const bare = createClient({ baseUrl: `${origin}/v1`, headers: { authorization: 'Bearer test_key' } });
    const calls = {
      'raw fetch': async () => {
        const res = await fetch(`${origin}/v1/partners`, { headers: { authorization: 'Bearer test_key' } });
        return res.json();
      },
      'openapi-fetch createClient': async () => (await bare.GET('/partners')).data,
      '@partnero-ts/client': async () => {
        const { data, error } = await client.GET('/partners');
        if (error || !data) throw new Error('loopback: our client got no data');
        return data;
      },
    };
    const modes = { sequential: 1, [`${CONCURRENCY} concurrent`]: CONCURRENCY };
    const rows = [];
    const summary = [];
    for (const [mode, workers] of Object.entries(modes)) {
      for (const call of Object.values(calls)) await timed(call, workers, WARMUP); // sockets and JIT
      const samples = await alternate(ROUNDS, Object.keys(calls), (name) =>
        timed(calls[name], workers, REQUESTS / ROUNDS),
      );
      // A typical slice scaled to the full run: a burst of outside load in one slice does not skew it.
      const total = (name) => median(samples[name]) * ROUNDS;
      const raw = total('raw fetch');
      const bareMs = total('openapi-fetch createClient');
      const ours = total('@partnero-ts/client');
      // The goal is against what we build on: openapi-fetch itself costs its share over raw fetch.
      const oursRatio = pairedRatio(samples['openapi-fetch createClient'], samples['@partnero-ts/client']);
      for (const name of Object.keys(samples)) {
        const ms = total(name);
        rows.push([
          mode,
          name,
          fmt(ms),
          fmt((REQUESTS / ms) * 1000),
          ratio(pairedRatio(samples['raw fetch'], samples[name])),
          ratio(pairedRatio(samples['openapi-fetch createClient'], samples[name])),
        ]);
      }
      summary.push({
        comparison: `loopback ${REQUESTS} GETs ${mode}, wall ms vs bare openapi-fetch`,
        baseline: `openapi-fetch ${fmt(bareMs)} (raw fetch ${fmt(raw)})`,
        ours: fmt(ours),
        ratio: ratio(oursRatio),
        goal: '<= 1.05x',
        met: oursRatio <= 1.05,
      });
    }
    return {
      title: '2. Client over loopback',
      intro: `${REQUESTS} GET /v1/partners against a minimal node:http server in a child process (undici keep-alive). Bare openapi-fetch is shown too, to tell its cost from ours. After ${WARMUP} warmup requests each, the ${REQUESTS} requests of each variant run in ${ROUNDS} slices of ${REQUESTS / ROUNDS}, alternating variants slice by slice (order reversed every other slice). Wall ms is the median slice time x ${ROUNDS}; ratios are medians of per-slice ratios.`,
      table: table(
        ['mode', 'variant', `wall ms (${REQUESTS} GETs)`, 'req/s', 'vs raw fetch', 'vs openapi-fetch'],
        rows,
      ),
      summary,
    };
  } finally {
    await kill(child);
  }
}
