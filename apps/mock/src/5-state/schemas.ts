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
  /** The properties the schema at `pointer` requires, read as `declared` reads them. */
  required(pointer: string, value: unknown): Set<string>;
  /** A property's declared `default`, if it has one (`{ value }`, since a default may be null). */
  defaultOf(pointer: string, value: unknown, property: string): { value: unknown } | undefined;
  /** Whether a property may be null (`type: [string, "null"]`, a null branch, ...). */
  allowsNull(pointer: string, value: unknown, property: string): boolean;
  /**
   * Why `value` does not fit the schema at `pointer`: each difference with the JSON pointer into
   * `value` where it is; empty when it fits. Of a `oneOf` or `anyOf`, only the differences from
   * the branch it comes closest to (fewest of them), which is the one its author meant.
   */
  problems(pointer: string, value: unknown): Problem[];
}

export interface Problem {
  /** JSON pointer into the value, `''` for the value itself. */
  at: string;
  message: string;
}

export function createSchemas(root: Json): Schemas {
  const validatorAt = createValidators(root, { allErrors: false });
  // Compiled only for a value that does not fit: the state stage never needs it.
  let explainerAt: ReturnType<typeof createValidators> | undefined;

  function fits(pointer: string, value: unknown): boolean {
    return validatorAt(pointer)(value);
  }

  /** Every (node, pointer) of the schema that applies to `value`: itself, its allOf, its fitting branches. */
  function applicable(
    pointer: string,
    value: unknown,
    out: [Json, string][] = [],
    depth = 0,
  ): [Json, string][] {
    const { node, pointer: at } = follow(root, nodeAt(root, pointer), pointer);
    if (node === undefined || depth > 16) return out;
    out.push([node, at]);
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

  /** The names `of` reads from each schema that applies to `value` (declared, required), together. */
  function namesIn(pointer: string, value: unknown, of: (node: Json) => Iterable<string>): Set<string> {
    const names = new Set<string>();
    for (const [node] of applicable(pointer, value)) for (const name of of(node)) names.add(name);
    return names;
  }

  /** The schemas (and where they live) that declare `property` for `value`. */
  function propertySchemas(pointer: string, value: unknown, property: string): [Json, string][] {
    return applicable(pointer, value).flatMap(([node, at]) => {
      const schema = (node.properties as Record<string, Json> | undefined)?.[property];
      if (schema === undefined) return [];
      const where = `${at}/properties/${property.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const followed = follow(root, schema, where);
      return followed.node === undefined ? [] : [[followed.node, followed.pointer] as [Json, string]];
    });
  }

  function problems(pointer: string, value: unknown): Problem[] {
    if (fits(pointer, value)) return [];
    explainerAt ??= createValidators(root, { allErrors: true });
    const explain = (at: string): Problem[] => {
      const validate = (explainerAt as ReturnType<typeof createValidators>)(at);
      validate(value);
      const seen = new Set<string>();
      return (validate.errors ?? [])
        .map((error) => ({ at: error.instancePath, message: error.message ?? 'does not fit' }))
        .filter(({ at, message }) => !seen.has(`${at} ${message}`) && seen.add(`${at} ${message}`));
    };
    const { node, pointer: at } = follow(root, nodeAt(root, pointer), pointer);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = ((node?.[keyword] as unknown[] | undefined) ?? []).map(
        (_, i) => `${at}/${keyword}/${i}`,
      );
      // Fitting several branches fails `oneOf` alone, which Ajv's own message says.
      if (branches.length > 0 && branches.every((branch) => !fits(branch, value))) {
        return branches.map(explain).sort((x, y) => x.length - y.length)[0] as Problem[];
      }
    }
    return explain(pointer);
  }

  return {
    fits,
    problems,
    declared: (pointer, value) =>
      namesIn(pointer, value, (node) => Object.keys((node.properties as Json | undefined) ?? {})),
    required: (pointer, value) =>
      namesIn(pointer, value, (node) => (node.required as string[] | undefined) ?? []),
    formatOf(pointer, value, property) {
      for (const [schema] of propertySchemas(pointer, value, property)) {
        if (typeof schema.format === 'string') return schema.format;
      }
      return undefined;
    },
    defaultOf(pointer, value, property) {
      for (const [schema] of propertySchemas(pointer, value, property)) {
        if ('default' in schema) return { value: schema.default };
      }
      return undefined;
    },
    allowsNull(pointer, value, property) {
      const schemas = propertySchemas(pointer, value, property);
      return schemas.length > 0 && schemas.every(([, at]) => fits(at, null));
    },
  };
}
