/**
 * A file whose text cannot declare a base URI or an anchor (no `$id`, `$anchor`, `$dynamicAnchor`,
 * no \u escape that could spell one) gets its scope without a walk (load-registry.ts's ownBaseOnly,
 * resolve-refs.ts's scopeOf). Resolving gives the same result either way, on registries that
 * declare `$id`s and anchors, also when they are spelled with escapes.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
