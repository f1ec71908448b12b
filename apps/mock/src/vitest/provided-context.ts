// What the global setup provides, declared once for `inject()`: a test file that imports
// `@partnero-ts/mock/vitest` gets it typed, with no tsconfig `include` of the setup file.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The mock's `/v1` base URL, from `@partnero-ts/mock/vitest/global-setup`. */
    partneroBaseUrl: string;
  }
}

export {};
