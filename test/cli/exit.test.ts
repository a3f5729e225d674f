/**
 * How bin/jetschema.js ends: once its event loop is empty it exits at once, without node's heap
 * teardown (bin/jetschema.js says why). What must hold either way: everything it printed arrives,
 * even through a pipe its reader drains late (node writes to a full pipe asynchronously), and the
 * exit code is the one the command returned.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-exit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The bin run with stdout to a pipe nobody reads for `lateMs`; its exit code and everything it printed. */
async function runReadLate(args: string[], lateMs: number, nodeFlags: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...nodeFlags, "bin/jetschema.js", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pause();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stderr.on("data", (d: Buffer) => err.push(d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  await sleep(lateMs);
  child.stdout.on("data", (d: Buffer) => out.push(d));
  child.stdout.resume();
  const code = await closed;
  return { code, out: Buffer.concat(out).toString("utf8"), err: Buffer.concat(err).toString("utf8") };
}

describe("bin/jetschema.js ends when its work has", () => {
  it("prints a document many times a pipe's buffer whole to a reader that starts late", async () => {
    const registry = join(tmp, "registry");
    writeSyntheticRegistry(registry, { events: 150 });
    const file = join(tmp, "asyncapi.yaml");
    const written = await runReadLate(["asyncapi", "--schemas", registry, "--out", file], 0);
    expect(written.code).toBe(0);
    const document = readFileSync(file, "utf8");
    // A pipe holds 64 KiB on Linux: the rest waits in node until the reader comes.
    expect(document.length).toBeGreaterThan(8 * 64 * 1024);
    const printed = await runReadLate(["asyncapi", "--schemas", registry], 1500);
    expect(printed.err).toBe("");
    expect(printed.code).toBe(0);
    expect(printed.out).toBe(document);
  }, 60_000);

  it.each([
    { given: "a usage error (--out is a folder)", args: (dir: string) => ["asyncapi", "--out", dir], want: 2 },
    { given: "an unknown command", args: () => ["no-such-command"], want: 2 },
    { given: "--version", args: () => ["--version"], want: 0 },
  ])("exits with the code the command returned: $given → $want", async ({ args, want }) => {
    const r = await runReadLate(args(tmp), 0);
    expect(r.code).toBe(want);
  });

  it("still runs exit listeners, and waits for the work a beforeExit listener starts", async () => {
    const marks = { exit: join(tmp, "exit-ran"), late: join(tmp, "before-exit-work-done") };
    const hook = join(tmp, "hook.mjs");
    // A once-listener is removed before it runs: the bin must see that it was there.
    writeFileSync(
      hook,
      `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(${JSON.stringify(marks.exit)}, "ran"));
process.once("beforeExit", () => setTimeout(() => writeFileSync(${JSON.stringify(marks.late)}, "done"), 300));
`,
    );
    const r = await runReadLate(["--version"], 0, ["--import", hook]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(marks.late)).toBe(true);
    expect(existsSync(marks.exit)).toBe(true);
  });
});
