// Prism's spec reader (dereferences a document into its operation list), bundled apart from the
// engine into dist/engine/spec.cjs: a process loads it only when the spec is not the one the
// build precomputed (dist/engine/operations.json), e.g. `--spec` with another document.
module.exports = {
  getHttpOperationsFromSpec: require('@stoplight/prism-http/dist/utils/operations').getHttpOperationsFromSpec,
};
