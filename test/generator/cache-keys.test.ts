/**
 * GeneratorCache's keys (cache/generator-cache.ts): the key asked last is given again for the same
 * kind and parts without hashing them again (a miss, then its set), and only then. An entry set
 * after a get of other parts or of another kind must be stored under its own key: served by its
 * own parts in the next process, never by the parts asked before it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";
import { sha256 } from "../../generator/base/hash.js";
import { fingerprint } from "../../generator/cache/fingerprint.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cache-keys-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
const big = "x".repeat(100_000);

/** A get of `asked` (a miss), then a set of `set`, in one process; what the next process serves. */
const cases: Array<{ given: string; asked: [string, string[]]; set: [string, string[]] }> = [
  { given: "the same kind and parts (a miss, then its set)", asked: ["types", ["Name", big]], set: ["types", ["Name", big]] },
  { given: "the same parts, equal but not the same string", asked: ["types", ["Name", big + "y"]], set: ["types", ["Name", `${big}y`]] },
  { given: "another part", asked: ["types", ["Name", big]], set: ["types", ["Name", big + "z"]] },
  { given: "another first part", asked: ["types", ["A", "{}"]], set: ["types", ["B", "{}"]] },
  { given: "one part more", asked: ["printed", ["f"]], set: ["printed", ["f", ""]] },
  { given: "another kind", asked: ["pages", ["k"]], set: ["printed", ["k"]] },
];

describe("GeneratorCache keys", () => {
  it.each(cases)("a get, then a set of $given: the entry served by its own parts only", ({ asked, set }) => {
    const dir = join(tmp, `c${counter++}`);
    const first = new GeneratorCache({ dir });
    expect(first.get(asked[0], ...asked[1])).toBeUndefined();
    first.set(set[0], set[1], "value");
    first.store.flush();
    const next = new GeneratorCache({ dir });
    expect(next.get(set[0], ...set[1])).toBe("value");
    const same = asked[0] === set[0] && asked[1].length === set[1].length && asked[1].every((p, i) => p === set[1][i]);
    expect(next.get(asked[0], ...asked[1])).toBe(same ? "value" : undefined);
  });

  it("a key is sha256 of the fingerprint, the kind and the parts (the layout earlier runs stored under)", () => {
    const cache = new GeneratorCache({ dir: join(tmp, "layout") });
    for (const [kind, parts] of [["pages", ["k"]], ["types", ["Name", big]], ["pages", ["k"]]] as Array<[string, string[]]>) {
      expect(cache.key(kind, ...parts)).toBe(sha256(fingerprint(), kind, ...parts));
    }
  });
});
