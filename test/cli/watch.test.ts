/**
 * `jetschema generate --watch`, run as users run it (the bin, a child process): it generates,
 * regenerates after a schema is saved, reports a broken file without touching the output, picks
 * up a new event folder, and stops on SIGINT with exit 0.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { stopAllWatchers, watchProcess } from "../support/watch-process.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-watch-"));
afterAll(() => {
  stopAllWatchers();
  rmSync(tmp, { recursive: true, force: true });
});

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

describe("jetschema generate --watch", () => {
  it("regenerates after each save, survives a broken file, follows a new event, stops on SIGINT", async () => {
    const schemas = join(tmp, "schemas");
    const out = join(tmp, "out");
    cpSync("schemas", schemas, { recursive: true });
    const w = watchProcess(["--schemas", schemas, "--out", out, "--cache-dir", join(tmp, "cache")]);
    await w.waitFor(/watching .* for changes/, 0);
    const paused = join(out, "types/queue.paused.d.ts");
    expect(readFileSync(paused, "utf8")).not.toContain("note?: string");

    // A save regenerates.
    let mark = w.mark();
    editJson(join(schemas, "queue/paused/1.0.json"), (s) => {
      s.properties.note = { type: "string", maxLength: 40, description: "Added while watching." };
    });
    await w.waitFor(/generated \d+ files/, mark);
    expect(readFileSync(paused, "utf8")).toContain("note?: string");

    // A broken file is reported with its path; the output stays as it was.
    mark = w.mark();
    const before = readFileSync(paused, "utf8");
    writeFileSync(join(schemas, "queue/paused/1.0.json"), '{ "broken": ');
    await w.waitFor(/queue\/paused\/1\.0\.json:\d+:\d+: error: Every file is valid JSON/, mark);
    expect(readFileSync(paused, "utf8")).toBe(before);

    // Fixed again, and a new event folder (one the watcher has never seen) is followed too.
    mark = w.mark();
    editJson(join(schemas, "queue/resumed/1.0.json"), (s) => s);
    cpSync(join(schemas, "queue/resumed"), join(schemas, "queue/halted"), { recursive: true });
    writeFileSync(join(schemas, "queue/paused/1.0.json"), readFileSync("schemas/queue/paused/1.0.json", "utf8"));
    await w.waitFor(/generated \d+ files/, mark);
    await expect.poll(() => readFileSync(join(out, "index.d.ts"), "utf8"), { timeout: 30_000 }).toContain("queue.halted");
    expect(readFileSync(paused, "utf8")).not.toContain("note?: string");

    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 120_000);

  // Both within the default limits: the file's tuple (geo) sends its type to prettier, which overflowed.
  const nested = (levels: number, wrap: (inner: unknown) => unknown, inner: unknown) => {
    let deep = inner;
    for (let i = 0; i < levels; i++) deep = wrap(deep);
    return deep;
  };
  it.each([
    {
      given: "a const nested too deep",
      folder: "deep-const",
      route: { const: nested(200, (d) => ({ a: d }), 1) },
      error: /order\/placed\/1\.0\.json:\d+:\d+ at #\/properties\/route\/const: error: A const or enum value nests at most 64 levels: the value nests 200 levels deep/,
    },
    {
      given: "a type nested too deep",
      folder: "deep-type",
      route: nested(136, (d) => ({ type: "object", additionalProperties: d }), { type: "string" }),
      error: /order\/placed\/1\.0\.json:\d+:\d+ at #\/properties\/route(\/additionalProperties){32}: error: A TypeScript type nests at most 32 levels: the type nests 137 levels deep/,
    },
  ])("reports $given as the registry error it is, leaves the output, and goes on watching", async ({ folder, route, error }) => {
    const schemas = join(tmp, `${folder}/schemas`);
    const out = join(tmp, `${folder}/out`);
    cpSync("test/fixtures/good/features", schemas, { recursive: true });
    const w = watchProcess(["--schemas", schemas, "--out", out, "--no-cache"]);
    await w.waitFor(/watching .* for changes/, 0);
    const placed = join(out, "types/order.placed.d.ts");
    const before = readFileSync(placed, "utf8");
    const file = join(schemas, "order/placed/1.0.json");
    const original = readFileSync(file, "utf8");

    let mark = w.mark();
    editJson(file, (s) => (s.properties.route = route));
    await w.waitFor(error, mark);
    expect(w.output().slice(mark)).not.toMatch(/RangeError|jetschema failed|\n\s+at /);
    expect(readFileSync(placed, "utf8")).toBe(before);

    mark = w.mark();
    writeFileSync(file, original);
    await w.waitFor(/generated \d+ files/, mark);
    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 120_000);

  it("refuses --watch with --check", async () => {
    const err: string[] = [];
    const code = await main(["node", "jetschema", "generate", "--watch", "--check"], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/--watch and --check do not go together/);
  });
});
