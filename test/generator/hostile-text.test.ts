/**
 * A valid registry full of hostile text (test/fixtures/hostile/): titles and descriptions with
 * comment closers, backticks, `${...}`, </script>, quotes, backslashes, newlines, U+2028/U+2029,
 * HTML and emoji; property names that are keywords, unicode, or carry spaces, dashes and quotes;
 * enum and const values made of the same; event folders named class/new, delete/default and
 * constructor; an x-type and x-subject with quotes and backslashes.
 *
 * Every piece of hostile prose contains `pwned() ... pwned`, so a test can tell when prose
 * escaped a comment or a string and became code.
 *
 * Three more variants are built at test time on a copy of the fixture, each isolating one hazard:
 * property names inherited from Object.prototype, a property named __proto__, and envelope role
 * fields that are not identifiers.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typecheckFiles } from "../support/typecheck.js";
import { generate } from "../../generator/generate-run.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURE = join(ROOT, "test/fixtures/hostile");

/** The enum of class.new `class` and delete.default `mood`, exactly as in the fixture. */
const ENUM = ["it's", 'say "hi"', "back\\slash", "*/", "/*", "${process.exit(1)}", "`pwned()`", "😀", "ünïcødé", "line\nbreak", "</script>", "a|b", "", " "];
const DELETE_CONST = "it's \"deleted\" \\ ${process.exit(1)} */";
const X_TYPE = "delete.default \"quoted\" 'single' \\ ünï 😀 */ ${process.exit(1)}";
const X_SUBJECT = "shop.délete.q\"uo'te\\back.v1";
const ORIGIN_CONST = "it's \"jetschema\" \\ 😀 */";
const CLASS_NEW_KEYS = [
  "class",
  "default",
  "function",
  "null",
  "import",
  "await",
  "delete",
  "in",
  "order id",
  "order-id",
  "ünïcødé",
  "😀",
  "new",
  "*/",
  "quote\"and'back\\slash",
  "x-subject",
  "nested",
];
const CONTEXT = ["trace-id", "tenant id", "ünïcødé", "class", "schema-origin"];

let tmp: string;
let out: string;

function fixtureJson(path: string): any {
  return JSON.parse(readFileSync(join(FIXTURE, path), "utf8"));
}

/** The hostile prose exactly as the fixture writes it (every occurrence has this shape). */
const hostile = (where: string) => fixtureJson("registry.json").streams.SHOP.description.replace("stream description", where) as string;

function listFiles(root: string, rel = ""): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) files.push(...listFiles(root, path));
    else files.push(path);
  }
  return files;
}

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function importFresh<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${pathToFileURL(path).href}?t=${Date.now()}`)) as T;
}

interface Registry {
  namespace: string;
  envelope: { fields: Record<string, string>; context: Array<{ name: string; required: boolean; const?: unknown }>; validate: (d: unknown) => boolean };
  events: Record<string, { key: string; name: string; subject: string; type: string; delivery: string; validators: Record<string, (d: unknown) => boolean> }>;
}

/** Copies the fixture, lets `edit` change the copy, generates it; returns the output folder. */
async function variant(name: string, edit: (schemas: string) => void): Promise<string> {
  const dir = join(tmp, name);
  cpSync(FIXTURE, join(dir, "schemas"), { recursive: true });
  edit(join(dir, "schemas"));
  await generate({ schemas: join(dir, "schemas"), out: join(dir, "out") });
  return join(dir, "out");
}

beforeAll(async () => {
  // Inside the repository, so the generated modules resolve ajv and @jetschema/runtime.
  tmp = mkdtempSync(join(ROOT, "test/.tmp-hostile-"));
  out = join(tmp, "out");
  await generate({ schemas: FIXTURE, out });
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("hostile text: the generated modules load", () => {
  it("every emitted .js file imports in a fresh Node process, and no injected code runs", async () => {
    const modules = listFiles(out).filter((f) => f.endsWith(".js"));
    expect(modules).toEqual(expect.arrayContaining(["index.js", "registry.js", "subjects.js", "streams.js"]));
    const script = [
      `globalThis.pwned = () => { console.log("PWNED"); };`,
      `for (const m of ${JSON.stringify(modules.map((m) => "./out/" + m))}) await import(m);`,
      `const { registry } = await import("./out/registry.js");`,
      `console.log("EVENTS " + JSON.stringify(Object.keys(registry.events)));`,
      `console.log("DONE");`,
    ].join("\n");
    const result = await run(["--input-type=module", "-e", script], tmp);
    expect(result, result.stderr).toMatchObject({ code: 0 });
    expect(result.stdout).not.toContain("PWNED");
    expect(result.stdout).toContain(`EVENTS ${JSON.stringify(["class.new@1", "constructor@1", "delete.default@1"])}`);
    expect(result.stdout.trimEnd().endsWith("DONE")).toBe(true);
  });

  it("registry.js exposes every event with its exact subject, type and envelope context", async () => {
    const { registry } = await importFresh<{ registry: Registry }>(join(out, "registry.js"));
    expect(Object.keys(registry.events).sort()).toEqual(["class.new@1", "constructor@1", "delete.default@1"]);
    expect(registry.events["class.new@1"]).toMatchObject({ name: "class.new", subject: "shop.class.new.v1", type: "class.new" });
    expect(registry.events["constructor@1"]).toMatchObject({ name: "constructor", subject: "shop.constructor.v1", delivery: "at-most-once" });
    expect(registry.events["delete.default@1"]).toMatchObject({ name: "delete.default", subject: X_SUBJECT, type: X_TYPE });
    expect(registry.envelope.context.map((c) => c.name)).toEqual(CONTEXT);
    expect(registry.envelope.context.find((c) => c.name === "schema-origin")).toEqual({ name: "schema-origin", required: false, const: ORIGIN_CONST });
    expect(registry.envelope.context.find((c) => c.name === "tenant id")?.required).toBe(true);
  });

  it("subjects.js lists every event's subject, the event named constructor included", async () => {
    const { subjects } = await importFresh<{ subjects: unknown }>(join(out, "subjects.js"));
    expect(JSON.parse(JSON.stringify(subjects))).toEqual({
      class: { new: { v1: "shop.class.new.v1" } },
      constructor: { v1: "shop.constructor.v1" },
      delete: { default: { v1: X_SUBJECT } },
    });
    expect(readFileSync(join(out, "subjects.d.ts"), "utf8")).toMatch(/readonly "?constructor"?: \{/);
  });

  it("descriptions in package.json and streams.js survive byte for byte", async () => {
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));
    expect(pkg.description).toBe(hostile("package description"));
    const { streams, consumers } = await importFresh<{ streams: any; consumers: any }>(join(out, "streams.js"));
    expect(streams.SHOP.description).toBe(hostile("stream description"));
    expect(consumers.audit.description).toBe(hostile("consumer description"));
  });
});

describe("hostile text never becomes code", () => {
  const parseKind = (file: string) => (file.endsWith(".d.ts") ? ts.ScriptKind.TS : file.endsWith(".js") ? ts.ScriptKind.JS : undefined);

  it("every .js and .d.ts parses, and the marker words never appear as identifiers", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of listFiles(out)) {
      const kind = parseKind(file);
      if (kind === undefined) continue;
      checked++;
      const text = readFileSync(join(out, file), "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
      for (const d of (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics) {
        problems.push(`${file}:${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: syntax: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
      }
      const visit = (node: ts.Node) => {
        if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && ["pwned", "process", "script"].includes(node.text)) {
          problems.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: identifier ${node.text} in code`);
        }
        if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
          if (node.getText().includes("pwned") || node.getText().includes("process.exit")) problems.push(`${file}: hostile text in a template literal`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(checked).toBeGreaterThan(8);
    expect(problems).toEqual([]);
  });

  it("comments carry the prose whole: none is closed or cut by it", () => {
    // Each hostile prose holds "pwned" exactly four times and ends with it; a comment holding a
    // count that is not a multiple of four was closed (or cut) somewhere inside the prose.
    const problems: string[] = [];
    let prose = 0;
    for (const file of listFiles(out)) {
      const kind = parseKind(file);
      if (kind === undefined) continue;
      const text = readFileSync(join(out, file), "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
      const seen = new Set<number>();
      const collect = (node: ts.Node) => {
        for (const ranges of [ts.getLeadingCommentRanges(text, node.getFullStart()), ts.getTrailingCommentRanges(text, node.getEnd())]) {
          for (const r of ranges ?? []) {
            if (seen.has(r.pos)) continue;
            seen.add(r.pos);
            const comment = text.slice(r.pos, r.end);
            const count = comment.split("pwned").length - 1;
            const at = `${file}:${sf.getLineAndCharacterOfPosition(r.pos).line + 1}`;
            if (count > 0) prose++;
            if (count % 4 !== 0) problems.push(`${at}: a comment holds ${count} of its prose's 4 markers`);
            if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && comment.slice(2, -2).includes("*/")) problems.push(`${at}: "*/" inside a comment`);
            if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia && /[\u2028\u2029]/.test(comment)) {
              problems.push(`${at}: a line comment holds a line separator (the rest of the line would be code)`);
            }
          }
        }
        ts.forEachChild(node, collect);
      };
      collect(sf);
    }
    expect(prose, "the hostile prose vanished from the generated docs").toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it("the index.d.ts doc line of each event carries its description or title on one line", () => {
    const index = readFileSync(join(out, "index.d.ts"), "utf8");
    for (const what of ["class.new description", "constructor event description", "delete.default title (no description)"]) {
      const line = index.split("\n").find((l) => l.startsWith("/** " + what));
      expect(line, what).toBeDefined();
      expect(line!.endsWith("pwned */"), line).toBe(true);
      expect(line!.slice(3, -2)).not.toContain("*/");
    }
  });
});

describe("enum values and property names survive exactly", () => {
  let registry: Registry;
  beforeAll(async () => {
    ({ registry } = await importFresh<{ registry: Registry }>(join(out, "registry.js")));
  });

  const classNew = (extra: Record<string, unknown> = {}) => ({
    class: "it's",
    default: 3,
    "order id": "o-1",
    new: "n",
    ...extra,
  });

  it("class.new accepts every hostile property name and every enum value, and nothing near them", () => {
    const v = registry.events["class.new@1"]!.validators["1.0"]!;
    const full = classNew({
      function: true,
      null: null,
      import: "i",
      await: "a",
      delete: DELETE_CONST,
      in: 1.5,
      "order-id": "o",
      "ünïcødé": "u",
      "😀": "e",
      "*/": "c",
      "quote\"and'back\\slash": "q",
      "x-subject": "s",
      nested: { "a b": "x", return: "${x}" },
    });
    expect(Object.keys(full).sort()).toEqual([...CLASS_NEW_KEYS].sort());
    expect(v(full)).toBe(true);
    for (const value of ENUM) expect(v(classNew({ class: value })), JSON.stringify(value)).toBe(true);
    for (const value of ["its", 'say \\"hi\\"', "back\\\\slash", "back/slash", "* /", "😀 ", "line\\nbreak", "&lt;/script&gt;", "ünïcödé"]) {
      expect(v(classNew({ class: value })), JSON.stringify(value)).toBe(false);
    }
    for (const [key, value] of [
      ["order_id", "o"],
      ["order  id", "o"],
      ["quote\\\"and'back\\\\slash", "q"],
      ["quote\"and'back\\\\slash", "q"],
      ["unicode", "u"],
      ["* /", "c"],
    ] as const) {
      expect(v(classNew({ [key]: value })), key).toBe(false);
    }
    expect(v({ class: "it's", default: 3, new: "n" }), "order id is required").toBe(false);
    expect(v(classNew({ delete: DELETE_CONST.replace("\\", "\\\\") })), "const with a doubled backslash").toBe(false);
    expect(v(classNew({ nested: { return: "${y}" } }))).toBe(false);
    expect(v(classNew({ nested: { "a_b": "x" } }))).toBe(false);
  });

  it("delete.default (2020-12, $ref into defs/) keeps enum, const tuple and pattern values", () => {
    const v = registry.events["delete.default@1"]!.validators["1.0"]!;
    const base = { amount: { value: 1, currency: "€" }, mood: "😀" };
    expect(v(base)).toBe(true);
    for (const mood of ENUM) expect(v({ ...base, mood }), JSON.stringify(mood)).toBe(true);
    expect(v({ ...base, mood: "\\u00fcn\\u00efc\\u00f8d\\u00e9" })).toBe(false);
    expect(v({ ...base, amount: { value: 1, currency: "US$" } })).toBe(true);
    expect(v({ ...base, amount: { value: 1, currency: "€ " } })).toBe(false);
    expect(v({ ...base, pair: ["*/", "`${process.exit(1)}`"] })).toBe(true);
    expect(v({ ...base, pair: ["*/", "${process.exit(1)}"] })).toBe(false);
    expect(v({ ...base, label: "it's\"\\ü" })).toBe(true);
    expect(v({ ...base, label: "a b" })).toBe(false);
  });

  it("the envelope validator keeps the hostile context names and const", () => {
    const v = registry.envelope.validate;
    const env = {
      id: "1",
      type: X_TYPE,
      timestamp: "2024-01-01T00:00:00Z",
      version: "1.0",
      source: "s",
      data: {},
      "tenant id": "t",
      "trace-id": "x",
      "ünïcødé": "u",
      class: "c",
      "schema-origin": ORIGIN_CONST,
    };
    expect(v(env)).toBe(true);
    expect(v({ ...env, "schema-origin": ORIGIN_CONST + " " })).toBe(false);
    const { "tenant id": _t, ...withoutTenant } = env;
    expect(v(withoutTenant)).toBe(false);
  });
});

describe("hostile text: the generated types compile for a strict consumer", () => {
  it("tsc --noEmit (strict, nodenext, skipLibCheck false) accepts a consumer using every type", async () => {
    const lit = (v: unknown) => JSON.stringify(v);
    const union = (values: string[]) => values.map(lit).join(" | ");
    const consumer = `
import type { ClassNew, ClassNewEvent, Constructor, DeleteDefault, DeleteDefaultEvent, Envelope, EventContext, EventMap, Events } from "./out/index.js";
import { registry, subjects } from "./out/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => undefined;

assert<Equal<keyof ClassNew, ${union(CLASS_NEW_KEYS)}>>(true);
assert<Equal<ClassNew["class"], ${union(ENUM)}>>(true);
assert<Equal<DeleteDefault["mood"], ${union(ENUM)}>>(true);
assert<Equal<NonNullable<ClassNew["delete"]>, ${lit(DELETE_CONST)}>>(true);
assert<Equal<DeleteDefaultEvent["type"], ${lit(X_TYPE)}>>(true);
assert<Equal<ClassNewEvent["type"], "class.new">>(true);
assert<Equal<keyof EventMap, "class.new@1" | "constructor@1" | "delete.default@1">>(true);
assert<Equal<NonNullable<Envelope["schema-origin"]>, ${lit(ORIGIN_CONST)}>>(true);

const payload: ClassNew = {
  class: ${lit(ENUM[5])},
  default: 3,
  function: true,
  null: null,
  import: "i",
  await: "a",
  delete: ${lit(DELETE_CONST)},
  in: 1,
  "order id": "o",
  "order-id": "o",
  "ünïcødé": "u",
  "😀": "e",
  new: "n",
  "*/": "c",
  ${lit("quote\"and'back\\slash")}: "q",
  "x-subject": "s",
  nested: { "a b": "x", return: ${lit("${x}")} },
};
// @ts-expect-error "order id" is required
const missing: ClassNew = { class: "it's", default: 1, new: "n" };
// @ts-expect-error not an enum value
const wrongEnum: ClassNew = { ...payload, class: "its" };

const deleted: DeleteDefault = { amount: { value: 1, currency: "€" }, mood: ${lit(ENUM[1])}, pair: ["*/", ${lit("`${process.exit(1)}`")}] };
const ctor: Constructor = { prototype: "p" };
const context: EventContext = { "tenant id": "t", "trace-id": "x", "ünïcødé": "u", class: "c" };
// @ts-expect-error "tenant id" is a required context field
const noTenant: EventContext = { "trace-id": "x" };

declare const events: Events;
export async function use() {
  await events.publishClassNew(payload, context);
  await events.publishDeleteDefault(deleted, context);
  await events.publishConstructor(ctor, context);
  const s1: "shop.class.new.v1" = subjects.class.new.v1;
  const s2: ${lit(X_SUBJECT)} = subjects.delete.default.v1;
  return [s1, s2, registry.namespace, missing, wrongEnum, noTenant];
}
`;
    writeFileSync(join(tmp, "consumer.ts"), consumer);
    expect(typecheckFiles(tmp, ["consumer.ts"], { lib: ["esnext"], skipLibCheck: false, noUncheckedIndexedAccess: true })).toBe("");
  });
});

describe("hostile variants", () => {
  it("property names inherited from Object.prototype are ordinary properties", async () => {
    const dir = await variant("object-names", (schemas) => {
      mkdirSync(join(schemas, "prototype/names"), { recursive: true });
      writeFileSync(
        join(schemas, "prototype/names/1.0.json"),
        JSON.stringify(
          {
            description: "Properties named like Object.prototype members.",
            type: "object",
            required: ["toString"],
            additionalProperties: false,
            properties: {
              constructor: { type: "boolean" },
              toString: { type: "string" },
              hasOwnProperty: { type: "string" },
              valueOf: { type: "number" },
              isPrototypeOf: { type: "string" },
            },
            examples: [{ toString: "x" }, { toString: "x", constructor: true, valueOf: 1 }],
          },
          null,
          2,
        ),
      );
    });
    const { registry } = await importFresh<{ registry: Registry }>(join(dir, "registry.js"));
    const v = registry.events["prototype.names@1"]!.validators["1.0"]!;
    expect(v({ toString: "x" })).toBe(true);
    expect(v({ toString: "x", constructor: true, valueOf: 1, hasOwnProperty: "h", isPrototypeOf: "i" })).toBe(true);
    expect(v({}), "toString is required").toBe(false);
    expect(v({ constructor: true }), "toString is required").toBe(false);
    expect(v({ toString: "x", constructor: "no" })).toBe(false);
    expect(v({ toString: 1 })).toBe(false);
  });

  it("a property named __proto__ is refused with a clear error, not silently mis-validated", async () => {
    // ajv reads data.__proto__ as the prototype, so no validator can check it as data.
    await expect(
      variant("proto", (schemas) => {
        mkdirSync(join(schemas, "proto/holder"), { recursive: true });
        // Written as text: in a JS object literal "__proto__" would set the prototype instead.
        writeFileSync(
          join(schemas, "proto/holder/1.0.json"),
          `{
  "description": "A payload with a property named __proto__.",
  "type": "object",
  "required": ["__proto__"],
  "properties": { "__proto__": { "type": "string", "description": "__proto__ */ pwned" } },
  "examples": [{ "__proto__": "p" }]
}
`,
        );
      }),
    ).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ file: "proto/holder/1.0.json", pointer: "/properties/__proto__", rule: "No property is named __proto__" })],
    });
  });

  it("envelope role fields that are not identifiers (event-type, schema version, pay load)", async () => {
    const dir = await variant("role-fields", (schemas) => {
      const registryFile = join(schemas, "registry.json");
      const reg = JSON.parse(readFileSync(registryFile, "utf8"));
      reg.envelope = { fields: { type: "event-type", version: "schema version", data: "pay load" } };
      writeFileSync(registryFile, JSON.stringify(reg, null, 2));
      const envFile = join(schemas, "envelope.schema.json");
      const env = JSON.parse(readFileSync(envFile, "utf8"));
      const rename: Record<string, string> = { type: "event-type", version: "schema version", data: "pay load" };
      env.properties = Object.fromEntries(Object.entries(env.properties).map(([k, v]) => [rename[k] ?? k, v]));
      env.required = env.required.map((k: string) => rename[k] ?? k);
      writeFileSync(envFile, JSON.stringify(env, null, 2));
    });
    const { registry } = await importFresh<{ registry: Registry }>(join(dir, "registry.js"));
    expect(registry.envelope.fields).toMatchObject({ type: "event-type", version: "schema version", data: "pay load" });
    const index = readFileSync(join(dir, "index.d.ts"), "utf8");
    const sf = ts.createSourceFile("index.d.ts", index, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))).toEqual([]);
    expect(index).toMatch(/"schema version": "1\.0"/);
  });
});
