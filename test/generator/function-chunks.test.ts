/**
 * A validator module's code in pieces (generator/validators/function-chunks.ts): the pieces join
 * to the code, each after the first starts at a validate function, and the rewriting passes give
 * on the pieces exactly what they give on the whole text: on crafted code at the pieces' edges and
 * on ajv's own standalone code of real schemas, both dialects.
 */
import fc from "fast-check";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createAjv, type Dialect } from "../../generator/base/ajv.js";
import { compactErrorReports, compactErrorReportsIn } from "../../generator/validators/compact-errors.js";
import { functionChunks } from "../../generator/validators/function-chunks.js";
import { toPureEsm, toPureEsmIn } from "../../generator/validators/module-code.js";
import { withoutUnreadDeclarations } from "../../generator/validators/unread-declarations.js";

const whole = (code: string) => compactErrorReports(withoutUnreadDeclarations(toPureEsm(code)));
const inPieces = (code: string) => compactErrorReportsIn(toPureEsmIn(functionChunks(code)).map(withoutUnreadDeclarations)).join("");

describe("functionChunks", () => {
  const cases: Array<{ given: string; code: string; want: string[] }> = [
    { given: "no function", code: `"use strict";const a = 1;\n`, want: [`"use strict";const a = 1;\n`] },
    { given: "the empty text", code: "", want: [""] },
    { given: "two functions after a prelude", code: `p;\nfunction validate0(a){\n}\nfunction validate1(a){\n}\n`, want: [`p;\n`, `function validate0(a){\n}\n`, `function validate1(a){\n}\n`] },
    { given: "an async function", code: `p;\nasync function validate2(a){\n}`, want: [`p;\n`, `async function validate2(a){\n}`] },
    { given: "a function at the very start is no boundary", code: `function validate0(a){\n}\nfunction validate1(a){\n}`, want: [`function validate0(a){\n}\n`, `function validate1(a){\n}`] },
    { given: "a name that only starts like one", code: `p;\nfunction validateX(a){\n}\nfunction validate10x(a){}`, want: [`p;\nfunction validateX(a){\n}\nfunction validate10x(a){}`] },
  ];
  it.each(cases)("$given", ({ code, want }) => {
    expect(functionChunks(code)).toEqual(want);
  });

  it("joins back to the code, every piece but the last ending a line", () => {
    const part = fc.constantFrom("x", "\n", "\nfunction validate1(", "\nasync function validate22(", "function validate3(", "{}", ";");
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const code = parts.join("");
        const chunks = functionChunks(code);
        expect(chunks.join("")).toBe(code);
        for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith("\n")).toBe(true);
        for (const chunk of chunks.slice(1)) expect(chunk).toMatch(/^(?:async )?function validate\d+\(/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the passes on pieces give what they give on the whole", () => {
  const site = (n: number, literal: string) => `const err${n} = ${literal};\nif(vErrors === null){\nvErrors = [err${n}];\n}\nelse {\nvErrors.push(err${n});\n}\nerrors++;`;
  const typeError = `{instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema1.type},message:"must be object"}`;
  const fn = (n: number, body: string) => `function validate${n}(data, {instancePath=""}={}){\nlet vErrors = null;\nlet errors = 0;\n${body}return errors === 0;\n}\n`;
  const cases: Array<{ given: string; code: string }> = [
    { given: "no function", code: `"use strict";const schema0 = {"type":"object"};\n` },
    {
      given: "a helper required in a later function, formats read in another",
      code: `"use strict";export const v = validate0;\n${fn(0, "const _errs1 = errors;\n")}const func0 = require("ajv/dist/runtime/equal").default;\n${fn(1, `if(!formats["date-time"](data)){\nerrors++;\n}\nconst func1 = require("ajv/dist/runtime/ucs2length").default;\n`)}${fn(2, `const func2 = require("ajv/dist/runtime/equal").default;\n`)}`,
    },
    {
      given: "a declaration as a function's last line, right before the next function",
      code: `"use strict";\n${fn(0, "").replace(/\n$/, "")}\nconst _errs4 = errors;\nfunction validate1(data){\nconst _errs2 = errors;\nreturn true;\n}\n`,
    },
    {
      given: "report sites sharing a literal across functions, an embedded schema read by one, one read by none",
      code: `"use strict";const schema1 = {"type":"object"};\nconst schema2 = {"type":"string"};\n${fn(0, site(0, typeError) + "\n")}const schema3 = {"enum":["a"]};\n${fn(1, site(1, typeError) + "\n" + site(2, `{instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema3.enum},message:"must be equal to one of the allowed values"}`) + "\n")}`,
    },
    { given: "a site as the text's end", code: `"use strict";const schema1 = {"type":"object"};\n${fn(0, "")}function validate1(data){\nlet vErrors = null;\nlet errors = 0;\n${site(3, typeError)}` },
  ];
  it.each(cases)("$given", ({ code }) => {
    expect(inPieces(code)).toBe(whole(code));
  });

  it("puts the error table right after the last import, whichever piece needed it", () => {
    const code = `"use strict";const schema1 = {"type":"object"};\n${fn(0, site(0, typeError) + "\n")}${fn(1, `const func1 = require("ajv/dist/runtime/ucs2length").default;\nif(!formats.uri(data)){\nerrors++;\n}\n`)}`;
    const lines = inPieces(code).split("\n");
    const lastImport = lines.map((line) => line.startsWith("import ")).lastIndexOf(true);
    expect(lines.slice(0, lastImport + 1).filter((line) => line.startsWith("import "))).toHaveLength(2);
    expect(lines[lastImport + 1]).toMatch(/^const __jetschema_error_shapes = /);
  });

  const require = createRequire(import.meta.url);
  const standalone = (require("ajv/dist/standalone/index.js") as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
  const shared = {
    $id: "https://example.test/shared.json",
    definitions: { money: { type: "object", required: ["amount"], properties: { amount: { type: "integer", minimum: 0 }, currency: { enum: ["EUR", "USD"] } } } },
  };
  const order = (dialect: Dialect) => ({
    $id: `https://example.test/order-${dialect}.json`,
    type: "object",
    required: ["id", "total"],
    properties: {
      id: { type: "string", format: "uuid", maxLength: 36 },
      total: { $ref: "shared.json#/definitions/money" },
      lines: { type: "array", items: { type: "object", required: ["sku"], properties: { sku: { type: "string", pattern: "^[A-Z]+$" }, price: { $ref: "shared.json#/definitions/money" } } } },
      note: { anyOf: [{ type: "string" }, { type: "null" }] },
      kind: { enum: ["a", "b"] },
      at: { type: "string", format: "date-time" },
      same: { const: { a: [1, 2] } },
    },
  });
  it.each(["draft7", "draft2020"] as Dialect[])("on ajv's standalone code, %s", (dialect) => {
    const ajv = createAjv(dialect, { standalone: true });
    ajv.addSchema(shared);
    ajv.addSchema(order(dialect));
    const code = standalone(ajv, { order: order(dialect).$id, money: `${shared.$id}#/definitions/money` });
    expect(functionChunks(code).length).toBeGreaterThan(2);
    expect(inPieces(code)).toBe(whole(code));
  });
});
