import type { Json } from '@partnero-ts/spec/read';
import type { OperationModel, Resource, StateModel } from './model.js';
import { deepFreeze, isObject, mergeFields, type StoredRecord } from './records.js';
import type { Schemas } from './schemas.js';

/** The records every key starts with, per collection, computed the first time one is needed. */
export type Seeds = (collection: string) => readonly StoredRecord[];

/**
 * The resources the spec's examples show, so each documented example request finds what it
 * names. From each resource's create examples (the answer with its same-named request laid over
 * it, which carries identifiers such as a partner's `key`), then its read, list and search
 * examples; one record per set of identifiers. Lazy: a run that only touches partners never
 * compiles the schemas of the other resources (start-up is part of every test run).
 */
export function seedRecords(model: StateModel, schemas: Schemas): Seeds {
  const seeds = new Map<string, readonly StoredRecord[]>();
  return (collection) => {
    let records = seeds.get(collection);
    if (records === undefined) {
      const resource = model.resources.find((candidate) => candidate.collection === collection);
      records = resource === undefined ? Object.freeze([]) : seedOf(resource, model, schemas);
      seeds.set(collection, records);
    }
    return records;
  };
}

function seedOf(resource: Resource, model: StateModel, schemas: Schemas): readonly StoredRecord[] {
  const ops = [...model.operations.values()].filter((op) => op.resource === resource);
  const candidates = [
    ...ops.filter((op) => op.role.kind === 'create').flatMap((op) => created(op, resource, schemas)),
    ...ops.filter((op) => op.role.kind === 'read' && op.pathParameter).flatMap((op) => exampleRecords(op)),
    ...ops
      .filter((op) => op.role.kind === 'list' || op.role.kind === 'search')
      .flatMap((op) => exampleRecords(op)),
  ];
  const records: StoredRecord[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (!schemas.fits(resource.recordPointer, candidate)) continue;
    const identity = JSON.stringify(resource.lookupFields.map((field) => candidate[field] ?? null));
    if (seen.has(identity)) continue;
    seen.add(identity);
    records.push(deepFreeze(structuredClone(candidate)));
  }
  return Object.freeze(records);
}

function created(op: OperationModel, resource: Resource, schemas: Schemas): Json[] {
  return op.examples.flatMap(([name, example]) => {
    const data = example?.data;
    if (!isObject(data)) return [];
    const request =
      op.requestExamples.find(([requestName]) => requestName === name)?.[1] ??
      (op.requestExamples.length === 1 ? op.requestExamples[0]?.[1] : undefined);
    return [isObject(request) ? mergeFields(schemas, resource.recordPointer, data, request).record : data];
  });
}

/** The records an operation's answer examples show in their `data`. */
function exampleRecords(op: OperationModel): Json[] {
  return op.examples.flatMap(([, example]) => {
    const data = example?.data;
    if (Array.isArray(data)) return data.filter(isObject);
    return isObject(data) ? [data] : [];
  });
}
