import { encodeSegment, pathParameters } from '@partnero-ts/spec/read';
import type { IPrismDiagnostic } from '@stoplight/prism-core';
import type { IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { isJsonType } from '../3-request/media-type.js';
import { prismEngine } from '../4-prism/load.js';
import { diagnosticPath } from '../4-prism/validation.js';
import { type Difference, preview, valueAt } from '../conformance/differences.js';

/** A request as the proxy saw it; `headers` lower-case, without `authorization`. */
export interface SeenRequest {
  /** The path under /v1, as sent. */
  path: string;
  query: NonNullable<IHttpRequest['url']['query']>;
  headers: Record<string, string>;
  body: string;
}

const LOCATIONS: Record<string, string> = { body: 'body', query: 'query', path: 'path', header: 'headers' };

/**
 * The ways a request differs from its operation in the spec, by Prism's validator. Pointers
 * are into the request seen as `{path, query, headers, body}`: `/body/email`, `/query/limit`.
 */
export function checkRequest(
  operation: IHttpOperation,
  seen: SeenRequest,
  secrets: readonly string[],
): Difference[] {
  const differences: Difference[] = [];
  let body: unknown;
  const headers = { ...seen.headers };
  if (seen.body.length > 0) {
    if (!isJsonType(headers['content-type'])) body = seen.body;
    else {
      try {
        body = JSON.parse(seen.body);
      } catch {
        differences.push({ pointer: '/body', message: 'not valid JSON', value: preview(seen.body, secrets) });
        // The rest of the request is still checked, as if it had no body.
        delete headers['content-length'];
      }
    }
  }
  // Prism's own validator (dist/validator, loaded by 4-prism/load.ts) checks the request as the
  // mock does when it answers one: parameters by their style, the body by its schema, the media type.
  const result = prismEngine().validateInput({
    resource: operation,
    element: {
      method: operation.method as IHttpRequest['method'],
      url: { path: seen.path, query: seen.query },
      headers,
      body,
    },
  });
  if (result._tag === 'Right') return differences;
  const seenAs = { path: pathParameters(operation.path, seen.path), query: seen.query, headers, body };
  const bodyUnreadable = differences.length > 0;
  for (const diagnostic of result.left) {
    if (diagnostic.severity !== 0) continue;
    const difference = fromDiagnostic(diagnostic, seenAs, secrets);
    if (bodyUnreadable && difference.pointer.startsWith('/body')) continue;
    differences.push(difference);
  }
  return differences;
}

function fromDiagnostic(
  diagnostic: IPrismDiagnostic,
  seen: { path: Record<string, string>; query: unknown; headers: Record<string, string>; body: unknown },
  secrets: readonly string[],
): Difference {
  if (diagnostic.code === 415) {
    return {
      pointer: '/headers/content-type',
      message: diagnostic.message,
      value: preview(seen.headers['content-type'] ?? null, secrets),
    };
  }
  const { location, names: under, missing } = diagnosticPath(diagnostic);
  const where = location !== undefined ? LOCATIONS[location] : undefined;
  if (where === undefined) {
    // "Body parameter is required" comes without a path.
    return { pointer: /body/i.test(diagnostic.message) ? '/body' : '', message: diagnostic.message };
  }
  const names = where === 'headers' ? under.map((name) => name.toLowerCase()) : under;
  const pointer = `/${[where, ...names].map(encodeSegment).join('/')}`;
  if (diagnostic.code === 'required' && missing !== undefined) {
    return { pointer: `${pointer}/${encodeSegment(missing)}`, message: 'missing, but the spec requires it' };
  }
  const found = valueAt(seen, pointer);
  return {
    pointer,
    message: diagnostic.message,
    ...(found !== undefined && { value: preview(found, secrets) }),
  };
}
