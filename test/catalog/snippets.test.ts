/**
 * The usage snippet of every event page compiles against the generated package under strict
 * TypeScript (nodenext): helper names, payloads, the context argument, consumer names, handler
 * keys and the field the handler reads are all real.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typecheckFiles } from "../support/typecheck.js";
import { checkCatalog } from "./support/markdown-check.js";
import { committedCatalog } from "./support/render.js";

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
    expect(typecheckFiles(tmp, files, { skipLibCheck: true })).toBe("");
  }, 120_000);
});
