import { refuseDotSegments } from '../1-route/dot-segments.js';
import { isAnswer, problem, type Reply } from '../answer.js';

/** Longer targets get 414; Node's own header limit (16 KiB) cuts off the rest earlier. */
const MAX_TARGET_LENGTH = 8 * 1024;

/**
 * The absolute URL of an origin-form (`/v1/partners?x=1`) or absolute-form
 * (`http://host/v1/partners`) request target, or the 4xx for a target the pipeline must never
 * see: `new URL` would silently rewrite `..` segments (letting `/v1/../openapi.json` reach a
 * non-API route) and a fetch `Request` can never carry them, so they are refused here.
 */
export function targetUrl(raw: string, host: string | undefined): string | Reply {
  if (raw.length > MAX_TARGET_LENGTH) {
    return problem(414, 'URI Too Long', `Request targets are limited to ${MAX_TARGET_LENGTH} characters.`);
  }
  const originForm = raw.startsWith('/');
  if (!originForm && !/^https?:\/\//i.test(raw)) {
    return problem(
      400,
      'Bad Request',
      `Unsupported request target "${truncate(raw)}"; send a path such as /v1/partners.`,
    );
  }
  const base = `http://${host !== undefined && HOST.test(host) ? host : 'localhost'}`;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return problem(400, 'Bad Request', `The request target "${truncate(raw)}" is not a valid URL.`);
  }
  const rawPath = originForm ? (raw.split(/[?#]/)[0] ?? '') : url.pathname;
  const checked = refuseDotSegments(rawPath);
  if (isAnswer(checked)) return checked;
  if (rawPath.startsWith('//')) {
    return problem(400, 'Bad Request', 'Paths must not start with "//".');
  }
  return url.href;
}

/** A Host header the URL parser takes as is (name or IP, optional port). */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
