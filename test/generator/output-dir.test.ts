/**
 * The output directory swap (write/output-dir.ts): the new tree replaces the old one whole; files
 * whose bytes did not change are hard-linked from the old tree instead of written again, which
 * must never carry over a hand edit or a different file, and must leave no second link behind.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffOutput, writeOutputAtomically } from "../../generator/write/output-dir.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-outdir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("writeOutputAtomically", () => {
  it("reuses unchanged files, writes changed ones, drops removed ones, keeps node_modules", () => {
    const out = join(tmp, "pkg");
    writeOutputAtomically(out, new Map([["a.js", "a1\n"], ["docs/b.md", "b1\n"], ["gone.txt", "x\n"]]));
    mkdirSync(join(out, "node_modules", "dep"), { recursive: true });
    writeFileSync(join(out, "node_modules", "dep", "index.js"), "dep\n");
    const inodeA = statSync(join(out, "a.js")).ino;
    const inodeB = statSync(join(out, "docs/b.md")).ino;

    const next = new Map([["a.js", "a1\n"], ["docs/b.md", "b2\n"], ["new.txt", "n\n"]]);
    writeOutputAtomically(out, next);
    expect(diffOutput(out, next)).toEqual([]);
    // Unchanged: the same inode, linked once (the old tree is gone). Changed: a new file.
    expect(statSync(join(out, "a.js")).ino).toBe(inodeA);
    expect(statSync(join(out, "a.js")).nlink).toBe(1);
    expect(statSync(join(out, "docs/b.md")).ino).not.toBe(inodeB);
    expect(readFileSync(join(out, "node_modules", "dep", "index.js"), "utf8")).toBe("dep\n");
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("a hand-edited file of the same size is written again, never linked", () => {
    const out = join(tmp, "edited");
    writeOutputAtomically(out, new Map([["a.js", "const a = 1;\n"]]));
    writeFileSync(join(out, "a.js"), "const a = 2;\n");
    writeOutputAtomically(out, new Map([["a.js", "const a = 1;\n"]]));
    expect(readFileSync(join(out, "a.js"), "utf8")).toBe("const a = 1;\n");
  });
});
