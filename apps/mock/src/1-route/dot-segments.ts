import { problem, type Reply } from '../answer.js';

/**
 * The 400 for a path with a `.` or `..` segment in any spelling, or with malformed
 * percent-encoding; the path itself when it is clean (answer.ts: a check returns its input). Each segment is decoded first, and `\` counts
 * as a separator: the URL parser reads `/v1/..\openapi.json` as `/openapi.json`, and an
 * upstream that decodes `..%2f` would read `/v1/..%2fopenapi.json` the same way, so checking
 * the raw text for `..` alone lets both through.
 */
export function refuseDotSegments(path: string): string | Reply {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return problem(400, 'Bad Request', `The path "${truncate(path)}" has malformed percent-encoding.`);
    }
    if (decoded.split(/[/\\]/).some((part) => part === '.' || part === '..')) {
      return problem(400, 'Bad Request', 'Paths must not contain "." or ".." segments (in any encoding).');
    }
  }
  return path;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
