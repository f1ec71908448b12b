// The Prism modules the pipeline uses, in one place: scripts/bundle-engine.mjs bundles this file
// into dist/engine/engine.cjs, and src/4-prism/load.ts requires it directly when there is no
// bundle (tests from source). prism-http exports its router and validator only from dist/.
module.exports = {
  createInstance: require('@stoplight/prism-http').createInstance,
  getHttpOperationsFromSpec: require('@stoplight/prism-http').getHttpOperationsFromSpec,
  route: require('@stoplight/prism-http/dist/router').default,
  validateInput: require('@stoplight/prism-http/dist/validator').validateInput,
  createLogger: require('@stoplight/prism-core').createLogger,
};
