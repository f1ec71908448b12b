import { connect } from 'node:net';
import { exampleRequest, type SpecOperation } from '@partnero-ts/spec-tools';

/** A URL path (under /v1) and body that the spec says is valid for the operation. */
export function validRequest(op: SpecOperation): { path: string; body?: string } {
  const { params, body } = exampleRequest(op);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params.path[name])),
  );
  const query = new URLSearchParams(
    Object.entries(params.query).map(([name, value]) => [name, String(value)]),
  );
  const search = query.size > 0 ? `?${query}` : '';
  return { path: `/v1${path}${search}`, ...(body !== undefined && { body: JSON.stringify(body) }) };
}

export const AUTH = { authorization: 'Bearer test_key' };
export const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

export interface RawAnswer {
  text: string;
  status?: number;
}

/**
 * Writes bytes straight to the socket (for what fetch refuses to send) and reads until close.
 * `endInput` half-closes the socket so a server waiting for more bytes sees EOF instead of
 * hanging; Node's server then aborts any request still in flight (no half-open HTTP), so
 * complete requests are sent with `endInput: false` and `Connection: close`.
 */
export function rawRequest(
  url: string,
  bytes: Buffer | string,
  { endInput = true, timeoutMs = 5000 } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no answer within ${timeoutMs} ms to ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      resolve({ text, ...(status !== undefined && { status: Number(status) }) });
    });
    socket.write(bytes);
    if (endInput) socket.end();
  });
}
