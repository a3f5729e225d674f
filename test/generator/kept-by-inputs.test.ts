import { describe, expect, it } from "vitest";
import { KeptByInputs } from "../../generator/base/kept-by-inputs.js";

/** given: the inputs of the last run and this run's; want: whether this run makes the value again. */
const cases: { given: string; earlier: unknown; now: unknown; want: "kept" | "made again" }[] = [
  { given: "equal plain data (another object)", earlier: { a: [1, "x", null], b: { c: true } }, now: { a: [1, "x", null], b: { c: true } }, want: "kept" },
  { given: "a null-prototype tree (subjects.js)", earlier: Object.assign(Object.create(null), { order: "o.v1" }), now: Object.assign(Object.create(null), { order: "o.v1" }), want: "kept" },
  { given: "one value changed deep inside", earlier: { a: { b: { c: 1 } } }, now: { a: { b: { c: 2 } } }, want: "made again" },
  { given: "the same members in another order", earlier: { a: 1, b: 2 }, now: { b: 2, a: 1 }, want: "made again" },
  { given: "0 and -0", earlier: { n: 0 }, now: { n: -0 }, want: "made again" },
  { given: "a member undefined and a member missing", earlier: { a: 1, b: undefined }, now: { a: 1 }, want: "made again" },
  { given: "null and NaN", earlier: [null], now: [Number.NaN], want: "made again" },
  { given: "-0 and the string JSON would need to stand for it", earlier: ["\u0000-0"], now: [-0], want: "made again" },
  { given: "a Map (not plain data: JSON would write {})", earlier: new Map([["a", 1]]), now: new Map([["a", 1]]), want: "made again" },
  { given: "a member undefined and the string JSON would need to stand for it", earlier: { a: undefined }, now: { a: "\u0000undefined" }, want: "made again" },
  { given: "NaN both times", earlier: { a: Number.NaN, b: [undefined] }, now: { a: Number.NaN, b: [undefined] }, want: "kept" },
  { given: "a string starting with the mark both times", earlier: ["\u0000x"], now: ["\u0000x"], want: "kept" },
];
const methods = ["valueOf", "onceValueOf"] as const;

describe("values kept between the runs of a watch session by a digest of their inputs", () => {
  it.each(methods.flatMap((method) => cases.map((c) => ({ ...c, method }))))("$method, $given: $want", ({ method, earlier, now, want }) => {
    const kept = new KeptByInputs();
    let made = 0;
    const make = () => ++made;
    kept[method]("file.js", earlier, make);
    kept.endRun();
    expect(kept[method]("file.js", now, make)).toBe(want === "kept" ? 1 : 2);
  });

  it("onceValueOf: inputs changed in place since the last run make the value again (the last inputs are kept as a copy)", () => {
    const kept = new KeptByInputs();
    const inputs = { leaves: ["a.v1"] };
    expect(kept.onceValueOf("tree", inputs, () => "first")).toBe("first");
    kept.endRun();
    inputs.leaves.push("b.v1");
    expect(kept.onceValueOf("tree", inputs, () => "second")).toBe("second");
    kept.endRun();
    expect(kept.onceValueOf("tree", { leaves: ["a.v1", "b.v1"] }, () => "third")).toBe("second");
  });

  it("onceValueOf: back to inputs of two runs ago is made again once they were let go, and kept by their key while not", () => {
    const kept = new KeptByInputs();
    kept.onceValueOf("tree", [1], () => "one");
    kept.onceValueOf("tree", [2], () => "two");
    expect(kept.onceValueOf("tree", [1], () => "again")).toBe("one");
    kept.endRun();
    kept.onceValueOf("tree", [2], () => "two again");
    kept.endRun();
    expect(kept.onceValueOf("tree", [1], () => "made")).toBe("made");
  });

  it("keeps values apart by kind", () => {
    const kept = new KeptByInputs();
    kept.valueOf("subjects.js", [1], () => "js");
    expect(kept.valueOf("subjects.d.ts", [1], () => "d.ts")).toBe("d.ts");
  });

  it("lets go of what the last run did not use", () => {
    const kept = new KeptByInputs();
    kept.valueOf("file.js", [1], () => "first");
    kept.endRun();
    kept.valueOf("file.js", [2], () => "second");
    kept.endRun();
    expect(kept.valueOf("file.js", [1], () => "again")).toBe("again");
  });

  it("keeps what it had through a run that used nothing (up to date, or failed before emitting)", () => {
    const kept = new KeptByInputs();
    kept.valueOf("file.js", [1], () => "first");
    kept.endRun();
    kept.endRun();
    expect(kept.valueOf("file.js", [1], () => "again")).toBe("first");
  });
});
