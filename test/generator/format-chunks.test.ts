/**
 * A large script is formatted group by group (generator/write/format-chunks.ts): the result must
 * be exactly prettier's on the whole file, for the package files a large registry really emits
 * and for scripts built to defeat the splitting, and an edit must re-format one group only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { validatorExports } from "../../generator/emit/validators.js";
import { emitPackageFiles } from "../../generator/emit/package-files.js";
import { createTemplates } from "../../generator/emit/templates.js";
import { readTemplates } from "../../generator/load/templates.js";
import { shippedDependencies } from "../../generator/load/shipped-dependencies.js";
import { formatFiles, type FormatCache } from "../../generator/write/format.js";
import { formatGroups, topLevelStatements } from "../../generator/write/format-chunks.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-format-chunks-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const prettierWhole = (path: string, text: string) => format(text, { printWidth: 100, filepath: path });

/** A cache that records what was asked and stored. */
function recordingCache(): FormatCache & { store: Map<string, string>; sets: number } {
  const store = new Map<string, string>();
  const cache = {
    store,
    sets: 0,
    get: (path: string, text: string) => store.get(`${path}\0${text}`),
    set: (path: string, text: string, formatted: string) => {
      cache.sets++;
      store.set(`${path}\0${text}`, formatted);
    },
  };
  return cache;
}

function unformattedPackageFiles(schemas: string): Map<string, string> {
  const { model, schemas: set } = checkRegistryAt(schemas, { standalone: true });
  return emitPackageFiles(model, validatorExports(model, set.modules()), createTemplates(readTemplates()), shippedDependencies(), true).files;
}

describe("formatting a large script group by group", () => {
  const schemas = join(tmp, "synthetic");
  writeSyntheticRegistry(schemas, { events: 150 });
  const files = unformattedPackageFiles(schemas);

  it("equals prettier on the whole file, for every package file of a 150-event registry", async () => {
    const index = files.get("index.d.ts")!;
    expect(formatGroups("index.d.ts", index)!.length).toBeGreaterThan(3);
    const grouped = await formatFiles(files, { workers: 0 });
    for (const [path, text] of files) {
      if (path.startsWith("validators/")) continue;
      expect(grouped.get(path), path).toBe(await prettierWhole(path, text));
    }
  });

  it("after an edit of one doc comment, formats one group and serves the rest from the cache", async () => {
    const index = files.get("index.d.ts")!;
    const cache = recordingCache();
    await formatFiles(new Map([["index.d.ts", index]]), { workers: 0, cache });
    const edited = index.replace(/(\/\*\* )([^\n]*?\*\/\nexport type )/, "$1Edited. $2");
    expect(edited).not.toBe(index);
    cache.sets = 0;
    const out = await formatFiles(new Map([["index.d.ts", edited]]), { workers: 0, cache });
    expect(out.get("index.d.ts")).toBe(await prettierWhole("index.d.ts", edited));
    // The edited group and the whole file: nothing else was formatted.
    expect(cache.sets).toBe(2);
  });
});

describe("split points that would change the meaning are not taken", () => {
  const padding = Array.from({ length: 400 }, (_, i) => `export const value${i} = { a: ${i}, b: "${"x".repeat(40)}" };`).join("\n\n");

  const cases: Record<string, string> = {
    // Without a semicolon, `(foo)` calls the function before it: one statement, never split.
    "a call across a blank line": `${padding}\n\nexport const f = function () { return 1 }\n\n(foo)\n\n${padding}`,
    // A blank line inside a template literal, followed by text that looks like a declaration.
    "a template literal holding a blank line": `${padding}\n\nexport const s = \`a;\n\nexport const x = 1;\n\`;\n\n${padding}`,
    // A comment between the statements, then code that continues the expression before it.
    "a comment before a continuation": `${padding}\n\nexport const g = function () {}\n\n// keep calling\n(bar)\n\n${padding}`,
    // A blank line inside a class body.
    "a blank line inside a class": `${padding}\n\nexport class C {\n  a = 1;\n\n  b = 2;\n}\n\n${padding}`,
  };
  // One statement per group: every split point taken is a group boundary, nothing hides it.
  for (const [name, text] of Object.entries(cases)) {
    it(name, async () => {
      const out = await formatFiles(new Map([["x.ts", text]]), { workers: 0, statementsPerGroup: 1 });
      expect(out.get("x.ts")).toBe(await prettierWhole("x.ts", text));
    });
  }

  it("cuts between declarations, never before code that could continue the statement before it", () => {
    const statements = topLevelStatements(cases["a call across a blank line"]!);
    expect(statements.length).toBe(800);
    expect(statements.some((s) => s.startsWith("(foo)"))).toBe(false);
    expect(topLevelStatements(cases["a comment before a continuation"]!).some((s) => s.startsWith("// keep calling"))).toBe(false);
    expect(topLevelStatements(cases["a blank line inside a class"]!).some((s) => s.startsWith("  b = 2"))).toBe(false);
  });

  it("a syntax error is reported with the file's path, as for a file formatted whole", async () => {
    const text = `${padding}\n\nexport const broken = ;\n\n${padding}`;
    await expect(formatFiles(new Map([["broken.ts", text]]), { workers: 0, statementsPerGroup: 1 })).rejects.toThrow(/^broken\.ts: /);
  });
});
