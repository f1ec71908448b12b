import { problem, type Reply, withHeaders } from '../answer.js';
import { chunksOf, type MockRequest } from '../incoming.js';

// A request body's bytes, bounded: shared by the mock (then parsed as JSON, body.ts) and the
// proxy (forwarded as they came).

export const MAX_BODY_BYTES = 1024 * 1024;

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

export function tooLarge(limit: number): Reply {
  // The rest of the body is not read; closing the connection stops the client from sending it.
  return withHeaders(problem(413, 'Payload Too Large', `Request bodies are limited to ${limit} bytes.`), {
    connection: 'close',
  });
}
