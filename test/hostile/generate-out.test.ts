/**
 * `generate --out` pointed at something it must not replace. generate replaces only an output
 * folder that is missing, empty or its own (it holds jetschema's marker and nothing else it did
 * not write); everything else is refused with exit 2, a reason and what to do, and left exactly
 * as it was. Staging folders of a killed run are removed by the next run; a live run's are not.
 * Every case runs the built bin in a project folder of its own:
 *
 *   <case>/schemas/   a small registry (test/fixtures/good/features)
 *   <case>/app.ts     a file of the user's
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";
import { readTree } from "../support/tree.js";

const REGISTRY = join(REPO_ROOT, "test/fixtures/good/features");
const MARKER = ".jetschema-output.json";
const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-out-"));
beforeAll(assertBuilt);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A pid no process has: pid_max is at most 2^22 on Linux. */
const DEAD_PID = 99_999_999;

function project(name: string): string {
  const dir = join(tmp, name);
  cpSync(REGISTRY, join(dir, "schemas"), { recursive: true });
  writeFileSync(join(dir, "app.ts"), "export const app = 1;\n");
  return dir;
}

/** Generates into `out` of project `dir`, as an earlier run would have. */
async function generatedBefore(dir: string, out: string): Promise<void> {
  const r = await runBin(["generate", "--no-cache", "--out", out], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
}

interface Refusal {
  given: string;
  setup?: (dir: string) => void | Promise<void>;
  /** Working directory, relative to the project. */
  cwd?: string;
  args: string[];
  /** What stderr must say: the reason. */
  reason: RegExp;
}

const REFUSED: Refusal[] = [
  { given: "--out . in a folder holding schemas/ and app.ts", args: ["--out", "."], reason: /contains the registry/ },
  { given: "--out equal to --schemas", args: ["--out", "schemas"], reason: /is the registry folder/ },
  { given: "--out inside the registry", args: ["--out", "schemas/order"], reason: /lies inside the registry/ },
  { given: "--out a symlink to the registry", setup: (d) => symlinkSync("schemas", join(d, "link")), args: ["--out", "link"], reason: /is the registry folder/ },
  {
    given: "--out the working directory (the registry elsewhere)",
    setup: (d) => void mkdirSync(join(d, "service/src"), { recursive: true }),
    cwd: "service",
    args: ["--schemas", "../schemas", "--out", "."],
    reason: /contains the working directory/,
  },
  {
    given: "--out an ancestor of the working directory",
    setup: (d) => void mkdirSync(join(d, "service/src"), { recursive: true }),
    cwd: "service/src",
    args: ["--schemas", "../../schemas", "--out", ".."],
    reason: /contains the working directory/,
  },
  {
    given: "--out a folder of the user's files",
    setup: (d) => {
      mkdirSync(join(d, "docs"));
      writeFileSync(join(d, "docs/notes.md"), "# notes\n");
    },
    args: ["--out", "docs"],
    reason: /holds files jetschema did not write: notes\.md/,
  },
  {
    given: "--out its own earlier output with a file added by hand",
    setup: async (d) => {
      await generatedBefore(d, "generated");
      mkdirSync(join(d, "generated/extra"));
      writeFileSync(join(d, "generated/extra/mine.ts"), "export {};\n");
    },
    args: ["--out", "generated"],
    reason: /holds files jetschema did not write: extra\/mine\.ts/,
  },
  {
    given: "--out an output whose marker is not jetschema's",
    setup: (d) => {
      mkdirSync(join(d, "out"));
      writeFileSync(join(d, "out", MARKER), "not json");
      writeFileSync(join(d, "out/index.js"), "export {};\n");
    },
    args: ["--out", "out"],
    reason: /holds files jetschema did not write/,
  },
  { given: "--out a file", setup: (d) => writeFileSync(join(d, "out.txt"), "mine\n"), args: ["--out", "out.txt"], reason: /is a file, not a folder/ },
];

describe.each(REFUSED)("generate refuses $given", (c) => {
  it("exits 2 with the reason and what to do, no stack, and changes nothing", async () => {
    const dir = project(`refused-${REFUSED.indexOf(c)}`);
    await c.setup?.(dir);
    const before = readTree(dir);
    const r = await runBin(["generate", "--no-cache", ...c.args], { cwd: join(dir, c.cwd ?? "") });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(c.reason);
    expect(r.stderr).toMatch(/--out/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readTree(dir)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.startsWith(".") && n.includes(".new-"))).toEqual([]);
  });
});

interface Accepted {
  given: string;
  setup?: (dir: string) => void | Promise<void>;
  then: (dir: string) => void;
}

const ACCEPTED: Accepted[] = [
  { given: "a missing folder", then: (d) => expect(existsSync(join(d, "generated/index.js"))).toBe(true) },
  {
    given: "an empty folder",
    setup: (d) => void mkdirSync(join(d, "generated")),
    then: (d) => expect(existsSync(join(d, "generated/index.js"))).toBe(true),
  },
  {
    given: "its own earlier output, a generated file edited and node_modules added",
    setup: async (d) => {
      await generatedBefore(d, "generated");
      writeFileSync(join(d, "generated/index.js"), "// edited\n");
      mkdirSync(join(d, "generated/node_modules/dep"), { recursive: true });
      writeFileSync(join(d, "generated/node_modules/dep/index.js"), "dep\n");
    },
    then: (d) => {
      expect(readFileSync(join(d, "generated/index.js"), "utf8")).not.toBe("// edited\n");
      expect(readFileSync(join(d, "generated/node_modules/dep/index.js"), "utf8")).toBe("dep\n");
    },
  },
  {
    given: "staging folders of a killed run beside it, and one of a run still going",
    setup: (d) => {
      for (const name of [`.generated.new-${DEAD_PID}-1`, `.generated.old-${DEAD_PID}-2`, `.generated.new-${process.pid}-3`]) {
        mkdirSync(join(d, name, "types"), { recursive: true });
        writeFileSync(join(d, name, "types/big.d.ts"), "x".repeat(1000));
      }
    },
    then: (d) => expect(readdirSync(d).filter((n) => n.startsWith(".generated."))).toEqual([`.generated.new-${process.pid}-3`]),
  },
];

describe.each(ACCEPTED)("generate replaces $given", (c) => {
  it("exits 0, writes its marker, and leaves the user's files alone", async () => {
    const dir = project(`accepted-${ACCEPTED.indexOf(c)}`);
    await c.setup?.(dir);
    const r = await runBin(["generate", "--no-cache"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "generated", MARKER))).toBe(true);
    expect(readFileSync(join(dir, "app.ts"), "utf8")).toBe("export const app = 1;\n");
    expect(readTree(join(dir, "schemas"))).toEqual(readTree(REGISTRY));
    c.then(dir);
  });
});

/** The tests run as root, whom permissions do not stop: the unwritable cases run as nobody. */
const NOBODY = 65_534;

interface Unwritable {
  given: string;
  setup: (dir: string) => void;
  args: string[];
}

const UNWRITABLE: Unwritable[] = [
  { given: "an output folder in a folder the user may not write", setup: () => undefined, args: ["--out", "generated"] },
  {
    given: "an output folder below a file",
    setup: (d) => writeFileSync(join(d, "notes"), "mine\n"),
    args: ["--out", "notes/generated"],
  },
];

describe.each(UNWRITABLE)("generate cannot write $given", (c) => {
  it("exits 2 saying it cannot write the output folder and why, no stack, nothing changed", async () => {
    const dir = project(`unwritable-${UNWRITABLE.indexOf(c)}`);
    c.setup(dir);
    for (const d of [tmp, dir]) chmodSync(d, 0o755);
    const before = readTree(dir);
    const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    const r = await runBin(["generate", "--no-cache", ...c.args], { cwd: dir, ...asNobody });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot write the output folder .*: (permission denied|a part of the path is a file)/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readTree(dir)).toEqual(before);
  });
});

/** `dir` and everything in it given to nobody, who must write beside the output to stage it (as root only: others run as themselves). */
function givenToNobody(dir: string): { uid?: number; gid?: number } {
  for (const d of [tmp, dir]) chmodSync(d, 0o755);
  if (process.getuid?.() !== 0) return {};
  execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, dir]);
  return { uid: NOBODY, gid: NOBODY };
}

interface ReadOnly {
  given: string;
  /** Made read-only (inside the project) once an earlier run wrote the output. */
  folder: string;
  args: string[];
}

/**
 * A read-only output folder does not stop the swap (a rename in the folder above) but does stop
 * removing the old tree after it: the run must refuse before swapping, not put the new output in
 * place, report a failure and leave the old tree beside it for every later run to trip on.
 */
const READ_ONLY: ReadOnly[] = [
  { given: "the output folder", folder: "generated", args: ["--no-cache"] },
  { given: "a folder inside the output", folder: "generated/types", args: ["--no-cache"] },
  { given: "the output folder, with the cache (the old tree would be kept there as the next run's spare)", folder: "generated", args: [] },
  { given: "a folder inside the output, with the cache", folder: "generated/types", args: [] },
];

describe.each(READ_ONLY)("generate given $given read-only", (c) => {
  it("exits 2 naming the folder and what to do, no stack, the old output exactly as it was, nothing left beside it", async () => {
    const dir = project(`read-only-${READ_ONLY.indexOf(c)}`);
    const r0 = await runBin(["generate", ...c.args], { cwd: dir });
    expect(r0.code, r0.stderr).toBe(0);
    // Another output is due: a swap would show.
    const placed = join(dir, "schemas/order/placed/1.0.json");
    writeFileSync(placed, readFileSync(placed, "utf8").replace(/"description": "/, '"description": "Edited. '));
    const asNobody = givenToNobody(dir);
    chmodSync(join(dir, c.folder), 0o555);
    try {
      const before = readTree(dir);
      const r = await runBin(["generate", ...c.args], { cwd: dir, ...asNobody });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`cannot write the output folder generated: ${c.folder} is read-only .*chmod -R u\\+w generated`));
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(readTree(dir)).toEqual(before);
      expect(readdirSync(dir).filter((n) => n.startsWith(".generated."))).toEqual([]);
    } finally {
      // So that the suite's clean-up can remove it (as a user other than root).
      chmodSync(join(dir, c.folder), 0o755);
    }
  });
});

describe("generate given a leftover of an ended run it cannot remove", () => {
  it("writes the output (exit 0) and says which folder to remove by hand", async () => {
    const dir = project("leftover-read-only");
    const leftover = join(dir, `.generated.old-${DEAD_PID}-1`);
    mkdirSync(join(leftover, "types"), { recursive: true });
    writeFileSync(join(leftover, "types/a.d.ts"), "export {};\n");
    const asNobody = givenToNobody(dir);
    chmodSync(join(leftover, "types"), 0o555);
    try {
      const r = await runBin(["generate", "--no-cache"], { cwd: dir, ...asNobody });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(existsSync(join(dir, "generated", MARKER))).toBe(true);
      expect(r.stderr).toMatch(new RegExp(`note: .* cannot be removed, remove it by hand: .*\\.generated\\.old-${DEAD_PID}-1: permission denied`));
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      chmodSync(join(leftover, "types"), 0o755);
    }
  });
});

export const CASES = REFUSED.length + ACCEPTED.length + UNWRITABLE.length + READ_ONLY.length + 1;
