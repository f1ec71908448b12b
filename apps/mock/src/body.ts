import type { IncomingMessage } from 'node:http';
import { isValidMediaType } from './media-type.js';
import { type MockResponse, problem } from './problem.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON request body. Partnero only accepts JSON, so any other non-empty
 * body is a 415 before Prism sees it (Prism would accept e.g. text/plain for some operations).
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<{ value: unknown } | MockResponse> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return { value: undefined };
  if (!isJsonType(req.headers['content-type'])) {
    return problem(
      415,
      'Unsupported Media Type',
      `Send request bodies as application/json (got ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'no Content-Type'}).`,
    );
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return problem(
      400,
      'Malformed JSON',
      error instanceof Error ? error.message : 'The body is not valid JSON.',
    );
  }
}

export function isJsonType(header: string | undefined): boolean {
  if (header === undefined || !isValidMediaType(header)) return false;
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

function tooLarge(limit: number): MockResponse {
  // The rest of the body is not read; closing the connection stops the client from sending it.
  const response = problem(413, 'Payload Too Large', `Request bodies are limited to ${limit} bytes.`);
  return { ...response, headers: { ...response.headers, connection: 'close' } };
}
