/**
 * A responder whose answer the server refuses (msg.respond throws: larger than max_payload)
 * reports it to `onError`, answers with an error reply when that still fits, leaves no unhandled
 * rejection behind (Node ends the process on one) and goes on answering. Real nats-server with a
 * small max_payload.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEventClient } from "../../runtime/src/index.js";
import { testRegistry, withQueueLengthQuery } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

/** Rejections nobody handled while a test ran. */
const unhandled: unknown[] = [];
const record = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", record);
});
afterEach(() => void process.off("unhandledRejection", record));

/** Lets a rejection left without a handler reach `unhandledRejection`. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const cases = [
  {
    given: "a reply larger than max_payload",
    maxPayload: 4096,
    handler: (call: number) => (call === 1 ? { length: 1, note: "x".repeat(8192) } : { length: 2 }),
    wantRequest: { reason: "responder-error", message: expect.stringContaining("the reply could not be sent: ") },
    wantReported: [expect.stringMatching(/^the reply could not be sent: .*max_payload/)],
  },
  {
    given: "a handler error whose error reply is larger than max_payload",
    maxPayload: 1024,
    handler: (call: number) => {
      if (call === 1) throw new Error("queue store down: ".padEnd(1000, "!"));
      return { length: 2 };
    },
    wantRequest: { reason: "timeout" },
    wantReported: [expect.stringMatching(/^queue store down/), expect.stringMatching(/^the error reply could not be sent: .*max_payload/)],
  },
];

for (const c of cases) {
  describe(`serve: ${c.given}`, () => {
    const nats = useJetStream({ server: { config: `max_payload: ${c.maxPayload}\n` } });

    it("is reported to onError, leaves no unhandled rejection, and the responder answers the next request", async () => {
      const client = createEventClient(nats.nc, withQueueLengthQuery(testRegistry()), { source: "test", timeoutMs: 500 });
      const reported: Error[] = [];
      let calls = 0;
      const responder = client.serve("queue.length@1", () => c.handler(++calls), { onError: (error) => void reported.push(error) });
      const first = await client.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" }).catch((err: unknown) => err);
      await settle();
      expect(unhandled).toEqual([]);
      expect(first).toMatchObject(c.wantRequest);
      expect(reported.map((e) => e.message)).toEqual(c.wantReported);
      await expect(client.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })).resolves.toMatchObject({ data: { length: 2 } });
      await responder.stop();
    });
  });
}
