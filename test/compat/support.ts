/** Small registries on disk for the compatibility suites. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../generator/cli/main.js";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { loadRegistry } from "../../generator/load/load-registry.js";
import { buildModel, type RegistryModel } from "../../generator/model/registry-model.js";
import { resolveRefs } from "../../generator/resolve/resolve-refs.js";

export const DRAFT7 = "http://json-schema.org/draft-07/schema#";
export const DRAFT2020 = "https://json-schema.org/draft/2020-12/schema";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `jetschema-${prefix}-`));
}

export function writeJson(root: string, file: string, value: unknown): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

export const ENVELOPE = {
  $schema: DRAFT7,
  type: "object",
  required: ["id", "type", "timestamp", "version", "source", "data"],
  properties: {
    id: { type: "string" },
    type: { type: "string" },
    timestamp: { type: "string" },
    version: { type: "string" },
    source: { type: "string" },
    data: { type: "object" },
  },
};

export function registryJson(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    namespace: "shop",
    package: { name: "@shop/events" },
    streams: { ORDER_EVENTS: { subjects: ["shop.order.*.v1"] } },
    ...extra,
  };
}

/** Rewrites a JSON file of a registry through `change`. */
export function editJson(root: string, file: string, change: (json: any) => void): void {
  const path = join(root, file);
  const json = JSON.parse(readFileSync(path, "utf8"));
  change(json);
  writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
}

/** Writes a registry: registry.json, the envelope, and `files` (path → JSON). */
export function writeRegistry(root: string, files: Record<string, unknown>, registry: Record<string, unknown> = registryJson()): void {
  writeJson(root, "registry.json", registry);
  writeJson(root, "envelope.schema.json", ENVELOPE);
  for (const [file, value] of Object.entries(files)) writeJson(root, file, value);
}

/** Load, resolve and model (no lint): what compareVersions needs. */
export function loadModel(root: string): RegistryModel {
  const d = new Diagnostics();
  const loaded = loadRegistry(root, d);
  const resolved = resolveRefs(loaded, d);
  d.throwIfErrors(root);
  return buildModel(resolved);
}

export async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=jetschema", "-c", "user.email=jetschema@example.invalid", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A valid version file around `props` (open content model unless `extra` says otherwise). */
export function version(props: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $schema: DRAFT7, title: "T", type: "object", properties: props, ...extra };
}
