/**
 * registry.json accepts exactly the durations and sizes the runtime reads (runtime/src/base/durations.ts,
 * the one parser): what `jetschema check` accepts, ensureStreams can provision, and what it
 * refuses is refused at check time with the runtime's own reason, never at deploy time.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDuration, parseSize } from "@jetschema/runtime";
import { RegistryError } from "../../generator/base/diagnostics.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-units-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The check's verdict on one value of one field: undefined when accepted, else the messages. */
function check(place: "stream" | "consumer", field: string, value: unknown): string | undefined {
  const dir = mkdtempSync(join(tmp, "r-"));
  cpSync("test/fixtures/bad/registry-bad-duration/schemas", dir, { recursive: true });
  const registry = JSON.parse(readFileSync(join(dir, "registry.json"), "utf8"));
  registry.streams.SHOP = { subjects: ["shop.>"] };
  if (place === "stream") registry.streams.SHOP[field] = value;
  else registry.consumers = { reader: { stream: "SHOP", [field]: value } };
  writeFileSync(join(dir, "registry.json"), JSON.stringify(registry, null, 2));
  try {
    checkRegistryAt(dir);
    return undefined;
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    return err.message;
  }
}

const runtimeReads = (parse: (v: string | number) => number, value: string | number) => {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
};

const durations: Array<string | number> = ["500ms", "30s", "5m", "168h", "30d", "1w", "1h30m", "1.5s", "2W", "30S", 90_000, "5 minutes", "1x", "h", "", "1h 30m", "-1s"];
const sizes: Array<string | number> = ["1GB", "512MB", "512KiB", "1K", "2 MB", "1.5GB", "1TiB", 1024, -1, "1.5B", "1 gigabyte", "MB", "", "-5MB"];

describe("durations in registry.json are what the runtime parses", () => {
  it.each(durations.flatMap((v) => [["stream", "max_age", v] as const, ["consumer", "ack_wait", v] as const]))("%s %s %j", (place, field, value) => {
    const verdict = check(place, field, value);
    const reads = runtimeReads(parseDuration, value);
    expect(verdict === undefined, `runtime ${reads ? "reads" : "refuses"} ${JSON.stringify(value)}; check said: ${verdict ?? "ok"}`).toBe(reads);
  });
});

describe("sizes in registry.json are what the runtime parses", () => {
  it.each(sizes.map((v) => ["stream", "max_bytes", v] as const))("%s %s %j", (place, field, value) => {
    const verdict = check(place, field, value);
    const reads = runtimeReads(parseSize, value);
    expect(verdict === undefined, `runtime ${reads ? "reads" : "refuses"} ${JSON.stringify(value)}; check said: ${verdict ?? "ok"}`).toBe(reads);
  });
});

describe("a value only the runtime can judge is refused with its reason", () => {
  it("a size that is not a whole number of bytes names the file, pointer and the runtime's reason", () => {
    expect(check("stream", "max_bytes", "1.5B")).toMatch(/registry\.json:\d+:\d+ at #\/streams\/SHOP\/max_bytes: error: .*not a whole number of bytes/);
  });

  it("each backoff step is checked", () => {
    expect(check("consumer", "backoff", ["1s", "1w", "2h30m"])).toBeUndefined();
    expect(check("consumer", "backoff", ["1s", "soon"])).toMatch(/#\/consumers\/reader\/backoff\/1/);
  });
});
