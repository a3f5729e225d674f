/**
 * The value a CommonJS module exports, whether `require` gives it as the module itself or as the
 * module's `default` member: ajv's standalone generator, ajv-formats and fast-uri set both (for
 * TypeScript's interop), and which one a `require` returns depends on how they were built.
 */
export function commonJsDefault<T>(required: { default?: T } & T): T {
  return required.default ?? required;
}
