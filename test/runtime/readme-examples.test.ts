/**
 * The README's code runs as printed: the tour's step 1 (publish) and "Consume events" are
 * extracted from README.md and run as plain Node ESM against a real nats-server on a free port.
 * The only change made is the server address (`127.0.0.1:4222` → the test server's).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEvents } from "@waitingroom/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useJetStream } from "../support/use-jetstream.js";

const README = readFileSync("README.md", "utf8");
const PRINTED_ADDRESS = "127.0.0.1:4222";
const tmp = join(process.cwd(), "test", `.tmp-readme-${process.pid}`);

// A fresh server per example: each starts from an empty JetStream, as a reader would.
const nats = useJetStream({ perTest: true });

beforeAll(() => mkdirSync(tmp, { recursive: true }));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The first ```ts block after `marker` in the README. */
function snippetAfter(marker: string): string {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const block = /```ts\n([\s\S]*?)```/.exec(README.slice(at));
  if (!block?.[1]) throw new Error(`no ts block after "${marker}" in README.md`);
  return block[1];
}

interface Running {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs the snippet as an .mjs file inside the repository, so package imports resolve. */
function runSnippet(name: string, code: string): Running {
  expect(code).toContain(PRINTED_ADDRESS);
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(file, code.replaceAll(PRINTED_ADDRESS, `${nats.server.host}:${nats.server.port}`));
  const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, exited, kill: (s) => void child.kill(s) };
}

async function until(check: () => boolean | Promise<boolean>, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("README examples run as printed", () => {
  it("tour step 1: publish with the generated package", async () => {
    const run = runSnippet("tour-publish", snippetAfter("**1. Use the generated package.**"));
    const code = await run.exited;
    expect(run.stderr()).toBe("");
    expect(code).toBe(0);
    expect(run.stdout().trim()).toBe("POSITION_EVENTS 1 false waitingroom.position.admitted.v1");
  });

  it("Consume events: handles what is published, and stops gracefully on SIGTERM", async () => {
    const run = runSnippet("consume", snippetAfter("## Consume events"));
    try {
      const events = createEvents(nats.nc, { source: "readme-test" });
      const jsm = await events.jsm();
      // The snippet provisions (ensureStreams) and starts consuming; wait for its consumer.
      await until(
        async () => (await jsm.consumers.info("POSITION_EVENTS", "analytics-processor").catch(() => undefined))?.num_waiting === 1,
        () => `the snippet's consumer to pull (stderr: ${run.stderr()})`,
      );
      await events.publishPositionAdmitted({ position_id: "pos-7", session_id: "s", wait_time_seconds: 5, queue_length_after: 3 });
      await events.publishPositionAdmittedV2({ position_id: "pos-8", session_id: "s", wait_time_ms: 5_000, queue_length: 3 });
      await events.publishPositionExpired({ position_id: "pos-9", reason: "heartbeat_timeout", wait_time_seconds: 60, queue_length_after: 2 });
      await until(() => run.stdout().trim().split("\n").length >= 3, () => `3 lines (stdout: ${run.stdout()}, stderr: ${run.stderr()})`);

      run.kill("SIGTERM");
      const code = await run.exited;
      expect(run.stderr()).toBe("");
      expect(code).toBe(0);
      expect(run.stdout().trim().split("\n")).toEqual([
        "admitted pos-7 version 1.1",
        "admitted pos-8 version 2.0",
        "expired pos-9 heartbeat_timeout",
      ]);
      const info = await jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    } finally {
      run.kill("SIGKILL");
    }
  });
});
