import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { commonJsDefault } from "../../generator/base/commonjs-default.js";

const require = createRequire(import.meta.url);
const fn = () => "value";

describe("commonJsDefault: the value a CommonJS module exports, either shape", () => {
  it.each([
    { given: "the module is the value", required: fn, want: fn },
    { given: "the value is the module's default member", required: Object.assign(() => "module", { default: fn }), want: fn },
  ])("$given", ({ required, want }) => {
    expect(commonJsDefault(required as { default?: typeof fn } & typeof fn)).toBe(want);
  });

  it.each([
    { name: "ajv/dist/standalone/index.js", usable: (v: unknown) => typeof v === "function" },
    { name: "ajv-formats", usable: (v: unknown) => typeof v === "function" },
    { name: "ajv/dist/runtime/uri.js", usable: (v: unknown) => typeof (v as { resolve?: unknown }).resolve === "function" },
  ])("$name, as the generator requires it, gives what the generator calls", ({ name, usable }) => {
    expect(usable(commonJsDefault(require(name) as { default?: unknown } & object))).toBe(true);
  });
});
