/**
 * Round trip of every example registry against a real nats-server: the generated package (built
 * from examples/ and schemas/ into a temporary directory) provisions its streams, publishes every
 * event (every major) through its typed helper with the first example of the latest minor as
 * payload, and each event is read back from its stream (at-most-once events: from a core
 * subscription opened before publishing) with envelope and payload intact. Then every consumer of
 * the registry consumes what its stream and filter select, through typed handlers keyed by type.
 *
 * One server per registry: the systems share stream names (AUTH_EVENTS) and could not coexist.
 * A registry with a CloudEvents envelope (`envelope.cloudevents`) runs twice: publishing in
 * structured mode, and in binary mode (attributes read back from the `ce-*` headers, the payload
 * from the body); its consumers get the same typed envelopes either way.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Msg, MsgHdrs, NatsConnection, Subscription } from "@nats-io/transport-node";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MajorModel } from "../../generator/model/registry-model.js";
import { subjectMatches } from "../../generator/model/subjects.js";
import type { Checked } from "../../generator/front-end/front-end.js";
import { environmentNames, type ContentMode, type RegistryDescriptor } from "../../runtime/src/index.js";
import { messageCount } from "../support/jetstream.js";
import { useJetStream } from "../support/use-jetstream.js";
import { EXAMPLES, firstExample, generateAll, makeTmpDir, prefixed, type ExampleRegistry } from "./support.js";

const tmp = makeTmpDir("rt");
let checked: Map<string, Checked>;

beforeAll(async () => {
  checked = await generateAll(tmp);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The slice of a generated package this suite drives; the typed surface is checked by tsc elsewhere. */
type Helper = (data: unknown, context?: Record<string, unknown>, options?: Record<string, unknown>) => Promise<Ack>;
interface Ack {
  id: string;
  stream?: string;
  seq?: number;
  duplicate?: boolean;
}
interface Running {
  stop(): Promise<void>;
}
interface Events {
  ensureStreams(options: { replicas: number }): Promise<unknown>;
  consume(
    consumer: string,
    handlers: Record<string, (event: Record<string, unknown>) => void>,
    options?: Record<string, unknown>,
  ): Promise<Running>;
  jsm(): Promise<JetStreamManager>;
  subject(key: string): string;
  [helper: string]: unknown;
}
interface Package {
  createEvents(nc: NatsConnection, options: { source: string; subjectPrefix?: string; contentMode?: ContentMode }): Events;
  registry: RegistryDescriptor;
}

interface Published {
  major: MajorModel;
  subject: string;
  payload: Record<string, unknown>;
  context: Record<string, unknown>;
  ack: Ack;
}

const CORRELATION = "corr-roundtrip-1";
const CAUSATION = "cause-roundtrip-1";

async function until(check: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every registry in its default mode; CloudEvents registries (read from registry.json) in binary mode too. */
const RUNS: Array<ExampleRegistry & { mode: ContentMode | "default" }> = EXAMPLES.flatMap((ex) => {
  const config = JSON.parse(readFileSync(join(ex.dir, "registry.json"), "utf8")) as { envelope?: { cloudevents?: unknown } };
  return config.envelope?.cloudevents ? [{ ...ex, mode: "default" as const }, { ...ex, mode: "binary" as const }] : [{ ...ex, mode: "default" as const }];
});

/** A binary-mode CloudEvent read back by hand (not through the runtime): ce- headers, percent-decoded, and the JSON body. */
function fromBinary(headers: MsgHdrs, body: Uint8Array, jsonAttributes: string[]): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  for (const key of headers.keys()) {
    if (!key.startsWith("ce-")) continue;
    const name = key.slice(3);
    const text = decodeURIComponent(headers.get(key));
    envelope[name] = jsonAttributes.includes(name) ? JSON.parse(text) : text;
  }
  envelope.data = JSON.parse(new TextDecoder().decode(body));
  return envelope;
}

describe.each(RUNS)("$name ($mode mode): publish, read back, consume on a real nats-server", (ex) => {
  const nats = useJetStream({ name: `examples-${ex.name}` });
  let pkg: Package;
  let events: Events;
  let jsm: JetStreamManager;
  let reg: Checked;
  const published: Published[] = [];
  /** Deliveries per consumer, keyed by event id. */
  const received = new Map<string, Map<string, Record<string, unknown>>>();
  const running: Running[] = [];
  /** The environment's stream and consumer names on the server. */
  const names = environmentNames(ex.subjectPrefix ?? "");

  beforeAll(async () => {
    reg = checked.get(ex.name)!;
    pkg = (await import(pathToFileURL(join(tmp, ex.name, "index.js")).href)) as Package;
    events = pkg.createEvents(nats.nc, {
      source: ex.source,
      ...(ex.subjectPrefix ? { subjectPrefix: ex.subjectPrefix } : {}),
      ...(ex.mode === "binary" ? { contentMode: "binary" as const } : {}),
    });
    await events.ensureStreams({ replicas: 1 });
    jsm = await events.jsm();
  });

  afterAll(async () => {
    for (const r of running) await r.stop().catch(() => undefined);
  });

  /**
   * The envelope a message carries, checking the content mode on the way: binary messages have the
   * payload alone as body and the attributes in ce- headers; structured ones the whole envelope.
   */
  function envelopeOf(headers: MsgHdrs | undefined, data: Uint8Array, where: string): Record<string, unknown> {
    const cloudEvents = pkg.registry.envelope.cloudEvents;
    if (ex.mode === "binary") {
      expect(headers?.get("ce-specversion"), where).toBe("1.0");
      expect(headers?.get("Content-Type"), where).toBe("application/json");
      return fromBinary(headers!, data, cloudEvents!.jsonAttributes);
    }
    expect(headers?.get("Content-Type"), where).toBe(cloudEvents ? "application/cloudevents+json" : "application/json");
    expect(headers?.keys().some((k) => k.toLowerCase().startsWith("ce-")), where).toBe(false);
    return JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
  }

  /** Checks one envelope as it arrived against what was published. */
  function expectIntact(body: Record<string, unknown>, p: Published): void {
    const f = pkg.registry.envelope.fields;
    const where = `${p.major.key} on ${p.subject}`;
    expect(body[f.id], where).toBe(p.ack.id);
    expect(body[f.type], where).toBe(p.major.type);
    expect(body[f.version], where).toBe(p.major.latest.version);
    expect(body[f.source], where).toBe(ex.source);
    expect(Number.isNaN(Date.parse(String(body[f.time]))), where).toBe(false);
    expect(body[f.data], where).toEqual(p.payload);
    for (const [key, value] of Object.entries(p.context)) expect(body[key], `${where}: context ${key}`).toEqual(value);
    for (const c of pkg.registry.envelope.context) if (c.const !== undefined) expect(body[c.name], `${where}: ${c.name}`).toBe(c.const);
    if (f.correlation) expect(body[f.correlation], where).toBe(CORRELATION);
    if (f.causation) expect(body[f.causation], where).toBe(CAUSATION);
    expect(pkg.registry.envelope.validate(body), `${where}: ${JSON.stringify(pkg.registry.envelope.validate.errors)}`).toBe(true);
    const event = pkg.registry.events[p.major.key]!;
    expect(event.validators[p.major.latest.version]!(body[f.data]), where).toBe(true);
  }

  /** The published events a consumer can see: its stream's, and its filter's (prefix applied). */
  function selectedBy(consumer: { stream: string; filter_subject?: string }): Published[] {
    return published.filter(
      (p) =>
        p.major.stream === consumer.stream &&
        (consumer.filter_subject === undefined || subjectMatches(prefixed(ex.subjectPrefix, consumer.filter_subject), p.subject)),
    );
  }

  async function startConsumer(consumer: { name: string; stream: string; filter_subject?: string }, types: string[]): Promise<void> {
    const got = new Map<string, Record<string, unknown>>();
    received.set(consumer.name, got);
    const id = pkg.registry.envelope.fields.id;
    const handlers = Object.fromEntries(types.map((type) => [type, (e: Record<string, unknown>) => void got.set(String(e[id]), e)]));
    running.push(await events.consume(consumer.name, handlers));
  }

  it("provisions every stream and durable consumer of the registry", async () => {
    for (const s of reg.model.streams) {
      const info = await jsm.streams.info(names.stream(s.name));
      expect(info.config.subjects).toEqual(s.subjects.map((x) => prefixed(ex.subjectPrefix, x)));
      expect(info.config.num_replicas).toBe(1);
    }
    for (const c of reg.model.consumers.filter((c) => c.durable !== false)) {
      const info = await jsm.consumers.info(names.stream(c.stream), names.consumer(c.name));
      if (c.filter_subject) expect(info.config.filter_subject).toBe(prefixed(ex.subjectPrefix, c.filter_subject));
    }
  });

  it("publishes every major through its helper and reads each back intact", async () => {
    // Ephemeral consumers (durable: false) only see what is published after they start.
    for (const c of reg.model.consumers.filter((c) => c.durable === false)) {
      const types = [...new Set(reg.model.majors.filter((m) => m.stream === c.stream && (!c.filter_subject || subjectMatches(c.filter_subject, m.subject))).map((m) => m.type))];
      await startConsumer(c, types);
    }

    for (const m of reg.model.majors) {
      const helper = events[m.helperName] as Helper | undefined;
      expect(typeof helper, m.helperName).toBe("function");
      const subject = prefixed(ex.subjectPrefix, m.subject);
      expect(events.subject(m.key)).toBe(subject);
      const payload = firstExample(m);
      const context = ex.context(subject);
      const options = { correlationId: CORRELATION, causationId: CAUSATION };

      if (m.delivery === "at-most-once") {
        const got = new Promise<Msg>((resolve) => {
          const sub: Subscription = nats.nc.subscribe(subject, { max: 1, callback: (_err, msg) => resolve(msg) });
          void sub;
        });
        await nats.nc.flush();
        const ack = await helper!(payload, context, options);
        expect(ack.seq).toBeUndefined();
        const p: Published = { major: m, subject, payload, context, ack };
        published.push(p);
        const msg = await got;
        expect(msg.headers?.get("Nats-Msg-Id")).toBe(ack.id);
        expectIntact(envelopeOf(msg.headers, msg.data, m.key), p);
      } else {
        const ack = await helper!(payload, context, options);
        expect(ack.stream, m.key).toBe(names.stream(m.stream!));
        expect(ack.duplicate).toBe(false);
        const p: Published = { major: m, subject, payload, context, ack };
        published.push(p);
        const stored = await jsm.streams.getMessage(ack.stream!, { seq: ack.seq! });
        expect(stored?.subject).toBe(subject);
        expect(stored?.header.get("Nats-Msg-Id")).toBe(ack.id);
        expectIntact(envelopeOf(stored!.header, stored!.data, m.key), p);
      }
    }
    expect(published.length).toBe(ex.majors);

    // Each stream holds exactly what was published to its subjects.
    for (const s of reg.model.streams) {
      const expected = published.filter((p) => p.major.stream === s.name).length;
      if (s.retention !== "workqueue" || expected === 0) expect(await messageCount(jsm, names.stream(s.name)), s.name).toBe(expected);
    }
  });

  it("every consumer of the registry receives what its stream and filter select, through handlers keyed by type", async () => {
    expect(published.length).toBe(ex.majors);
    for (const c of reg.model.consumers.filter((c) => c.durable !== false)) {
      await startConsumer(c, [...new Set(selectedBy(c).map((p) => p.major.type))]);
    }
    const id = pkg.registry.envelope.fields.id;
    const data = pkg.registry.envelope.fields.data;
    for (const c of reg.model.consumers) {
      const expected = selectedBy(c);
      expect(expected.length, `${c.name} selects some published event`).toBeGreaterThan(0);
      const got = received.get(c.name)!;
      await until(
        () => expected.every((p) => got.has(p.ack.id)),
        () => `${c.name}: ${expected.filter((p) => !got.has(p.ack.id)).map((p) => p.major.key).join(", ")}`,
      );
      expect(got.size, c.name).toBe(expected.length);
      for (const p of expected) {
        const e = got.get(p.ack.id)!;
        expect(e[id]).toBe(p.ack.id);
        expect(e[data], `${c.name} ${p.major.key}`).toEqual(p.payload);
        for (const [key, value] of Object.entries(p.context)) expect(e[key], `${c.name} ${p.major.key} ${key}`).toEqual(value);
      }
    }
    // Nothing was dead-lettered: every message was decodable, valid and handled.
    for (const r of running.splice(0)) await r.stop();
    const dlq = reg.model.dlq?.stream;
    if (dlq) expect(await messageCount(jsm, names.stream(dlq))).toBe(0);
  });
});
