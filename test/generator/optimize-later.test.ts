/**
 * `generate` optimizes later and less (base/optimize-later.ts): the command line raises V8's
 * interrupt budget and turns TurboFan's inlining off for its run, and other commands leave both
 * (a flag the user gave node is left alone: test/generator/v8-flag.test.ts); it also gives the
 * worker threads room in their old generation (base/worker-old-generation.ts). Checked through the command line in this process, with
 * node:v8's setter recorded (and still applied: the heap-growth and `gc` flags go through it too).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GENERATE_INTERRUPT_BUDGET } from "../../generator/base/optimize-later.js";
import { WORKER_OLD_GENERATION_MB } from "../../generator/base/worker-old-generation.js";
import { main } from "../../generator/cli/main.js";
import { REPO_ROOT } from "../support/bin.js";

const setFlags = vi.hoisted(() => [] as string[]);
vi.mock("node:v8", async (original) => {
  const v8 = await original<typeof import("node:v8")>();
  return {
    ...v8,
    setFlagsFromString: (flags: string) => {
      setFlags.push(flags);
      v8.setFlagsFromString(flags);
    },
  };
});

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-optimize-later-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => {
  setFlags.length = 0;
});

const BUDGET = `--interrupt-budget=${GENERATE_INTERRUPT_BUDGET}`;

describe("which commands raise it", () => {
  const schemas = join(tmp, "schemas");
  cpSync(join(REPO_ROOT, "schemas"), schemas, { recursive: true });
  const quiet = { out: () => undefined, err: () => undefined };

  it.each([
    ["generate", ["generate", "--schemas", schemas, "--out", join(tmp, "out"), "--no-cache"], true],
    ["generate --check", ["generate", "--schemas", schemas, "--out", join(tmp, "out"), "--check", "--no-cache"], true],
    ["check", ["check", "--schemas", schemas], false],
  ])("%s", async (_given, args, raised) => {
    expect(await main(["node", "jetschema", ...args], quiet)).toBe(0);
    expect(setFlags.includes(BUDGET)).toBe(raised);
    expect(setFlags.includes("--no-turbo-inlining")).toBe(raised);
    expect(setFlags.includes(`--initial-old-space-size=${WORKER_OLD_GENERATION_MB}`)).toBe(raised);
  }, 120_000);
});
