import { createMockPipeline } from '@partnero-ts/mock';
import { describe, expect, it } from 'vitest';
import { ConfigError, MOCK_TEST_TOKEN_PREFIXES, parseLiveConfig } from './config.js';

const KEY = 'pk_live_config_test_0123456789';
const parse = (env: NodeJS.ProcessEnv, argv: string[] = []) => parseLiveConfig(argv, env, '/work/project');

function refusal(env: NodeJS.ProcessEnv, argv: string[] = []): ConfigError {
  try {
    parse(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseLiveConfig', () => {
  it('defaults to production, 2 requests per second and live-report.json in the working directory', () => {
    expect(parse({ PARTNERO_API_KEY: KEY })).toEqual({
      help: false,
      apiKey: KEY,
      baseUrl: 'https://api.partnero.com/v1',
      ratePerSecond: 2,
      reportPath: '/work/project/live-report.json',
    });
  });

  it('takes the base URL from PARTNERO_BASE_URL and the rate and report path from flags', () => {
    const config = parse({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: 'http://127.0.0.1:4010/v1/' }, [
      '--rate',
      '0.5',
      '--report',
      'out/live.json',
    ]);
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010/v1',
      ratePerSecond: 0.5,
      reportPath: '/work/project/out/live.json',
    });
  });

  it('refuses to start without PARTNERO_API_KEY, naming the fix', () => {
    expect(refusal({}).message).toMatch(/^PARTNERO_API_KEY is not set: export the API key/);
    expect(refusal({ PARTNERO_API_KEY: '' }).message).toMatch(/PARTNERO_API_KEY is not set/);
  });

  it('refuses the mock’s test tokens without printing the key', () => {
    for (const prefix of MOCK_TEST_TOKEN_PREFIXES) {
      const key = `${prefix}secret_rest_of_key`;
      const { message } = refusal({ PARTNERO_API_KEY: key });
      expect(message).toMatch(
        new RegExp(`starts with ${prefix}, a partnero-mock test token.*use a real key`),
      );
      expect(message).not.toContain('secret_rest_of_key');
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('refuses exactly the tokens the mock refuses on purpose', async () => {
    // The mock's own pipeline, in-process: its token contract is the one to agree with.
    const mock = await createMockPipeline({ stateless: true });
    const status = async (token: string) =>
      (
        await mock.fetch(
          new Request('http://127.0.0.1/v1/partners', { headers: { authorization: `Bearer ${token}` } }),
        )
      ).status;
    try {
      for (const prefix of MOCK_TEST_TOKEN_PREFIXES) expect([401, 403]).toContain(await status(`${prefix}x`));
      expect(await status('test_live')).toBe(200);
    } finally {
      await mock.close();
    }
    expect(parse({ PARTNERO_API_KEY: 'test_live' }).apiKey).toBe('test_live');
  });

  it('refuses a key with whitespace without printing it', () => {
    const { message } = refusal({ PARTNERO_API_KEY: `${KEY}\n` });
    expect(message).toMatch(/whitespace or a line break: copy the key again/);
    expect(message).not.toContain(KEY);
  });

  it('refuses a base URL that is not http(s) or carries credentials', () => {
    expect(refusal({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: 'api.partnero.com' }).message).toMatch(
      /not a URL/,
    );
    expect(refusal({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: 'ftp://example.com/v1' }).message).toMatch(
      /http\(s\)/,
    );
    const withCredentials = refusal({
      PARTNERO_API_KEY: KEY,
      PARTNERO_BASE_URL: 'https://user:hunter2@example.com/v1',
    });
    expect(withCredentials.message).toMatch(/must not contain credentials/);
    expect(withCredentials.message).not.toContain('hunter2');
  });

  it('refuses a rate that is not a positive number, and unknown flags', () => {
    for (const rate of ['0', '-1', 'fast', '', 'Infinity'])
      expect(refusal({ PARTNERO_API_KEY: KEY }, [`--rate=${rate}`]).message).toMatch(/--rate .* above 0/);
    expect(refusal({ PARTNERO_API_KEY: KEY }, ['--rps', '3']).message).toMatch(/--rps[\s\S]*usage:/);
  });
});
