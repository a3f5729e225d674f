/** The package entry `@jetschema/runtime/subjects` (package.json "exports"); the code lives in base/. */
export * from "./base/subjects.js";
