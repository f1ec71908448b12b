import { readFile } from 'node:fs/promises';

export const DOCS_BUNDLE_PATH = '/docs/redoc.standalone.js';

/**
 * The API reference page. `redocly build-docs` output hydrates from cdn.redocly.com, which
 * offline users and these machines cannot reach, so the page loads Redoc's standalone bundle
 * from the mock itself and the spec from /openapi.json: nothing leaves the origin.
 */
export function docsHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc"></div>
<script src="${DOCS_BUNDLE_PATH}"></script>
<script>
Redoc.init('/openapi.json', { hideDownloadButton: false, disableSearch: false }, document.getElementById('redoc'));
</script>
</body>
</html>
`;
}

// Redoc 2.5's side-menu footer always loads its logo from this CDN URL (SideMenu.tsx, not an
// option); the page must make no request outside the mock, so the logo becomes an empty image.
const CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";

export function localizeBundle(source: string): string {
  return source.replaceAll(CDN_LOGO, EMPTY_SVG);
}

let bundle: Promise<string> | undefined;

/**
 * Read once, on first request: ~1 MB nobody needs for a test run that never opens /docs. The build
 * copies the bundle into vendor/ (scripts/vendor-redoc.mjs), the same two folders up from src/ and
 * from dist/.
 */
export function redocBundle(): Promise<string> {
  bundle ??= readFile(new URL('../../vendor/redoc/redoc.standalone.js', import.meta.url), 'utf8').then(
    localizeBundle,
  );
  return bundle;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
