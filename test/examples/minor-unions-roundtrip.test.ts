/**
 * A 1.0 message reaches a handler typed for 1.0, on a real nats-server. tree.updated (FORWARD,
 * test/fixtures/good/minor-unions) makes `rev` required in 1.1: a producer still on 1.0 (its
 * package generated from the registry before 1.1) and one on 1.1 publish to the same subject,
 * and the consumer handles both with `describeUpdate` from test/types/minor-unions-consumer.ts,
 * compiled by strict tsc against the new package (test/generator/minor-unions.test.ts checks that
 * reading `rev` there without checking the version does not compile), then run as JavaScript.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { copyFileSync, cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { typecheckFiles } from "../support/typecheck.js";
import { useJetStream } from "../support/use-jetstream.js";
import { makeTmpDir } from "./support.js";

const REGISTRY = "test/fixtures/good/minor-unions";

interface Running {
  stop(): Promise<void>;
}
interface Events {
  ensureStreams(options: { replicas: number }): Promise<unknown>;
  publishTreeUpdated(data: Record<string, unknown>): Promise<unknown>;
  consume(consumer: string, handlers: Record<string, (event: Record<string, unknown>) => void>): Promise<Running>;
}
type CreateEvents = (nc: NatsConnection, options: { source: string }) => Events;

const tmp = makeTmpDir("minor-unions");
const nats = useJetStream();
let current: CreateEvents;
let before11: CreateEvents;
let describeUpdate: (event: Record<string, unknown>) => string;

beforeAll(async () => {
  await generate({ schemas: REGISTRY, out: join(tmp, "pkg") });
  // The registry as it was before 1.1: what a producer not yet upgraded was generated from.
  cpSync(REGISTRY, join(tmp, "before-1.1"), { recursive: true });
  rmSync(join(tmp, "before-1.1", "tree", "updated", "1.1.json"));
  await generate({ schemas: join(tmp, "before-1.1"), out: join(tmp, "pkg-before-1.1") });
  copyFileSync("test/types/minor-unions-consumer.ts", join(tmp, "consumer.ts"));
  expect(typecheckFiles(tmp, ["consumer.ts"], { noEmit: false, outDir: "out" })).toBe("");
  const load = async <T>(path: string) => (await import(pathToFileURL(join(tmp, path)).href)) as T;
  current = (await load<{ createEvents: CreateEvents }>("pkg/index.js")).createEvents;
  before11 = (await load<{ createEvents: CreateEvents }>("pkg-before-1.1/index.js")).createEvents;
  describeUpdate = (await load<{ describeUpdate: typeof describeUpdate }>("out/consumer.js")).describeUpdate;
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a consumer of tree.updated v1 under FORWARD", () => {
  it("gets the 1.0 message without rev and the 1.1 message with it, and the narrowed handler handles both", async () => {
    const oldProducer = before11(nats.nc, { source: "old-producer" });
    const newProducer = current(nats.nc, { source: "new-producer" });
    await newProducer.ensureStreams({ replicas: 1 });
    await oldProducer.publishTreeUpdated({ name: "oak" });
    await newProducer.publishTreeUpdated({ name: "elm", rev: 2 });

    const seen: Array<{ version: unknown; data: unknown; described: string }> = [];
    const running = await current(nats.nc, { source: "reader" }).consume("updates-v1", {
      "tree.updated": (e) => void seen.push({ version: e.version, data: e.data, described: describeUpdate(e) }),
    });
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
    await running.stop();

    expect(seen).toEqual([
      { version: "1.0", data: { name: "oak" }, described: "oak unrevised (1.0)" },
      { version: "1.1", data: { name: "elm", rev: 2 }, described: "elm rev 2 next 3" },
    ]);
  });
});
