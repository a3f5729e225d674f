/**
 * `jetschema validate` over many documents in one process, run as a user runs it (the real
 * bin/jetschema.js): several files, NDJSON files and NDJSON on stdin (`--ndjson -`); a result per
 * document, a summary, exit 1 when any is invalid.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-validate-many-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function jetschema(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/jetschema.js", ...args], { encoding: "utf8", ...(input !== undefined ? { input } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const admitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };
const event = (data: unknown) => ({ id: "evt-1", version: "1.0", type: "position.admitted", timestamp: "2024-01-01T12:05:00Z", source: "waitingroom-api", queue_id: "q", data });
const ndjson = (...docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join("\n") + "\n";

const CASES: Array<{ name: string; args: () => string[]; input?: string; code: number; out: RegExp[]; err: RegExp[] }> = [
  {
    name: "many valid files: a result each and a summary, exit 0",
    args: () => ["validate", "position.admitted@1", file("a.json", JSON.stringify(admitted)), file("b.json", JSON.stringify({ ...admitted, position_id: "pos-2" }))],
    code: 0,
    out: [/a\.json is a valid position\.admitted 1\.1 payload/, /b\.json is a valid position\.admitted 1\.1 payload/, /^2 documents: 2 valid, 0 invalid$/m],
    err: [],
  },
  {
    name: "one invalid file among valid ones: every file still checked, exit 1",
    args: () => ["validate", "position.admitted@1", file("ok.json", JSON.stringify(admitted)), file("bad.json", JSON.stringify({ ...admitted, wait_time_seconds: -1 })), file("ok2.json", JSON.stringify(admitted))],
    code: 1,
    out: [/ok\.json is a valid/, /ok2\.json is a valid/, /^3 documents: 2 valid, 1 invalid$/m],
    err: [/bad\.json#\/wait_time_seconds: must be >= 0/],
  },
  {
    name: "a missing file and a syntax error are invalid documents, named, the rest checked",
    args: () => ["validate", "position.admitted@1", join(tmp, "nope.json"), file("syntax.json", "{\n  \"a\": 1,\n}\n"), file("fine.json", JSON.stringify(admitted))],
    code: 1,
    out: [/fine\.json is a valid/, /^3 documents: 1 valid, 2 invalid$/m],
    err: [/cannot read .*nope\.json/, /syntax\.json:3:1: invalid JSON/],
  },
  {
    name: "NDJSON on stdin: a result per line, named stdin:<line>, blank lines skipped",
    args: () => ["validate", "--ndjson", "position.admitted@1", "-"],
    input: ndjson(admitted, { ...admitted, session_id: 7 }) + "\n" + JSON.stringify(admitted) + "\n",
    code: 1,
    out: [/stdin:1 is a valid position\.admitted 1\.1 payload/, /stdin:4 is a valid/, /^3 documents: 2 valid, 1 invalid$/m],
    err: [/stdin:2#\/session_id: must be string/],
  },
  {
    name: "NDJSON of whole events with --envelope, from a file; a broken line names its line and column",
    args: () => ["validate", "--ndjson", "--envelope", "position.admitted", file("events.ndjson", ndjson(event(admitted), event(admitted)) + "{ not json\n")],
    code: 1,
    out: [/events\.ndjson:1 is a valid position\.admitted 1\.0 event/, /events\.ndjson:2 is a valid/, /^3 documents: 2 valid, 1 invalid$/m],
    err: [/events\.ndjson:3:3: /],
  },
  {
    name: "one JSON document on stdin without --ndjson",
    args: () => ["validate", "position.admitted@1", "-"],
    input: JSON.stringify(admitted, null, 2),
    code: 0,
    out: [/stdin is a valid position\.admitted/],
    err: [],
  },
  {
    name: "a single file prints no summary, as before",
    args: () => ["validate", "position.admitted@1", file("single.json", JSON.stringify(admitted))],
    code: 0,
    out: [/single\.json is a valid/],
    err: [],
  },
];

describe("jetschema validate, many documents", () => {
  it.each(CASES)("$name", ({ args, input, code, out, err }) => {
    const r = jetschema(args(), input);
    expect({ code: r.code, err: r.err }).toMatchObject({ code });
    for (const re of out) expect(r.out).toMatch(re);
    for (const re of err) expect(r.err).toMatch(re);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("a single file prints no summary", () => {
    const r = jetschema(["validate", "position.admitted@1", file("alone.json", JSON.stringify(admitted))]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/documents:/);
  });

  it("stdin may be named once", () => {
    const r = jetschema(["validate", "position.admitted", "-", "-"], "{}");
    expect(r.code).toBe(2);
    expect(r.err).toContain("stdin (-) can be read once");
  });

  it("checks 2000 NDJSON lines in one process, in far less time than 2000 processes", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => ({ ...admitted, position_id: `pos-${i}` }));
    const started = Date.now();
    const r = jetschema(["validate", "--ndjson", "position.admitted@1", "-"], ndjson(...lines));
    const took = Date.now() - started;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2000 documents: 2000 valid, 0 invalid$/m);
    // One process start and registry check (~1 s on this registry) plus microseconds per line.
    expect(took).toBeLessThan(30_000);
  });
});
