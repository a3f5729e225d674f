/**
 * A consumer process for the crash tests (run with tsx, killed with SIGKILL by the test).
 *
 * Environment:
 *   NATS_URL       server to connect to
 *   EFFECTS_FILE   every handled event appends "<event id>\n" here (the handler's "effect")
 *   CONCURRENCY    handlers at once (default 4)
 *   HANDLER_MS     each handler sleeps this long after its effect (default 5)
 *   IDEMPOTENT     "1": the KV idempotency middleware remembers processed event ids
 *   HOLD_AFTER     with HOLD: let this many events complete normally first (default 20)
 *   HOLD           after HOLD_AFTER events, hold this many finished events before their ack
 *                  (after the idempotency middleware remembered them) and report them to the
 *                  parent: "crashed after the effect and the mark, before the ack", on purpose.
 *
 * IPC to the parent: { type: "ready" }, then { type: "held", ids } once HOLD events are held.
 */
import { appendFileSync } from "node:fs";
import { connect } from "@nats-io/transport-node";
import { createEventClient, idempotency, kvStore, type Middleware } from "../../runtime/src/index.js";
import { consumeRegistry } from "./consume.js";

const env = process.env;
const nc = await connect({ servers: env["NATS_URL"], name: "crash-consumer" });
const events = createEventClient(nc, consumeRegistry({ ackWait: "1s" }), { source: "crash-consumer" });
const effects = env["EFFECTS_FILE"] as string;
const handlerMs = Number(env["HANDLER_MS"] ?? 5);
const holdCount = Number(env["HOLD"] ?? 0);
const holdAfter = Number(env["HOLD_AFTER"] ?? 20);

let completed = 0;
const held: string[] = [];
const holdFinished: Middleware = (next) => async (ctx) => {
  await next(ctx);
  if (holdCount === 0 || completed++ < holdAfter || held.length >= holdCount) return;
  held.push(ctx.eventId as string);
  if (held.length === holdCount) process.send?.({ type: "held", ids: held });
  await new Promise(() => undefined); // never resolves: the ack is never sent
};

const middleware: Middleware[] = [holdFinished];
if (env["IDEMPOTENT"] === "1") middleware.push(idempotency({ store: kvStore(nc) }));

await events.consume(
  "analytics-processor",
  {
    "position.admitted": async (e: { id: string }) => {
      appendFileSync(effects, `${e.id}\n`);
      await new Promise((r) => setTimeout(r, handlerMs));
    },
  },
  { concurrency: Number(env["CONCURRENCY"] ?? 4), middleware },
);
process.send?.({ type: "ready" });
