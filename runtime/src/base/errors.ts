/**
 * The runtime's typed errors. Each says what failed, where, and what to do about it, so a caller
 * (or a log reader) never has to dig through a NATS status code.
 */

/** One schema violation; `pointer` is a JSON pointer into the validated document. */
export interface ValidationIssue {
  /**
   * Where the problem is. ajv's `instancePath`, extended with the property name for keywords that
   * report on a missing or extra property (`required`, `additionalProperties`, ...), so it points
   * at the field itself: `/session_id` rather than `` (the root). `""` is the whole document.
   */
  pointer: string;
  message: string;
  /** The JSON Schema keyword that failed (`required`, `minimum`, `format`, ...). */
  keyword: string;
}

/** A payload (or envelope) does not match its schema. Nothing was sent. */
export class ValidationError extends Error {
  override name = "ValidationError";
  constructor(
    /** Event name, `position.admitted`. */
    readonly event: string,
    /** The minor version validated against, `"1.1"`. */
    readonly version: string,
    readonly issues: ValidationIssue[],
    /** Which document the pointers refer to: the event's `data`, or the whole envelope. */
    readonly target: "data" | "envelope" = "data",
  ) {
    super(
      `Invalid ${target === "data" ? "payload" : "envelope"} for ${event} ${version}: ` +
        shownIssues(issues).map(formatIssue).join("; "),
    );
  }
}

/**
 * The issues a message lists. ajv reports a failed `then`/`else` twice: the branch's own issues,
 * which say what is wrong, and the `if` keyword's `must match "then" schema`, which only sums them
 * up. The summary is left out of the text whenever anything else was reported (always, as ajv
 * works); an error's `issues` keeps every issue. The generator applies the same rule to what it
 * prints (generator/load/ajv-errors.ts).
 */
export function shownIssues<I extends Pick<ValidationIssue, "keyword">>(issues: readonly I[]): I[] {
  const own = issues.filter((i) => i.keyword !== "if");
  return own.length > 0 ? own : [...issues];
}

function formatIssue(issue: ValidationIssue): string {
  return `${issue.pointer === "" ? "(root)" : issue.pointer} ${issue.message} (${issue.keyword})`;
}

/** Publishing failed for good: a permanent error, or transient ones until the retry deadline. */
export class PublishError extends Error {
  override name = "PublishError";
  constructor(
    message: string,
    readonly subject: string,
    /** How many times the message was sent (all with the same `Nats-Msg-Id`). */
    readonly attempts: number,
    /** The event id (`Nats-Msg-Id`): republishing with it is deduplicated by the stream. */
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** JetStream is up but no stream captures the subject: retrying cannot help. */
export class NoStreamError extends PublishError {
  override name = "NoStreamError";
  constructor(subject: string, id: string, attempts: number, options?: { cause?: unknown }) {
    super(
      `No stream captures subject "${subject}": the message was not stored. Create the streams ` +
        `from the registry first: call ensureStreams() at start-up, or run ` +
        `\`jetschema streams apply --server <url>\`.`,
      subject,
      attempts,
      id,
      options,
    );
  }
}

/** Creating or updating a stream or consumer failed; names the stream, consumer and field. */
export class ProvisioningError extends Error {
  override name = "ProvisioningError";
  readonly stream: string | undefined;
  readonly consumer: string | undefined;
  readonly field: string | undefined;
  /** Set when several provisioning steps failed at once (ensureStreams). */
  readonly errors: ProvisioningError[];

  constructor(
    message: string,
    where: { stream?: string; consumer?: string; field?: string; errors?: ProvisioningError[] },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.stream = where.stream;
    this.consumer = where.consumer;
    this.field = where.field;
    this.errors = where.errors ?? [];
  }
}

/** The registry asks for more replicas than the server (or cluster) can place. */
export class ReplicasError extends ProvisioningError {
  override name = "ReplicasError";
  constructor(
    stream: string,
    readonly replicas: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${stream}: replicas ${replicas} ${detail}`, { stream, field: "replicas" }, options);
  }
}

/**
 * ensureStreams would have narrowed a live stream or consumer (removed a subject, lowered a limit,
 * narrowed a filter): stored messages would be stranded or deleted. Those changes were not made;
 * the live values were kept and the rest applied.
 */
export class NarrowingHeldError extends ProvisioningError {
  override name = "NarrowingHeldError";
  constructor(
    where: { stream: string; consumer?: string },
    readonly narrowing: Array<{ field: string; from: unknown; to: unknown; rule: string; detail: string }>,
  ) {
    const what = where.consumer ? `consumer ${where.consumer} on stream ${where.stream}` : `stream ${where.stream}`;
    const list = narrowing.map((n) => `${n.field} ${n.detail} (${n.rule})`).join("; ");
    super(
      `${what}: not narrowed: ${list}. The live value was kept and everything else applied. Narrow it on ` +
        `purpose with \`jetschema streams apply\` or ensureStreams({ narrow: true }), or put the registry back.`,
      { ...where, field: narrowing[0]?.field },
    );
  }
}

/** A change the server cannot make in place (storage type, retention, consumer delivery policy). */
export class RefusedChangeError extends ProvisioningError {
  override name = "RefusedChangeError";
  constructor(
    where: { stream: string; consumer?: string },
    readonly fields: Array<{ field: string; from: unknown; to: unknown }>,
  ) {
    const what = where.consumer
      ? `consumer ${where.consumer} on stream ${where.stream}`
      : `stream ${where.stream}`;
    const list = fields
      .map((f) => `${f.field} ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`)
      .join(", ");
    super(
      `${what}: JetStream cannot change ${list} in place; nothing was changed. Revert the ` +
        `registry, or delete and recreate the ${where.consumer ? "consumer" : "stream (its messages are lost)"}.`,
      { ...where, field: fields[0]?.field },
    );
  }
}
