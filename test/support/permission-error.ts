/** For the `jetschema permissions` suites: a promise refused by nats-server's permissions. */
import { expect } from "vitest";

/** Rejects with a permission error somewhere in its cause chain. */
export async function expectPermissionError(promise: Promise<unknown>): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a permission error, but it succeeded").toBeInstanceOf(Error);
  const chain: string[] = [];
  for (let e: unknown = err, i = 0; e instanceof Error && i < 6; e = e.cause, i++) chain.push(`${e.name}: ${e.message}`);
  expect(chain.join(" <- ")).toMatch(/Permissions Violation/i);
}
