import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

const DECODERS: Record<string, (body: Buffer, options: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress) as (body: Buffer, options: ZlibOptions) => Promise<Buffer>,
  // "deflate" should be zlib-wrapped, but some servers send raw deflate.
  deflate: (body, options) =>
    promisify(inflate)(body, options).catch(() => promisify(inflateRaw)(body, options)),
};

/**
 * The body's text as the spec describes it, for checking only: the caller still gets the bytes
 * as they came. `Content-Encoding` lists codings in the order applied, so they are undone in
 * reverse. Output is capped: a small compressed body may expand without bound.
 */
export async function decodeBody(
  body: Buffer,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<string> {
  let bytes = body;
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  for (const coding of codings) {
    const decode = DECODERS[coding];
    if (decode === undefined) throw new Error(`unknown content-encoding "${coding}"`);
    bytes = await decode(bytes, { maxOutputLength: maxBytes });
  }
  return bytes.toString('utf8');
}
