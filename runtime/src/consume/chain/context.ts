/**
 * The MessageContext of one delivered message. One object per message with a fixed shape; the
 * delivery metadata (parsed from the reply subject by nats.js) is read only when asked for, so
 * the hot path of a message that is simply handled and acked never parses it.
 */
import type { JsMsg } from "@nats-io/jetstream";
import type { EventDescriptor } from "../../base/descriptor.js";
import type { DeadLetterReason, MessageContext, Outcome } from "./types.js";

/** What every context of one running consumer shares. */
export interface ContextScope {
  readonly consumer: string;
  /** The consumer's max_deliver as last read (delivery-limit.ts updates it); -1 when unlimited. */
  maxDeliver: number;
  /** Ack policy "none": there is nothing to ack, nak or term, and nothing is delivered twice. */
  readonly noAck: boolean;
}

export class MessageContextImpl implements MessageContext {
  event: Record<string, unknown> = EMPTY;
  eventId: string | undefined = undefined;
  type: string | undefined = undefined;
  version: string | undefined = undefined;
  descriptor: EventDescriptor | undefined = undefined;
  validatedAs: string | undefined = undefined;
  outcome: Outcome | undefined = undefined;
  error: unknown = undefined;
  deadLetterReason: DeadLetterReason | undefined = undefined;
  held: Promise<void> | undefined = undefined;
  /** Last time working() was sent (or the message arrived), for auto-working. */
  touchedAt: number;
  /** Made on first read of `signal`: a handler that never asks costs nothing. */
  private controller: AbortController | undefined = undefined;
  /** Why the attempt was cancelled, kept until (and unless) someone reads `signal`. */
  private cancelReason: unknown = undefined;

  constructor(
    readonly msg: JsMsg,
    private readonly scope: ContextScope,
    readonly receivedAt: number,
  ) {
    this.touchedAt = receivedAt;
  }

  get consumer(): string {
    return this.scope.consumer;
  }
  get subject(): string {
    return this.msg.subject;
  }
  get stream(): string {
    return this.msg.info.stream;
  }
  get streamSequence(): number {
    return this.msg.info.streamSequence;
  }
  get deliveryCount(): number {
    return this.msg.info.deliveryCount;
  }
  get maxDeliver(): number {
    return this.scope.maxDeliver;
  }
  get lastDelivery(): boolean {
    // With ack policy none, JetStream never delivers a message again: every delivery is the last.
    if (this.scope.noAck) return true;
    const max = this.scope.maxDeliver;
    return max > 0 && this.msg.info.deliveryCount >= max;
  }
  get settled(): boolean {
    return this.outcome !== undefined;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.cancelReason !== undefined) this.controller.abort(this.cancelReason);
    }
    return this.controller.signal;
  }

  /**
   * The consumer gave up on this attempt (handler timeout, stop() out of time, connection
   * closed): aborts `signal` with `reason`. Only the first reason counts.
   */
  cancel(reason: Error): void {
    if (this.cancelReason !== undefined) return;
    this.cancelReason = reason;
    this.controller?.abort(reason);
  }

  working(): void {
    if (this.outcome !== undefined || this.scope.noAck) return;
    this.touchedAt = Date.now();
    this.msg.working();
  }

  ack(outcome: "handled" | "skipped" = "handled"): void {
    if (this.outcome !== undefined) return;
    this.outcome = outcome;
    if (!this.scope.noAck) this.msg.ack();
  }

  nak(delayMs?: number): void {
    if (this.outcome !== undefined) return;
    this.outcome = "retry";
    if (!this.scope.noAck) this.msg.nak(delayMs);
  }

  term(): void {
    if (this.outcome !== undefined) return;
    this.outcome = "dead-lettered";
    // No reason text: servers before 2.11 ignore "+TERM <reason>" (the reason is in the dead letter).
    if (!this.scope.noAck) this.msg.term();
  }

  abandon(): void {
    if (this.outcome === undefined) this.outcome = "abandoned";
  }

  hold(task: Promise<void>): void {
    // A nak'ed message may still be held: on its last delivery, for its dead letter (dead-letter.ts).
    if ((this.outcome !== undefined && this.outcome !== "retry") || this.held !== undefined) {
      throw new Error("hold(): the message is already settled or held");
    }
    this.held = task.then(
      () => undefined,
      (err: unknown) => {
        if (this.error === undefined) this.error = err;
      },
    );
  }
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
