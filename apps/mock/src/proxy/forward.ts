import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Why not Prism's forwarder (prism-http `createInstance` with `isProxy` + `upstream`, as
// `prism proxy` runs it): the proxy must hand back exactly what the upstream answered, and
// Prism's forwarder (prism-http 5.12, forwarder/index.js) does not:
// - it parses JSON answers and serializes them again (stoplightio/prism#1082, #1321), so the
//   bytes change, and an answer that is not valid JSON becomes Prism's own error instead of
//   the difference to report;
// - on an upstream 501 it answers a mocked example instead (stoplightio/prism#1963, #2553, open);
// - it adds `deprecation: true` to deprecated operations' answers and joins repeated headers
//   (`set-cookie`) with commas;
// - node-fetch decodes compressed bodies (prism#1064) and follows redirects the caller should see.
// Node's fetch decodes compressed bodies too, with no way to turn it off, so the upstream is
// called with node:http(s), which hands over the raw bytes.

/** A request to send upstream, already stripped of hop-by-hop headers. */
export interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The upstream's answer as it came, hop-by-hop headers removed. */
export interface Upstreamed {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Buffer;
}

/** Thrown when the upstream answered more than a proxy for API traffic should hold in memory. */
export class AnswerTooLargeError extends Error {}

/**
 * Hop-by-hop headers (RFC 9110, 7.6.1) describe one connection, not the message: a proxy
 * never passes them on, in either direction, nor any header `Connection` names. `host` and
 * `content-length` are set for the new connection; `expect` would make Node wait for a 100.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const RESET_PER_CONNECTION = new Set(['host', 'content-length', 'expect']);

function connectionTokens(value: string | null | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The caller's headers as the upstream should get them: the same, less what belonged to the caller's connection. */
export function outgoingHeaders(
  headers: {
    forEach(callback: (value: string, name: string) => void): void;
    get(name: string): string | null;
  },
  bodyLength: number,
): Record<string, string> {
  const named = connectionTokens(headers.get('connection'));
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !RESET_PER_CONNECTION.has(lower) && !named.has(lower)) out[lower] = value;
  });
  const framed = headers.get('content-length') !== null || headers.get('transfer-encoding') !== null;
  if (framed || bodyLength > 0) out['content-length'] = String(bodyLength);
  return out;
}

function incomingHeaders(res: IncomingMessage): [string, string][] {
  const named = connectionTokens(res.headers.connection);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i] as string;
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !named.has(lower)) pairs.push([name, res.rawHeaders[i + 1] as string]);
  }
  return pairs;
}

export interface Forwarder {
  forward(outgoing: Outgoing, signal: AbortSignal): Promise<Upstreamed>;
  /** Closes the kept-alive connections to the upstream. */
  close(): void;
}

export function createForwarder(maxAnswerBytes: number): Forwarder {
  // Own agents, so close() can end their kept-alive sockets.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    forward(outgoing, signal) {
      const https = outgoing.url.protocol === 'https:';
      const send = https ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = send(
          outgoing.url,
          {
            method: outgoing.method,
            headers: outgoing.headers,
            agent: https ? agents.https : agents.http,
            signal,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > maxAnswerBytes) {
                res.destroy(new AnswerTooLargeError(`the upstream's answer exceeds ${maxAnswerBytes} bytes`));
                return;
              }
              chunks.push(chunk);
            });
            res.on('error', reject);
            res.on('close', () => {
              if (!res.complete)
                reject(new Error('the upstream closed the connection before its answer was complete'));
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 502,
                statusText: res.statusMessage ?? '',
                headers: incomingHeaders(res),
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(outgoing.body.length > 0 ? outgoing.body : undefined);
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
