/**
 * The supervisor of one running consumer: the RunningConsumer the caller holds. It starts the
 * pull (nats.js consume() in callback mode, feeding the scheduler), restarts it by itself when it
 * ends (server restart, consumer gone for a while), reports pull and connection statuses, keeps
 * held messages alive with working() (auto-working), and stops gracefully.
 *
 * Contract: the scheduler (scheduler.ts) owns every message from delivery to its outcome; the
 * supervisor owns the pull, the timers, the listeners and `closed`. Listeners (onStatus, onError)
 * never see an exception of their own: a failing listener must not stop consumption.
 */
import type { Consumer, ConsumerInfo, ConsumerMessages, ConsumerNotification } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ContextScope } from "./chain/context.js";
import { ConsumerStoppedError } from "./chain/errors.js";
import type { ConsumerStats, ConsumerStatus, Handler, MessageContext, RunningConsumer, StopOptions } from "./chain/types.js";
import { Scheduler } from "./scheduler.js";

export interface SupervisorSettings {
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
  /** The consumer's info as read before a restarted pull: its config may have changed meanwhile. */
  onConsumerInfo?: ((info: ConsumerInfo) => void) | undefined;
}

const RESTART_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];
/** Auto-working calls working() once a message has been quiet for this share of ack_wait. */
const WORKING_FRACTION_OF_ACK_WAIT = 3;
const SMALLEST_WORKING_PERIOD_MS = 20;

export class Supervisor implements RunningConsumer {
  readonly name: string;
  readonly stream: string;
  readonly closed: Promise<void>;

  private readonly scheduler: Scheduler;
  private messages: ConsumerMessages | undefined;
  private stopping = false;
  private done = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly wakeOnStop = new Set<() => void>();
  private resolveClosed!: () => void;
  private rejectClosed!: (err: Error) => void;
  private stopPromise: Promise<void> | undefined;
  private connectionStatus: { stop?: () => void } | undefined;

  constructor(private readonly s: SupervisorSettings) {
    this.name = s.name;
    this.stream = s.stream;
    this.scheduler = new Scheduler({ chain: s.chain, scope: s.scope, concurrency: s.concurrency, report: this.reportError });
    this.closed = new Promise<void>((resolve, reject) => {
      this.resolveClosed = resolve;
      this.rejectClosed = reject;
    });
    // Nobody has to await `closed`; an unobserved rejection must not crash the process.
    this.closed.catch(() => undefined);
  }

  /** Starts the first pull; throws what the first consume() attempt throws. */
  async start(): Promise<void> {
    const messages = await this.pull();
    this.attach(messages);
    if (this.s.ackWaitMs > 0) {
      const period = Math.max(SMALLEST_WORKING_PERIOD_MS, Math.floor(this.s.ackWaitMs / WORKING_FRACTION_OF_ACK_WAIT));
      this.ticker = setInterval(this.keepAlive, period);
      this.ticker.unref();
    }
    void this.supervise(messages);
    void this.watchConnection();
  }

  stats(): ConsumerStats {
    return this.scheduler.stats();
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

  readonly reportError = (error: Error, ctx?: MessageContext): void => {
    try {
      this.s.onError?.(error, ctx);
    } catch {
      // a failing error listener must not stop consumption
    }
  };

  readonly reportStatus = (status: ConsumerStatus): void => {
    try {
      this.s.onStatus?.(status);
    } catch {
      // a failing status listener must not stop consumption
    }
  };

  // ---- keeping held messages alive -----------------------------------------------------------

  /** Auto-working: nothing this process holds (running or waiting) outlives its ack_wait. */
  private readonly keepAlive = (): void => {
    if (this.s.nc.isClosed()) return;
    const now = Date.now();
    const threshold = Math.floor(this.s.ackWaitMs / WORKING_FRACTION_OF_ACK_WAIT);
    try {
      for (const ctx of this.scheduler.held()) if (now - ctx.touchedAt >= threshold) ctx.working();
    } catch (err) {
      // A timer must never throw (it would take the process down); the next tick tries again.
      this.reportError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  // ---- pulling and restarting ----------------------------------------------------------------

  private pull(): Promise<ConsumerMessages> {
    return this.s.consumer.consume({ max_messages: this.s.batch, expires: this.s.expires, callback: this.scheduler.receive });
  }

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
        this.reportStatus({ type: "restarting", consumer: this.name, attempt: 1, ...(ended instanceof Error ? { error: ended } : {}) });
      }
      attempt++;
      await this.pauseUnlessStopping(RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length) - 1] as number);
      if (this.stopping) break;
      if (this.s.nc.isClosed()) {
        await this.finish(new Error(`consumer ${this.name}: the NATS connection was closed`));
        return;
      }
      try {
        this.s.onConsumerInfo?.(await this.s.consumer.info());
        messages = await this.pull();
        if (this.stopping) {
          await messages.close();
          break;
        }
        this.attach(messages);
        this.reportStatus({ type: "resumed", consumer: this.name });
      } catch (err) {
        this.reportStatus({ type: "restarting", consumer: this.name, attempt: attempt + 1, error: err as Error });
      }
    }
  }

  // ---- statuses ------------------------------------------------------------------------------

  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const n of messages.status()) {
        const status = toStatus(this.name, this.stream, n);
        if (status) this.reportStatus(status);
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
        if (s.type === "disconnect") this.reportStatus({ type: "disconnected", consumer: this.name, server: s.server });
        else if (s.type === "reconnect") this.reportStatus({ type: "reconnected", consumer: this.name, server: s.server });
      }
    } catch {
      // ends with the connection
    }
  }

  // ---- stopping ------------------------------------------------------------------------------

  private async shutdown(options: StopOptions): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakeOnStop]) wake();
    const messages = this.messages;
    this.messages = undefined;
    if (messages) await messages.close().catch(() => undefined);
    const idle = this.scheduler.whenIdle();
    if (options.timeoutMs === undefined) {
      await idle;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        idle.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.timeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.scheduler.cancelRunning(new ConsumerStoppedError(`consumer ${this.name}: stop() ran out of time (${options.timeoutMs} ms) while this handler ran`, this.name));
        this.scheduler.releaseQueued();
      }
    }
    await this.finish();
  }

  private async finish(error?: Error): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.stopping = true;
    if (error) this.scheduler.cancelRunning(new ConsumerStoppedError(error.message, this.name));
    if (this.ticker) clearInterval(this.ticker);
    this.connectionStatus?.stop?.();
    if (!this.s.nc.isClosed()) await this.s.nc.flush().catch(() => undefined);
    if (error) {
      this.reportError(error);
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
