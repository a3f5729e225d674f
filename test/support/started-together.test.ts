/** startedTogether: all started, or none left running. */
import { describe, expect, it } from "vitest";
import { startedTogether, type Disposable } from "./started-together.js";

class Thing implements Disposable {
  disposed = false;
  constructor(readonly name: string) {}
  dispose(): void {
    this.disposed = true;
  }
}

const after = <T>(ms: number, value: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
  try {
    resolve(value());
  } catch (err) {
    reject(err);
  }
}, ms));

describe("startedTogether", () => {
  it("gives every thing started, in order, none disposed", async () => {
    const [a, b] = await startedTogether([after(5, () => new Thing("a")), after(1, () => new Thing("b"))]);
    expect([a.name, b.name, a.disposed, b.disposed]).toEqual(["a", "b", false, false]);
  });

  it("disposes what started, also what started after the failure, and throws the failure", async () => {
    const early = new Thing("early");
    const late = new Thing("late");
    const failing = after<Thing>(2, () => {
      throw new Error("go is not installed");
    });
    await expect(startedTogether([after(1, () => early), failing, after(20, () => late)])).rejects.toThrow("go is not installed");
    expect([early.disposed, late.disposed]).toEqual([true, true]);
  });
});
