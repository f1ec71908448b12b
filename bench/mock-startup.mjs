// 4. Mock startup: from spawn to the first answered request, ours vs the `prism mock` CLI, full spec.
import { SPEC_PATH } from '@partnero-ts/spec-tools';
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

const RUNS = 5;

// Both get a fixed free port and are polled every 20 ms from the moment of spawn, so neither
// benefits from how (or whether) it announces readiness.
const servers = {
  'our mock': (port) => ({
    args: [MOCK_CLI, '--port', `${port}`, '--host', '127.0.0.1', '--spec', SPEC_PATH],
    url: `http://127.0.0.1:${port}/v1/partners`,
    headers: { authorization: 'Bearer test_key' },
  }),
  'prism mock CLI': (port) => ({
    args: [PRISM_CLI, 'mock', '-p', `${port}`, '-h', '127.0.0.1', '-v', 'silent', SPEC_PATH],
    url: `http://127.0.0.1:${port}/partners`,
    headers: { authorization: 'Bearer x' },
  }),
};

async function startupMs(name) {
  const server = servers[name](await freePort());
  const start = performance.now();
  const { child } = await spawnNode(server.args);
  try {
    return (await waitForOk(server.url, { headers: server.headers })) - start;
  } finally {
    await kill(child);
  }
}

export default async function mockStartup() {
  const runs = await alternate(RUNS, Object.keys(servers), startupMs);
  const cli = median(runs['prism mock CLI']);
  const ours = median(runs['our mock']);
  const rows = Object.entries(runs).map(([name, ms]) => [
    name,
    fmt(median(ms)),
    ms.map((m) => fmt(m)).join(', '),
    ratio(pairedRatio(runs['prism mock CLI'], ms)),
  ]);
  return {
    title: '4. Mock startup',
    intro: `Spawn to first 200 on GET /partners (ours under /v1), polling every 20 ms, full spec/dist/openapi.json; ${RUNS} runs each, alternating; the ratio is the median of per-run ratios.`,
    table: table(['server', 'median ms', 'runs ms', 'vs prism CLI'], rows),
    summary: [
      {
        comparison: 'mock startup to first answer, ms',
        baseline: `prism CLI ${fmt(cli)}`,
        ours: fmt(ours),
        ratio: ratio(pairedRatio(runs['prism mock CLI'], runs['our mock'])),
        goal: '<= 0.50x',
        met: pairedRatio(runs['prism mock CLI'], runs['our mock']) <= 0.5,
      },
    ],
  };
}
