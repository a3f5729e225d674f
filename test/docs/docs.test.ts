/**
 * The docs are tested like code: every code block of README.md, docs/*.md, runtime/README.md and
 * examples/README.md either runs here, in a copy of the repository and against a real
 * nats-server, and is compared with what the doc says, or the doc's source marks it illustrative
 * (`<!-- illustrative: why -->` before the fence), or another test replays it (COVERED_ELSEWHERE).
 * Directives: test/docs/doc-blocks.ts. Run alone: `npx vitest run test/docs/docs.test.ts`.
 *
 * | block | how it is tested |
 * |---|---|
 * | `$ command` transcript | each command runs; its output (stdout and stderr) must read as shown |
 * | `output of:` | the command runs; its output must read as the block |
 * | `sh` | the block runs as one script; it must exit 0 |
 * | `jetschema <command> [--option] ...` synopsis | every option shown is in `jetschema <command> --help` |
 * | `tree:` folder listing | every path listed exists; a listed folder lists all its entries |
 * | `ts` | type-checks (strict, NodeNext) against the generated package and the runtime |
 * | `json` | parses; with `file:`, is written there and the `then:` commands exit 0 |
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { serverPerFile } from "../support/per-file.js";
import { docBlocks, type DocBlock } from "./doc-blocks.js";
import { DocSandbox } from "./doc-sandbox.js";
import { compareOutput, isTranscript, parseTranscript } from "./transcript.js";

const REPO = process.cwd();
const DOCS = ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`), "runtime/README.md", "examples/README.md"];

/** Blocks replayed by another test: file and the section (heading) they sit under. */
const COVERED_ELSEWHERE: { file: string; section: string; by: string }[] = [
  { file: "README.md", section: "Use it in your repository", by: "test/adoption/adoption.test.ts (installs the packed jetschema in an empty project, init, new order.placed, generate; packs the generated package instead of publishing it, installs it with nats.js in a service project, type-checks and runs a service like the README's on a real nats-server)" },
  { file: "README.md", section: "Set up", by: ".ci/run (runs the two set-up commands exactly, then the suite)" },
  { file: "README.md", section: "A five-minute tour", by: "test/cli/tour.test.ts (replays the tour's commands and compares the README's transcripts)" },
  { file: "docs/cli.md", section: "`jetschema bump`", by: "test/cli/tour.test.ts and test/compat/bump-move.test.ts" },
  { file: "docs/compatibility.md", section: "Moving an edit out of a released minor", by: "test/cli/tour.test.ts and test/compat/bump-move.test.ts" },
  { file: "docs/interop.md", section: "TypeScript", by: "test/interop/go-service.test.ts (generates SlotWise's package, publishes with publishAuthUserCreated and a correlationId, consumes user-onboarding on a real nats-server)" },
  { file: "docs/interop.md", section: "Go", by: "test/interop/go-service.test.ts (builds test/interop/go offline in GOPATH mode against Debian's nats.go, runs its publish and check commands on a real nats-server)" },
];

const blocks = DOCS.flatMap(docBlocks);
const coveredBy = (b: DocBlock) => COVERED_ELSEWHERE.find((c) => c.file === b.file && b.sections.includes(c.section))?.by;

type Kind = "covered" | "illustrative" | "tree" | "transcript" | "output" | "synopsis" | "sh" | "ts" | "json" | "unmarked";

function kindOf(b: DocBlock): Kind {
  if (coveredBy(b)) return "covered";
  if (b.directives.illustrative) return "illustrative";
  if (b.directives.tree !== undefined) return "tree";
  if (isTranscript(b.content)) return "transcript";
  if (b.directives.outputOf) return "output";
  if (b.info === "" && b.content.split("\n").filter(Boolean).every((l) => /^(jetschema \w|\s)/.test(l))) return "synopsis";
  if (b.info === "sh" || b.info === "bash") return "sh";
  if (b.info === "ts") return "ts";
  if (b.info === "json") return "json";
  return "unmarked";
}

const byKind = (kind: Kind) => blocks.filter((b) => kindOf(b) === kind);
const label = (b: DocBlock) => `${b.where} ${b.content.split("\n")[0]!.slice(0, 60)}`;

const server = serverPerFile();
let sandbox: DocSandbox;

beforeAll(() => {
  sandbox = DocSandbox.create(REPO, server().url);
});

afterAll(() => sandbox?.dispose());

// The blocks run synchronously; a minute of them back to back starves the worker's event loop and
// vitest's own messages to it time out ("Timeout calling onTaskUpdate"). Yield between blocks.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

/** Runs the block's `given:` commands; a failing one fails the block, naming it. */
function prepare(b: DocBlock): void {
  sandbox.reset();
  for (const command of b.directives.given) {
    const r = sandbox.sh(command);
    expect(r.code, `${b.where}: given \`${command}\` exited ${r.code}:\n${r.output}`).toBe(0);
  }
}

describe("every doc block is run or marked", () => {
  it("has a way to be tested", () => {
    const unmarked = byKind("unmarked").map((b) => `${b.where} (\`\`\`${b.info || "plain"}): run it (see test/docs/docs.test.ts) or mark it <!-- illustrative: why -->`);
    expect(unmarked, unmarked.join("\n")).toEqual([]);
  });

  it.each(byKind("illustrative").map((b) => [label(b), b] as const))("%s is marked illustrative with a reason", (_, b) => {
    expect(b.directives.illustrative!.length, `${b.where}: say why it is illustrative`).toBeGreaterThan(3);
  });
});

describe("transcripts print what the docs show", () => {
  it.each(byKind("transcript").map((b) => [label(b), b] as const))("%s", (_, b) => {
    prepare(b);
    for (const step of parseTranscript(b.content)) {
      const r = sandbox.sh(step.command);
      const diff = compareOutput(step.expected, r.output);
      expect(diff, `${b.where}: \`$ ${step.command}\` (exit ${r.code}):\n${diff}`).toBeUndefined();
    }
  });

  it.each(byKind("output").map((b) => [label(b), b] as const))("%s", (_, b) => {
    prepare(b);
    const r = sandbox.sh(b.directives.outputOf!);
    const diff = compareOutput(b.content.replace(/\n$/, "").split("\n"), r.output);
    expect(diff, `${b.where}: output of \`${b.directives.outputOf}\` (exit ${r.code}):\n${diff}`).toBeUndefined();
  });
});

describe("shell blocks run", () => {
  it.each(byKind("sh").map((b) => [label(b), b] as const))("%s", (_, b) => {
    prepare(b);
    const r = sandbox.sh(`set -e\n${b.content}`);
    expect(r.code, `${b.where}: the block exited ${r.code}:\n${b.content}\n--- output:\n${r.output}`).toBe(0);
    for (const command of b.directives.then) {
      const t = sandbox.sh(command);
      expect(t.code, `${b.where}: then \`${command}\` exited ${t.code}:\n${t.output}`).toBe(0);
    }
  });
});

const helps = new Map<string, string>();
const helpOf = (command: string) => {
  if (!helps.has(command)) helps.set(command, sandbox.sh(`npx jetschema ${command} --help`).output);
  return helps.get(command)!;
};

describe("synopses name only options the command has", () => {
  it.each(byKind("synopsis").map((b) => [label(b), b] as const))("%s", (_, b) => {
    const missing: string[] = [];
    let command = "";
    for (const line of b.content.split("\n").filter(Boolean)) {
      const named = /^jetschema ((?:[a-z]+)(?: (?:diff|apply|list|replay))?)/.exec(line);
      if (named) command = named[1]!;
      const help = helpOf(command);
      for (const option of line.match(/--[a-z][a-z-]*/g) ?? []) if (!help.includes(option)) missing.push(`jetschema ${command} has no ${option}`);
    }
    expect(missing, `${b.where}:\n${missing.join("\n")}`).toEqual([]);
  });
});

describe("folder listings match the folders", () => {
  it.each(byKind("tree").map((b) => [label(b), b] as const))("%s", (_, b) => {
    const [base = ".", mode] = b.directives.tree!.split(/\s+/);
    const problems = checkTree(b.content, join(REPO, base), mode === "partial");
    expect(problems, `${b.where}:\n${problems.join("\n")}`).toEqual([]);
  });
});

describe("json blocks parse, and sample files work where the doc puts them", () => {
  it.each(byKind("json").map((b) => [label(b), b] as const))("%s", (_, b) => {
    expect(() => JSON.parse(b.content), `${b.where}: not JSON`).not.toThrow();
    if (!b.directives.file) return;
    prepare(b);
    writeFileSync(join(sandbox.dir, b.directives.file), b.content);
    for (const command of b.directives.then) {
      const r = sandbox.sh(command);
      expect(r.code, `${b.where}: with the block as ${b.directives.file}, \`${command}\` exited ${r.code}:\n${r.output}`).toBe(0);
    }
  });
});

describe("TypeScript blocks type-check", () => {
  const tsBlocks = byKind("ts");
  const dir = join(REPO, "test", `.tmp-docs-ts-${process.pid}`);
  const fileOf = (b: DocBlock) => `${b.file.replace(/[^a-z0-9]+/gi, "-")}-${b.line}.ts`;
  let diagnostics = "";

  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    for (const b of tsBlocks) writeFileSync(join(dir, fileOf(b)), [...b.directives.prelude, b.content, "export {};"].join("\n"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { noEmit: true, types: ["node"] }, files: tsBlocks.map(fileOf) }),
    );
    const r = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    diagnostics = r.stdout + r.stderr;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(tsBlocks.map((b) => [label(b), b] as const))("%s", (_, b) => {
    const mine = diagnostics.split("\n").filter((l) => l.includes(fileOf(b)));
    expect(mine, `${b.where}: the block does not type-check (a line n of the block is line n + ${b.directives.prelude.length} in the errors):\n${mine.join("\n")}`).toEqual([]);
  });
});

/** Every listed path exists; unless partial, a listed folder whose entries are listed lists them all. */
function checkTree(content: string, base: string, partial: boolean): string[] {
  const problems: string[] = [];
  const children = new Map<string, Set<string>>();
  const stack: { indent: number; path: string }[] = [];
  for (const line of content.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const indent = line.length - line.trimStart().length;
    const top = stack.at(-1);
    if (top && indent > top.indent + 2) continue; // a description carried over to the next line
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const name = line.trim().split(/\s+/)[0]!;
    const parent = stack.at(-1)?.path ?? "";
    const names = name.includes("/.") ? [name.split("/")[0]!, name.split("/")[0]!.replace(/\.[a-z]+$/, "") + name.slice(name.indexOf("/") + 1)] : [name];
    for (const n of names) {
      const path = join(parent, n.replace(/\/$/, ""));
      if (!existsSync(join(base, path))) problems.push(`${path} is listed but does not exist`);
      const siblings = children.get(parent) ?? new Set<string>();
      siblings.add(path.split("/")[parent === "" ? 0 : parent.split("/").length]!);
      children.set(parent, siblings);
    }
    if (name.endsWith("/")) stack.push({ indent, path: join(parent, name.replace(/\/$/, "")) });
  }
  if (partial) return problems;
  for (const [parent, listed] of children) {
    if (parent === "") continue;
    const folder = join(base, parent);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    for (const entry of readdirSync(folder)) {
      if (entry.startsWith(".") || entry === "node_modules" || entry === "dist") continue;
      if (!listed.has(entry)) problems.push(`${join(parent, entry)} exists but is not listed`);
    }
  }
  return problems;
}

// Keeps the harness honest about the sandbox: the CLI it runs is this checkout's build.
it("runs this checkout's built CLI", () => {
  expect(existsSync(join(REPO, "dist", "generator", "cli", "main.js")), "run `npm run build` first").toBe(true);
  expect(execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: sandbox.dir, encoding: "utf8" }).trim()).toBe("true");
  expect(readFileSync(join(sandbox.dir, "schemas", "registry.json"), "utf8")).toBe(readFileSync(join(REPO, "schemas", "registry.json"), "utf8"));
});
