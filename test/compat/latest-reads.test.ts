/**
 * Which older minors of a major the latest minor cannot read (compat/latest-reads.ts): what
 * decides whether a handler's `data` may be typed as the latest minor, or must be a union over
 * the minors, narrowed by the envelope's version. Each row is a registry of order.placed 1.0 … 1.n
 * under a mode; `want` the older versions whose data the latest rejects.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { minorsLatestCannotRead, rememberLatestReads, type LatestReadsMemo } from "../../generator/compat/latest-reads.js";
import { loadModel, registryJson, tempDir, version, writeRegistry } from "./support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const base = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] } }, { required: ["id"] });
const addedOptional = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] }, note: { type: "string" } }, { required: ["id"] });
const requiredNote = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] }, note: { type: "string" } }, { required: ["id", "note"] });
const fewerChannels = version({ id: { type: "string" }, channel: { type: "string", enum: ["web"] } }, { required: ["id"] });
const idAsInteger = version({ id: { type: "integer" }, channel: { type: "string", enum: ["web", "app"] } }, { required: ["id"] });

const CASES: Array<{ given: string; versions: Array<Record<string, unknown>>; settings?: Record<string, unknown>; want: string[] }> = [
  { given: "one minor", versions: [base], settings: { compatibility: "NONE" }, want: [] },
  { given: "BACKWARD, an optional property added", versions: [base, addedOptional], want: [] },
  { given: "FULL, an optional property added", versions: [base, addedOptional], settings: { compatibility: "FULL" }, want: [] },
  { given: "FORWARD, an optional property added (compatible both ways)", versions: [base, addedOptional], settings: { compatibility: "FORWARD" }, want: [] },
  { given: "FORWARD, a property made required", versions: [base, requiredNote], settings: { compatibility: "FORWARD" }, want: ["1.0"] },
  { given: "FORWARD_TRANSITIVE, an enum value removed", versions: [base, fewerChannels], settings: { compatibility: "FORWARD_TRANSITIVE" }, want: ["1.0"] },
  { given: "NONE, a type changed", versions: [base, idAsInteger], settings: { compatibility: "NONE" }, want: ["1.0"] },
  { given: "FORWARD, only the first of three minors unread", versions: [base, requiredNote, requiredNote], settings: { compatibility: "FORWARD" }, want: ["1.0"] },
  {
    given: "an override sets FORWARD for the event",
    versions: [base, requiredNote],
    settings: { compatibility: "BACKWARD", compatibilityOverrides: { "order.placed": "FORWARD" } },
    want: ["1.0"],
  },
  {
    // Each step is BACKWARD compatible (the mode checks only the previous minor): 1.0 data may hold a string note that 1.2 types as an integer.
    given: "BACKWARD, compatible steps that add up to a break",
    versions: [version({ id: { type: "string" }, note: { type: "string" } }), version({ id: { type: "string" } }), version({ id: { type: "string" }, note: { type: "integer" } })],
    want: ["1.0"],
  },
  {
    // An ignore makes the check accept the change; the runtime still delivers 1.0 messages to the handler.
    given: "BACKWARD, a break accepted in compatibilityIgnores",
    versions: [base, requiredNote],
    settings: { compatibilityIgnores: [{ event: "order.placed", version: "1.1", rule: "A property became required without a default", reason: "1.0 was never deployed anywhere" }] },
    want: ["1.0"],
  },
];

describe("minorsLatestCannotRead", () => {
  it.each(CASES)("$given: $want", ({ versions, settings, want }) => {
    const root = tempDir("latest-reads");
    dirs.push(root);
    const files: Record<string, unknown> = {};
    versions.forEach((v, i) => (files[`order/placed/1.${i}.json`] = v));
    writeRegistry(root, files, registryJson(settings));
    const model = loadModel(root);
    expect(minorsLatestCannotRead(model, model.majors[0]!).map((v) => v.version)).toEqual(want);
  });

  it("compares within a major: a second major's minors are judged against its own latest", () => {
    const root = tempDir("latest-reads");
    dirs.push(root);
    writeRegistry(root, { "order/placed/1.0.json": base, "order/placed/1.1.json": addedOptional, "order/placed/2.0.json": base, "order/placed/2.1.json": requiredNote }, registryJson({ compatibility: "FORWARD", streams: { ORDER_EVENTS: { subjects: ["shop.order.>"] } } }));
    const model = loadModel(root);
    expect(model.majors.map((m) => [m.key, minorsLatestCannotRead(model, m).map((v) => v.version)])).toEqual([
      ["order.placed@1", []],
      ["order.placed@2", ["2.0"]],
    ]);
  });

  describe("rememberLatestReads: a memo by the event's inputs", () => {
    const memo = (entries = new Map<string, readonly string[]>()) => {
      const asked: string[] = [];
      const m: LatestReadsMemo & { entries: Map<string, readonly string[]>; asked: string[] } = {
        entries,
        asked,
        get: (key) => (asked.push(key), entries.get(key)),
        set: (key, versions) => void entries.set(key, versions),
      };
      return m;
    };
    const registryOf = (note: Record<string, unknown>, settings: Record<string, unknown> = { compatibility: "FORWARD" }) => {
      const root = tempDir("latest-reads");
      dirs.push(root);
      writeRegistry(root, { "order/placed/1.0.json": base, "order/placed/1.1.json": note }, registryJson(settings));
      return root;
    };

    it.each(CASES.filter((c) => c.versions.length > 1))("$given: an empty memo is given the answer, which a fresh model is then served", ({ versions, settings, want }) => {
      const root = tempDir("latest-reads");
      dirs.push(root);
      const files: Record<string, unknown> = {};
      versions.forEach((v, i) => (files[`order/placed/1.${i}.json`] = v));
      writeRegistry(root, files, registryJson(settings));
      const m = memo();
      rememberLatestReads(loadModel(root), m);
      expect([...m.entries.values()]).toEqual([want]);
      const again = loadModel(root);
      rememberLatestReads(again, m);
      expect(minorsLatestCannotRead(again, again.majors[0]!).map((v) => v.version)).toEqual(want);
    });

    it("serves what the memo holds for the same inputs, without comparing (a planted answer is what comes back)", () => {
      const root = registryOf(requiredNote);
      const first = memo();
      rememberLatestReads(loadModel(root), first);
      const [key] = [...first.entries.keys()];
      const planted = memo(new Map([[key!, []]]));
      const model = loadModel(root);
      rememberLatestReads(model, planted);
      expect(minorsLatestCannotRead(model, model.majors[0]!)).toEqual([]);
    });

    it.each([
      { given: "the latest minor's schema edited", edit: (): string => registryOf(addedOptional), want: [] },
      { given: "registry.json's mode changed", edit: (): string => registryOf(requiredNote, { compatibility: "FULL_TRANSITIVE" }), want: [] },
    ])("a memo filled before $given answers under another key: compared again", ({ edit, want }) => {
      const m = memo();
      rememberLatestReads(loadModel(registryOf(requiredNote)), m);
      expect([...m.entries.values()]).toEqual([["1.0"]]);
      const model = loadModel(edit());
      rememberLatestReads(model, m);
      expect(m.entries.size).toBe(2);
      expect(minorsLatestCannotRead(model, model.majors[0]!).map((v) => v.version)).toEqual(want);
    });

    it("asks nothing for a major of one minor", () => {
      const root = tempDir("latest-reads");
      dirs.push(root);
      writeRegistry(root, { "order/placed/1.0.json": base }, registryJson({ compatibility: "NONE" }));
      const m = memo();
      rememberLatestReads(loadModel(root), m);
      expect(m.asked).toEqual([]);
    });
  });
});
