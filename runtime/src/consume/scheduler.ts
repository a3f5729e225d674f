/**
 * The scheduler of one running consumer: the queue and the pump. It turns each delivered message
 * into a MessageContext, runs the middleware chain on at most `concurrency` of them at a time
 * (1 keeps the stream's order), acks what the chain leaves unsettled, naks what it throws, keeps
 * held messages (a dead letter written in the background) until their task settles them, and
 * counts how each message ended.
 *
 * Contract: `receive` is the nats.js consume() callback and never throws. The scheduler knows
 * nothing of pulling, restarting, statuses or stopping: the supervisor (supervisor.ts) asks it
 * for `held()` messages to keep alive, `whenIdle()` and `releaseQueued()` when stopping, and
 * `stats()`; it reports failures through `report`.
 *
 * Hot path per message: one MessageContext, one queue slot or a direct start, the chain, an ack.
 * No per-message closures or promises while the chain is synchronous (sync-or-async.ts): the
 * messages of one read are then handled in one tick and their acks leave in one write.
 */
import type { JsMsg } from "@nats-io/jetstream";
import { MessageContextImpl, type ContextScope } from "./chain/context.js";
import { isThenable } from "./chain/sync-or-async.js";
import type { ConsumerStats, Handler, MessageContext, Outcome } from "./chain/types.js";

export interface SchedulerSettings {
  chain: Handler;
  scope: ContextScope;
  concurrency: number;
  /** Never throws. */
  report: (error: Error, ctx?: MessageContext) => void;
}

/** The stats() counter each outcome adds to. */
const COUNTER_OF = {
  handled: "handled",
  skipped: "skipped",
  retry: "retried",
  "dead-lettered": "deadLettered",
  abandoned: "abandoned",
} as const satisfies Record<Outcome, keyof ConsumerStats>;

/** Past this many started entries at the head, the queue drops them when that halves it. */
const QUEUE_COMPACT_AFTER = 1024;

export class Scheduler {
  private readonly queue: Array<MessageContextImpl | undefined> = [];
  private head = 0;
  private running = 0;
  private pumping = false;
  private readonly inFlight = new Set<MessageContextImpl>();
  private readonly parked = new Set<MessageContextImpl>();
  private idleWaiters: Array<() => void> = [];
  private readonly counters = { received: 0, handled: 0, skipped: 0, retried: 0, deadLettered: 0, abandoned: 0 };

  constructor(private readonly s: SchedulerSettings) {}

  readonly receive = (msg: JsMsg): void => {
    this.counters.received++;
    const ctx = new MessageContextImpl(msg, this.s.scope, Date.now());
    if (this.running < this.s.concurrency && this.head === this.queue.length && !this.pumping) this.run(ctx);
    else this.queue.push(ctx);
  };

  stats(): ConsumerStats {
    return { ...this.counters, inFlight: this.running, buffered: this.queue.length - this.head, held: this.parked.size };
  }

  /** Every message this process holds: running, held by a background task, or waiting its turn. */
  *held(): Iterable<MessageContextImpl> {
    yield* this.inFlight;
    yield* this.parked;
    for (let i = this.head; i < this.queue.length; i++) yield this.queue[i] as MessageContextImpl;
  }

  /** Resolves once nothing runs, waits or is held. */
  whenIdle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
  }

  /** Aborts the `signal` of every running handler: the consumer will not wait for them. */
  cancelRunning(reason: Error): void {
    for (const ctx of this.inFlight) ctx.cancel(reason);
  }

  /** Messages received but not started go back to JetStream at once. */
  releaseQueued(): void {
    for (let i = this.head; i < this.queue.length; i++) (this.queue[i] as MessageContextImpl).nak();
    this.queue.length = 0;
    this.head = 0;
  }

  /**
   * Runs the chain of one message. A chain that completes synchronously (a synchronous handler,
   * the built-in middleware) is settled at once, without a promise, so the next message of the
   * same read runs in the same tick and their acks share one write (see sync-or-async.ts).
   */
  private run(ctx: MessageContextImpl): void {
    this.running++;
    this.inFlight.add(ctx);
    let result;
    try {
      result = this.s.chain(ctx);
    } catch (err) {
      this.failed(ctx, err);
      this.finished(ctx);
      return;
    }
    if (isThenable(result)) {
      result.then(this.succeededThenFinished.bind(this, ctx), this.failedThenFinished.bind(this, ctx));
      return;
    }
    this.succeededThenFinished(ctx);
  }

  /** The chain returned: a message it left unsettled is acked. */
  private succeededThenFinished(ctx: MessageContextImpl): void {
    try {
      if (ctx.outcome === undefined && ctx.held === undefined) ctx.ack();
    } catch (err) {
      this.failed(ctx, err);
    }
    this.finished(ctx);
  }

  private failedThenFinished(ctx: MessageContextImpl, err: unknown): void {
    this.failed(ctx, err);
    this.finished(ctx);
  }

  /** Never throws: it may run inside nats.js's delivery callback. */
  private failed(ctx: MessageContextImpl, err: unknown): void {
    try {
      // Only without the retry middleware (or if it failed itself): plain nak, JetStream's timing.
      if (ctx.outcome === undefined && ctx.held === undefined) ctx.nak();
    } catch (nakError) {
      this.s.report(nakError instanceof Error ? nakError : new Error(String(nakError)), ctx);
    }
    this.s.report(err instanceof Error ? err : new Error(String(err)), ctx);
  }

  private finished(ctx: MessageContextImpl): void {
    if (ctx.held !== undefined) this.park(ctx, ctx.held);
    else this.count(ctx);
    this.inFlight.delete(ctx);
    this.running--;
    this.pump();
  }

  /** A held message leaves its handler slot; auto-working keeps it until its task settles it. */
  private park(ctx: MessageContextImpl, task: Promise<void>): void {
    this.parked.add(ctx);
    void task.then(() => {
      this.parked.delete(ctx);
      if (ctx.outcome === undefined) ctx.abandon();
      this.count(ctx);
      this.pump();
    });
  }

  private pump(): void {
    // A message finishing synchronously inside run() calls pump() again: the loop below is
    // already running and picks up the freed slot, so nothing recurses.
    if (this.pumping) return;
    this.pumping = true;
    const queue = this.queue;
    try {
      while (this.running < this.s.concurrency && this.head < queue.length) {
        const next = queue[this.head] as MessageContextImpl;
        queue[this.head++] = undefined;
        this.run(next);
      }
    } finally {
      this.pumping = false;
    }
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > QUEUE_COMPACT_AFTER && this.head * 2 > queue.length) {
      queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.running === 0 && this.parked.size === 0 && this.head === queue.length && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private count(ctx: MessageContextImpl): void {
    if (ctx.outcome !== undefined) this.counters[COUNTER_OF[ctx.outcome]]++;
  }
}
