/**
 * The package entry `@jetschema/runtime/lazy-validator` (package.json "exports"); the code lives in
 * base/. A generated registry imports it from here, not from the package root, so that importing
 * a generated package does not load the client, consume and NATS modules behind the root.
 */
export { lazyValidator } from "./base/lazy-validator.js";
