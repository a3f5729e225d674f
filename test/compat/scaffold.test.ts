/**
 * `jetschema new` and `jetschema bump` on a copy of the flagship registry: what they write, that
 * the registry passes check afterwards, and that a request they cannot satisfy writes nothing.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runCheck } from "../../generator/check-run.js";
import { generate } from "../../generator/generate-run.js";
import { readTree } from "../support/tree.js";
import { run, tempDir } from "./support.js";

const tmp = tempDir("scaffold");
const schemas = join(tmp, "schemas");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(schemas, { recursive: true, force: true });
  cpSync("schemas", schemas, { recursive: true });
});

const read = (file: string) => readFileSync(join(schemas, file), "utf8");
const json = (file: string) => JSON.parse(read(file));
const clean = () => runCheck(schemas).diagnostics.filter((d) => d.severity === "error");

describe("jetschema new", () => {
  it("scaffolds 1.0 with an example in a domain a stream already captures", async () => {
    const r = await run("new", "position.moved", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(r.out).toContain("subject waitingroom.position.moved.v1, stream POSITION_EVENTS");
    const schema = json("position/moved/1.0.json");
    expect(schema).toMatchObject({ title: "Position Moved", type: "object", examples: [{}] });
    expect(clean()).toEqual([]);
  });

  it("when no stream captures the subject, it names the stream to extend, exits 1 and writes nothing", async () => {
    const before = readTree(schemas);
    const r = await run("new", "billing.invoice.sent", "--schemas", schemas);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no stream in registry.json captures "waitingroom.billing.invoice.sent.v1"');
    expect(r.err).toMatch(/jetschema new billing\.invoice\.sent --stream [A-Z_]+/);
    expect(readTree(schemas)).toEqual(before);
  });

  it("--stream appends the subject to that stream, keeping registry.json's layout, and check passes", async () => {
    const before = read("registry.json");
    const r = await run("new", "billing.invoice.sent", "--schemas", schemas, "--stream", "QUEUE_EVENTS");
    expect(r.code).toBe(0);
    expect(r.out).toContain('added "waitingroom.billing.invoice.sent.v1" to stream QUEUE_EVENTS');
    const after = read("registry.json");
    expect(json("registry.json").streams.QUEUE_EVENTS.subjects).toEqual(["waitingroom.queue.*.v1", "waitingroom.billing.invoice.sent.v1"]);
    // Only the inserted line differs.
    expect(after.split("\n").length).toBe(before.split("\n").length + 1);
    expect(clean()).toEqual([]);
  });

  it("the scaffold generates a package", async () => {
    expect((await run("new", "position.moved", "--schemas", schemas)).code).toBe(0);
    const out = join(tmp, "out");
    await generate({ schemas, out });
    expect(readFileSync(join(out, "types/position.moved.d.ts"), "utf8")).toContain("PositionMoved");
  });

  it("refuses an existing event and a bad name (exit 1), and an unknown stream (exit 2)", async () => {
    const exists = await run("new", "position.admitted", "--schemas", schemas);
    expect(exists.code).toBe(1);
    expect(exists.err).toContain("already exists");
    expect((await run("new", "Position.Moved", "--schemas", schemas)).code).toBe(1);
    expect((await run("new", "defs.money", "--schemas", schemas)).code).toBe(1);
    const unknown = await run("new", "billing.sent", "--schemas", schemas, "--stream", "NOPE");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown stream "NOPE"; streams: POSITION_EVENTS');
  });

  it("refuses --stream that would make two streams capture the subject", async () => {
    const r = await run("new", "position.moved", "--schemas", schemas, "--stream", "QUEUE_EVENTS");
    expect(r.code).toBe(1);
    expect(r.err).toContain("already captured by stream POSITION_EVENTS");
    expect(existsSync(join(schemas, "position/moved"))).toBe(false);
  });
});

describe("jetschema bump", () => {
  it("--minor copies the latest minor byte for byte; check passes", async () => {
    const r = await run("bump", "session.started", "--minor", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(r.out).toContain("session.started 1.2, a copy of 1.1");
    expect(read("session/started/1.2.json")).toBe(read("session/started/1.1.json"));
    expect(clean()).toEqual([]);
  });

  it("event@major bumps the minor of an older major", async () => {
    const r = await run("bump", "position.admitted@1", "--minor", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(read("position/admitted/1.2.json")).toBe(read("position/admitted/1.1.json"));
  });

  it("--major starts the next major and extends the previous major's stream by the analogous pattern", async () => {
    const r = await run("bump", "session.started", "--major", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(r.out).toContain("session.started 2.0, a copy of 1.1 (subject waitingroom.session.started.v2, stream SESSION_EVENTS)");
    expect(json("registry.json").streams.SESSION_EVENTS.subjects).toEqual(["waitingroom.session.*.v1", "waitingroom.session.*.v2"]);
    expect(json("session/started/2.0.json").properties).toEqual(json("session/started/1.1.json").properties);
    expect(clean()).toEqual([]);
  });

  it("--major on an event with two majors derives the next pattern from the latest one", async () => {
    const r = await run("bump", "position.admitted", "--major", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(json("registry.json").streams.POSITION_EVENTS.subjects).toEqual(["waitingroom.position.*.v1", "waitingroom.position.*.v2", "waitingroom.position.*.v3"]);
    expect(json("position/admitted/3.0.json").required).toEqual(json("position/admitted/2.0.json").required);
    expect(clean()).toEqual([]);
  });

  it("--major drops deprecated from the copy", async () => {
    const path = join(schemas, "queue/paused/1.0.json");
    const text = read("queue/paused/1.0.json").replace('"type": "object",', '"type": "object",\n  "deprecated": true,');
    writeFileSync(path, text);
    const r = await run("bump", "queue.paused", "--major", "--schemas", schemas);
    expect(r.code).toBe(0);
    expect(json("queue/paused/2.0.json").deprecated).toBeUndefined();
  });

  it("needs exactly one of --minor and --major (exit 2); an unknown event exits 2", async () => {
    expect((await run("bump", "session.started", "--schemas", schemas)).code).toBe(2);
    expect((await run("bump", "session.started", "--minor", "--major", "--schemas", schemas)).code).toBe(2);
    const r = await run("bump", "session.begun", "--minor", "--schemas", schemas);
    expect(r.code).toBe(2);
    expect(r.err).toContain("jetschema new session.begun");
  });

  it("after a bump, a breaking edit of the new minor fails check and the fix points at the next major", async () => {
    expect((await run("bump", "session.started", "--minor", "--schemas", schemas)).code).toBe(0);
    const file = join(schemas, "session/started/1.2.json");
    const doc = json("session/started/1.2.json");
    doc.required.push("user_agent");
    doc.examples = [doc.examples[1]];
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const r = await run("check", "--schemas", schemas);
    expect(r.code).toBe(1);
    expect(r.err).toContain("session/started/1.2.json");
    expect(r.err).toContain("A property became required without a default (BACKWARD)");
    expect(r.err).toContain("publish it as 2.0, on subject waitingroom.session.started.v2");
  });
});
