// The Prism modules the pipeline uses to answer, in one place: scripts/bundle-engine.mjs bundles
// this file into dist/engine/engine.cjs, and src/4-prism/load.ts requires it directly when there
// is no bundle (tests from source). prism-http exports its router and validator only from dist/.
// `createInstance` is prism-http's own (dist/index.js) minus its forwarder: the mock never
// proxies through Prism (isProxy: false), and the index would also load the spec reader
// (spec-entry.cjs), which a process needs only when the spec differs from the build's.
const { factory, createLogger } = require('@stoplight/prism-core');
const route = require('@stoplight/prism-http/dist/router').default;
const { validateInput, validateOutput, validateSecurity } = require('@stoplight/prism-http/dist/validator');
const mock = require('@stoplight/prism-http/dist/mocker').default;

const forward = () => {
  throw new Error('partnero-mock: Prism forwarding is not bundled (the mock runs Prism with isProxy: false)');
};

module.exports = {
  createInstance: (defaultConfig, components) =>
    factory(defaultConfig, {
      route,
      validateInput,
      validateOutput,
      validateSecurity,
      mock,
      forward,
      ...components,
    }),
  route,
  validateInput,
  createLogger,
};
