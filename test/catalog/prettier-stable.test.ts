/**
 * The catalog is written in prettier's layout by construction and no longer goes through prettier
 * at generate time (generator/write/format.ts). This is the safety net: for every registry we have
 * (schemas/, every example, the good fixtures, the hostile fixture, the generated hostile registry
 * and a synthetic one), prettier with the generator's options changes no page of the catalog.
 * A failure shows the first line that differs.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { emitDocs } from "../../generator/emit/catalog/emit-catalog.js";
import { createTemplates } from "../../generator/emit/templates.js";
import { readTemplates } from "../../generator/load/templates.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { writeHostileRegistry } from "./support/hostile-registry.js";
import { firstDifference } from "../support/first-difference.js";

/** The options generator/write/format.ts formats with. */
const OPTIONS = { printWidth: 100 } as const;

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-prettier-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const registries: Array<[string, () => string]> = [
  ["schemas/", () => "schemas"],
  ...readdirSync("examples", { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, () => string] => [`examples/${d.name}`, () => join("examples", d.name)]),
  ...readdirSync("test/fixtures/good", { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, () => string] => [`test/fixtures/good/${d.name}`, () => join("test/fixtures/good", d.name)]),
  ["test/fixtures/hostile", () => "test/fixtures/hostile"],
  [
    "the generated hostile registry",
    () => {
      writeHostileRegistry(join(tmp, "hostile"));
      return join(tmp, "hostile");
    },
  ],
  [
    "a synthetic registry of 60 events",
    () => {
      writeSyntheticRegistry(join(tmp, "synthetic"), { events: 60, ...CATALOG_SHAPE });
      return join(tmp, "synthetic");
    },
  ],
];

describe("the catalog is already prettier-formatted", () => {
  it.each(registries)("%s", async (_name, dir) => {
    const { model, schemas } = checkRegistryAt(dir(), { standalone: true });
    const pages = emitDocs(model, schemas, createTemplates(readTemplates()));
    expect(pages.size).toBeGreaterThan(1);
    const changed: string[] = [];
    for (const [path, text] of pages) {
      const formatted = await format(text, { ...OPTIONS, filepath: path });
      if (formatted !== text) changed.push(`${path}: ${firstDifference(text, formatted)}`);
    }
    expect(changed).toEqual([]);
  });
});
