import { decodeSegment, encodeSegment, follow, type Json, nodeAt } from '@partnero-ts/spec/read';
import type { ValidatorAt } from '@partnero-ts/spec/validate';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { redact } from './redact.js';

/**
 * One way an exchange differs from the spec. `pointer` is a JSON pointer into what was seen:
 * for an answer seen as `{status, headers, body}`, `/status`, `/headers/retry-after`,
 * `/body/data/email`.
 */
export interface Difference {
  pointer: string;
  message: string;
  /** The value found there (shortened, secrets redacted); absent when the value is missing. */
  value?: unknown;
}

/** The bundled document and its validators (`allErrors`, so every difference is listed). */
export interface SpecSchemas {
  root: Json;
  validatorAt: ValidatorAt;
}

const MAX_PREVIEW = 200;

const segments = (pointer: string) => (pointer === '' ? [] : pointer.slice(1).split('/').map(decodeSegment));

/** `pointer: message (found value)`, the one line a difference is printed as. */
export function describeDifference(difference: Difference): string {
  const found = 'value' in difference ? ` (found ${JSON.stringify(difference.value)})` : '';
  return `${difference.pointer || '/'}: ${difference.message}${found}`;
}

/**
 * The value as a report shows it: secrets redacted first (so a cut cannot leave half a key),
 * then cut to 200 characters, since large objects would swamp a report; the pointer says where
 * to look.
 */
export function preview(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') {
    const text = redact(value, secrets);
    return text.length <= MAX_PREVIEW ? text : `${text.slice(0, MAX_PREVIEW)}…`;
  }
  if (value === undefined) return value;
  const json = JSON.stringify(value);
  const text = redact(json, secrets);
  if (text.length > MAX_PREVIEW) return `${text.slice(0, MAX_PREVIEW)}…`;
  if (text === json) return value;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The value at a JSON pointer inside `root`, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of segments(pointer)) {
    node =
      node !== null && typeof node === 'object' && Object.hasOwn(node, key)
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return node;
}

/**
 * Pointer of the schema that checks the value at `instancePath`, when the way there is plain
 * properties and items (the way to a `oneOf` in Partnero's answers: `/data/0` of a list).
 */
function schemaPointerAt(spec: SpecSchemas, rootPointer: string, instancePath: string): string | undefined {
  let { node, pointer } = follow(spec.root, nodeAt(spec.root, rootPointer), rootPointer);
  for (const key of segments(instancePath)) {
    if (node === undefined) return undefined;
    const properties = node.properties as Json | undefined;
    let next: string;
    if (properties !== undefined && Object.hasOwn(properties, key)) {
      next = `${pointer}/properties/${encodeSegment(key)}`;
    } else if (/^\d+$/.test(key) && node.items) next = `${pointer}/items`;
    else return undefined;
    ({ node, pointer } = follow(spec.root, nodeAt(spec.root, next), next));
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
function closestVariantOnly(
  spec: SpecSchemas,
  errors: ErrorObject[],
  rootPointer: string,
  document: unknown,
): ErrorObject[] {
  const dropped = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') continue;
    const at = schemaPointerAt(spec, rootPointer, error.instancePath);
    const variants =
      at === undefined ? undefined : (nodeAt(spec.root, at) as Json | undefined)?.[error.keyword];
    if (at === undefined || !Array.isArray(variants)) continue;
    const value = valueAt(document, error.instancePath);
    const perVariant = variants.map((_, index) => {
      const validate = spec.validatorAt(`${at}/${error.keyword}/${index}`);
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

function fromAjvError(
  error: ErrorObject,
  prefix: string,
  document: unknown,
  secrets: readonly string[],
): Difference {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty !== undefined)
    return {
      pointer: `${prefix}${error.instancePath}/${encodeSegment(params.missingProperty)}`,
      message: 'missing, but the spec requires it',
    };
  const instancePath =
    params.additionalProperty !== undefined
      ? `${error.instancePath}/${encodeSegment(params.additionalProperty)}`
      : error.instancePath;
  return {
    pointer: `${prefix}${instancePath}`,
    message: error.message ?? error.keyword,
    value: preview(valueAt(document, instancePath), secrets),
  };
}

/** The differences between `value` and the spec's schema at `schemaPointer`, under `prefix`. */
export function schemaDifferences(
  spec: SpecSchemas,
  schemaPointer: string,
  value: unknown,
  prefix: string,
  secrets: readonly string[] = [],
): Difference[] {
  const validate = spec.validatorAt(schemaPointer);
  if (validate(value)) return [];
  const seen = new Set<string>();
  return closestVariantOnly(spec, validate.errors ?? [], schemaPointer, value)
    .map((error) => fromAjvError(error, prefix, value, secrets))
    .filter((difference) => {
      const key = `${difference.pointer} ${difference.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
