// What the generators of src/generated/ share: the spec's operations (read by @partnero-ts/spec's
// one reader), a locale-free order, and the path check of tables the client matches unescaped.
export { follow, operationsOf } from '@partnero-ts/spec/read';

// Code-point order, not localeCompare: the output must not depend on the machine's locale.
export const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Throws, naming the operation and `table`, for a path the client's unescaped patterns cannot hold. */
export function checkTemplatePath(method, path, table) {
  if (!/^[\w\-/:{}~]+$/.test(path)) {
    throw new Error(
      `${method.toUpperCase()} ${path}: ${table} supports paths of letters, digits and _-/:~{} only`,
    );
  }
}
