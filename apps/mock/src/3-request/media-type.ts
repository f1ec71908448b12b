import { problem, type Reply } from '../answer.js';

// RFC 9110 tokens and parameters. Prism parses Accept and Content-Type with the `content-type`
// package, which throws "invalid media type" on bad syntax, and that surfaces as a 500; so
// the mock checks the syntax first and answers the client's mistake with a 4xx.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = `\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`;
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:${PARAMETER})*\\s*$`);

export function isValidMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value.trim());
}

interface HeaderReader {
  get(name: string): string | null;
}

/** The headers, checked (answer.ts: a check returns its input), or the 400 for a malformed Accept or Content-Type. */
export function checkMediaTypes<H extends HeaderReader>(headers: H): H | Reply {
  const accept = headers.get('accept');
  const contentType = headers.get('content-type');
  // Accept is a comma-separated list of media ranges; empty elements are allowed.
  const invalid = (accept ?? '')
    .split(',')
    .map((range) => range.trim())
    .find((range) => range !== '' && !isValidMediaType(range));
  if (invalid !== undefined) {
    return problem(
      400,
      'Bad Request',
      `The Accept header has an invalid media range "${invalid}"; use e.g. application/json.`,
    );
  }
  if (contentType !== null && !isValidMediaType(contentType)) {
    return problem(
      400,
      'Bad Request',
      `The Content-Type header "${contentType}" is not a media type; use application/json.`,
    );
  }
  return headers;
}

export function isJsonType(header: string | undefined): boolean {
  if (header === undefined || !isValidMediaType(header)) return false;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}
