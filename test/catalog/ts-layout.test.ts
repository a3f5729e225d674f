/**
 * The catalog's code is written in prettier's layout without running prettier
 * (generator/emit/print/ts-layout.ts): here prettier itself is the oracle. Generated JSON values
 * (long strings, quotes, unicode keys, nested and number arrays, empty containers) and snippet
 * inputs (long names, odd keys and field names) are laid out both ways and must agree.
 */
import fc from "fast-check";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { printJson, unquotedKey } from "../../generator/emit/print/ts-layout.js";
import { snippetStatements, type SnippetInput } from "../../generator/emit/catalog/usage.js";

const OPTIONS = { printWidth: 100 } as const;

const KEYS = ["id", "a", "ab", "abcd", "abcde", "queue_id", "a-b", "1", "10", "1.5", "", " ", "名前", "ünïcødé", "😀", "𝒳x", "a·b", "it's", 'say "hi"', "back\\slash", "$x", "_", "null", "new", "constructor"];
const STRINGS = ["", "x", "it's", 'say "hi"', `both ' and "`, `"'"`, "back\\slash", "tab\tand\nnewline", "😀 中文", "`tick`", "\u2028", "</script>"];

const text = (max: number) => fc.string({ maxLength: max, unit: fc.constantFrom("a", "b", " ", "'", '"', "\\", "`", "é", "中", "😀", "-", ".", "1") });
const key = fc.oneof(fc.constantFrom(...KEYS), text(8), fc.string({ minLength: 60, maxLength: 110 }));
const str = fc.oneof(fc.constantFrom(...STRINGS), text(20), fc.string({ minLength: 50, maxLength: 130 }));
const num = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e21, -1e-7, 0.5, 123456789012));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    str,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.array(num, { maxLength: 40 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
}));
const payload = fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), value);

describe("JSON examples", () => {
  it("are laid out as prettier formats JSON.stringify(value, null, 2) in a json block", async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (v) => {
        const json = JSON.parse(JSON.stringify(v)) as unknown;
        const expected = (await format(JSON.stringify(json, null, 2), { ...OPTIONS, parser: "json" })).replace(/\n$/, "");
        expect(printJson(json)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("JSON examples laid out as JSON.stringify writes them", () => {
  // The shapes printJson writes without building prettier's doc, and neighbours it must not.
  const cases: Array<[string, unknown]> = [
    ["an array of objects", { items: [{ sku: "AB-1", quantity: 2 }], total: { amount: 10.5, currency: "EUR" } }],
    ["nested arrays of objects", [{ a: [{ b: 1 }, { c: [] }] }, { d: null }]],
    ["an empty object in an array", { a: [{}], b: [{ x: 1 }] }],
    ["an array of numbers", { a: [1, 2, 3], b: { c: 1e21 } }],
    ["a large exponent", { a: 1e21, b: -1e-7, c: -0 }],
    ["mixed items", { a: [{ x: 1 }, 2] }],
    ["a long string", { a: "x".repeat(120), b: [{ y: "z".repeat(120) }] }],
  ];
  it.each(cases)("%s", async (_name, value) => {
    const expected = (await format(JSON.stringify(value, null, 2), { ...OPTIONS, parser: "json" })).replace(/\n$/, "");
    expect(printJson(value)).toBe(expected);
  });
});

/** The snippet's statements as the template wrote them before the catalog stopped going through prettier. */
function naiveSource(i: SnippetInput): string {
  const ident = (n: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(n) ? n : JSON.stringify(n));
  const context = i.context ? `, { ${i.context.map(([k, v]) => `${ident(k)}: ${JSON.stringify(v)}`).join(", ")} }` : "";
  const field = i.field === undefined ? "e.data" : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(i.field) ? `e.data.${i.field}` : `e.data[${JSON.stringify(i.field)}]`;
  return [
    `const events = createEvents(nc, { source: ${JSON.stringify(i.source)} });`,
    `const ack = await events.${i.helperName}(${JSON.stringify(i.payload, null, 2)}${context});`,
    `const running = await events.consume(${JSON.stringify(i.consumer)}, {\n  ${JSON.stringify(i.handlerKey)}: async (e) => {\n    // e is a ${i.handledTypes}\n    console.log(${field});\n  },\n});`,
  ].join("\n\n");
}

const name = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z][a-zA-Z0-9]{${min},${max}}$`));
const snippetInput: fc.Arbitrary<SnippetInput> = fc.record({
  source: fc.oneof(name(0, 20), str, fc.string({ minLength: 40, maxLength: 90 })),
  helperName: fc.oneof(name(3, 30), name(60, 95)).map((n) => `publish${n}`),
  payload: fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), value),
  context: fc.option(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  consumer: fc.oneof(name(0, 20), str, name(60, 90)),
  handlerKey: fc.oneof(fc.constantFrom("ping", "a.b", "position.admitted"), name(1, 30), fc.string({ maxLength: 90 })),
  handledTypes: fc.oneof(name(3, 30), fc.constant("AEvent | BEvent")),
  field: fc.option(fc.oneof(name(0, 20), key, name(80, 100)), { nil: undefined }),
});

describe("the usage snippet", () => {
  it("is laid out as prettier formats the source the template used to hold", async () => {
    await fc.assert(
      fc.asyncProperty(snippetInput, async (input) => {
        const i = JSON.parse(JSON.stringify(input)) as SnippetInput;
        const expected = await format(naiveSource(i), { ...OPTIONS, parser: "typescript" });
        const s = snippetStatements(i);
        expect(`${s.createEvents}\n\n${s.publish}\n\n${s.consume}\n`).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves a key unquoted exactly when prettier does, for every BMP character", async () => {
    for (const place of [(c: string) => c, (c: string) => `a${c}`]) {
      const keys: string[] = [];
      for (let cp = 0; cp <= 0xffff; cp++) if (cp < 0xd800 || cp > 0xdfff) keys.push(place(String.fromCharCode(cp)));
      const source = `x = {\n${keys.map((k) => `  ${JSON.stringify(k)}: 0,`).join("\n")}\n};\n`;
      const lines = (await format(source, { ...OPTIONS, parser: "typescript" })).split("\n").slice(1, -2);
      const differ = keys.filter((k, i) => !/^\s*["']/.test(lines[i]!) !== unquotedKey(k)).map((k) => k.codePointAt(k.length - 1)!.toString(16));
      expect(differ).toEqual([]);
    }
  }, 60_000);
});
