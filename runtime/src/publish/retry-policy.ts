/**
 * How long and how often a publish is retried. The retry deadline bounds the whole publish
 * (every attempt and every pause), so a caller knows the worst case: `deadlineMs`.
 */

export interface RetryPolicy {
  /** Give up (PublishError) once this many ms have passed since the first attempt. */
  deadlineMs: number;
  /** Pause after the first failed attempt; doubles each attempt. */
  initialDelayMs: number;
  /** Ceiling of the pause. */
  maxDelayMs: number;
}

/**
 * 30 s: long enough to ride out a stream leader failover (runtime/README.md, "Why 30 s"), short
 * enough that a caller facing a real outage learns of it within half a minute.
 */
export const DEFAULT_RETRY: RetryPolicy = { deadlineMs: 30_000, initialDelayMs: 50, maxDelayMs: 1_000 };

/** Default ms to wait for one PubAck (each attempt; never beyond the retry deadline). */
export const DEFAULT_ACK_TIMEOUT_MS = 5_000;

export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...stripUndefined(partial ?? {}) };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Invalid retry.${name} ${value}: expected a number of milliseconds >= 0`);
    }
  }
  return policy;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so publishers
 * that failed together (a server restart) do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
