import type { Json } from '../document.js';
import type { OperationModel, Resource, StateModel } from './model.js';
import { deepFreeze, isObject, mergeFields, type StoredRecord } from './records.js';
import type { Schemas } from './schemas.js';

/**
 * The records every key starts with: the resources the spec's examples show, so each documented
 * example request finds what it names. From each resource's create examples (the answer with
 * its same-named request laid over it, which carries identifiers such as a partner's `key`),
 * then its read, list and search examples; one record per set of identifiers.
 */
export function seedRecords(model: StateModel, schemas: Schemas): Map<string, readonly StoredRecord[]> {
  const seeds = new Map<string, readonly StoredRecord[]>();
  for (const resource of model.resources) {
    const ops = [...model.operations.values()].filter((op) => op.resource === resource);
    const candidates = [
      ...ops.filter((op) => op.role.kind === 'create').flatMap((op) => created(op, resource, schemas)),
      ...ops.filter((op) => op.role.kind === 'read' && op.pathParameter).flatMap((op) => dataOf(op)),
      ...ops.filter((op) => op.role.kind === 'list' || op.role.kind === 'search').flatMap((op) => dataOf(op)),
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
    seeds.set(resource.collection, Object.freeze(records));
  }
  return seeds;
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

function dataOf(op: OperationModel): Json[] {
  return op.examples.flatMap(([, example]) => {
    const data = example?.data;
    if (Array.isArray(data)) return data.filter(isObject);
    return isObject(data) ? [data] : [];
  });
}
