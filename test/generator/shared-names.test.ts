/**
 * emit/shared-names.ts: the names of the `$ref` targets are made once per model (the types and
 * the AsyncAPI document both ask on every run) and follow each model's registry: a model of an
 * edited registry gets the names of its own titles, not the names of the model asked first.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { nameSharedTargets } from "../../generator/emit/shared-names.js";
import { editJson } from "../support/edit-json.js";

const dir = mkdtempSync(join(tmpdir(), "jetschema-shared-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const POSITION_ID = "https://jetschema.local/defs/common.json#/$defs/PositionId";

describe("nameSharedTargets", () => {
  it("gives one model's names once, and the same names to a model of the same registry made again", () => {
    const schemas = join(dir, "same");
    cpSync("schemas", schemas, { recursive: true });
    const { model } = checkRegistryAt(schemas);
    const names = nameSharedTargets(model);
    expect(nameSharedTargets(model)).toBe(names);
    expect(names.get(POSITION_ID)).toBe("PositionID");
    expect([...nameSharedTargets(checkRegistryAt(schemas).model)]).toEqual([...names]);
  });

  it("names a model of an edited registry by its own titles", () => {
    const schemas = join(dir, "edited");
    cpSync("schemas", schemas, { recursive: true });
    const before = nameSharedTargets(checkRegistryAt(schemas).model);
    editJson(join(schemas, "defs/common.json"), (s) => (s.$defs.PositionId.title = "Place In Queue"));
    const after = nameSharedTargets(checkRegistryAt(schemas).model);
    expect(before.get(POSITION_ID)).toBe("PositionID");
    expect(after.get(POSITION_ID)).toBe("PlaceInQueue");
  });
});
