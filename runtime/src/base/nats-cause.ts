/**
 * The nats.js error a jetschema error carries as its `cause`. nats.js reports a refused request
 * (js.publish, a JetStream API call) as a RequestError whose own cause is the
 * PermissionViolationError that says what was refused; users test
 * `err.cause instanceof PermissionViolationError` (docs/security.md), so that is the cause given.
 */
import { errors } from "@nats-io/transport-node";

export function natsCause(err: unknown): unknown {
  if (err instanceof errors.RequestError && err.cause instanceof errors.PermissionViolationError) return err.cause;
  return err;
}
