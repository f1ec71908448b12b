import type { IPrismDiagnostic } from '@stoplight/prism-core';
import type { IHttpNameValues } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';

/** Partnero's (Laravel's) validation error body. */
export interface ValidationBody {
  status: 0;
  message: string;
  errors: Record<string, string[]>;
}

const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'headers']);

/**
 * Prism answers an invalid request with the operation's 422 (or 400) example, which names
 * whatever field the example happens to name. This rebuilds the body from the diagnostics
 * so a client sees which field is actually wrong.
 */
export function validationBody(diagnostics: readonly IPrismDiagnostic[]): ValidationBody {
  const errors: Record<string, string[]> = {};
  for (const diagnostic of diagnostics) {
    const field = fieldOf(diagnostic);
    errors[field] = [...(errors[field] ?? []), diagnostic.message];
  }
  return { status: 0, message: 'The given data was invalid.', errors };
}

/**
 * Where a diagnostic of Prism's validator points: the location it names first (`body`,
 * `query`, `path`, `header`), the names under it (the whole path when it names no location),
 * and the property a `required` error is about: Ajv reports a missing property at its parent
 * (`['body']`, "must have required property 'email'"), so its name is taken from the message.
 * The one reading of a diagnostic's path, for the mock's 422 bodies and the proxy's pointers.
 */
export function diagnosticPath(diagnostic: IPrismDiagnostic): {
  location: string | undefined;
  names: string[];
  missing: string | undefined;
} {
  const path = (diagnostic.path ?? []).map(String);
  const [first, ...rest] = path;
  const location = first !== undefined && LOCATIONS.has(first) ? first : undefined;
  const missing = /required property '([^']+)'/.exec(diagnostic.message)?.[1];
  return { location, names: location === undefined ? path : rest, missing };
}

/** The field a diagnostic names, dotted (`address.city`), as Partnero's `errors` keys it. */
export function fieldOf(diagnostic: IPrismDiagnostic): string {
  const { location, names, missing } = diagnosticPath(diagnostic);
  const segments = missing === undefined ? names : [...names, missing];
  if (segments.length > 0) return segments.join('.');
  return location ?? 'body';
}

/**
 * Prism skips a query parameter sent empty (`?limit=`) and answers 200, but an empty string is
 * no valid integer, enum value or non-empty string: the spec makes it invalid (and Partnero's
 * Laravel validation refuses it), so each such parameter becomes a diagnostic.
 */
export function emptyQueryDiagnostics(
  operation: IHttpOperation,
  query: IHttpNameValues = {},
): IPrismDiagnostic[] {
  const diagnostics: IPrismDiagnostic[] = [];
  for (const parameter of operation.request?.query ?? []) {
    const value = query[parameter.name];
    const values = Array.isArray(value) ? value : [value];
    if (!values.includes('') || !rejectsEmpty(parameter.schema as Schema | undefined)) continue;
    diagnostics.push({
      code: 'empty',
      message: `Request query parameter ${parameter.name} must not be empty`,
      path: ['query', parameter.name],
      severity: 0,
    } as IPrismDiagnostic);
  }
  return diagnostics;
}

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  minLength?: number;
  pattern?: string;
  format?: string;
}

function rejectsEmpty(schema: Schema | undefined): boolean {
  if (schema === undefined) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') && schema.enum === undefined)
    return (schema.minLength ?? 0) >= 1 || schema.pattern !== undefined || schema.format !== undefined;
  if (schema.enum !== undefined) return !schema.enum.includes('');
  return types.some((type) => type === 'integer' || type === 'number' || type === 'boolean');
}

export function hasErrors(diagnostics: readonly IPrismDiagnostic[]): boolean {
  // DiagnosticSeverity.Error is 0 in @stoplight/types.
  return diagnostics.some((diagnostic) => diagnostic.severity === 0);
}
