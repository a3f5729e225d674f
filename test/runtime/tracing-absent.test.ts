/**
 * `@opentelemetry/api` is an optional peer dependency: a service that does not install it must
 * publish and consume without an error. The runtime (its built dist) and the generated package are
 * copied into a temporary directory outside the repository, next to the NATS client and ajv only,
 * and a script run there publishes and consumes on a real nats-server.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { folderPerFile, serverPerFile } from "../support/per-file.js";

const run = promisify(execFile);
const server = serverPerFile();
const dir = folderPerFile("jetschema-no-otel-");

beforeAll(async () => {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@jetschema", "runtime"), { recursive: true });
  cpSync(resolve("runtime/package.json"), join(modules, "@jetschema/runtime/package.json"));
  cpSync(resolve("runtime/dist"), join(modules, "@jetschema/runtime/dist"), { recursive: true });
  mkdirSync(join(modules, "@waitingroom"), { recursive: true });
  cpSync(resolve("generated"), join(modules, "@waitingroom/events"), { recursive: true });
  for (const dep of ["@nats-io", "ajv", "ajv-formats"]) symlinkSync(resolve("node_modules", dep), join(modules, dep));
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
  const { stdout, stderr } = await run(process.execPath, ["service.mjs", server().url], { cwd: dir, timeout: 30_000 });
  expect(stderr).toBe("");
  expect(JSON.parse(stdout)).toEqual({ apiInstalled: false, handled: 1, traceparent: false });
});
