import { describe, expect, it } from 'vitest';
import { problem } from '../src/answer.js';
import { type Exchange, need, runStages, type Stage } from '../src/exchange.js';

const start = (): Exchange => {
  const request = new Request('http://mock.local/v1/partners');
  return { request, url: new URL(request.url), method: 'GET' };
};

describe('runStages', () => {
  it('passes each stage what the one before it returned and stops at the first answer', async () => {
    const seen: (string | undefined)[] = [];
    const stages: Stage[] = [
      async (exchange) => ({ ...exchange, path: '/partners' }),
      async (exchange) => {
        seen.push(exchange.path);
        return problem(418, 'Teapot', 'stop here');
      },
      async () => {
        seen.push('ran after the answer');
        return problem(500, 'Wrong', 'never');
      },
    ];
    const answer = await runStages(stages, start());
    expect(answer).toMatchObject({ status: 418 });
    expect(seen).toEqual(['/partners']);
  });

  it('fails loudly when no stage answers, and when a stage reads a field no earlier stage set', async () => {
    await expect(runStages([async (exchange) => exchange], start())).rejects.toThrow(/no stage answered/);
    expect(() => need(start(), 'operation')).toThrow(/"operation" is read before a stage sets it/);
  });
});
