/**
 * The generated package type-checks for its users: test/types/waitingroom-consumer.ts compiles
 * under strict TypeScript with nodenext and with bundler resolution, and every mistake marked
 * @ts-expect-error in it is caught (TypeScript fails on an unused directive).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { typecheckProject } from "../support/typecheck.js";

describe("generated types in a strict consumer", () => {
  it("keeps its list of mistakes the types must catch", () => {
    const source = readFileSync("test/types/waitingroom-consumer.ts", "utf8");
    expect(source.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(15);
  });

  for (const resolution of ["nodenext", "bundler"]) {
    it(`compiles with ${resolution} module resolution`, () => {
      expect(typecheckProject(`test/types/tsconfig.${resolution}.json`)).toBe("");
    });
  }
});
