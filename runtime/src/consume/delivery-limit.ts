/**
 * The consumer's max_deliver as the server has it now, for `ctx.lastDelivery`. It is read when
 * consume() binds, but a consumer's config can change while it runs (`jetschema streams apply`,
 * the nats CLI), and a lowered max_deliver makes a delivery the last one without the runtime
 * knowing: a nak there would end the message with no dead letter. So before a failed (or nak'ed)
 * message is given up to a nak, the dead-letter middleware asks `confirm()`, which reads the limit
 * again unless it was read within `freshMs`; every failure meanwhile shares that read, so a burst
 * of failures costs one request a second at most. A failed read keeps the limit known before.
 *
 * Any other read of the consumer's info (the supervisor's, before it pulls again after a restart)
 * hands its limit to `learn()`, so a consumer deleted and made again with another max_deliver is
 * known as soon as the pull resumes, not a second later.
 *
 * Trade-off: a change inside that second, or between the read and the nak, is still missed.
 * Closing it entirely would take a read per failure, or the server's max-deliveries advisory,
 * which a process that is down when it fires never sees.
 */
export interface LimitScope {
  /** The limit every message context of the consumer reads; -1 when unlimited. */
  maxDeliver: number;
}

export class DeliveryLimit {
  private readAt: number;
  private reading: Promise<void> | undefined = undefined;

  constructor(
    private readonly scope: LimitScope,
    /** The consumer's max_deliver on the server now. */
    private readonly read: () => Promise<number | undefined>,
    private readonly freshMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {
    this.readAt = now();
  }

  /** Takes a limit read elsewhere as the fresh one. */
  learn(max: number | undefined): void {
    this.scope.maxDeliver = max ?? -1;
    this.readAt = this.now();
  }

  /** Undefined when the limit is no older than `freshMs`, else a read of it that never rejects. */
  confirm(): Promise<void> | undefined {
    if (this.now() - this.readAt < this.freshMs) return undefined;
    this.reading ??= this.read().then(
      (max) => {
        this.learn(max);
        this.reading = undefined;
      },
      () => {
        // Unreadable (a disconnect, the consumer gone): the known limit stays; the next failure tries again.
        this.reading = undefined;
      },
    );
    return this.reading;
  }
}
