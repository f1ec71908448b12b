import { type MockResponse, problem } from './problem.js';

// RFC 9110 tokens and parameters. Prism parses Accept and Content-Type with the `content-type`
// package, which throws "invalid media type" on bad syntax, and that surfaces as a 500; so
// the mock checks the syntax first and answers the client's mistake with a 4xx.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = `\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`;
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:${PARAMETER})*\\s*$`);

export function isValidMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value.trim());
}

/** Accept is a comma-separated list of media ranges; empty elements are allowed. */
export function checkAccept(header: string | undefined): MockResponse | undefined {
  if (header === undefined) return undefined;
  const invalid = header
    .split(',')
    .map((range) => range.trim())
    .find((range) => range !== '' && !isValidMediaType(range));
  if (invalid === undefined) return undefined;
  return problem(
    400,
    'Bad Request',
    `The Accept header has an invalid media range "${invalid}"; use e.g. application/json.`,
  );
}

export function checkContentType(header: string | undefined): MockResponse | undefined {
  if (header === undefined || isValidMediaType(header)) return undefined;
  return problem(
    400,
    'Bad Request',
    `The Content-Type header "${header}" is not a media type; use application/json.`,
  );
}
