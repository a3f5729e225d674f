/**
 * `events.ensureStreams()`: make the server match the registry at start-up. Idempotent (a second
 * call finds everything unchanged); throws if anything could not be made to match.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { RegistryDescriptor } from "../base/descriptor.js";
import { ProvisioningError } from "../base/errors.js";
import { applyStreams, type ApplyResult } from "./apply.js";
import type { ProvisionOptions } from "./desired-config.js";
import { natsCause } from "../base/nats-cause.js";
import { planStreams } from "./plan.js";

export interface EnsureStreamsOptions {
  /** Overrides every stream's replicas: `{ replicas: 1 }` on a single dev server. */
  replicas?: number;
  /**
   * Also make changes that strand or delete stored messages: remove stream subjects, lower
   * limits, narrow consumer filters. Default false: those are held back (the live value kept,
   * everything else applied) and reported by a NarrowingHeldError.
   */
  narrow?: boolean;
}

export async function ensureStreams(
  jsm: JetStreamManager,
  registry: RegistryDescriptor,
  options: ProvisionOptions & Pick<EnsureStreamsOptions, "narrow"> = {},
): Promise<ApplyResult> {
  const plan = await readPlan(jsm, registry, options);
  const result = await applyStreams(jsm, plan, { narrow: options.narrow ?? false });
  const [first, ...more] = result.errors;
  if (!first) return result;
  if (more.length === 0) throw first;
  throw new ProvisioningError(
    `ensureStreams: ${result.errors.length} streams/consumers could not be provisioned:\n` +
      result.errors.map((e) => `  - ${e.message}`).join("\n"),
    { errors: result.errors },
  );
}

/** Reading the server's streams can be refused (no `$JS.API` rights): a ProvisioningError too. */
async function readPlan(jsm: JetStreamManager, registry: RegistryDescriptor, options: ProvisionOptions) {
  try {
    return await planStreams(jsm, registry, options);
  } catch (err) {
    if (err instanceof ProvisioningError) throw err;
    throw new ProvisioningError(`ensureStreams: cannot read the server's streams: ${(err as Error).message}`, {}, { cause: natsCause(err) });
  }
}
