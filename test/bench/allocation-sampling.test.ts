/**
 * bench/allocation-sampling.mjs: a process run with the preload leaves, as it exits, one profile
 * whose samples name the function that allocated, garbage included: a function whose arrays are
 * all dropped at once (collected by scavenges before the exit) still shows with their bytes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-allocation-sampling-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ProfileNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: ProfileNode[];
}

/** Bytes sampled in frames named `name`. */
function bytesOf(node: ProfileNode, name: string): number {
  return (node.callFrame.functionName === name ? node.selfSize : 0) + node.children.reduce((sum, child) => sum + bytesOf(child, name), 0);
}

describe("allocation sampling", () => {
  // ~40 MB of short-lived arrays, far more than a young generation holds: most are collected before the exit.
  const program = "function makesGarbage() { let n = 0; for (let i = 0; i < 200000; i++) n += new Array(24).fill(i).length; return n; } makesGarbage();";
  execFileSync(process.execPath, ["--import", resolve("bench/allocation-sampling.mjs"), "-e", program], { env: { ...process.env, ALLOCATION_PROFILE_DIR: tmp } });
  const files = readdirSync(tmp);

  it("writes one profile per process", () => {
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^allocation-\d+\.heapprofile$/);
  });

  it("counts the collected allocations of the function that made them", () => {
    const profile = JSON.parse(readFileSync(join(tmp, files[0]!), "utf8")) as { head: ProfileNode };
    expect(bytesOf(profile.head, "makesGarbage")).toBeGreaterThan(20 * 1024 * 1024);
  });
});
