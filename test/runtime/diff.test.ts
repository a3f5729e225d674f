import { describe, expect, it } from "vitest";
import {
  consumerKey,
  desiredConsumerConfig,
  desiredStreamConfig,
  diffStreams,
  formatPlan,
  type ServerState,
} from "../../runtime/src/index.js";
import { testRegistry } from "../support/registry.js";

const SECOND = 1_000_000_000;

/** The server state that ensureStreams would leave: exactly the desired configs. */
function matchingState(): ServerState {
  const registry = testRegistry();
  const state: ServerState = { streams: {}, consumers: {}, clustered: false };
  for (const s of registry.streams) state.streams[s.name] = desiredStreamConfig(s, { replicas: 1 });
  for (const c of registry.consumers) {
    if (c.durable !== false) state.consumers[consumerKey(c.stream, c.name)] = desiredConsumerConfig(c);
  }
  return state;
}

describe("diffStreams (pure): registry vs a given server state", () => {
  it("plans creates for an empty server, streams before consumers, skipping non-durable consumers", () => {
    const plan = diffStreams(testRegistry(), { streams: {}, consumers: {} }, { replicas: 1 });
    expect(plan.items.map((i) => `${i.kind} ${i.name} ${i.action}`)).toEqual([
      "stream POSITION_EVENTS create",
      "stream AUDIT_EVENTS create",
      "stream DEAD_LETTER_QUEUE create",
      "consumer analytics-processor create",
      "consumer audit-archiver create",
    ]);
  });

  it("finds nothing to do when the server matches, whatever the subject order", () => {
    const state = matchingState();
    const audit = state.streams["AUDIT_EVENTS"];
    if (audit) audit.subjects = [...(audit.subjects ?? [])].reverse();
    const plan = diffStreams(testRegistry(), state, { replicas: 1 });
    expect(plan.items.every((i) => i.action === "unchanged")).toBe(true);
  });

  it("lists each drifted field with server value → registry value", () => {
    const state = matchingState();
    Object.assign(state.streams["POSITION_EVENTS"] ?? {}, { max_age: 3600 * SECOND, discard: "new" });
    const plan = diffStreams(testRegistry(), state, { replicas: 1 });
    expect(plan.items[0]).toMatchObject({
      name: "POSITION_EVENTS",
      action: "update",
      changes: [
        { field: "max_age", from: 3600 * SECOND, to: 168 * 3600 * SECOND },
        { field: "discard", from: "new", to: "old" },
      ],
      refused: [],
    });
    expect(formatPlan(plan)).toContain("    max_age: 1h -> 7d");
  });

  it("marks retention and storage changes as refused", () => {
    const state = matchingState();
    Object.assign(state.streams["AUDIT_EVENTS"] ?? {}, { retention: "workqueue", storage: "memory" });
    const item = diffStreams(testRegistry(), state, { replicas: 1 }).items[1];
    expect(item?.action).toBe("refused");
    expect(item?.refused.map((c) => c.field)).toEqual(["retention", "storage"]);
  });

  it("applies the replicas override, and the subject prefix to subjects and names", () => {
    // The unprefixed streams are another environment's: the "prod" environment creates its own.
    const plan = diffStreams(testRegistry(), matchingState(), { replicas: 1, subjectPrefix: "prod" });
    expect(plan.items.map((i) => `${i.kind} ${i.kind === "consumer" ? `${i.stream}/` : ""}${i.name} ${i.action}`)).toEqual([
      "stream prod_POSITION_EVENTS create",
      "stream prod_AUDIT_EVENTS create",
      "stream prod_DEAD_LETTER_QUEUE create",
      "consumer prod_POSITION_EVENTS/prod-analytics-processor create",
      "consumer prod_AUDIT_EVENTS/prod-audit-archiver create",
    ]);
    expect(plan.items[0]?.config).toMatchObject({ name: "prod_POSITION_EVENTS", subjects: ["prod.waitingroom.position.*.v1"] });
    expect(plan.items[3]?.config).toMatchObject({
      durable_name: "prod-analytics-processor",
      filter_subject: "prod.waitingroom.position.>",
    });
    const noOverride = diffStreams(testRegistry(), matchingState(), {});
    expect(noOverride.items[0]?.changes).toEqual([{ field: "replicas", from: 1, to: 3 }]);
  });

  it("treats every consumer of a stream being created as a create", () => {
    const state = matchingState();
    delete state.streams["POSITION_EVENTS"];
    const plan = diffStreams(testRegistry(), state, { replicas: 1 });
    expect(plan.items.find((i) => i.name === "analytics-processor")?.action).toBe("create");
  });

  it("prints creates with their settings in registry units", () => {
    const text = formatPlan(diffStreams(testRegistry(), { streams: {}, consumers: {} }, { replicas: 1 }));
    expect(text).toContain("stream POSITION_EVENTS: create\n");
    expect(text).toContain("    max_bytes: 1GB");
    expect(text).toContain("    max_age: 7d");
    expect(text).toContain("    backoff: [1s, 5s, 30s]");
    expect(text).toContain("Plan: 5 to create, 0 to update, 0 refused, 0 unchanged.");
  });
});
