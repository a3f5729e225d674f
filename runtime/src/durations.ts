/** The package entry `@jetschema/runtime/durations` (package.json "exports"); the code lives in base/. */
export * from "./base/durations.js";
