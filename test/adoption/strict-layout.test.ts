/**
 * A service in pnpm's strict layout: it depends on the generated package alone, which reaches
 * @jetschema/runtime from the store, where the service cannot resolve it. Laid out by hand (links
 * into a `.pnpm` store inside the service's node_modules, as pnpm does; no registry needed) from
 * this checkout's generated/ and runtime/dist/.
 *
 * With `declaration: true`, a function returning what a helper returns must be declared with a
 * type TypeScript can name from the service: without the runtime's types exported by the
 * generated package it fails with TS2742 ("cannot be named without a reference to
 * '.pnpm/…/@jetschema/runtime'"). The runtime's values (errors, idempotency stores) come from the
 * package's `./runtime` subpath, the same module the client throws from.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TSC = resolve("node_modules/typescript/bin/tsc");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-strict-layout-"));
const service = join(tmp, "service");
const store = join(service, "node_modules", ".pnpm", "waitingroom-events", "node_modules");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A link at `path` to `target`, relative as pnpm makes them. */
function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}

beforeAll(() => {
  // The store: the package and its dependencies side by side, none of them hoisted to the service.
  cpSync(resolve("generated"), join(store, "@waitingroom", "events"), { recursive: true });
  cpSync(resolve("runtime", "package.json"), join(store, "@jetschema", "runtime", "package.json"));
  cpSync(resolve("runtime", "dist"), join(store, "@jetschema", "runtime", "dist"), { recursive: true });
  for (const dep of ["@nats-io", "ajv", "ajv-formats"]) link(resolve("node_modules", dep), join(store, dep));
  // The service's own dependencies: the package (a link into the store) and nats.js.
  link(join(store, "@waitingroom", "events"), join(service, "node_modules", "@waitingroom", "events"));
  link(resolve("node_modules", "@nats-io"), join(service, "node_modules", "@nats-io"));
  writeFileSync(join(service, "package.json"), JSON.stringify({ type: "module", dependencies: { "@waitingroom/events": "1.0.0", "@nats-io/transport-node": "^3.4.0" } }));
});

const SERVICE = `import type { NatsConnection } from "@nats-io/transport-node";
import { createEvents, type MessageContext } from "@waitingroom/events";
import { kvStore, lruStore, PublishError, ValidationError } from "@waitingroom/events/runtime";

const admitted = { position_id: "p-1", session_id: "s-1", wait_time_seconds: 1, queue_length_after: 0 };

export function admit(nc: NatsConnection) {
  return createEvents(nc, { source: "svc" }).publishPositionAdmitted(admitted, { queue_id: "q" });
}

export function provision(nc: NatsConnection) {
  return createEvents(nc, { source: "svc" }).ensureStreams();
}

export function read(nc: NatsConnection) {
  return createEvents(nc, { source: "svc" }).consume(
    "analytics-processor",
    { "position.admitted": (event, ctx: MessageContext) => void [event.data.position_id, ctx.subject] },
    { idempotency: { store: lruStore() } },
  );
}

export function failed(err: unknown) {
  return err instanceof ValidationError ? err.issues : err instanceof PublishError ? err.message : undefined;
}

export const stores = [kvStore, lruStore];
`;

describe("a service in a strict (pnpm) layout", () => {
  it("cannot resolve @jetschema/runtime itself (the layout is strict)", () => {
    const out = spawnSync(process.execPath, ["--input-type=module", "-e", 'await import("@jetschema/runtime")'], { cwd: service, encoding: "utf8" });
    expect(out.stderr).toMatch(/Cannot find package '@jetschema\/runtime'/);
  });

  it("declares every exported function's inferred type through the package (no TS2742)", () => {
    writeFileSync(join(service, "service.ts"), SERVICE);
    const options = { strict: true, module: "nodenext", target: "es2022", declaration: true, emitDeclarationOnly: true, outDir: "out", skipLibCheck: true, types: [] };
    writeFileSync(join(service, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["service.ts"] }));
    const tsc = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: service, encoding: "utf8" });
    expect(tsc.stdout).toBe("");
    const declared = readFileSync(join(service, "out", "service.d.ts"), "utf8");
    expect(declared).toContain('Promise<import("@waitingroom/events").PublishAck>');
    expect(declared).toContain('Promise<import("@waitingroom/events").ApplyResult>');
    expect(declared).toContain('Promise<import("@waitingroom/events").RunningConsumer>');
    expect(declared).not.toMatch(/@jetschema\/runtime/);
  });

  it("gets the runtime's values from the package's ./runtime, the module its client throws from", () => {
    const script = `
      import * as runtime from "@waitingroom/events/runtime";
      import { createRequire } from "node:module";
      const own = createRequire(import.meta.resolve("@waitingroom/events"))("@jetschema/runtime");
      console.log(JSON.stringify({
        same: Object.keys(own).filter((k) => runtime[k] !== own[k]),
        named: ["ValidationError", "PublishError", "kvStore", "lruStore"].map((k) => typeof runtime[k]),
      }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: service, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ same: [], named: ["function", "function", "function", "function"] });
  });
});
