/**
 * `@opentelemetry/api` is an optional peer dependency: a service that does not install it must
 * publish and consume without an error. The runtime (its built dist) and the generated package are
 * copied into a temporary directory outside the repository, next to the NATS client and ajv only,
 * and a script run there publishes and consumes on a real nats-server.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";

const run = promisify(execFile);
let server: NatsServer;
let dir: string;

beforeAll(async () => {
  server = await startNatsServer();
  dir = mkdtempSync(join(tmpdir(), "jetschema-no-otel-"));
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@jetschema", "runtime"), { recursive: true });
  cpSync(resolve("runtime/package.json"), join(modules, "@jetschema/runtime/package.json"));
  cpSync(resolve("runtime/dist"), join(modules, "@jetschema/runtime/dist"), { recursive: true });
  mkdirSync(join(modules, "@waitingroom"), { recursive: true });
  cpSync(resolve("generated"), join(modules, "@waitingroom/events"), { recursive: true });
  for (const dep of ["@nats-io", "ajv", "ajv-formats"]) symlinkSync(resolve("node_modules", dep), join(modules, dep));
});

afterAll(async () => {
  await server?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("publishes and consumes without @opentelemetry/api installed", async () => {
  writeFileSync(
    join(dir, "service.mjs"),
    `import { connect } from "@nats-io/transport-node";
import { createEvents } from "@waitingroom/events";
let apiInstalled = true;
try { await import("@opentelemetry/api"); } catch { apiInstalled = false; }
const nc = await connect({ servers: process.argv[2] });
const events = createEvents(nc, { source: "no-otel" });
await events.ensureStreams({ replicas: 1 });
const ack = await events.publishPositionAdmitted({ position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 3, queue_length_after: 1 }, { queue_id: "q" });
const stored = await (await events.jsm()).streams.getMessage(ack.stream, { seq: ack.seq });
let handled = 0;
const running = await events.consume("analytics-processor", { "position.admitted": () => { handled++; } });
while (handled === 0) await new Promise((r) => setTimeout(r, 20));
await running.stop();
await nc.close();
console.log(JSON.stringify({ apiInstalled, handled, traceparent: stored.header.has("traceparent") }));
`,
  );
  const { stdout, stderr } = await run(process.execPath, ["service.mjs", server.url], { cwd: dir, timeout: 30_000 });
  expect(stderr).toBe("");
  expect(JSON.parse(stdout)).toEqual({ apiInstalled: false, handled: 1, traceparent: false });
});
