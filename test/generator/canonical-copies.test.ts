/**
 * Each file's canonical copy (resolve/canonical-copies.ts): read as a map; a kept copy is read
 * through its source (a restored file's parsed then), `ifMade` answers without reading one that
 * is not made, and iterating reads every copy.
 */
import { describe, expect, it } from "vitest";
import { CanonicalCopies } from "../../generator/resolve/canonical-copies.js";

/** A kept copy that counts its reads, made on the first. */
function keptCopy(copy: Record<string, unknown>) {
  let reads = 0;
  return {
    source: {
      get copy() {
        reads++;
        return copy;
      },
      get copyMade() {
        return reads > 0;
      },
    },
    reads: () => reads,
  };
}

describe("canonical copies", () => {
  it("a copy made now and a kept one read alike; the kept one read only when asked", () => {
    const made = { type: "string" };
    const kept = keptCopy({ type: "integer" });
    const copies = new CanonicalCopies().set("a.json", made).set("b.json", kept.source, true);
    expect([copies.size, copies.has("b.json"), copies.has("c.json"), [...copies.keys()]]).toEqual([2, true, false, ["a.json", "b.json"]]);
    expect(kept.reads()).toBe(0);
    expect(copies.ifMade("a.json")).toBe(made);
    expect(copies.ifMade("b.json")).toBeUndefined();
    expect(kept.reads()).toBe(0);
    expect(copies.get("b.json")).toEqual({ type: "integer" });
    expect(copies.ifMade("b.json")).toEqual({ type: "integer" });
    expect(copies.get("c.json")).toBeUndefined();
  });

  it("iterating reads every copy, in the order they were set", () => {
    const kept = keptCopy({ type: "integer" });
    const copies = new CanonicalCopies().set("b.json", kept.source, true).set("a.json", { type: "string" });
    expect([...copies]).toEqual([
      ["b.json", { type: "integer" }],
      ["a.json", { type: "string" }],
    ]);
    expect([...copies.values()]).toEqual([{ type: "integer" }, { type: "string" }]);
    const seen: string[] = [];
    copies.forEach((copy, file) => seen.push(`${file} ${JSON.stringify(copy)}`));
    expect(seen).toEqual(['b.json {"type":"integer"}', 'a.json {"type":"string"}']);
    expect(kept.reads()).toBeGreaterThan(0);
  });
});
