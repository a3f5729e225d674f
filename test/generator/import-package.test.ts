/**
 * The committed package works as plain Node ESM with no build step, and importing it compiles no
 * schema: every validator is a precompiled function.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";

function node(script: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
}

describe("the generated package in plain Node", () => {
  it("imports by package name and exposes subjects, streams, the registry and createEvents", () => {
    const out = node(`
      import * as events from "@waitingroom/events";
      console.log(JSON.stringify({
        createEvents: typeof events.createEvents,
        admitted: events.subjects.position.admitted.v1,
        admittedV2: events.subjects.position.admitted.v2,
        filter: events.subjectFilters["waitingroom.position"],
        stream: events.streams.POSITION_EVENTS.subjects,
        consumer: events.consumers["analytics-processor"].filter_subject,
        dlq: events.dlq.stream,
        keys: Object.keys(events.registry.events).length,
      }));
    `);
    expect(JSON.parse(out)).toEqual({
      createEvents: "function",
      admitted: "waitingroom.position.admitted.v1",
      admittedV2: "waitingroom.position.admitted.v2",
      filter: "waitingroom.position.>",
      stream: ["waitingroom.position.*.v1", "waitingroom.position.*.v2"],
      consumer: "waitingroom.position.>",
      dlq: "DEAD_LETTER_QUEUE",
      keys: 18,
    });
  });

  it("loads without compiling a schema: ajv's compiler is never imported", () => {
    const out = node(`
      import { createRequire } from "node:module";
      const events = await import("@waitingroom/events");
      const require = createRequire(import.meta.url);
      const cached = Object.keys(require.cache);
      const loaded = cached.filter((k) => /ajv\\/dist\\/(core|ajv|compile)/.test(k));
      // Control: ajv's small runtime helpers are loaded, so the cache really sees ajv's files.
      const helpers = cached.filter((k) => /ajv\\/dist\\/runtime\\/ucs2length/.test(k)).length;
      const v = events.registry.events["position.admitted@1"].validators["1.0"];
      console.log(JSON.stringify({ loaded, helpers, ok: v({ position_id: "p-1", session_id: "s-1", wait_time_seconds: 1, queue_length_after: 0 }), bad: v({ position_id: 1 }), errors: v.errors.map((e) => e.instancePath + " " + e.keyword) }));
    `);
    const r = JSON.parse(out);
    expect(r.helpers).toBe(1);
    expect(r.loaded).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.bad).toBe(false);
    expect(r.errors).toContain("/position_id type");
  });
});
