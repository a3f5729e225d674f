/**
 * The generated package type-checks for its users: test/types/waitingroom-consumer.ts compiles
 * under strict TypeScript with nodenext and with bundler resolution, and every mistake marked
 * @ts-expect-error in it is caught (TypeScript fails on an unused directive).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function typecheck(project: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("generated types in a strict consumer", () => {
  it("keeps its list of mistakes the types must catch", () => {
    const source = readFileSync("test/types/waitingroom-consumer.ts", "utf8");
    expect(source.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(15);
  });

  for (const resolution of ["nodenext", "bundler"]) {
    it(`compiles with ${resolution} module resolution`, () => {
      const r = typecheck(`test/types/tsconfig.${resolution}.json`);
      expect(r.output).toBe("");
      expect(r.ok).toBe(true);
    });
  }
});
