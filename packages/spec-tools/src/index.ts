// What the spec says, read at run time by the mock's tests, the contract suite and the
// benchmarks (schema validation lives in `@partnero-ts/spec-tools/schema`, which loads Ajv).
export {
  type ExampleRequest,
  exampleRequest,
  requiredBodyFields,
  requiredInput,
  withoutInput,
} from './requests.js';
export {
  deref,
  escapePointer,
  firstExample,
  type Json,
  resolvePointer,
  responseExamples,
  responseOf,
  responsePointer,
  SPEC_PATH,
  type SpecOperation,
  spec,
  specOperations,
  successStatus,
  successStatuses,
} from './spec.js';
