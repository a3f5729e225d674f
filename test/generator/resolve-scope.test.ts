/**
 * A file whose text cannot declare a base URI or an anchor (no `$id`, `$anchor`, `$dynamicAnchor`,
 * no \u escape that could spell one) gets its scope without a walk (load-registry.ts's ownBaseOnly,
 * resolve-refs.ts's scopeOf). Resolving gives the same result either way, on registries that
 * declare `$id`s and anchors, also when they are spelled with escapes.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { loadRegistry, readJson } from "../../generator/load/load-registry.js";
import { DEFAULT_INPUT_LIMITS } from "../../generator/load/input-limits.js";
import type { RegistryFiles } from "../../generator/load/registry-files.js";
import { resolveRefs } from "../../generator/resolve/resolve-refs.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-scope-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function oneFile(text: string): RegistryFiles {
  return { root: "/", list: ["x.json"], unlisted: [], limits: DEFAULT_INPUT_LIMITS, text: () => text, failure: () => undefined, digest: () => "d" };
}

/** Every `$id`, `$anchor` and `$dynamicAnchor` key of the registry's files spelled with a \u escape. */
function escapedCopy(from: string, name: string): string {
  const to = join(tmp, name);
  cpSync(from, to, { recursive: true });
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".json")) writeFileSync(path, readFileSync(path, "utf8").replace(/"\$(id|anchor|dynamicAnchor)"/g, '"\\u0024$1"'));
    }
  };
  walk(to);
  return to;
}

function resolved(root: string, ownBaseOnly: boolean) {
  const diagnostics = new Diagnostics();
  const loaded = loadRegistry(root, diagnostics);
  if (!ownBaseOnly) for (const doc of loaded.docs.values()) delete doc.ownBaseOnly;
  const { normalized, edges } = resolveRefs(loaded, diagnostics);
  return { normalized: [...normalized], edges, diagnostics: diagnostics.list, shortcuts: [...loaded.docs.values()].filter((d) => d.ownBaseOnly).length };
}

describe("a file's scope without a walk", () => {
  it.each([
    { given: '{"type": "string"}', want: true },
    { given: '{"properties": {"a": {"$ref": "other.json#/$defs/A"}}}', want: true },
    { given: '{"$id": "https://example.com/x.json"}', want: false },
    { given: '{"\\u0024id": "https://example.com/x.json"}', want: false },
    { given: '{"$defs": {"a": {"$anchor": "a"}}}', want: false },
    { given: '{"$defs": {"a": {"$dynamicAnchor": "a"}}}', want: false },
    { given: '{"description": "caf\\u00e9"}', want: false },
  ])("$given: $want", ({ given, want }) => {
    expect(readJson(oneFile(given), "x.json", new Diagnostics())?.ownBaseOnly).toBe(want);
  });

  it.each([
    ["test/fixtures/good/features", () => "test/fixtures/good/features"],
    ["its $ids and anchors spelled with \\u escapes", () => escapedCopy("test/fixtures/good/features", "features-escaped")],
    ["schemas/", () => "schemas"],
    ["examples/slotwise", () => "examples/slotwise"],
  ])("%s: resolved as by walking every file", (_name, root) => {
    const fast = resolved(root(), true);
    const walked = resolved(root(), false);
    expect(fast.shortcuts).toBeGreaterThan(0);
    expect(walked.shortcuts).toBe(0);
    expect(fast.diagnostics).toEqual([]);
    expect(fast.edges).toEqual(walked.edges);
    expect(fast.normalized).toEqual(walked.normalized);
  });

  it("escaped $ids and anchors resolve to the targets their plain spelling does", () => {
    const plain = resolved("test/fixtures/good/features", true);
    const escaped = resolved(escapedCopy("test/fixtures/good/features", "features-escaped-2"), true);
    expect(escaped.edges).toEqual(plain.edges);
    expect(escaped.diagnostics).toEqual([]);
  });
});

describe("each $ref located once per file, base and text (resolve-refs.ts's locate)", () => {
  it("leads the same $ref text written in two folders, and again in one file, to each folder's own target", () => {
    const root = join(tmp, "located");
    cpSync("schemas", root, { recursive: true });
    const files: Record<string, unknown> = {
      "defs/a/x.json": { $defs: { T: { type: "string" } }, properties: { p: { $ref: "t.json" }, q: { $ref: "t.json" }, r: { $ref: "#/$defs/T" } } },
      "defs/a/t.json": { type: "string" },
      "defs/b/y.json": { $defs: { T: { type: "number" } }, properties: { p: { $ref: "t.json" }, r: { $ref: "#/$defs/T" } } },
      "defs/b/t.json": { type: "number" },
    };
    for (const [file, schema] of Object.entries(files)) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), JSON.stringify(schema));
    }
    const { edges, diagnostics } = resolved(root, true);
    expect(diagnostics).toEqual([]);
    const where = edges.filter((e) => /^defs\/[ab]\//.test(e.fromFile)).map((e) => `${e.fromFile}${e.fromPointer} -> ${e.toFile}#${e.toPointer}`).sort();
    expect(where).toEqual([
      "defs/a/x.json/properties/p -> defs/a/t.json#",
      "defs/a/x.json/properties/q -> defs/a/t.json#",
      "defs/a/x.json/properties/r -> defs/a/x.json#/$defs/T",
      "defs/b/y.json/properties/p -> defs/b/t.json#",
      "defs/b/y.json/properties/r -> defs/b/y.json#/$defs/T",
    ]);
  });
});
