/**
 * What the pipeline reads of a request: a subset of the Fetch `Request`, so a real `Request`
 * (the fetch form, MSW) and the node:http adapter's thin wrapper both fit without copying.
 */
export interface MockRequest {
  readonly method: string;
  /** Absolute URL; its origin is the mock's own, for the internal routes' Origin check. */
  readonly url: string;
  readonly headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, name: string) => void): void;
  };
  readonly body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
}

/** The chunks of a body, whichever form it takes. */
export async function* chunksOf(body: NonNullable<MockRequest['body']>): AsyncGenerator<Uint8Array> {
  if (!('getReader' in body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // Stops the stream when the caller leaves early (a body over the limit).
    reader.cancel().catch(() => {});
  }
}
