import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../../generator/base/ajv.js";
import { internStrings } from "../../generator/base/interned-strings.js";

const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule) as unknown as (
  ajv: ReturnType<typeof createAjv>,
  refs: Record<string, string>,
) => string;

/** Whether V8 stores `text` one byte per character: v8.serialize tags a one-byte string `"` (after its two header bytes), a two-byte one `c`. */
function isOneByte(text: string): boolean {
  return serialize(text)[2] === '"'.charCodeAt(0);
}

/** What a worker thread receives: the value structured-cloned, as postMessage and v8.deserialize give it. */
const cloned = <T>(value: T): T => deserialize(serialize(value)) as T;

/** Each string of `value` used once as a property key, as ajv does with a schema's type names. */
function usedAsKeys(value: unknown): void {
  const keys: Record<string, true> = {};
  const walk = (v: unknown): void => {
    if (typeof v === "string") keys[v] = true;
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
}

/** given: a value; want: the same value after internStrings (every string equal, nothing else touched). */
const values: { given: string; value: () => unknown }[] = [
  { given: "a schema with a type list", value: () => ({ type: ["string", "null"], description: "Optional note." }) },
  { given: "nested arrays and objects", value: () => [{ a: [["x"], { b: "y" }] }, "z"] },
  { given: "strings that read as array indices", value: () => ({ enum: ["0", "1", "4294967295"] }) },
  { given: "text beyond Latin-1, and long text", value: () => ({ title: "Größe — 注文", description: "x".repeat(100_000) }) },
  { given: "numbers, booleans, null, undefined and -0", value: () => ({ n: 1.5, z: -0, b: false, u: undefined, nil: null }) },
  { given: "a string alone", value: () => "alone" },
  { given: "`__proto__` and `constructor` as keys and as strings", value: () => JSON.parse('{"__proto__": {"type": "string"}, "enum": ["__proto__", "constructor"], "constructor": "x"}') as unknown },
];

describe("strings interned before ajv reads them", () => {
  it.each(values)("$given: the value is unchanged", ({ value }) => {
    const given = cloned(value());
    expect(internStrings(given)).toStrictEqual(value());
  });

  it("a structured-cloned type list used as keys joins to two-byte text (what interning avoids)", () => {
    const schema = cloned({ type: ["string", "null"] });
    usedAsKeys(schema);
    expect(isOneByte(schema.type.join(","))).toBe(false);
  });

  it("once interned, the same list joins to one-byte text", () => {
    const schema = internStrings(cloned({ type: ["string", "null"] }));
    usedAsKeys(schema);
    expect(isOneByte(schema.type.join(","))).toBe(true);
  });

  it("ajv's standalone code of a structured-cloned schema is one-byte once its strings are interned", () => {
    const schema = { type: "object", required: ["a"], properties: { a: { type: ["string", "null"], enum: ["x", null] } } };
    const code = (source: unknown): string => {
      const ajv = createAjv("draft7", { standalone: true });
      ajv.addSchema(source as object, "https://example.test/s.json");
      ajv.getSchema("https://example.test/s.json");
      return standaloneCode(ajv, { validate: "https://example.test/s.json" });
    };
    const plain = code(cloned(schema));
    const interned = code(internStrings(cloned(schema)));
    expect(interned).toBe(plain);
    expect(isOneByte(plain)).toBe(false);
    expect(isOneByte(interned)).toBe(true);
  });
});
