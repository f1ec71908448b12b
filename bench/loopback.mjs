// 2. Client over loopback: raw fetch vs our client against a minimal node:http server in a child process.
import { createPartneroClient } from '@partnero-ts/client';
import createClient from 'openapi-fetch';
import { alternate, fmt, kill, median, ratio, spawnNode, table } from './lib.mjs';

const REQUESTS = 5000;
const CONCURRENCY = 32;
const ROUNDS = 3;
const WARMUP = 500;

// Runs `call` REQUESTS times with `workers` requests in flight; returns wall time in ms.
async function timed(call, workers, requests = REQUESTS) {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await call();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  return performance.now() - start;
}

export default async function loopback() {
  const { child, line } = await spawnNode(['bench/fixtures/json-server.mjs'], { ready: /^listening on / });
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
      const samples = await alternate(ROUNDS, Object.keys(calls), (name) => timed(calls[name], workers));
      const raw = median(samples['raw fetch']);
      const ours = median(samples['@partnero-ts/client']);
      for (const [name, values] of Object.entries(samples)) {
        const ms = median(values);
        rows.push([mode, name, fmt(ms), fmt((REQUESTS / ms) * 1000), ratio(ms / raw)]);
      }
      summary.push({
        comparison: `loopback ${REQUESTS} GETs ${mode}, wall ms`,
        baseline: `raw fetch ${fmt(raw)}`,
        ours: fmt(ours),
        ratio: ratio(ours / raw),
        goal: '<= 1.05x',
        met: ours / raw <= 1.05,
      });
    }
    return {
      title: '2. Client over loopback',
      intro: `${REQUESTS} GET /v1/partners against a minimal node:http server in a child process (undici keep-alive). Bare openapi-fetch is shown too, to tell its cost from ours. ${ROUNDS} rounds alternating the variants (order reversed every other round) after ${WARMUP} warmup requests each; median wall time.`,
      table: table(['mode', 'variant', 'wall ms (median)', 'req/s', 'vs raw fetch'], rows),
      summary,
    };
  } finally {
    await kill(child);
  }
}
