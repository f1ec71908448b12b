import { escapePointer, type Json, resolvePointer } from '@partnero-ts/spec-tools';
import { validatorAt } from '@partnero-ts/spec-tools/schema';
import type { ErrorObject } from 'ajv/dist/2020.js';

/**
 * One way an answer differs from the spec. `pointer` is a JSON pointer into the answer seen
 * as `{status, headers, body}`: `/status`, `/headers/retry-after`, `/body/data/email`.
 */
export interface Difference {
  pointer: string;
  message: string;
  /** The value found there; absent when the value is missing. */
  value?: unknown;
}

const MAX_PREVIEW = 200;

const unescapeSegment = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');
const segments = (pointer: string) =>
  pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeSegment);

/** Large objects would swamp the report; the pointer says where to look. */
export function preview(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length <= MAX_PREVIEW ? value : `${value.slice(0, MAX_PREVIEW)}…`;
  if (value === null || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  return json.length <= MAX_PREVIEW ? value : `${json.slice(0, MAX_PREVIEW)}…`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of segments(pointer))
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/**
 * Pointer of the schema that checks the value at `instancePath`, when the way there is plain
 * properties and items (the way to a `oneOf` in Partnero's answers: `/data/0` of a list).
 */
function schemaPointerAt(rootPointer: string, instancePath: string): string | undefined {
  let pointer = rootPointer;
  let node = resolvePointer(pointer);
  const followRefs = () => {
    while (typeof node.$ref === 'string') {
      pointer = node.$ref;
      node = resolvePointer(pointer);
    }
  };
  followRefs();
  for (const key of segments(instancePath)) {
    const properties = node.properties as Record<string, Json> | undefined;
    if (properties?.[key]) {
      pointer += `/properties/${escapePointer(key)}`;
      node = properties[key];
    } else if (/^\d+$/.test(key) && node.items) {
      pointer += '/items';
      node = node.items as Json;
    } else return undefined;
    followRefs();
  }
  return pointer;
}

const identity = (error: ErrorObject, prefix = '') =>
  `${prefix}${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`;

/**
 * Ajv reports a failed `oneOf`/`anyOf` with the errors of every variant, so an affiliate
 * customer with one bad field would also "miss" every field a refer-a-friend customer requires.
 * Keep the variant closest to the value (fewest errors) and drop what only the others said.
 */
function closestVariantOnly(errors: ErrorObject[], rootPointer: string, document: unknown): ErrorObject[] {
  const dropped = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') continue;
    const at = schemaPointerAt(rootPointer, error.instancePath);
    const variants =
      at === undefined ? undefined : (resolvePointer(at)[error.keyword] as unknown[] | undefined);
    if (at === undefined || !Array.isArray(variants)) continue;
    const value = valueAt(document, error.instancePath);
    const perVariant = variants.map((_, index) => {
      const validate = validatorAt(`${at}/${error.keyword}/${index}`);
      return validate(value) ? [] : (validate.errors ?? []);
    });
    const closest = perVariant.reduce((best, candidate) =>
      candidate.length < best.length ? candidate : best,
    );
    // A value matching several variants of a oneOf has no closer variant to explain it.
    if (closest.length === 0) continue;
    const kept = new Set(closest.map((variantError) => identity(variantError, error.instancePath)));
    dropped.add(identity(error));
    for (const variantError of perVariant.flat()) {
      const id = identity(variantError, error.instancePath);
      if (!kept.has(id)) dropped.add(id);
    }
  }
  return errors.filter((error) => !dropped.has(identity(error)));
}

function fromAjvError(error: ErrorObject, prefix: string, document: unknown): Difference {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty !== undefined)
    return {
      pointer: `${prefix}${error.instancePath}/${escapePointer(params.missingProperty)}`,
      message: 'missing, but the spec requires it',
    };
  const instancePath =
    params.additionalProperty !== undefined
      ? `${error.instancePath}/${escapePointer(params.additionalProperty)}`
      : error.instancePath;
  return {
    pointer: `${prefix}${instancePath}`,
    message: error.message ?? error.keyword,
    value: preview(valueAt(document, instancePath)),
  };
}

/** The differences between `value` and the spec's schema at `schemaPointer`, under `prefix`. */
export function schemaDifferences(schemaPointer: string, value: unknown, prefix: string): Difference[] {
  const validate = validatorAt(schemaPointer);
  if (validate(value)) return [];
  const seen = new Set<string>();
  return closestVariantOnly(validate.errors ?? [], schemaPointer, value)
    .map((error) => fromAjvError(error, prefix, value))
    .filter((difference) => {
      const key = `${difference.pointer} ${difference.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
