/**
 * The package.json files this project ships, read as npm reads them. JSON.parse (and so npm)
 * keeps the last of two equal keys without a word: a second `peerDependencies` block once
 * dropped the runtime's peer dependency on nats.js, which the runtime imports values from
 * (`headers`, `Match`), and nothing failed. Each manifest is parsed by the generator's own strict
 * loader, which names a duplicate key with its pointer, and what the packs promise is checked.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../generator/load/json-file.js";

const MANIFESTS = ["package.json", "runtime/package.json", "generated/package.json"];

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifest(file: string): Manifest {
  const parsed = parseJson(file, readFileSync(file, "utf8"));
  if (!("value" in parsed)) throw new Error(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}`);
  return parsed.value as Manifest;
}

describe("shipped package manifests", () => {
  it.each(MANIFESTS)("%s parses strictly, with no key given twice", (file) => {
    expect(() => manifest(file)).not.toThrow();
  });

  it("the strict parse does catch a key given twice (the check can fail)", () => {
    const text = '{ "peerDependencies": { "a": "1" }, "peerDependencies": { "b": "2" } }';
    expect(parseJson("package.json", text)).toMatchObject({ message: expect.stringMatching(/duplicate/i) });
  });

  it("the runtime declares nats.js (required) and the OpenTelemetry API (optional) as peers, at ranges the repository's own installs satisfy", () => {
    const runtime = manifest("runtime/package.json");
    const root = manifest("package.json");
    expect(Object.keys(runtime.peerDependencies ?? {}).sort()).toEqual(["@nats-io/transport-node", "@opentelemetry/api"]);
    expect(runtime.peerDependenciesMeta).toEqual({ "@opentelemetry/api": { optional: true } });
    // The root installs the copies the runtime is built and tested against.
    const installed = { ...root.dependencies, ...root.devDependencies };
    expect(installed["@nats-io/transport-node"]).toBe(runtime.peerDependencies!["@nats-io/transport-node"]);
    expect(installed["@opentelemetry/api"]).toBeDefined();
  });
});
