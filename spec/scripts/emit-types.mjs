#!/usr/bin/env node
// Emits the TypeScript view of the bundled document next to it: `openapi.d.ts` (paths,
// components, operations, webhooks from openapi-typescript) and an `index.js` that exports the
// document itself. The client's generated types are copied from here, so both always agree.
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

const dist = new URL('../dist/', import.meta.url);
const document = JSON.parse(await readFile(new URL('openapi.json', dist), 'utf8'));

const ast = await openapiTS(document, { alphabetize: false, exportType: false });
await writeFile(new URL('openapi.d.ts', dist), astToString(ast));

await writeFile(
  new URL('index.js', dist),
  `// The bundled Partnero OpenAPI 3.1 document.\nconst document = ${JSON.stringify(document)};\nexport default document;\n`,
);
await writeFile(
  new URL('index.d.ts', dist),
  `export type { $defs, components, operations, paths, webhooks } from './openapi.js';

/** The bundled OpenAPI 3.1 document; typed loosely so that any OpenAPI tool accepts it. */
export interface OpenAPIDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

declare const document: OpenAPIDocument;
export default document;
`,
);
