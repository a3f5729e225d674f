/**
 * User and environment errors of the CLI verbs (an output that cannot be written or read, a broken
 * --templates file, a package.json or a folder init cannot use, a name too long for the disk): each
 * is one line naming the file and the problem, the exit code docs/cli.md gives, no stack trace and
 * nothing half-written. Every case runs the built bin in a copy of a project made by
 * `jetschema init`, `jetschema new order.placed` and `jetschema generate`, or in an empty folder.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-errors-"));
const BASE = join(tmp, "base");
/** The tests run as root, for whom file permissions mean nothing: unreadable cases run as nobody. */
const NOBODY = 65534;

beforeAll(async () => {
  assertBuilt();
  mkdirSync(BASE);
  writeFileSync(join(BASE, "package.json"), '{ "name": "@acme/shop" }\n');
  // A repository of its own: in this one's folder, init would write its workflow to this one's root.
  execFileSync("git", ["init", "-q"], { cwd: BASE });
  for (const args of [["init"], ["new", "order.placed"], ["generate", "--no-cache"]]) {
    const r = await runBin(args, { cwd: BASE });
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file and folder under `root` (folders end in /) with the files' bytes: an empty folder left behind shows. The cache in node_modules is no output. */
function tree(root: string, rel = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(root, rel)).sort()) {
    if (name === "node_modules") continue;
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) {
      out.set(`${path}/`, "");
      for (const [p, text] of tree(root, path)) out.set(p, text);
    } else if (statSync(join(root, path)).mode & 0o400) out.set(path, readFileSync(join(root, path), "latin1"));
    else out.set(path, "(unreadable)");
  }
  return out;
}

interface Case {
  given: string;
  /** A copy of the project made in beforeAll, or an empty folder. */
  project: "made" | "empty";
  setup?: (dir: string) => void;
  args: string[];
  /** Run as nobody (and the folder theirs). */
  nobody?: boolean;
  want: { code: number; stderr: RegExp };
}

const ABOUT_A_TEMPLATE = (text: string): Pick<Case, "setup"> => ({
  setup: (d) => {
    mkdirSync(join(d, "t/package"), { recursive: true });
    writeFileSync(join(d, "t/package/package.json.hbs"), text);
  },
});

const CASES: Case[] = [
  // Outputs that cannot be written or read: exit 2, "cannot write|read <path>: <reason>".
  {
    given: "generate --check --out a file",
    project: "made",
    args: ["generate", "--check", "--out", "package.json"],
    want: { code: 2, stderr: /^cannot read the output folder package\.json: a part of the path is a file, not a folder/ },
  },
  {
    given: "generate --check of an output file it may not read",
    project: "made",
    nobody: true,
    setup: (d) => chmodSync(join(d, "generated/index.js"), 0),
    args: ["generate", "--check", "--no-cache"],
    want: { code: 2, stderr: /^cannot read the output folder generated: permission denied \(EACCES: generated\/index\.js\)/ },
  },
  {
    given: "asyncapi --out in a folder that does not exist",
    project: "made",
    args: ["asyncapi", "--out", "nodir/api.yaml"],
    want: { code: 2, stderr: /^cannot write nodir\/api\.yaml: the folder nodir does not exist$/m },
  },
  {
    given: "asyncapi --out through a file",
    project: "made",
    args: ["asyncapi", "--out", "package.json/api.yaml"],
    want: { code: 2, stderr: /^cannot write package\.json\/api\.yaml: a part of the path is a file, not a folder/ },
  },
  {
    given: "permissions --out in a folder that does not exist",
    project: "made",
    args: ["permissions", "--out", "nodir/p.conf"],
    want: { code: 2, stderr: /^cannot write nodir\/p\.conf: the folder nodir does not exist$/m },
  },
  {
    given: "permissions --out through a file",
    project: "made",
    args: ["permissions", "--out", "package.json/p.conf"],
    want: { code: 2, stderr: /^cannot write package\.json\/p\.conf: a part of the path is a file, not a folder/ },
  },
  {
    given: "permissions --out in a folder it may not write",
    project: "made",
    nobody: true,
    setup: (d) => {
      mkdirSync(join(d, "ro"));
      writeFileSync(join(d, "ro/p.conf"), "old\n");
      chmodSync(join(d, "ro"), 0o555);
    },
    args: ["permissions", "--out", "ro/p.conf"],
    want: { code: 2, stderr: /^cannot write ro\/p\.conf: permission denied/ },
  },
  // --templates files that fail: exit 2 naming the template file, as for the --templates folder itself.
  {
    given: "--templates package.json.hbs that does not parse",
    project: "made",
    ...ABOUT_A_TEMPLATE("{{#each majors}\n"),
    args: ["generate", "--templates", "t"],
    want: { code: 2, stderr: /^t\/package\/package\.json\.hbs: Parse error on line 1, column 15: unexpected text$/m },
  },
  {
    given: "--templates package.json.hbs naming a missing partial",
    project: "made",
    ...ABOUT_A_TEMPLATE("{{> nothere}}\n"),
    args: ["generate", "--templates", "t", "--no-cache"],
    want: { code: 2, stderr: /^t\/package\/package\.json\.hbs: The partial nothere could not be found$/m },
  },
  {
    given: "--templates package.json.hbs reading a missing value",
    project: "made",
    ...ABOUT_A_TEMPLATE("{{a.b.c}}\n"),
    args: ["generate", "--templates", "t"],
    want: { code: 2, stderr: /^t\/package\/package\.json\.hbs: .*'b'/m },
  },
  {
    given: "--templates package.json.hbs rendering text that is not JSON",
    project: "made",
    ...ABOUT_A_TEMPLATE("not json {{package.name}}\n"),
    args: ["generate", "--templates", "t"],
    want: { code: 2, stderr: /^t\/package\/package\.json\.hbs: renders package\.json that does not parse: / },
  },
  {
    given: "--templates package.json.hbs whose own #load names a file the package does not have",
    project: "made",
    ...ABOUT_A_TEMPLATE(
      readFileSync(join(REPO_ROOT, "templates/package/package.json.hbs"), "utf8").replace('"default": "./load/node.js"', '"default": "./load/mine.js"'),
    ),
    args: ["generate", "--templates", "t", "--no-cache"],
    want: { code: 2, stderr: /^t\/package\/package\.json\.hbs: renders package\.json whose "imports" "#load" names "\.\/load\/mine\.js", which the package does not have: it may name \.\/load\/bundled\.js or \.\/load\/node\.js, or leave "#load" out for jetschema to add$/m },
  },
  {
    given: "--templates index.js.hbs rendering code that does not parse",
    project: "made",
    setup: (d) => {
      mkdirSync(join(d, "t/package"), { recursive: true });
      writeFileSync(join(d, "t/package/index.js.hbs"), "export const x = ;\n");
    },
    args: ["generate", "--templates", "t", "--no-cache"],
    want: { code: 2, stderr: /^t\/package\/index\.js\.hbs: renders index\.js that does not parse: Unexpected token/ },
  },
  // init in a folder whose files it cannot use: exit 1 (the input is wrong), nothing written.
  {
    given: "init beside a package.json holding an array",
    project: "empty",
    setup: (d) => writeFileSync(join(d, "package.json"), "[]\n"),
    args: ["init"],
    want: { code: 1, stderr: /^jetschema init: package\.json is not an object/ },
  },
  {
    given: "init where .gitignore is a folder",
    project: "empty",
    setup: (d) => mkdirSync(join(d, ".gitignore")),
    args: ["init"],
    want: { code: 1, stderr: /^jetschema init: \.gitignore is a folder, not a file/ },
  },
  {
    given: "init where schemas is a file",
    project: "empty",
    setup: (d) => writeFileSync(join(d, "schemas"), ""),
    args: ["init"],
    want: { code: 1, stderr: /^jetschema init: schemas is a file, not a folder/ },
  },
  {
    given: "init --force where schemas is a file",
    project: "empty",
    setup: (d) => writeFileSync(join(d, "schemas"), ""),
    args: ["init", "--force"],
    want: { code: 1, stderr: /^jetschema init: schemas is a file, not a folder/ },
  },
  // init --schemas outside the project: the scripts and the workflow could not name it in a clone (exit 2).
  {
    given: "init --schemas an absolute path outside the project",
    project: "empty",
    args: ["init", "--schemas", join(tmp, "abs-schemas")],
    want: { code: 2, stderr: /^--schemas .*abs-schemas: the registry folder must be inside the project/ },
  },
  {
    given: "init --schemas ../elsewhere",
    project: "empty",
    args: ["init", "--schemas", "../elsewhere"],
    want: { code: 2, stderr: /^--schemas \.\.\/elsewhere: the registry folder must be inside the project/ },
  },
  { given: "init --schemas with a space", project: "empty", args: ["init", "--schemas", "my schemas"], want: { code: 2, stderr: /^--schemas my schemas: use letters, digits/ } },
  // A name too long for the disk is refused before anything is written.
  {
    given: "new with a 300-character segment",
    project: "made",
    args: ["new", `a.${"b".repeat(300)}`],
    want: { code: 1, stderr: /^jetschema new: "a\.b+\.\.\." is not an event name: a segment has 300 characters, at most 64 are allowed$/m },
  },
  // --schemas a file: said so, not "does not exist".
  {
    given: "check --schemas a file",
    project: "made",
    args: ["check", "--schemas", "schemas/registry.json"],
    want: { code: 1, stderr: /registry folder .*schemas\/registry\.json is a file, not a folder; point --schemas at the folder holding registry\.json/ },
  },
];

describe.each(CASES)("$given", (c) => {
  it(`exits ${c.want.code} with one line naming the file, no stack, nothing written`, async () => {
    const dir = join(tmp, `case-${CASES.indexOf(c)}`);
    if (c.project === "made") cpSync(BASE, dir, { recursive: true });
    else mkdirSync(dir);
    c.setup?.(dir);
    const asNobody = c.nobody && process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    if (asNobody.uid !== undefined) {
      chmodSync(tmp, 0o755);
      chownTree(dir);
    }
    const before = tree(dir);
    const r = await runBin(c.args, { cwd: dir, ...asNobody });
    expect(r.code, r.stdout + r.stderr).toBe(c.want.code);
    expect(r.stderr).toMatch(c.want.stderr);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).not.toMatch(/jetschema failed/);
    expect(tree(dir)).toEqual(before);
    // Nor beside it (init --schemas ../elsewhere, or an absolute path outside it).
    expect(readdirSync(tmp).filter((name) => !name.startsWith("case-") && name !== "base")).toEqual([]);
  });
});

/** The project folder nobody's, save what a case made unreadable or unwritable to them on purpose (its mode stays). */
function chownTree(root: string): void {
  chownSync(root, NOBODY, NOBODY);
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) chownTree(path);
    else chownSync(path, NOBODY, NOBODY);
  }
}

export const COUNT = CASES.length;
