/**
 * The no-op's key (cache/run-manifest.ts's inputDigest): whatever the registry read reports must
 * change it, or a run finds the manifest of an earlier run and passes a registry `check` rejects.
 *
 * The no-op's check of the output folder (outputMatches): a file is read
 * and digested unless the output record answers for it (a digest recorded with the identity it
 * has now: the manifest's, or another). Each case gives the file's content on disk and what the
 * record says of it; a file the check reads is caught by its content, one the record answers for
 * is not read at all (the record's word wins even where it was made to lie, which is how the
 * table shows a file unread).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inputDigest, outputMatches } from "../../generator/cache/run-manifest.js";
import { readRegistryFiles } from "../../generator/load/registry-files.js";
import { digest } from "../../generator/base/hash.js";
import { fileIdentity } from "../../generator/base/file-identity.js";
import type { OutputRecord } from "../../generator/write/recorded-output.js";

const root = mkdtempSync(join(tmpdir(), "jetschema-run-manifest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

describe("inputDigest", () => {
  const cases: Array<{ given: string; change: (schemas: string) => void }> = [
    { given: "a symbolic link out of the registry", change: (s) => symlinkSync("/etc/passwd", join(s, "defs/pw.json")) },
    { given: "a symbolic link looping back to its folder", change: (s) => symlinkSync(".", join(s, "defs/loop")) },
    { given: "a broken symbolic link", change: (s) => symlinkSync("nothere.json", join(s, "defs/d.json")) },
  ];
  it.each(cases)("$given changes it (the read lists no new file, but reports the link)", ({ change }) => {
    const schemas = join(root, `schemas${n++}`);
    cpSync("schemas", schemas, { recursive: true });
    mkdirSync(join(schemas, "defs"), { recursive: true });
    const before = readRegistryFiles(schemas);
    change(schemas);
    const after = readRegistryFiles(schemas);
    expect(after.list).toEqual(before.list);
    expect(after.unlisted).toHaveLength(1);
    expect(inputDigest(after, undefined)).not.toBe(inputDigest(before, undefined));
  });
});

const WRITTEN = "export const a = 1;\n";
/** Same length as WRITTEN: an edit that keeps the file's size. */
const EDITED = "export const a = 2;\n";

describe("outputMatches", () => {
  const cases: Array<{ given: string; onDisk: string; record: "none" | "this identity" | "this identity, another digest" | "another identity"; want: boolean }> = [
    { given: "no record, the content written", onDisk: WRITTEN, record: "none", want: true },
    { given: "no record, edited by hand", onDisk: EDITED, record: "none", want: false },
    { given: "recorded with the identity it has: taken unread", onDisk: EDITED, record: "this identity", want: true },
    { given: "recorded with its identity but another digest: a mismatch, unread", onDisk: EDITED, record: "this identity, another digest", want: false },
    { given: "recorded with its identity but another digest, the content written all the same: the record believed, unread", onDisk: WRITTEN, record: "this identity, another digest", want: false },
    { given: "recorded with another identity: read, and the edit caught", onDisk: EDITED, record: "another identity", want: false },
    { given: "recorded with another identity, the content written", onDisk: WRITTEN, record: "another identity", want: true },
  ];
  it.each(cases)("$given", ({ onDisk, record, want }) => {
    const out = join(root, `out${n++}`);
    mkdirSync(join(out, "types"), { recursive: true });
    writeFileSync(join(out, "types/a.d.ts"), onDisk);
    writeFileSync(join(out, "index.js"), WRITTEN);
    const manifest = { "index.js": digest(WRITTEN), "types/a.d.ts": digest(WRITTEN) };
    const recorded: OutputRecord = new Map();
    const identity = fileIdentity(join(out, "types/a.d.ts"));
    if (record === "this identity") recorded.set("types/a.d.ts", { digest: digest(WRITTEN), identity });
    if (record === "this identity, another digest") recorded.set("types/a.d.ts", { digest: digest("other"), identity });
    if (record === "another identity") recorded.set("types/a.d.ts", { digest: digest(WRITTEN), identity: `${statSync(join(out, "types/a.d.ts")).size} 1 1` });
    expect(outputMatches(out, manifest, () => recorded)).toBe(want);
  });

  it("still wants exactly the manifest's files, whatever the record says", () => {
    const out = join(root, `out${n++}`);
    mkdirSync(out);
    writeFileSync(join(out, "index.js"), WRITTEN);
    const record: OutputRecord = new Map([["index.js", { digest: digest(WRITTEN), identity: fileIdentity(join(out, "index.js")) }]]);
    expect(outputMatches(out, { "index.js": digest(WRITTEN), "gone.js": digest(WRITTEN) }, () => record)).toBe(false);
    writeFileSync(join(out, "extra.js"), WRITTEN);
    expect(outputMatches(out, { "index.js": digest(WRITTEN) }, () => record)).toBe(false);
  });
});
