import { follow, type Json, nodeAt } from '@partnero-ts/spec/read';
import { createValidators } from '@partnero-ts/spec/validate';

/**
 * The spec's schemas as the state stage needs them: does a value fit the schema at a pointer,
 * and which properties does that schema declare for it.
 */
export interface Schemas {
  fits(pointer: string, value: unknown): boolean;
  /**
   * The properties the schema at `pointer` declares, through `$ref` and `allOf`; of a `oneOf`
   * or `anyOf`, only the branches `value` fits (all of them when it fits none).
   */
  declared(pointer: string, value: unknown): Set<string>;
  /** The declared `format` of a property, if any (`date`, `date-time`, `email`, ...). */
  formatOf(pointer: string, value: unknown, property: string): string | undefined;
}

export function createSchemas(root: Json): Schemas {
  const validatorAt = createValidators(root, { allErrors: false });

  function fits(pointer: string, value: unknown): boolean {
    return validatorAt(pointer)(value);
  }

  /** Every (pointer, node) of the schema that applies to `value`: itself, its allOf, its fitting branches. */
  function applicable(pointer: string, value: unknown, out: Json[] = [], depth = 0): Json[] {
    const { node, pointer: at } = follow(root, nodeAt(root, pointer), pointer);
    if (node === undefined || depth > 16) return out;
    out.push(node);
    (node.allOf as unknown[] | undefined)?.forEach((_, i) => {
      applicable(`${at}/allOf/${i}`, value, out, depth + 1);
    });
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = ((node[keyword] as unknown[] | undefined) ?? []).map(
        (_, i) => `${at}/${keyword}/${i}`,
      );
      const fitting = branches.filter((branch) => fits(branch, value));
      for (const branch of fitting.length > 0 ? fitting : branches) applicable(branch, value, out, depth + 1);
    }
    return out;
  }

  return {
    fits,
    declared(pointer, value) {
      const names = new Set<string>();
      for (const node of applicable(pointer, value)) {
        for (const name of Object.keys((node.properties as Json | undefined) ?? {})) names.add(name);
      }
      return names;
    },
    formatOf(pointer, value, property) {
      for (const node of applicable(pointer, value)) {
        const schema = (node.properties as Record<string, Json> | undefined)?.[property];
        const format = follow(root, schema, '').node?.format;
        if (typeof format === 'string') return format;
      }
      return undefined;
    },
  };
}
