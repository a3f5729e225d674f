/**
 * The engine of one running consumer: pulls (nats.js consume() in callback mode), runs the
 * middleware chain with bounded concurrency (1 keeps the stream's order), keeps long-running
 * and waiting messages alive with working(), surfaces status problems, restarts the pull loop by
 * itself when it ends (server restart, consumer gone for a while), and stops gracefully.
 *
 * Hot path per message: one MessageContext, one queue slot or a direct start, the chain, an ack.
 * No per-message closures or promises while the chain is synchronous (sync-or-async.ts): the
 * messages of one read are then handled in one tick and their acks leave in one write.
 */
import type { Consumer, ConsumerMessages, ConsumerNotification, JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { MessageContextImpl, type ContextScope } from "./context.js";
import { isThenable } from "./sync-or-async.js";
import type { ConsumerStats, ConsumerStatus, Handler, MessageContext, RunningConsumer, StopOptions } from "./types.js";

export interface LoopSettings {
  name: string;
  stream: string;
  nc: NatsConnection;
  consumer: Consumer;
  chain: Handler;
  scope: ContextScope;
  concurrency: number;
  batch: number;
  expires: number;
  /** Smallest time JetStream waits for an ack before redelivering (ms); 0 turns auto-working off. */
  ackWaitMs: number;
  onStatus?: ((status: ConsumerStatus) => void) | undefined;
  onError?: ((error: Error, ctx?: MessageContext) => void) | undefined;
}

const RESTART_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];

export class ConsumeLoop implements RunningConsumer {
  readonly name: string;
  readonly stream: string;
  readonly closed: Promise<void>;

  private readonly queue: Array<MessageContextImpl | undefined> = [];
  private head = 0;
  private running = 0;
  private pumping = false;
  private readonly inFlight = new Set<MessageContextImpl>();
  private readonly parked = new Set<MessageContextImpl>();
  private messages: ConsumerMessages | undefined;
  private stopping = false;
  private done = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly wakeOnStop = new Set<() => void>();
  private idleWaiters: Array<() => void> = [];
  private resolveClosed!: () => void;
  private rejectClosed!: (err: Error) => void;
  private stopPromise: Promise<void> | undefined;
  private connectionStatus: { stop?: () => void } | undefined;
  private readonly counters = { received: 0, handled: 0, skipped: 0, retried: 0, deadLettered: 0, abandoned: 0 };

  constructor(private readonly s: LoopSettings) {
    this.name = s.name;
    this.stream = s.stream;
    this.closed = new Promise<void>((resolve, reject) => {
      this.resolveClosed = resolve;
      this.rejectClosed = reject;
    });
    // Nobody has to await `closed`; an unobserved rejection must not crash the process.
    this.closed.catch(() => undefined);
  }

  /** Starts the first pull; throws what the first consume() attempt throws. */
  async start(): Promise<void> {
    const messages = await this.s.consumer.consume({
      max_messages: this.s.batch,
      expires: this.s.expires,
      callback: this.onMessage,
    });
    this.attach(messages);
    if (this.s.ackWaitMs > 0) {
      const period = Math.max(20, Math.floor(this.s.ackWaitMs / 3));
      this.ticker = setInterval(this.keepAlive, period);
      this.ticker.unref();
    }
    void this.supervise(messages);
    void this.watchConnection();
  }

  stats(): ConsumerStats {
    return { ...this.counters, inFlight: this.running, buffered: this.queue.length - this.head, held: this.parked.size };
  }

  isStopping = (): boolean => this.stopping;

  /** Waits `ms`, or less if stop() is called meanwhile (for work that must not delay stopping). */
  pauseUnlessStopping(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeOnStop.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeOnStop.add(wake);
    });
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopPromise ??= this.shutdown(options);
    return this.stopPromise;
  }

  // ---- receiving and dispatching -------------------------------------------------------------

  private readonly onMessage = (msg: JsMsg): void => {
    this.counters.received++;
    const ctx = new MessageContextImpl(msg, this.s.scope, Date.now());
    if (this.running < this.s.concurrency && this.head === this.queue.length && !this.pumping) this.run(ctx);
    else this.queue.push(ctx);
  };

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
      this.report(nakError instanceof Error ? nakError : new Error(String(nakError)), ctx);
    }
    this.report(err instanceof Error ? err : new Error(String(err)), ctx);
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
    } else if (this.head > 1024 && this.head * 2 > queue.length) {
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
    switch (ctx.outcome) {
      case "handled":
        this.counters.handled++;
        break;
      case "skipped":
        this.counters.skipped++;
        break;
      case "retry":
        this.counters.retried++;
        break;
      case "dead-lettered":
        this.counters.deadLettered++;
        break;
      case "abandoned":
        this.counters.abandoned++;
        break;
    }
  }

  /** Auto-working: nothing this process holds (running or waiting) outlives its ack_wait. */
  private readonly keepAlive = (): void => {
    if (this.s.nc.isClosed()) return;
    const now = Date.now();
    const threshold = Math.floor(this.s.ackWaitMs / 3);
    try {
      for (const ctx of this.inFlight) if (now - ctx.touchedAt >= threshold) ctx.working();
      for (const ctx of this.parked) if (now - ctx.touchedAt >= threshold) ctx.working();
      for (let i = this.head; i < this.queue.length; i++) {
        const ctx = this.queue[i] as MessageContextImpl;
        if (now - ctx.touchedAt >= threshold) ctx.working();
      }
    } catch (err) {
      // A timer must never throw (it would take the process down); the next tick tries again.
      this.report(err instanceof Error ? err : new Error(String(err)));
    }
  };

  // ---- supervision ---------------------------------------------------------------------------

  private attach(messages: ConsumerMessages): void {
    this.messages = messages;
    void this.watch(messages);
  }

  /** Restarts the pull loop whenever it ends on its own, until stop() or a closed connection. */
  private async supervise(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    let attempt = 0;
    while (!this.stopping) {
      if (messages) {
        const ended = await messages.closed();
        this.messages = undefined;
        messages = undefined;
        if (this.stopping) break;
        if (this.s.nc.isClosed()) {
          await this.finish(new Error(`consumer ${this.name}: the NATS connection was closed`));
          return;
        }
        attempt = 0;
        this.status({ type: "restarting", consumer: this.name, attempt: 1, ...(ended instanceof Error ? { error: ended } : {}) });
      }
      attempt++;
      await this.pauseUnlessStopping(RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length) - 1] as number);
      if (this.stopping) break;
      if (this.s.nc.isClosed()) {
        await this.finish(new Error(`consumer ${this.name}: the NATS connection was closed`));
        return;
      }
      try {
        await this.s.consumer.info();
        messages = await this.s.consumer.consume({
          max_messages: this.s.batch,
          expires: this.s.expires,
          callback: this.onMessage,
        });
        if (this.stopping) {
          await messages.close();
          break;
        }
        this.attach(messages);
        this.status({ type: "resumed", consumer: this.name });
      } catch (err) {
        this.status({ type: "restarting", consumer: this.name, attempt: attempt + 1, error: err as Error });
      }
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const n of messages.status()) {
        const status = toStatus(this.name, this.stream, n);
        if (status) this.status(status);
      }
    } catch {
      // the status iterator ends with its messages; nothing to report
    }
  }

  private async watchConnection(): Promise<void> {
    const statuses = this.s.nc.status();
    this.connectionStatus = statuses as { stop?: () => void };
    try {
      for await (const s of statuses) {
        if (this.done) break;
        if (s.type === "disconnect") this.status({ type: "disconnected", consumer: this.name, server: s.server });
        else if (s.type === "reconnect") this.status({ type: "reconnected", consumer: this.name, server: s.server });
      }
    } catch {
      // ends with the connection
    }
  }

  private status(status: ConsumerStatus): void {
    try {
      this.s.onStatus?.(status);
    } catch {
      // a failing status listener must not stop consumption
    }
  }

  private report(error: Error, ctx?: MessageContext): void {
    try {
      this.s.onError?.(error, ctx);
    } catch {
      // ignored, as above
    }
  }

  reportError = (error: Error, ctx?: MessageContext): void => this.report(error, ctx);

  reportStatus = (status: ConsumerStatus): void => this.status(status);

  // ---- stopping ------------------------------------------------------------------------------

  private async shutdown(options: StopOptions): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakeOnStop]) wake();
    const messages = this.messages;
    this.messages = undefined;
    if (messages) await messages.close().catch(() => undefined);
    const idle = new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
    if (options.timeoutMs === undefined) {
      await idle;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        idle.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.timeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) this.releaseQueued();
    }
    await this.finish();
  }

  /** Messages received but not started go back to JetStream at once. */
  private releaseQueued(): void {
    for (let i = this.head; i < this.queue.length; i++) (this.queue[i] as MessageContextImpl).nak();
    this.queue.length = 0;
    this.head = 0;
  }

  private async finish(error?: Error): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.stopping = true;
    if (this.ticker) clearInterval(this.ticker);
    this.connectionStatus?.stop?.();
    if (!this.s.nc.isClosed()) await this.s.nc.flush().catch(() => undefined);
    if (error) {
      this.report(error);
      this.rejectClosed(error);
    } else {
      this.resolveClosed();
    }
  }
}

function toStatus(consumer: string, stream: string, n: ConsumerNotification): ConsumerStatus | undefined {
  switch (n.type) {
    case "heartbeats_missed":
      return { type: "heartbeats_missed", consumer, count: n.count };
    case "consumer_deleted":
      return { type: "consumer_deleted", consumer, description: n.description };
    case "consumer_not_found":
      return { type: "consumer_not_found", consumer, count: n.count };
    case "stream_not_found":
      return { type: "stream_not_found", consumer, stream };
    case "no_responders":
      return { type: "no_responders", consumer };
    case "exceeded_limits":
      return { type: "exceeded_limits", consumer, description: n.description };
    default:
      return undefined;
  }
}
