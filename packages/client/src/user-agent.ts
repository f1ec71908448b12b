import { VERSION } from './version.js';

/**
 * `{ 'User-Agent': 'partnero-ts/<version> <suffix>' }`, or nothing in browsers, which own that
 * header (Chrome drops it silently); elsewhere it helps Partnero support identify the SDK.
 */
export function userAgentHeader(suffix: string | undefined): Record<string, string> {
  return 'document' in globalThis ? {} : { 'User-Agent': `partnero-ts/${VERSION} ${suffix ?? ''}`.trim() };
}
