import { isAnswer, partneroError, problem, type Reply } from '../answer.js';
import type { MockRequest } from '../incoming.js';
import { MAX_BODY_BYTES, readBytes, tooLarge } from './bytes.js';
import { isJsonType } from './media-type.js';

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
  // A body the API cannot read is a 400 of the operation, which the spec documents (the
  // BadRequest response) in Partnero's error envelope, so the answer is that envelope too.
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return partneroError(400, `The request body is not valid JSON${detail}.`);
  }
  // Checked before anything walks the value recursively (the memo key, Prism's validator).
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    return partneroError(
      400,
      `The request body is too deep: request bodies may nest at most ${MAX_JSON_DEPTH} levels of arrays and objects.`,
    );
  }
  return { value };
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
