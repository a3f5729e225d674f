/**
 * The registry folder's own file-system surprises, through the built bin (`jetschema check`):
 * unreadable folders and files, symbolic links inside and outside the registry, a `.JSON` file.
 * Each is followed or reported, never skipped silently, and never a stack trace; `generate` with
 * a warm cache reports a link as `check` does. The permission
 * cases run as nobody: the tests run as root, whom permissions do not stop.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const REGISTRY = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-files-"));
beforeAll(assertBuilt);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NOBODY = 65_534;
const READABLE = "Every file and folder of the registry can be read";

interface Case {
  given: string;
  /** Changes the registry copy at `schemas`; `outside` is a folder beside it. */
  setup: (schemas: string, outside: string) => void;
  asNobody?: boolean;
  want: { code: number; stderr?: RegExp; stdout?: RegExp };
}

const CASES: Case[] = [
  {
    given: "a registry folder nobody may read",
    setup: (s) => chmodSync(s, 0o700),
    asNobody: true,
    want: { code: 1, stderr: new RegExp(`error: ${READABLE}: the registry folder .* cannot be read|error: ${READABLE}: the folder cannot be read: permission denied`) },
  },
  {
    given: "an event folder nobody may read",
    setup: (s) => chmodSync(join(s, "order/shipped"), 0o700),
    asNobody: true,
    want: { code: 1, stderr: new RegExp(`order/shipped: error: ${READABLE}: the folder cannot be read: permission denied`) },
  },
  {
    given: "a version file nobody may read",
    setup: (s) => chmodSync(join(s, "order/shipped/1.0.json"), 0o600),
    asNobody: true,
    want: { code: 1, stderr: new RegExp(`order/shipped/1\\.0\\.json: error: ${READABLE}: cannot read order/shipped/1\\.0\\.json: EACCES`) },
  },
  {
    given: "a version file that is a symbolic link inside the registry",
    setup: (s) => {
      mkdirSync(join(s, "order/returned"));
      symlinkSync("../shipped/1.0.json", join(s, "order/returned/1.0.json"));
    },
    want: { code: 0 },
  },
  {
    given: "an event folder that is a symbolic link inside the registry (its target in a hidden folder)",
    setup: (s) => {
      mkdirSync(join(s, ".shared"));
      renameSync(join(s, "order/shipped"), join(s, ".shared/shipped"));
      symlinkSync("../.shared/shipped", join(s, "order/shipped"));
    },
    want: { code: 0, stdout: /2 events/ },
  },
  {
    given: "a symbolic link looping back to a folder above it",
    setup: (s) => symlinkSync("..", join(s, "order/placed/again")),
    want: { code: 1, stderr: new RegExp(`order/placed/again: error: ${READABLE}: the symbolic link loops back`) },
  },
  {
    given: "a version file that is a symbolic link out of the registry",
    setup: (s, outside) => {
      mkdirSync(join(s, "order/returned"));
      writeFileSync(join(outside, "returned.json"), "{}");
      symlinkSync(join(outside, "returned.json"), join(s, "order/returned/1.0.json"));
    },
    want: { code: 1, stderr: new RegExp(`order/returned/1\\.0\\.json: error: ${READABLE}: the symbolic link leads outside the registry`) },
  },
  {
    given: "a broken symbolic link",
    setup: (s) => symlinkSync("nowhere.json", join(s, "order/placed/1.1.json")),
    want: { code: 1, stderr: new RegExp(`order/placed/1\\.1\\.json: error: ${READABLE}: the symbolic link cannot be followed: its target does not exist`) },
  },
  {
    given: "a version file named 1.1.JSON",
    setup: (s) => cpSync(join(s, "order/placed/1.0.json"), join(s, "order/placed/1.1.JSON")),
    want: { code: 1, stderr: /order\/placed\/1\.1\.JSON: error: Version files are named MAJOR\.MINOR\.json/ },
  },
];

describe.each(CASES)("check given $given", (c) => {
  it(`exits ${c.want.code}, the file named, no stack`, async () => {
    const dir = join(tmp, `case-${CASES.indexOf(c)}`);
    const schemas = join(dir, "schemas");
    cpSync(REGISTRY, schemas, { recursive: true });
    mkdirSync(join(dir, "outside"));
    c.setup(schemas, join(dir, "outside"));
    for (const d of [tmp, dir]) chmodSync(d, 0o755);
    const asNobody = c.asNobody && process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    const r = await runBin(["check", "--schemas", "schemas"], { cwd: dir, ...asNobody });
    expect(r.code, r.stdout + r.stderr).toBe(c.want.code);
    if (c.want.stderr) expect(r.stderr).toMatch(c.want.stderr);
    if (c.want.stdout) expect(r.stdout).toMatch(c.want.stdout);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

/**
 * The same links added after a `generate` left its manifest in the cache: the next `generate`
 * and `generate --check` must not take the registry as unchanged (the link lists no new file) but
 * fail as `check` does.
 */
const AFTER_A_RUN = CASES.filter((c) => /out of the registry|looping|broken/.test(c.given));

describe.each(AFTER_A_RUN)("generate with a warm cache given $given", (c) => {
  it(`exits ${c.want.code} as check does, the file named, no stack`, async () => {
    const dir = join(tmp, `warm-${CASES.indexOf(c)}`);
    const schemas = join(dir, "schemas");
    cpSync(REGISTRY, schemas, { recursive: true });
    mkdirSync(join(dir, "outside"));
    const cache = ["--schemas", "schemas", "--cache-dir", "cache"];
    expect((await runBin(["generate", ...cache], { cwd: dir })).code).toBe(0);
    c.setup(schemas, join(dir, "outside"));
    for (const args of [["generate"], ["generate", "--check"]]) {
      const r = await runBin([...args, ...cache], { cwd: dir });
      expect(r.code, `${args.join(" ")}: ${r.stdout}${r.stderr}`).toBe(c.want.code);
      expect(r.stderr).toMatch(c.want.stderr!);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});

export const CASE_COUNT = CASES.length + AFTER_A_RUN.length;
