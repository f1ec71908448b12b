import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Json } from '@partnero-ts/spec/read';

const require = createRequire(import.meta.url);

/** The bundled spec shipped by @partnero-ts/spec. */
export function defaultSpecPath(): string {
  return require.resolve('@partnero-ts/spec/openapi.json');
}

/** The bundled OpenAPI document the mock serves, as text (for /openapi.json) and parsed. */
export interface SpecDocument {
  text: string;
  root: Json;
  title: string;
}

export async function loadDocument(specPath: string): Promise<SpecDocument> {
  const text = await readFile(specPath, 'utf8');
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error) {
    throw new Error(
      `${specPath} is not JSON (${error instanceof Error ? error.message : error}): pass the bundled spec, e.g. spec/dist/openapi.json`,
    );
  }
  const title = (root.info as Json | undefined)?.title;
  return { text, root, title: typeof title === 'string' ? title : 'API reference' };
}
