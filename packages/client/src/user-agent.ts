import { VERSION } from './version.js';

/** `partnero-ts/<version>` plus the caller's suffix, e.g. `partnero-ts/1.2.0 my-app/3.4`. */
export function userAgent(suffix: string | undefined): string {
  return suffix === undefined ? `partnero-ts/${VERSION}` : `partnero-ts/${VERSION} ${suffix}`;
}

// Browsers own User-Agent (Chrome drops it silently); elsewhere it helps Partnero support.
export function canSetUserAgent(): boolean {
  return !('document' in globalThis);
}
