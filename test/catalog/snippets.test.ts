/**
 * The usage snippet of every event page compiles against the generated package under strict
 * TypeScript (nodenext): helper names, payloads, the context argument, consumer names, handler
 * keys and the field the handler reads are all real.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCatalog } from "./support/markdown-check.js";
import { committedCatalog } from "./support/render.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-snippets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("usage snippets", () => {
  it("compile against the generated package", () => {
    const { pages } = checkCatalog(committedCatalog());
    const files: string[] = [];
    for (const page of pages.values()) {
      const snippet = page.fences.find((f) => f.info === "ts");
      if (!snippet) continue;
      const file = `${page.path.replace(/[/.]/g, "_")}.ts`;
      writeFileSync(join(tmp, file), `${snippet.content}\nexport {};\n`);
      files.push(file);
    }
    expect(files.length).toBe(17);
    writeFileSync(
      join(tmp, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
        files,
      }),
    );
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", join(tmp, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      output = `${e.stdout ?? ""}${e.stderr ?? ""}` || "tsc failed";
    }
    expect(output).toBe("");
  }, 120_000);
});
