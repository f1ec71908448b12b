import type { IPrismDiagnostic } from '@stoplight/prism-core';

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
 * Ajv reports a missing property at its parent (`['body']`, "must have required property
 * 'email'"), so the name is taken from the message and appended to the path.
 */
export function fieldOf(diagnostic: IPrismDiagnostic): string {
  const [location, ...rest] = diagnostic.path ?? [];
  const path = location !== undefined && LOCATIONS.has(location) ? rest : (diagnostic.path ?? []);
  const missing = /required property '([^']+)'/.exec(diagnostic.message)?.[1];
  const segments = missing === undefined ? path : [...path, missing];
  if (segments.length > 0) return segments.join('.');
  return location ?? 'body';
}

export function hasErrors(diagnostics: readonly IPrismDiagnostic[]): boolean {
  // DiagnosticSeverity.Error is 0 in @stoplight/types.
  return diagnostics.some((diagnostic) => diagnostic.severity === 0);
}
