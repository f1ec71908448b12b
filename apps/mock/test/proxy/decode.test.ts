import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/proxy/decode.js';

const text = '{"data":{"name":"Ada"},"status":1}';
const bytes = Buffer.from(text);

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync(bytes)],
    ['x-gzip', gzipSync(bytes)],
    ['br', brotliCompressSync(bytes)],
    ['deflate', deflateSync(bytes)],
    ['deflate', deflateRawSync(bytes)], // raw deflate, as some servers send it
    ['identity', bytes],
    [null, bytes],
  ])('undoes %s', async (coding, body) => {
    expect(await decodeBody(body, coding, 1024)).toBe(text);
  });

  it('undoes several codings in reverse order', async () => {
    expect(await decodeBody(brotliCompressSync(gzipSync(bytes)), 'gzip, br', 1024)).toBe(text);
  });

  it('refuses an unknown coding, and a body that expands past the cap', async () => {
    await expect(decodeBody(bytes, 'zstd', 1024)).rejects.toThrow('unknown content-encoding "zstd"');
    await expect(decodeBody(gzipSync(Buffer.alloc(10_000)), 'gzip', 1024)).rejects.toThrow();
  });
});
