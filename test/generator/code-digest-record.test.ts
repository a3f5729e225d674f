/**
 * The generator code's digest remembered by its files' identities (cache/fingerprint.ts with
 * cache/code-digest-record.ts): taken from the record only while every file is as it was when the
 * digest was made, recorded only when every file had settled, and a damaged record is a miss.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CODE_DIGEST_FILE, codeDigestRecord } from "../../generator/cache/code-digest-record.js";
import { digestOfCode, type CodeDigestMemo } from "../../generator/cache/fingerprint.js";
import { nowNs, SETTLED_NS } from "../../generator/load/stat-record.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-code-digest-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small build: a script, a nested one and a template. */
function build(name: string): { root: string; code: string; templates: string } {
  const root = join(tmp, name);
  const code = join(root, "generator");
  const templates = join(root, "templates");
  mkdirSync(join(code, "emit"), { recursive: true });
  mkdirSync(templates, { recursive: true });
  writeFileSync(join(code, "pipeline.js"), "export const a = 1;\n");
  writeFileSync(join(code, "emit", "types.js"), "export const b = 2;\n");
  writeFileSync(join(templates, "index.hbs"), "{{name}}\n");
  return { root, code, templates };
}

/** A clock this far past the files' last change: every file has settled. */
const LATER = () => nowNs() + 2n * SETTLED_NS;
const FAKE = "f".repeat(64);

/** A memo in memory that counts its writes. */
function memo(): CodeDigestMemo & { writes: number; byIdentities: Map<string, string> } {
  const byIdentities = new Map<string, string>();
  return {
    writes: 0,
    byIdentities,
    get: (identities) => byIdentities.get(identities),
    set(identities, digest) {
      this.writes++;
      byIdentities.set(identities, digest);
    },
  };
}

describe("the code's digest remembered by its files' identities", () => {
  it("is the digest made without a memo, and recorded once every file has settled", () => {
    const b = build("recorded");
    const m = memo();
    expect(digestOfCode(b.code, b.templates, m, LATER())).toBe(digestOfCode(b.code, b.templates));
    expect(m.writes).toBe(1);
  });

  it("is not recorded while a file changed within the clock's tick of the read", () => {
    const b = build("unsettled");
    const m = memo();
    expect(digestOfCode(b.code, b.templates, m)).toBe(digestOfCode(b.code, b.templates));
    expect(m.writes).toBe(0);
  });

  // Each change is made after a record that says FAKE for the files as they were: FAKE back means
  // the files were taken as unchanged.
  it.each([
    { given: "nothing changed", change: () => undefined, want: "taken from the record" },
    { given: "a script's text changed, its size kept", change: (root: string) => writeFileSync(join(root, "generator/pipeline.js"), "export const a = 2;\n"), want: "made again" },
    {
      given: "a script changed and its times put back",
      change: (root: string) => {
        const path = join(root, "generator/pipeline.js");
        const { atime, mtime } = statSync(path);
        writeFileSync(path, "export const a = 3;\n");
        utimesSync(path, atime, mtime);
      },
      want: "made again",
    },
    {
      given: "a script replaced by a copy renamed over it",
      change: (root: string) => {
        const path = join(root, "generator/emit/types.js");
        cpSync(path, `${path}.new`);
        renameSync(`${path}.new`, path);
      },
      want: "made again",
    },
    { given: "a template added", change: (root: string) => writeFileSync(join(root, "templates/other.hbs"), "{{x}}\n"), want: "made again" },
    { given: "a source map added (it does not run)", change: (root: string) => writeFileSync(join(root, "generator/pipeline.js.map"), "{}\n"), want: "taken from the record" },
  ])("$given: $want", ({ given, change, want }) => {
    const b = build(`changed-${given.replace(/\W+/g, "-")}`);
    const m = memo();
    digestOfCode(b.code, b.templates, m, LATER());
    for (const identities of m.byIdentities.keys()) m.byIdentities.set(identities, FAKE);
    change(b.root);
    const digest = digestOfCode(b.code, b.templates, m, LATER());
    expect(digest === FAKE ? "taken from the record" : "made again").toBe(want);
    if (want === "made again") expect(digest).toBe(digestOfCode(b.code, b.templates));
  });
});

describe("the record in the cache folder", () => {
  const identities = "a".repeat(64);
  const digest = "b".repeat(64);
  it.each([
    { given: "the line a process wrote", text: `${identities} ${digest}\n`, asked: identities, want: digest },
    { given: "another build's line", text: `${"c".repeat(64)} ${digest}\n`, asked: identities, want: undefined },
    { given: "a digest cut short", text: `${identities} ${digest.slice(0, 40)}\n`, asked: identities, want: undefined },
    { given: "more than one line's fields", text: `${identities} ${digest} ${digest}\n`, asked: identities, want: undefined },
    { given: "an empty file", text: "", asked: identities, want: undefined },
  ])("$given", ({ given, text, asked, want }) => {
    const dir = join(tmp, `record-${given.replace(/\W+/g, "-")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, CODE_DIGEST_FILE), text);
    expect(codeDigestRecord(dir).get(asked)).toBe(want);
  });

  it("is written into a cache folder not made yet, read back, and replaced whole", () => {
    const dir = join(tmp, "new-cache", "nested");
    const record = codeDigestRecord(dir);
    expect(record.get(identities)).toBeUndefined();
    record.set(identities, digest);
    expect(record.get(identities)).toBe(digest);
    record.set("d".repeat(64), "e".repeat(64));
    expect(readFileSync(join(dir, CODE_DIGEST_FILE), "utf8")).toBe(`${"d".repeat(64)} ${"e".repeat(64)}\n`);
    expect(record.get(identities)).toBeUndefined();
  });

  it("is a miss, and no failure, where the cache folder cannot be written", () => {
    const blocked = join(tmp, "blocked");
    writeFileSync(blocked, "a file where the cache folder would be\n");
    const record = codeDigestRecord(join(blocked, "cache"));
    expect(() => record.set(identities, digest)).not.toThrow();
    expect(record.get(identities)).toBeUndefined();
  });
});
