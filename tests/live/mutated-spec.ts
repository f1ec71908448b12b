import type { Json } from '@partnero-ts/spec-tools';

/** The deliberate lie: `surname` (a string everywhere in the spec) becomes an integer. */
export const MUTATION = { field: 'surname', value: 42 } as const;

/**
 * A copy of the spec that says `surname` is an integer, in every schema and every example,
 * so a mock serving it answers 42 wherever Partnero would answer a name.
 */
export function mutateSpec(document: Json): Json {
  const copy = structuredClone(document);
  const visit = (node: unknown, parentKey: string | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, undefined);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Json;
    for (const [key, value] of Object.entries(object)) {
      if (key === MUTATION.field)
        object[key] =
          parentKey === 'properties' ? { type: 'integer', example: MUTATION.value } : MUTATION.value;
      else visit(value, key);
    }
  };
  visit(copy, undefined);
  return copy;
}
