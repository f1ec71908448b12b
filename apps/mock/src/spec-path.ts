import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The bundled spec shipped by @partnero-ts/spec. */
export function defaultSpecPath(): string {
  return require.resolve('@partnero-ts/spec/openapi.json');
}
