import {
  deref,
  exampleRequest,
  type Json,
  resolvePointer,
  type SpecOperation,
} from '@partnero-ts/spec-tools';
import { validatorAt } from '@partnero-ts/spec-tools/schema';

/**
 * A request corpus over one operation, built from the spec alone and from a seeded generator
 * (so every run sends the same requests): the documented example, random bodies that satisfy
 * the request schema (checked with Ajv before they are kept), inputs that break it (checked
 * too), a malformed body and the token contract's refused keys.
 */
export interface CorpusRequest {
  /** What the entry is, for the test name. */
  label: string;
  /** `valid` inputs may get any documented status; `invalid` ones never a 2xx. */
  kind: 'valid' | 'invalid';
  path: string;
  query: Record<string, string>;
  /** Raw bytes of the body (undefined: none). */
  body?: string;
  apiKey?: string;
}

/** mulberry32: a small seeded PRNG, enough to pick schema branches reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed per operation: the corpus of one operation does not change when another is added. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Follows `$ref`s and folds `allOf` (and one chosen `anyOf`/`oneOf` branch) into one object schema. */
function flatten(node: unknown, random: Random): Json {
  const schema = deref<Json>(node);
  const parts = [
    schema,
    ...((schema.allOf as unknown[] | undefined) ?? []).map((part) => flatten(part, random)),
  ];
  const variants = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (variants?.length) parts.push(flatten(pick(random, variants), random));
  const merged: Json = {};
  const properties: Json = {};
  const required = new Set<string>();
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (['allOf', 'anyOf', 'oneOf', 'properties', 'required'].includes(key)) continue;
      if (merged[key] === undefined) merged[key] = value;
    }
    Object.assign(properties, (part.properties as Json | undefined) ?? {});
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function typeOf(schema: Json, random: Random): string | undefined {
  const declared = schema.type;
  if (Array.isArray(declared)) {
    const concrete = (declared as string[]).filter((type) => type !== 'null');
    return concrete.length > 0 ? pick(random, concrete) : 'null';
  }
  if (typeof declared === 'string') return declared;
  if (schema.properties) return 'object';
  return undefined;
}

function stringFor(schema: Json, random: Random): string {
  const n = Math.floor(random() * 1000);
  const examples = [schema.example, ...((schema.examples as unknown[] | undefined) ?? [])].filter(
    (value) => typeof value === 'string',
  ) as string[];
  if (schema.pattern !== undefined && examples.length > 0) return pick(random, examples);
  let value: string;
  switch (schema.format) {
    case 'email':
      value = `corpus${n}@example.com`;
      break;
    case 'uri':
      value = `https://example.com/corpus/${n}`;
      break;
    case 'date-time':
      value = '2025-04-30T16:44:13.000000Z';
      break;
    case 'date':
      value = '2025-04-30';
      break;
    default:
      value = examples.length > 0 && random() < 0.5 ? pick(random, examples) : `corpus_${n}`;
  }
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  if (value.length < min) value = value.padEnd(min, 'x');
  return value.length > max ? value.slice(0, max) : value;
}

function numberFor(schema: Json, random: Random, integer: boolean): number {
  const min = Number(
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 0),
  );
  const max = Number(schema.maximum ?? min + 100);
  const value = min + random() * (max - min);
  return integer ? Math.floor(value) : Math.round(value * 100) / 100;
}

/** A value the schema probably accepts (the caller checks with Ajv and draws again if not). */
function sampleOf(node: unknown, random: Random, depth = 0): unknown {
  const schema = flatten(node, random);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pick(random, schema.enum);
  switch (typeOf(schema, random)) {
    case 'object': {
      const out: Json = {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
        if (required.has(name) || (depth < 3 && random() < 0.5))
          out[name] = sampleOf(property, random, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      const count = depth < 3 ? min + Math.floor(random() * 2) : min;
      const items = schema.items && schema.items !== true ? schema.items : { type: 'string' };
      return Array.from({ length: count }, () => sampleOf(items, random, depth + 1));
    }
    case 'string':
      return stringFor(schema, random);
    case 'integer':
      return numberFor(schema, random, true);
    case 'number':
      return numberFor(schema, random, false);
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Pointer of the operation's JSON request body schema (through a `$ref`ed requestBody), or undefined. */
function requestSchemaPointer(op: SpecOperation): string | undefined {
  let pointer = `${op.pointer}/requestBody`;
  let node = op.operation.requestBody as Json | undefined;
  while (node && typeof node.$ref === 'string') {
    pointer = node.$ref;
    node = resolvePointer(node.$ref);
  }
  if (!(node?.content as Json | undefined)?.['application/json']) return undefined;
  return `${pointer}/content/application~1json/schema`;
}

interface ParameterAt {
  name: string;
  in: string;
  required?: boolean;
  schema: Json;
}

function parametersAt(op: SpecOperation): ParameterAt[] {
  return ((op.operation.parameters as unknown[] | undefined) ?? []).map((ref) => {
    const parameter = deref<ParameterAt>(ref);
    return { ...parameter, schema: deref<Json>(parameter.schema ?? {}) };
  });
}

/** Values the parameter's schema refuses, by construction (a path segment is never empty). */
function invalidValues(parameter: ParameterAt): string[] {
  const { schema } = parameter;
  const values: string[] = [];
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (types.includes('integer') || types.includes('number')) {
    values.push('abc');
    if (typeof schema.minimum === 'number') values.push(String(schema.minimum - 1));
    if (typeof schema.maximum === 'number') values.push(String(schema.maximum + 1));
  } else if (Array.isArray(schema.enum)) {
    values.push('not_an_option');
  } else if (typeof schema.maxLength === 'number') {
    values.push('x'.repeat(schema.maxLength + 1));
  }
  if (parameter.in === 'query' && values.length > 0) values.push('');
  return values;
}

function fill(path: string, values: Record<string, unknown>): string {
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(String(values[name])));
}

function stringQuery(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value)]));
}

const RANDOM_BODIES = 3;
const DRAWS = 40;

/** Bodies that break the schema: the wrong JSON type, and the example with a required field of the wrong type. */
function invalidBodies(
  example: unknown,
  isValid: (value: unknown) => boolean,
): { label: string; value: unknown }[] {
  const candidates: { label: string; value: unknown }[] = [
    { label: 'an array instead of the object', value: [] },
    { label: 'a number instead of the object', value: 42 },
  ];
  if (example && typeof example === 'object' && !Array.isArray(example)) {
    for (const name of Object.keys(example)) {
      candidates.push({ label: `"${name}" as a nested array`, value: { ...example, [name]: [[]] } });
    }
  }
  return candidates.filter(({ value }) => !isValid(value)).slice(0, 3);
}

export function corpusOf(op: SpecOperation): CorpusRequest[] {
  const random = seededRandom(seedOf(op.operationId));
  const example = exampleRequest(op);
  const path = fill(op.path, example.params.path);
  const query = stringQuery(example.params.query);
  const out: CorpusRequest[] = [];
  const exampleBody = example.body === undefined ? undefined : JSON.stringify(example.body);
  out.push({ label: 'the documented example', kind: 'valid', path, query, body: exampleBody });

  const bodyPointer = requestSchemaPointer(op);
  if (bodyPointer) {
    const validate = validatorAt(bodyPointer);
    const schema = resolvePointer(bodyPointer);
    const seen = new Set<string>();
    for (let draw = 0; draw < DRAWS && seen.size < RANDOM_BODIES; draw += 1) {
      const value = sampleOf(schema, random);
      const text = JSON.stringify(value);
      if (validate(value) && !seen.has(text)) seen.add(text);
    }
    for (const [index, text] of [...seen].entries()) {
      out.push({ label: `schema-valid random body ${index + 1}`, kind: 'valid', path, query, body: text });
    }
    for (const { label, value } of invalidBodies(example.body, (value) => Boolean(validate(value)))) {
      out.push({
        label: `invalid body: ${label}`,
        kind: 'invalid',
        path,
        query,
        body: JSON.stringify(value),
      });
    }
    out.push({ label: 'malformed JSON', kind: 'invalid', path, query, body: '{"key": ' });
  }

  for (const parameter of parametersAt(op)) {
    if (parameter.in !== 'query' && parameter.in !== 'path') continue;
    for (const value of invalidValues(parameter)) {
      const label = `invalid ${parameter.in} ${parameter.name}=${JSON.stringify(value.slice(0, 20))}`;
      if (parameter.in === 'path') {
        const bad = fill(op.path, { ...example.params.path, [parameter.name]: value });
        out.push({ label, kind: 'invalid', path: bad, query, body: exampleBody });
      } else {
        out.push({
          label,
          kind: 'invalid',
          path,
          query: { ...query, [parameter.name]: value },
          body: exampleBody,
        });
      }
    }
  }

  for (const apiKey of ['invalid_corpus', 'expired_corpus', 'forbidden_corpus']) {
    out.push({ label: `refused key ${apiKey}`, kind: 'invalid', path, query, body: exampleBody, apiKey });
  }
  return out;
}
