import { type MockResponse, problem } from './problem.js';

/** The parts of a request target the mock routes on. */
export interface Target {
  pathname: string;
  searchParams: URLSearchParams;
}

/** Longer targets get 414; Node's own header limit (16 KiB) cuts off the rest earlier. */
export const MAX_TARGET_LENGTH = 8 * 1024;

/**
 * Parses an origin-form (`/v1/partners?x=1`) or absolute-form (`http://host/v1/partners`)
 * request target. Refuses what `new URL` would silently rewrite: `..` segments would let
 * `/v1/../openapi.json` reach a non-API route, and bad percent-encoding would reach Prism's
 * path matcher as a different path than the client meant.
 */
export function parseTarget(raw: string): Target | MockResponse {
  if (raw.length > MAX_TARGET_LENGTH) {
    return problem(414, 'URI Too Long', `Request targets are limited to ${MAX_TARGET_LENGTH} characters.`);
  }
  if (!raw.startsWith('/') && !/^https?:\/\//i.test(raw)) {
    return problem(
      400,
      'Bad Request',
      `Unsupported request target "${truncate(raw)}"; send a path such as /v1/partners.`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw, 'http://mock.local');
  } catch {
    return problem(400, 'Bad Request', `The request target "${truncate(raw)}" is not a valid URL.`);
  }
  const rawPath = raw.startsWith('/') ? (raw.split(/[?#]/)[0] ?? '') : url.pathname;
  const segments = rawPath.split('/');
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return problem(400, 'Bad Request', `The path "${truncate(rawPath)}" has malformed percent-encoding.`);
    }
    if (decoded === '.' || decoded === '..') {
      return problem(400, 'Bad Request', 'Paths must not contain "." or ".." segments.');
    }
  }
  if (rawPath.startsWith('//')) {
    return problem(400, 'Bad Request', 'Paths must not start with "//".');
  }
  return { pathname: url.pathname, searchParams: url.searchParams };
}

export function isTarget(value: Target | MockResponse): value is Target {
  return 'pathname' in value;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
