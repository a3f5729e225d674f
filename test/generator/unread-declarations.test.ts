/**
 * Dropping the declarations of ajv's standalone code that nothing reads (ajv compiles without its
 * optimizing pass): a table of code shapes, given/want, and over real ajv output, the same
 * verdicts and errors as ajv's own optimized code, in less code than ajv's unoptimized code.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withoutUnreadDeclarations } from "../../generator/validators/unread-declarations.js";
import { createAjv } from "../../generator/base/ajv.js";
import { toPureEsm } from "../../generator/validators/module-code.js";

const fn = (n: number, body: string) => `function validate${n}(data, {instancePath=""}={}){\nlet vErrors = null;\nlet errors = 0;\n${body}return errors === 0;\n}\n`;

describe("withoutUnreadDeclarations", () => {
  const cases: Array<{ given: string; code: string; want: string }> = [
    { given: "no function", code: `const schema0 = {"valid1":1};\n`, want: `const schema0 = {"valid1":1};\n` },
    { given: "an unread error count", code: fn(0, "const _errs0 = errors;\n"), want: fn(0, "") },
    {
      given: "an unread verdict, and then the count only it read",
      code: fn(0, "const _errs0 = errors;\nif(x){\nerrors++;\n}\nvar valid0 = _errs0 === errors;\n"),
      want: fn(0, "if(x){\nerrors++;\n}\n"),
    },
    {
      given: "a verdict read: it and its count stay",
      code: fn(0, "const _errs0 = errors;\nvar valid0 = _errs0 === errors;\nif(!valid0){\nerrors++;\n}\n"),
      want: fn(0, "const _errs0 = errors;\nvar valid0 = _errs0 === errors;\nif(!valid0){\nerrors++;\n}\n"),
    },
    {
      given: "one name declared twice, read after neither: both go",
      code: fn(0, "const _errs1 = errors;\nvar valid1 = _errs1 === errors;\nconst _errs2 = errors;\nvar valid1 = _errs2 === errors;\n"),
      want: fn(0, ""),
    },
    {
      given: "one name declared twice, read once: both stay",
      code: fn(0, "var valid1 = true;\nvar valid1 = false;\nif(valid1){\nerrors++;\n}\n"),
      want: fn(0, "var valid1 = true;\nvar valid1 = false;\nif(valid1){\nerrors++;\n}\n"),
    },
    {
      given: "the same name in two functions, read in the first only",
      code: fn(0, "const _errs0 = errors;\nif(_errs0 !== errors){\nx();\n}\n") + fn(1, "const _errs0 = errors;\n"),
      want: fn(0, "const _errs0 = errors;\nif(_errs0 !== errors){\nx();\n}\n") + fn(1, ""),
    },
    {
      given: "an async function counts on its own",
      code: fn(0, "const _errs0 = errors;\nif(_errs0){\n}\n") + fn(1, "const _errs0 = errors;\n").replace("function", "async function"),
      want: fn(0, "const _errs0 = errors;\nif(_errs0){\n}\n") + fn(1, "").replace("function", "async function"),
    },
    {
      given: "an enum's values unread once its check is unrolled",
      code: fn(0, `const vSchema0 = schema3.properties.kind.enum;\nif(!(data === "a" || data === "b")){\nerrors++;\n}\n`),
      want: fn(0, `if(!(data === "a" || data === "b")){\nerrors++;\n}\n`),
    },
    {
      given: "a mention inside a string keeps the name",
      code: fn(0, `const _errs0 = errors;\nx("_errs0");\n`),
      want: fn(0, `const _errs0 = errors;\nx("_errs0");\n`),
    },
    {
      given: "a declaration that is not a whole line stays",
      code: fn(0, "const _errs0 = errors;if(y){\n}\nx(); const _errs3 = errors;\nconst _errs4 = errors\n"),
      want: fn(0, "const _errs0 = errors;if(y){\n}\nx(); const _errs3 = errors;\nconst _errs4 = errors\n"),
    },
    { given: "a declaration as the last line, without a newline", code: fn(0, "").slice(0, -1) + "\nconst _errs5 = errors;", want: fn(0, "").slice(0, -1) + "\n" },
  ];
  it.each(cases)("$given", ({ code, want }) => {
    expect(withoutUnreadDeclarations(code)).toBe(want);
  });

  it("returns the very string when nothing is dropped", () => {
    const code = fn(0, "var valid0 = true;\nif(valid0){\n}\n");
    expect(withoutUnreadDeclarations(code)).toBe(code);
  });
});

describe("over ajv's code", () => {
  const schema = {
    $id: "https://example.test/order.json",
    type: "object",
    required: ["id", "kind", "lines"],
    properties: {
      id: { type: "string", pattern: "^[a-z]+$" },
      kind: { enum: ["a", "b", "c"] },
      lines: { type: "array", items: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1 } } } },
      note: { anyOf: [{ type: "string" }, { type: "null" }] },
      payer: { oneOf: [{ type: "object", required: ["card"] }, { type: "object", required: ["iban"] }] },
      limit: { if: { type: "number" }, then: { maximum: 10 }, else: { type: "string" } },
    },
  };
  const instances: unknown[] = [
    { id: "abc", kind: "a", lines: [{ sku: "x", qty: 2 }] },
    { id: "ABC", kind: "z", lines: [{ qty: 0 }, "no"], note: 3, payer: { card: 1, iban: 2 }, limit: 11 },
    { id: 1, lines: {}, payer: {}, limit: true },
    "not an object",
  ];

  /** The module's code, unoptimized as generate compiles it, with the pass or without it; and ajv's own optimized code. */
  function codes(): { optimized: string; unoptimized: string; dropped: string } {
    const ajv = createAjv("draft7", { standalone: true });
    ajv.addSchema(schema);
    const require = createRequire(import.meta.url);
    const standalone = (require("ajv/dist/standalone/index.js") as { default: (a: unknown, r: unknown) => string }).default;
    const unoptimized = toPureEsm(standalone(ajv, { validate: schema.$id }));
    const optimizedAjv = createAjv("draft7", { standalone: true });
    (optimizedAjv.opts.code as { optimize?: unknown }).optimize = 1;
    optimizedAjv.addSchema(schema);
    const optimized = toPureEsm(standalone(optimizedAjv, { validate: schema.$id }));
    return { optimized, unoptimized, dropped: withoutUnreadDeclarations(unoptimized) };
  }

  const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-unread-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  async function validatorOf(code: string, name: string): Promise<(data: unknown) => { ok: boolean; errors: unknown }> {
    const file = join(tmp, `${name}.js`);
    writeFileSync(file, code);
    const { validate } = (await import(pathToFileURL(file).href)) as { validate: ((d: unknown) => boolean) & { errors: unknown } };
    return (data) => ({ ok: validate(data), errors: validate.errors });
  }

  it("gives the verdicts and errors of ajv's optimized code", async () => {
    const { optimized, unoptimized, dropped } = codes();
    expect(unoptimized).toMatch(/^const _errs\d+ = errors;$/m);
    expect(dropped.length).toBeLessThan(unoptimized.length * 0.95);
    const [want, got] = await Promise.all([validatorOf(optimized, "optimized"), validatorOf(dropped, "dropped")]);
    for (const data of instances) expect(got(data)).toEqual(want(data));
  });
});
