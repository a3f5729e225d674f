/**
 * Helpers for the consume and dead-letter suites: a registry whose consumers retry quickly, raw
 * envelopes (to publish what a well-behaved publisher never would), fresh streams per test, and
 * polling until a condition holds.
 *
 * No vitest import here: test/support/crash-consumer.ts, a plain Node child process, imports this
 * module too. The vitest hooks of the shared suite set-up live in consume-suite.ts.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { EventClient, RegistryDescriptor } from "../../runtime/src/index.js";
import { admittedPayload, testRegistry } from "./registry.js";

export interface ConsumeRegistryOptions {
  /** analytics-processor's max_deliver (default 3). */
  maxDeliver?: number;
  /** analytics-processor's ack_wait (default "5s"). */
  ackWait?: string;
  /** POSITION_EVENTS' retention (default limits). */
  positionRetention?: "limits" | "interest" | "workqueue";
  /** analytics-processor's ack_policy (default explicit). */
  ackPolicy?: "explicit" | "none";
}

/**
 * The test registry with analytics-processor retrying fast: max_deliver 3, ack_wait 5 s, no
 * server-side backoff (tests pass `retry: { backoff: ["20ms"] }`); POSITION_EVENTS with 1 replica
 * (and the retention asked for).
 */
export function consumeRegistry(options: ConsumeRegistryOptions = {}): RegistryDescriptor {
  const registry = testRegistry({ positionReplicas: 1 });
  registry.consumers = registry.consumers.map((c) => {
    if (c.name !== "analytics-processor") return c;
    const { backoff: _backoff, ...rest } = c;
    const acks = options.ackPolicy === "none" ? { ack_policy: "none" as const } : { max_ack_pending: 1000 };
    return { ...rest, max_deliver: options.maxDeliver ?? 3, ack_wait: options.ackWait ?? "5s", ...acks };
  });
  if (options.positionRetention) {
    registry.streams = registry.streams.map((s) => (s.name === "POSITION_EVENTS" ? { ...s, retention: options.positionRetention } : s));
  }
  return registry;
}

let counter = 0;

/** A complete position.admitted envelope as JSON-ready object; override anything. */
export function admittedEnvelope(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `raw-${process.pid}-${++counter}`,
    type: "position.admitted",
    version: "1.1",
    source: "test",
    timestamp: new Date().toISOString(),
    specversion: "1.0",
    queue_id: "q",
    data: admittedPayload(n),
    ...overrides,
  };
}

export const encoder = new TextEncoder();

/** Deletes every stream of the registry (if present), then provisions them again: an empty slate. */
export async function freshStreams(events: EventClient): Promise<JetStreamManager> {
  const jsm = await events.jsm();
  for (const stream of events.streams) {
    await jsm.streams.delete(stream.name).catch(() => undefined);
  }
  await jsm.streams.delete("KV_jetschema_idempotency").catch(() => undefined);
  await events.ensureStreams({ replicas: 1 });
  return jsm;
}

/** Polls `check` until it returns true; fails with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string = () => "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
