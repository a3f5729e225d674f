/**
 * The output directory swap (write/output-dir.ts): the new tree replaces the old one whole; files
 * whose bytes did not change are hard-linked from the old tree instead of written again, which
 * must never carry over a hand edit or a different file, and must leave no second link behind.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffOutput, StagedOutput } from "../../generator/write/output-dir.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-outdir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A whole new output folder, as a generate run writes it: every file staged, then swapped in. */
function writeOutputAtomically(outDir: string, files: Map<string, string>): void {
  const staged = new StagedOutput(outDir);
  for (const [path, content] of files) staged.put(path, content);
  staged.commit();
}

describe("StagedOutput", () => {
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

  it("a write that fails part way through a run leaves the old output as it was and no staging folder", () => {
    const out = join(tmp, "failing");
    writeOutputAtomically(out, new Map([["a.js", "old\n"], ["docs/b.md", "old b\n"]]));
    const before = readdirSync(join(tmp));
    const staged = new StagedOutput(out);
    staged.put("a.js", "new\n");
    staged.put("docs/b.md", "new b\n");
    // A file where a folder must go: the run fails after two files were staged.
    expect(() => staged.put("a.js/c.js", "x\n")).toThrow();
    expect(staged.failure).toBeInstanceOf(Error);
    staged.abandon();
    expect(readFileSync(join(out, "a.js"), "utf8")).toBe("old\n");
    expect(readFileSync(join(out, "docs/b.md"), "utf8")).toBe("old b\n");
    expect(readdirSync(tmp)).toEqual(before);
  });

  it("puts nothing once abandoned: a file a failed run still had in flight makes no staging folder again", () => {
    const out = join(tmp, "abandoned");
    writeOutputAtomically(out, new Map([["a.js", "old\n"]]));
    const before = readdirSync(tmp);
    const staged = new StagedOutput(out);
    staged.put("a.js", "new\n");
    staged.abandon();
    // The type files prettier was still formatting when the check rejected the registry.
    staged.put("types/late.d.ts", "export type Late = string;\n");
    expect(staged.reuse("a.js", "any digest")).toBe(false);
    expect(readdirSync(tmp)).toEqual(before);
    expect(readFileSync(join(out, "a.js"), "utf8")).toBe("old\n");
  });

  it("removes the swapped-out tree whatever its shape: folders become files and files folders, files only it held, a link out of it", () => {
    const out = join(tmp, "shapes");
    const outside = join(tmp, "outside.txt");
    writeFileSync(outside, "not ours\n");
    writeOutputAtomically(out, new Map([["x/y.txt", "y\n"], ["f", "f\n"], ["deep/only-old/z.txt", "z\n"], ["same.txt", "s\n"]]));
    symlinkSync(outside, join(out, "link.txt"));
    const next = new Map([["x", "x is a file now\n"], ["f/g.txt", "f is a folder now\n"], ["same.txt", "s\n"], ["link.txt", "a file now\n"]]);
    writeOutputAtomically(out, next);
    expect(diffOutput(out, next)).toEqual([]);
    expect(statSync(join(out, "same.txt")).nlink).toBe(1);
    expect(readFileSync(outside, "utf8")).toBe("not ours\n");
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("removing the swapped-out tree never reaches through a folder replaced by a link to one outside it", () => {
    const out = join(tmp, "linked-folder");
    const elsewhere = join(tmp, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "y.txt"), "someone else's\n");
    writeOutputAtomically(out, new Map([["x/y.txt", "y\n"]]));
    rmSync(join(out, "x"), { recursive: true });
    symlinkSync(elsewhere, join(out, "x"));
    writeOutputAtomically(out, new Map([["x/y.txt", "y again\n"]]));
    expect(readFileSync(join(out, "x/y.txt"), "utf8")).toBe("y again\n");
    expect(readFileSync(join(elsewhere, "y.txt"), "utf8")).toBe("someone else's\n");
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("records the digest of every file it was given, for the run manifest", () => {
    const staged = new StagedOutput(join(tmp, "digests"));
    staged.put("a.js", "a\n");
    staged.put("docs/b.md", "b\n");
    expect([...staged.digests.keys()]).toEqual(["a.js", "docs/b.md"]);
    expect(staged.size).toBe(2);
    staged.commit();
    expect(diffOutput(join(tmp, "digests"), new Map([["a.js", "a\n"], ["docs/b.md", "b\n"]]))).toEqual([]);
  });
});

