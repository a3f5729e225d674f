import { describe, expect, it } from "vitest";
import { DeliveryLimit } from "../../runtime/src/consume/delivery-limit.js";

/** A limit over a fake clock, reading `server` (or failing when it is an Error); counts the reads. */
function limitOver(server: { max: number | Error }, at: { now: number }) {
  const scope = { maxDeliver: 5 };
  let reads = 0;
  const limit = new DeliveryLimit(
    scope,
    async () => {
      reads++;
      if (server.max instanceof Error) throw server.max;
      return server.max;
    },
    1_000,
    () => at.now,
  );
  return { scope, limit, reads: () => reads };
}

describe("DeliveryLimit: max_deliver as the server has it now", () => {
  it("needs no read while the limit is fresh", () => {
    const at = { now: 0 };
    const { limit, reads } = limitOver({ max: 2 }, at);
    at.now = 999;
    expect(limit.confirm()).toBeUndefined();
    expect(reads()).toBe(0);
  });

  it("reads a stale limit once for every failure meanwhile, then is fresh again", async () => {
    const at = { now: 0 };
    const { scope, limit, reads } = limitOver({ max: 2 }, at);
    at.now = 1_000;
    const first = limit.confirm();
    const second = limit.confirm();
    expect(first).toBe(second);
    await first;
    expect(scope.maxDeliver).toBe(2);
    expect(reads()).toBe(1);
    expect(limit.confirm()).toBeUndefined();
  });

  it("reads an unset limit as unlimited (-1)", async () => {
    const at = { now: 5_000 };
    const { scope, limit } = limitOver({ max: undefined as unknown as number }, at);
    at.now = 10_000;
    await limit.confirm();
    expect(scope.maxDeliver).toBe(-1);
  });

  it("keeps the known limit when the read fails, and tries again on the next failure", async () => {
    const at = { now: 0 };
    const server: { max: number | Error } = { max: new Error("disconnected") };
    const { scope, limit, reads } = limitOver(server, at);
    at.now = 2_000;
    await expect(limit.confirm()).resolves.toBeUndefined();
    expect(scope.maxDeliver).toBe(5);
    server.max = 3;
    await limit.confirm();
    expect(scope.maxDeliver).toBe(3);
    expect(reads()).toBe(2);
  });

  it("takes a limit read elsewhere as fresh: no read of its own for the next second", () => {
    const at = { now: 0 };
    const { scope, limit, reads } = limitOver({ max: 9 }, at);
    at.now = 5_000;
    limit.learn(1);
    expect(scope.maxDeliver).toBe(1);
    at.now = 5_999;
    expect(limit.confirm()).toBeUndefined();
    limit.learn(undefined);
    expect(scope.maxDeliver).toBe(-1);
    expect(reads()).toBe(0);
  });
});
