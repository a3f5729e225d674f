/**
 * The registry at the `--against` ref (generator/released/git-registry.ts, git-tree.ts,
 * registry-at-ref.ts), on a real temporary git repository: symbolic links committed in it are
 * followed inside the commit as the loader follows them in the working tree; a registry at the
 * ref that does not load is an error that says why (a warning for the change that repairs it);
 * files are read within the input limits and by a fixed number of git processes.
 */
import { chmodSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readRegistryAt } from "../../generator/released/git-registry.js";
import { RULE_REF_LOADS } from "../../generator/released/check-released.js";
import { editJson, git, registryJson, run, tempDir, version, writeJson, writeRegistry } from "./support.js";

/** The real git, for the wrapper that counts its calls. */
const GIT = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();

let repo: string;
let schemas: string;

const placed = version({ sku: { $ref: "../../defs/common.json#/$defs/Sku" } }, { required: ["sku"], examples: [{ sku: "AB-1" }] });
const common = { $schema: "http://json-schema.org/draft-07/schema#", $defs: { Sku: { type: "string", minLength: 1, maxLength: 32 } } };
const registry = registryJson({ package: { name: "@shop/events", version: "1.0.0" } });

/** Commits the working tree as it is and tags it. */
function release(tag: string): void {
  git(repo, "add", "-A", ".");
  git(repo, "commit", "-q", "--allow-empty", "-m", tag);
  git(repo, "tag", tag);
}

/** Back to v1's working tree, nothing else in it. */
function reset(): void {
  git(repo, "checkout", "-q", "-f", "main");
  git(repo, "reset", "-q", "--hard", "v1");
  git(repo, "clean", "-q", "-fdx");
}

beforeAll(() => {
  repo = tempDir("registry-at-ref");
  schemas = join(repo, "schemas");
  git(repo, "init", "-q", "-b", "main");
  writeRegistry(schemas, { "defs/common.json": common, "order/placed/1.0.json": placed }, registry);
  release("v1");

  // The definitions file is a link to another file of the registry.
  writeJson(schemas, "defs/real.json", common);
  unlinkSync(join(schemas, "defs/common.json"));
  symlinkSync("real.json", join(schemas, "defs/common.json"));
  release("file-link");
  reset();

  // A folder of definitions linked to another folder of them.
  writeJson(schemas, "defs/base/extra.json", common);
  symlinkSync("base", join(schemas, "defs/linked"));
  release("folder-link");
  reset();

  // A link out of the registry, to a file elsewhere in the repository.
  writeJson(repo, "elsewhere/common.json", common);
  unlinkSync(join(schemas, "defs/common.json"));
  symlinkSync("../../elsewhere/common.json", join(schemas, "defs/common.json"));
  release("outside-link");
  reset();

  // A link to nothing.
  unlinkSync(join(schemas, "defs/common.json"));
  symlinkSync("gone.json", join(schemas, "defs/common.json"));
  release("dangling-link");
  reset();

  // Invalid JSON committed.
  writeFileSync(join(schemas, "defs/common.json"), '{ "$defs": { "Sku": ');
  release("broken");
  reset();

  // A file over the registry's own size limit.
  editJson(schemas, "registry.json", (j) => (j.limits = { maxFileSize: "1KB" }));
  writeJson(schemas, "defs/big.json", { $schema: "http://json-schema.org/draft-07/schema#", description: "x".repeat(4096) });
  release("big");
  reset();
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));
beforeEach(reset);

const check = (ref: string, ...extra: string[]) => run("check", "--schemas", schemas, "--against", ref, ...extra);

describe("symbolic links committed in the registry", () => {
  const loads: Array<{ given: string; ref: string; file: string }> = [
    { given: "a file linked to another file of the registry", ref: "file-link", file: "defs/common.json" },
    { given: "a folder linked to another folder of the registry", ref: "folder-link", file: "defs/linked/extra.json" },
  ];
  it.each(loads)("$given: read as its target, and the registry at the ref loads", async ({ ref, file }) => {
    expect(JSON.parse(readRegistryAt(schemas, ref).files.get(file)!)).toEqual(common);
    const r = await check(ref);
    expect(r.err).not.toContain(RULE_REF_LOADS);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/1 released version\(s\), 0 new, no problems/);
  });

  const refused: Array<{ given: string; ref: string; want: string }> = [
    { given: "a link leading out of the registry", ref: "outside-link", want: "outside-link:schemas/defs/common.json: Every file and folder of the registry can be read: the symbolic link leads outside the registry (to elsewhere/common.json in the repository)" },
    { given: "a link to nothing", ref: "dangling-link", want: "dangling-link:schemas/defs/common.json: Every file and folder of the registry can be read: the symbolic link cannot be followed: its target does not exist (ENOENT)" },
  ];
  it.each(refused)("$given: refused as the loader refuses it, never read as the link's text", async ({ ref, want }) => {
    editJson(schemas, "order/placed/1.0.json", (j) => (j.description = "An order was placed."));
    const r = await check(ref);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${RULE_REF_LOADS}`);
    expect(r.err).toContain(want);
  });
});

describe("a registry at the ref that does not load", () => {
  it("is an error that names the ref, the file, its place and the loader's reason", async () => {
    editJson(schemas, "order/placed/1.0.json", (j) => (j.properties.sku.maxLength = 8));
    const r = await check("broken");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/registry\.json(:\d+:\d+)?: error: The registry at the ref loads: the registry at broken \([0-9a-f]{12}\) does not load, so shared definitions, subjects, the envelope and the package version cannot be compared with it/);
    expect(r.err).toMatch(/broken:schemas\/defs\/common\.json:1:\d+: Every file is valid JSON: /);
  });

  it("its repair, which changes nothing but the files the errors name, is a warning", async () => {
    git(repo, "checkout", "-q", "broken");
    writeJson(schemas, "defs/common.json", common);
    const r = await check("broken");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: The registry at the ref loads: the registry at broken \([0-9a-f]{12}\) does not load/);
    expect(r.err).toContain("This registry loads and changes only the files those errors name: it repairs the registry at broken");
  });

  it("a repair that changes other files too is an error: the rest waits until the ref loads", async () => {
    git(repo, "checkout", "-q", "broken");
    writeJson(schemas, "defs/common.json", common);
    editJson(schemas, "order/placed/1.0.json", (j) => (j.properties.sku.maxLength = 8));
    const r = await check("broken");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${RULE_REF_LOADS}`);
    expect(r.err).toContain("order/placed/1.0.json");
  });
});

describe("reading the ref", () => {
  it("a file over the registry's maxFileSize is not read, and is reported with the limit", async () => {
    const snapshot = readRegistryAt(schemas, "big");
    expect(snapshot.files.has("defs/big.json")).toBe(false);
    expect(snapshot.failures.get("defs/big.json")?.reason).toContain("larger than the limit of 1KB (limits.maxFileSize)");
    const r = await check("big");
    expect(r.code).toBe(1);
    expect(r.err).toContain("big:schemas/defs/big.json: Every file is within the input limits: the file is larger than the limit of 1KB");
  });

  it("takes a fixed number of git processes, however many files the registry has", () => {
    for (let i = 0; i < 40; i++) writeJson(schemas, `order/e${i}/1.0.json`, version({ n: { type: "integer" } }));
    release("many");
    const bin = tempDir("git-count");
    const log = join(bin, "calls");
    writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$1" >> ${log}\nexec ${GIT} "$@"\n`);
    chmodSync(join(bin, "git"), 0o755);
    writeFileSync(log, "");
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path}`;
    try {
      const snapshot = readRegistryAt(schemas, "many");
      expect(snapshot.files.size).toBe(44);
    } finally {
      process.env.PATH = path;
    }
    const calls = readFileSync(log, "utf8").trim().split("\n");
    rmSync(bin, { recursive: true, force: true });
    expect(calls.length, calls.join(" ")).toBeLessThanOrEqual(5);
  });
});
