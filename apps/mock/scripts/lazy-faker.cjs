// Stands in for @faker-js/faker inside the engine bundle. Prism requires faker when it loads
// (about 0.4 s) and json-schema-faker keeps the object its `extend('faker', ...)` callback
// returns, but reads it only to generate a dynamic answer (`Prefer: dynamic=true`): this proxy
// requires the real module on that first read.
let faker;
const load = () => {
  faker ??= require('@faker-js/faker').default;
  return faker;
};
const lazy = new Proxy(
  {},
  {
    get: (_, key) => Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      // A proxy may not report a property of its (empty) target as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  },
);
module.exports = { default: lazy };
