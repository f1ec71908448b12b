import { isAnswer, problem, type Reply, withHeaders } from '../answer.js';
import { chunksOf, type MockRequest } from '../incoming.js';
import { isValidMediaType } from './media-type.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Partnero bodies nest a few levels; far deeper JSON only serves to exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads and parses a JSON request body: `{ value }` (undefined when empty) or the 4xx answer.
 * Partnero only accepts JSON, so any other non-empty body is a 415 before Prism sees it (Prism
 * would accept e.g. text/plain for some operations).
 */
export async function readJsonBody(
  request: MockRequest,
  limit = MAX_BODY_BYTES,
): Promise<{ value: unknown } | Reply> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const bytes = await readBytes(request, limit);
  if (isAnswer(bytes)) return bytes;
  if (bytes.length === 0) return { value: undefined };
  const type = request.headers.get('content-type') ?? undefined;
  if (!isJsonType(type)) {
    return problem(
      415,
      'Unsupported Media Type',
      `Send request bodies as application/json (got ${type ? `"${type}"` : 'no Content-Type'}).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch (error) {
    return problem(
      400,
      'Malformed JSON',
      error instanceof Error ? error.message : 'The body is not valid JSON.',
    );
  }
  // Checked before anything walks the value recursively (the memo key, Prism's validator).
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    return problem(
      400,
      'JSON Too Deep',
      `Request bodies may nest at most ${MAX_JSON_DEPTH} levels of arrays and objects.`,
    );
  }
  return { value };
}

export async function readBytes(request: MockRequest, limit: number): Promise<Uint8Array | Reply> {
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunksOf(request.body)) {
    size += chunk.length;
    if (size > limit) return tooLarge(limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Iterative, so the check itself cannot overflow the stack it protects. */
export function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export function isJsonType(header: string | undefined): boolean {
  if (header === undefined || !isValidMediaType(header)) return false;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

function tooLarge(limit: number): Reply {
  // The rest of the body is not read; closing the connection stops the client from sending it.
  return withHeaders(problem(413, 'Payload Too Large', `Request bodies are limited to ${limit} bytes.`), {
    connection: 'close',
  });
}
