import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The bundled spec shipped by @partnero-ts/spec. */
export function defaultSpecPath(): string {
  return require.resolve('@partnero-ts/spec/openapi.json');
}

/** Loose OpenAPI shapes: the mock reads a few fields of the bundled document, nothing more. */
export type Json = Record<string, unknown>;

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

export const decodeSegment = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');
export const encodeSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** `#/paths/~1partners/get` from its segments. */
export function pointerOf(...segments: string[]): string {
  return `#/${segments.map(encodeSegment).join('/')}`;
}

/** The node a local JSON pointer (`#/components/schemas/Partner`) names, or undefined. */
export function nodeAt(root: Json, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[decodeSegment(raw)];
  }
  return node;
}

/** A node with its local `$ref`s followed, and the pointer it finally lives at. */
export function follow(
  root: Json,
  node: unknown,
  pointer: string,
): { node: Json | undefined; pointer: string } {
  let current = node as Json | undefined;
  let at = pointer;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    at = current.$ref;
    current = nodeAt(root, at) as Json | undefined;
  }
  return { node: current, pointer: at };
}
