/**
 * Type tests: a service using the generated package. It must compile under strict TypeScript with
 * both nodenext and bundler resolution; each @ts-expect-error line is a mistake the types must
 * catch (an unused directive is itself a compile error, so a type that got looser fails here).
 */
import { connect } from "@nats-io/transport-node";
import {
  createEvents,
  subjects,
  subjectFilters,
  streams,
  consumers,
  type PositionAdmitted,
  type PositionAdmittedV2,
  type PositionAdmittedEvent,
  type PositionAdmittedV2Event,
  type SystemHealthChecksItem,
  type PositionID,
  type EventMap,
} from "@waitingroom/events";

const nc = await connect({ servers: "127.0.0.1:4222" });
const events = createEvents(nc, { source: "waitingroom-api" });
await events.ensureStreams({ replicas: 1 });

const admitted: PositionAdmitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };
const ack = await events.publishPositionAdmitted(admitted, { queue_id: "concert-tickets" });
const seq: number = ack.seq;
const stream: string = ack.stream;
const duplicate: boolean = ack.duplicate;
void [seq, stream, duplicate];

// A 1.1 field is optional, so 1.0-shaped payloads still fit.
await events.publishPositionAdmitted({ ...admitted, admission_token: "tok" });

// @ts-expect-error a required field is missing
await events.publishPositionAdmitted({ position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300 });

// @ts-expect-error a field has the wrong type
await events.publishPositionAdmitted({ ...admitted, wait_time_seconds: "300" });

// @ts-expect-error a misspelled field is not silently accepted (types are exact)
await events.publishPositionAdmitted({ ...admitted, wait_time_second: 300 } satisfies PositionAdmitted);

// @ts-expect-error a v1 payload is not a v2 payload
await events.publishPositionAdmittedV2(admitted);

const v2: PositionAdmittedV2 = { position_id: "pos-1", session_id: "sess-1", wait_time_ms: 300_000, queue_length: 1522 };
await events.publishPositionAdmittedV2(v2);

// @ts-expect-error an enum only takes its values
await events.publishPositionExpired({ position_id: "p", reason: "bored", wait_time_seconds: 1, queue_length_after: 1 });

// @ts-expect-error context only takes the envelope's context fields
await events.publishPositionAdmitted(admitted, { queue: "concert-tickets" });

// @ts-expect-error the runtime fills the envelope's own fields; they are not context
await events.publishPositionAdmitted(admitted, { id: "evt-1" });

// Publishing by key checks the payload against that key.
await events.publish("position.admitted@2", v2);
// @ts-expect-error the key decides the payload type
await events.publish("position.admitted@2", admitted);
// @ts-expect-error unknown keys are rejected
await events.publish("position.admited@1", admitted);

const results = await events.publishMany([
  { key: "position.admitted@1", data: admitted },
  { key: "position.admitted@2", data: v2, context: { queue_id: "q" } },
]);
for (const r of results) if (!r.ok) r.error.message.toUpperCase();
// @ts-expect-error publishMany items are checked per key
await events.publishMany([{ key: "position.admitted@1", data: v2 }]);

// At-most-once events resolve without a stream sequence.
const health = await events.publishSystemHealth({ service: "api", status: "healthy", checks: [{ name: "nats", status: "healthy" }] });
health.id.toUpperCase();
// @ts-expect-error core NATS publishes have no stream ack
health.seq;

// Nested objects have stable names; shared definitions are shared types.
const check: SystemHealthChecksItem = { name: "redis", status: "degraded", latency_ms: 12 };
const id: PositionID = admitted.position_id;
void [check, id];

// Subjects are literal types, not strings.
const s1: "waitingroom.position.admitted.v1" = subjects.position.admitted.v1;
// @ts-expect-error v1 and v2 subjects differ
const s2: "waitingroom.position.admitted.v2" = subjects.position.admitted.v1;
const f: "waitingroom.position.>" = subjectFilters["waitingroom.position"];
const maxAge: "168h" = streams.POSITION_EVENTS.max_age;
const filter: "waitingroom.position.>" = consumers["analytics-processor"].filter_subject;
void [s1, s2, f, maxAge, filter];

// Envelope types carry the event's type string, its minors and the typed data.
function handle(e: PositionAdmittedEvent | PositionAdmittedV2Event) {
  if (e.version === "2.0") return e.data.wait_time_ms;
  // @ts-expect-error v1 data has no wait_time_ms
  e.data.wait_time_ms;
  const minor: "1.0" | "1.1" = e.version;
  void minor;
  return e.data.wait_time_seconds + (e.queue_id?.length ?? 0);
}
const sample: EventMap["position.admitted@1"] = {
  id: "evt-1",
  type: "position.admitted",
  version: "1.0",
  timestamp: "2024-01-01T12:05:00Z",
  source: "waitingroom-api",
  data: admitted,
};
handle(sample);
// @ts-expect-error the type string is fixed per event
const wrongType: PositionAdmittedEvent = { ...sample, type: "position.expired" };
void wrongType;

// Consuming: handlers are keyed by the event types the consumer's filter can deliver, and each
// receives the typed envelope of every major of that type.
const running = await events.consume(
  "analytics-processor",
  {
    "position.admitted": async (e, ctx) => {
      if (e.version === "2.0") return void e.data.wait_time_ms;
      const seconds: number = e.data.wait_time_seconds;
      const attempt: number = ctx.deliveryCount;
      ctx.working();
      void [seconds, attempt, e.id, e.queue_id];
    },
    "position.expired": (e) => void e.data.reason,
  },
  { concurrency: 4, retry: { backoff: ["1s", "5s"] }, metrics: { onHandled: (_ctx, ms) => void ms } },
);
await running.stop();
const stats: number = running.stats().handled;
void stats;

// @ts-expect-error a handler for an event the consumer's filter can never deliver
await events.consume("analytics-processor", { "session.started": () => undefined });

await events.consume("analytics-processor", {
  // @ts-expect-error a handler using a field of another event (position.expired has no wait_time_ms)
  "position.expired": (e) => void e.data.wait_time_ms,
});

// @ts-expect-error consumers are the registry's, by name
await events.consume("analytics", {});

await events.consume("notification-service", {
  "session.started": (e) => {
    const minor: "1.0" | "1.1" = e.version;
    // @ts-expect-error a handler's event is not another type's event
    const wrong: PositionAdmittedEvent = e;
    void [minor, wrong];
  },
});

await nc.close();
