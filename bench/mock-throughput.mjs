// 3. Mock throughput and latency: our mock (with state, and --stateless) vs the `prism mock` CLI
// on the same bundled spec.
import { SPEC_PATH } from '@partnero-ts/spec-tools';
import autocannon from 'autocannon';
import {
  alternate,
  fmt,
  freePort,
  kill,
  MOCK_CLI,
  median,
  PRISM_CLI,
  pairedRatio,
  ratio,
  spawnNode,
  table,
  waitForOk,
} from './lib.mjs';

const CONNECTIONS = 32;
// Short slices, alternating servers, so that load from elsewhere on the machine hits both alike.
const SECONDS = 2;
const ROUNDS = 5; // 10 s of load per server

const OURS = 'our mock (state on)';
const STATELESS = 'our mock --stateless';
const CLI = 'prism mock CLI';

function startOurs(...flags) {
  return spawnNode([MOCK_CLI, '--port', '0', '--host', '127.0.0.1', '--spec', SPEC_PATH, ...flags], {
    ready: /^listening on /,
  });
}

// The Prism CLI serves the spec's paths without the server's /v1 prefix; ours keeps it. With
// state on, GET /partners lists the key's stored partners (the seed) rather than an example.
async function startServers() {
  const ours = await startOurs();
  const stateless = await startOurs('--stateless');
  const cliPort = await freePort();
  const cli = await spawnNode([
    PRISM_CLI,
    'mock',
    '-p',
    `${cliPort}`,
    '-h',
    '127.0.0.1',
    '-v',
    'silent',
    SPEC_PATH,
  ]);
  const origin = (started) => started.line.replace('listening on ', '').trim();
  return {
    [OURS]: {
      child: ours.child,
      url: `${origin(ours)}/v1/partners`,
      headers: { authorization: 'Bearer test_key' },
    },
    [STATELESS]: {
      child: stateless.child,
      url: `${origin(stateless)}/v1/partners`,
      headers: { authorization: 'Bearer test_key' },
    },
    [CLI]: {
      child: cli.child,
      url: `http://127.0.0.1:${cliPort}/partners`,
      headers: { authorization: 'Bearer x' },
    },
  };
}

function load(server, duration) {
  return autocannon({ url: server.url, headers: server.headers, connections: CONNECTIONS, duration });
}

export default async function mockThroughput() {
  const servers = await startServers();
  try {
    for (const server of Object.values(servers)) {
      await waitForOk(server.url, { headers: server.headers });
      await load(server, 1); // warm up every process
    }
    const runs = await alternate(ROUNDS, Object.keys(servers), async (name) => {
      const result = await load(servers[name], SECONDS);
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0) throw new Error(`${name}: ${failed} failed requests of ${result.requests.total}`);
      return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
    });
    const stats = Object.fromEntries(
      Object.entries(runs).map(([name, r]) => [
        name,
        {
          rps: median(r.map((x) => x.rps)),
          p50: median(r.map((x) => x.p50)),
          p99: median(r.map((x) => x.p99)),
        },
      ]),
    );
    const cli = stats[CLI];
    const ours = stats[OURS];
    const rps = (name) => runs[name].map((r) => r.rps);
    const oursRatio = pairedRatio(rps(CLI), rps(OURS));
    const rows = Object.entries(stats).map(([name, s]) => [
      name,
      fmt(s.rps),
      fmt(s.p50, 1),
      fmt(s.p99, 1),
      ratio(pairedRatio(rps(CLI), rps(name))),
    ]);
    return {
      title: '3. Mock throughput and latency',
      intro: `GET /partners (ours under /v1; with state on, the key's stored partners, laid over the example and paged), ${CONNECTIONS} keep-alive connections (autocannon in the bench process), ${ROUNDS} alternating rounds of ${SECONDS} s per server after a 1 s warmup; each server in its own process on spec/dist/openapi.json. Medians of the rounds; the ratio is the median of per-round ratios.`,
      table: table(['server', 'req/s', 'p50 ms', 'p99 ms', 'vs prism CLI'], rows),
      summary: [
        {
          comparison: `mock GET /partners with state, req/s (${CONNECTIONS} conns)`,
          baseline: `prism CLI ${fmt(cli.rps)}`,
          ours: fmt(ours.rps),
          ratio: ratio(oursRatio),
          goal: '>= 5.00x',
          met: oursRatio >= 5,
        },
      ],
    };
  } finally {
    await Promise.all(Object.values(servers).map((s) => kill(s.child)));
  }
}
