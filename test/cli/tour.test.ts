/**
 * The README's five-minute tour, replayed as printed: the registry and its generated package are
 * copied into a temporary git repository, each step's edit is made there, and every `console`
 * block's commands run through sh; their output must be the README's transcript (timings aside).
 * The blocks are read from README.md, so the documentation and this test cannot drift apart.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, tempDir } from "../compat/support.js";

const README = readFileSync("README.md", "utf8");
const repo = tempDir("tour");
const STARTED = "schemas/session/started";

interface Command {
  line: string;
  expected: string;
}

/** The tour section, split at its numbered steps ("**3. Regenerate ...**"). */
function tourSteps(): Map<string, string> {
  const start = README.indexOf("## A five-minute tour");
  const end = README.indexOf("\n## ", start + 1);
  const parts = README.slice(start, end).split(/\n\*\*(\d+)\. /);
  const steps = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) steps.set(parts[i]!, parts[i + 1]!);
  return steps;
}

/** Every command of the step's `console` blocks with the output printed after it. */
function commandsOf(step: string): Command[] {
  const commands: Command[] = [];
  for (const [, block] of step.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const line of block!.replace(/\n$/, "").split("\n")) {
      if (line.startsWith("$ ")) commands.push({ line: line.slice(2), expected: "" });
      else commands[commands.length - 1]!.expected += (commands[commands.length - 1]!.expected ? "\n" : "") + line;
    }
  }
  return commands;
}

/** The field step 2 shows, inserted at the top of 1.1's properties as a user would type it. */
function addField(step2: string): () => void {
  const field = /```json\n([\s\S]*?)\n```/.exec(step2)![1]!;
  return () => editText(`${STARTED}/1.1.json`, (t) => t.replace('  "properties": {\n', `  "properties": {\n    ${field},\n`));
}

function editText(file: string, change: (text: string) => string): void {
  const path = join(repo, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  expect(after, `the tour's edit of ${file}`).not.toBe(before);
  writeFileSync(path, after);
}

const timings = (text: string) => text.replace(/\b\d+ ms\b/g, "<n> ms");
const committed = (file: string) => git(repo, "show", `HEAD:${file}`);
const current = (file: string) => readFileSync(join(repo, file), "utf8");

const steps = tourSteps();

beforeAll(() => {
  cpSync("schemas", join(repo, "schemas"), { recursive: true });
  cpSync("generated", join(repo, "generated"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  symlinkSync(resolve("bin"), join(repo, "bin"));
  writeFileSync(join(repo, ".gitignore"), "/bin\nnode_modules/\n");
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "the registry as released");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** Per step: the edit the prose asks for, the exit code of each command, what must hold after. */
const tour: Array<{ step: string; edit?: () => void; exits: number[]; then?: () => void }> = [
  { step: "3", edit: addField(steps.get("2")!), exits: [0, 0] },
  {
    step: "4",
    edit: () => editText(`${STARTED}/1.1.json`, (t) => t.replace('    "expires_at"\n  ],', '    "expires_at",\n    "ip_address"\n  ],')),
    exits: [1, 0, 0, 0],
    then: () => {
      expect(current(`${STARTED}/1.1.json`)).toBe(committed(`${STARTED}/1.1.json`));
      const v2 = JSON.parse(current(`${STARTED}/2.0.json`));
      expect(v2.required).toContain("ip_address");
      expect(v2.properties.priority).toEqual({ type: "integer", minimum: 0, description: "Queue priority class." });
    },
  },
  {
    step: "5",
    edit: addField(steps.get("2")!),
    exits: [0, 0, 0],
    then: () => {
      expect(current(`${STARTED}/1.1.json`)).toBe(committed(`${STARTED}/1.1.json`));
      const v12 = JSON.parse(current(`${STARTED}/1.2.json`));
      expect(v12.properties.priority).toBeDefined();
      expect(v12.required).not.toContain("ip_address");
    },
  },
  {
    step: "6",
    exits: [0, 1, 0, 0, 0],
    then: () => expect(git(repo, "status", "--porcelain")).toBe(""),
  },
];

describe("the README tour, replayed on a copy of the repository", () => {
  for (const { step, edit, exits, then } of tour) {
    it(`step ${step}: the transcript is what the commands print`, () => {
      const commands = commandsOf(steps.get(step) ?? "");
      expect(commands.map((c) => c.line).length, `console commands in step ${step}`).toBe(exits.length);
      edit?.();
      commands.forEach((c, i) => {
        const r = spawnSync("sh", ["-c", `${c.line} 2>&1`], { cwd: repo, encoding: "utf8" });
        expect.soft(timings(r.stdout.replace(/\n$/, "")), `$ ${c.line}`).toBe(timings(c.expected));
        expect.soft(r.status, `exit code of $ ${c.line}`).toBe(exits[i]);
      });
      then?.();
    }, 300_000);
  }
});
