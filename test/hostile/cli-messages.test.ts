/**
 * Misleading messages and crashes of the CLI verbs, through the built bin against the flagship
 * registry (schemas/) and, for the server verbs, a real nats-server: each case is the exit code
 * and the words a user needs, never a stack trace.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";
import { folderPerFile, serverPerFile } from "../support/per-file.js";

const tmp = folderPerFile(".tmp-hostile-cli-", join(REPO_ROOT, "test"));
beforeAll(() => assertBuilt());
const server = serverPerFile();

const admitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };
function envelope(overrides: Record<string, unknown>): Record<string, unknown> {
  return { id: "e-1", type: "position.admitted", timestamp: "2025-01-01T00:00:00Z", version: "1.0", source: "t", queue_id: "q", data: admitted, ...overrides };
}
function file(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

interface Case {
  given: string;
  args: () => string[];
  want: { code: number; stderr?: RegExp; notStderr?: RegExp; stdout?: RegExp };
}

const CASES: Case[] = [
  {
    given: "validate --envelope on an event naming version 9.0",
    args: () => ["validate", "--envelope", "position.admitted", file("v9.json", envelope({ version: "9.0" }))],
    want: { code: 1, stderr: /position\.admitted has no version 9\.0 \(the version the event names\); versions: 1\.0, 1\.1/, notStderr: /undefined/ },
  },
  {
    given: "validate --envelope position.admitted on an event of type queue.paused",
    args: () => ["validate", "--envelope", "position.admitted", file("paused.json", envelope({ type: "queue.paused" }))],
    want: { code: 1, stderr: /#\/type: the event's type is "queue\.paused", not position\.admitted's \("position\.admitted"\)/ },
  },
  {
    given: "validate on a payload whose enum value is wrong",
    args: () => ["validate", "position.expired", file("enum.json", { position_id: "p", reason: "bored", wait_time_seconds: 1, queue_length_after: 1 })],
    want: { code: 1, stderr: /#\/reason: must be equal to one of the allowed values \[.*\], got "bored"/ },
  },
  {
    given: "dlq replay --event no.such.event",
    args: () => ["dlq", "replay", "--server", server().url, "--event", "no.such.event"],
    want: { code: 2, stderr: /unknown event "no\.such\.event"; events: .*position\.admitted/ },
  },
  {
    given: "dlq list --event no.such.event",
    args: () => ["dlq", "list", "--server", server().url, "--event", "no.such.event"],
    want: { code: 2, stderr: /unknown event "no\.such\.event"/ },
  },
  {
    given: "dlq list --since 99999999999d",
    args: () => ["dlq", "list", "--server", server().url, "--since", "99999999999d"],
    want: { code: 2, stderr: /Invalid --since "99999999999d": it reaches back before the earliest time a date can hold/ },
  },
  {
    given: "streams apply of replicas 3 on a single server",
    args: () => ["streams", "apply", "--server", server().url],
    want: { code: 1, stderr: /replicas 3 but the server has 1 node; pass --replicas 1/, notStderr: /ensureStreams/ },
  },
  {
    given: "streams diff of replicas 3 on a single server",
    args: () => ["streams", "diff", "--server", server().url],
    want: { code: 1, notStderr: /ensureStreams/ },
  },
];

describe.each(CASES)("given $given", (c) => {
  it(`exits ${c.want.code} with the words a user needs`, async () => {
    const r = await runBin(c.args());
    expect(r.code, r.stdout + r.stderr).toBe(c.want.code);
    if (c.want.stderr) expect(r.stderr).toMatch(c.want.stderr);
    if (c.want.notStderr) expect(r.stdout + r.stderr).not.toMatch(c.want.notStderr);
    if (c.want.stdout) expect(r.stdout).toMatch(c.want.stdout);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe("given dlq list piped into a reader that stops at once (| head -c 0)", () => {
  it("ends quietly with exit 0 on EPIPE, no stack", async () => {
    expect((await runBin(["streams", "apply", "--server", server().url, "--replicas", "1"])).code).toBe(0);
    // bash: the pipeline's first exit code, and the bin's stderr, after head has closed the pipe.
    const script = `"${process.execPath}" "${BIN}" dlq list --server ${server().url} 2>"${tmp}/stderr" | head -c 0; echo "\${PIPESTATUS[0]}"`;
    const code = await new Promise<string>((done) => {
      const child = spawn("bash", ["-c", script], { cwd: REPO_ROOT });
      let out = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString()));
      child.on("close", () => done(out.trim()));
    });
    const stderr = readFileSync(join(tmp, "stderr"), "utf8");
    expect(stderr).not.toMatch(/EPIPE|STACK/);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe("0");
  });
});

export const CASE_COUNT = CASES.length + 1;
