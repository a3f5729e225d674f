/**
 * Request-reply over a real nats-server: typed request in the event envelope, one responder per
 * queue group, replies validated on both sides, failures answered instead of timing out.
 */
import { describe, expect, it } from "vitest";
import { createEventClient, RequestError, ValidationError, type RegistryDescriptor } from "../../runtime/src/index.js";
import { compile, testRegistry, withQueueLengthQuery } from "../support/registry.js";
import { cloudEventsRegistry } from "../support/cloudevents-registry.js";
import { useJetStream } from "../support/use-jetstream.js";


function registryWithQuery(): RegistryDescriptor {
  return withQueueLengthQuery(testRegistry());
}

const nats = useJetStream();
describe("request-reply", () => {
  const client = (timeoutMs = 1000) => createEventClient(nats.nc, registryWithQuery(), { source: "test", timeoutMs });

  it("round-trips a typed request and a validated reply", async () => {
    const c = client();
    const seen: unknown[] = [];
    const responder = c.serve("queue.length@1", (e) => {
      seen.push(e);
      return { length: (e.data as { queue_id: string }).queue_id.length };
    });
    const reply = await c.request("queue.length@1", { queue_id: "concert" }, { queue_id: "concert" });
    expect(reply).toMatchObject({ type: "queue.length", version: "1.0", source: "test", queue_id: "concert", data: { length: 7 } });
    expect(seen[0]).toMatchObject({ type: "queue.length", version: "1.0", source: "test", specversion: "1.0", queue_id: "concert", data: { queue_id: "concert" } });
    await responder.stop();
  });

  it("the reply carries the envelope: caused by the request, in its correlation, from the responder, validated", async () => {
    const registry = withQueueLengthQuery(cloudEventsRegistry("structured"));
    const asker = createEventClient(nats.nc, registry, { source: "asker", timeoutMs: 1000 });
    const answerer = createEventClient(nats.nc, registry, { source: "answerer", timeoutMs: 1000 });
    const responder = answerer.serve("queue.length@1", () => ({ length: 3 }));
    const context = { subject: "res-42", metadata: { tenant: "studio-ana" } };
    const correlated = (await asker.request("queue.length@1", { queue_id: "q" }, context, { id: "req-1", correlationId: "journey-9" })) as Record<string, unknown>;
    expect(correlated).toMatchObject({
      specversion: "1.0",
      type: "queue.length",
      version: "1.0",
      source: "answerer",
      causationid: "req-1",
      correlationid: "journey-9",
      subject: "res-42",
      metadata: { tenant: "studio-ana" },
      data: { length: 3 },
    });
    expect(correlated["id"]).toEqual(expect.any(String));
    expect(correlated["id"]).not.toBe("req-1");
    // Without a correlation id, the request starts one: its own id.
    const started = (await asker.request("queue.length@1", { queue_id: "q" }, context, { id: "req-2" })) as Record<string, unknown>;
    expect(started).toMatchObject({ causationid: "req-2", correlationid: "req-2" });
    await responder.stop();
    // A reply to another request (a confused responder) is refused.
    const other = { ...started, causationid: "req-1" };
    const confused = nats.nc.subscribe(registry.events["queue.length@1"]!.subject, { max: 1, callback: (_err, msg) => void msg.respond(JSON.stringify(other)) });
    await nats.nc.flush();
    await expect(asker.request("queue.length@1", { queue_id: "q" }, context, { id: "req-3" })).rejects.toMatchObject({
      reason: "invalid-reply",
      message: expect.stringContaining('causationid is "req-1", not the request\'s id "req-3"'),
    });
    confused.unsubscribe();
  });

  it("a reply that is not an envelope, or whose payload breaks the reply schema, is refused", async () => {
    const c = client();
    const subject = registryWithQuery().events["queue.length@1"]!.subject;
    const replies = [
      { body: { length: 1 }, error: /Invalid envelope for queue.length reply/ },
      { body: { id: "r", type: "queue.length", version: "1.0", source: "x", timestamp: new Date().toISOString(), specversion: "1.0", queue_id: "q", causation_id: "req-fake", data: { length: -1 } }, error: /Invalid payload for queue.length reply 1.0: \/length must be >= 0 \(received -1\)/ },
    ];
    for (const r of replies) {
      const fake = nats.nc.subscribe(subject, { max: 1, callback: (_err, msg) => void msg.respond(JSON.stringify(r.body)) });
      await nats.nc.flush();
      await expect(c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" }, { id: "req-fake" })).rejects.toThrow(r.error);
      fake.unsubscribe();
    }
  });

  it("an invalid request is refused before it is sent", async () => {
    const c = client();
    await expect(c.request("queue.length@1", { queue_id: "" }, { queue_id: "q" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("a handler error or an invalid reply comes back as a RequestError, not a timeout", async () => {
    // A timeout far beyond the bound below, so a slow answer on a loaded machine is not taken for one.
    const c = client(10_000);
    const failing = c.serve("queue.length@1", () => {
      throw new Error("queue store down");
    });
    const started = Date.now();
    await expect(c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })).rejects.toMatchObject({ name: "RequestError", reason: "responder-error", message: expect.stringContaining("queue store down") });
    expect(Date.now() - started).toBeLessThan(5_000);
    await failing.stop();
    const wrong = c.serve("queue.length@1", () => ({ length: -1 }));
    await expect(c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })).rejects.toMatchObject({ reason: "responder-error", message: expect.stringContaining("reply is invalid") });
    await wrong.stop();
  });

  it("an invalid request's error reply names the failed then/else branch's own error, not ajv's summary of it", async () => {
    const registry = registryWithQuery();
    // A VIP queue's request names its tier.
    registry.events["queue.length@1"]!.validators["1.0"] = compile({
      type: "object",
      required: ["queue_id"],
      properties: { queue_id: { type: "string" } },
      if: { properties: { queue_id: { const: "vip" } } },
      then: { required: ["tier"] },
    });
    const responder = createEventClient(nats.nc, registry, { source: "test" }).serve("queue.length@1", () => ({ length: 1 }));
    const request = { id: "req-vip", type: "queue.length", version: "1.0", source: "raw", timestamp: new Date().toISOString(), specversion: "1.0", queue_id: "vip", data: { queue_id: "vip" } };
    const reply = await nats.nc.request(responder.subject, JSON.stringify(request), { timeout: 1000 });
    await responder.stop();
    expect(reply.headers?.get("Jetschema-Error")).toBe("invalid request: /tier is required");
  });

  it("no responder is reported as such", async () => {
    const c = client();
    const err = await c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).reason).toBe("no-responders");
  });

  it("a request nobody answers times out as a RequestError whose nats.js cause has a short stack; the application's Error.stackTraceLimit stays", async () => {
    const c = createEventClient(nats.nc, registryWithQuery(), { source: "test", timeoutMs: 200 });
    // Subscribed, so the request has a listener, but never answered: a timeout, not "no responders".
    const silent = nats.nc.subscribe(registryWithQuery().events["queue.length@1"]!.subject);
    await nats.nc.flush();
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 29;
    try {
      const err = (await c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" }).catch((e: unknown) => e)) as RequestError;
      expect(err).toBeInstanceOf(RequestError);
      expect(err.reason).toBe("timeout");
      expect(Error.stackTraceLimit).toBe(29);
      const frames = ((err.cause as Error).stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at ")).length;
      expect(frames).toBeGreaterThan(0);
      expect(frames).toBeLessThanOrEqual(4);
    } finally {
      Error.stackTraceLimit = before;
      silent.unsubscribe();
    }
  });

  it("responders in one queue group answer each request once", async () => {
    const c = client();
    let answers = 0;
    const a = c.serve("queue.length@1", () => (answers++, { length: 1 }));
    const b = c.serve("queue.length@1", () => (answers++, { length: 2 }));
    await nats.nc.flush();
    const replies = await Promise.all(Array.from({ length: 20 }, () => c.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })));
    expect(replies).toHaveLength(20);
    expect(answers).toBe(20);
    await a.stop();
    await b.stop();
  });

  it("request() refuses events that are not request-reply, serve() too", () => {
    const c = client();
    expect(() => c.serve("position.admitted@1", () => ({}))).toThrow(/not a request-reply event/);
    return expect(c.request("position.admitted@1", { position_id: "p", session_id: "s", wait_time_seconds: 1 }, { queue_id: "q" })).rejects.toThrow(/not a request-reply event/);
  });
});
