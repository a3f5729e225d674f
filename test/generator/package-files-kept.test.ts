/**
 * The package files in a watch session: each major's and each event's data for `index.*` kept by
 * the event's inputs between runs, the consumers' handler types by registry.json and every event's
 * names; after each kind of edit, the files equal a run's without them.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KeptByInputs } from "../../generator/base/kept-by-inputs.js";
import { emitPackageFiles } from "../../generator/emit/package-files.js";
import { createTemplates } from "../../generator/emit/templates.js";
import { validatorExports } from "../../generator/emit/validators.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { shippedDependencies } from "../../generator/load/shipped-dependencies.js";
import { readTemplates } from "../../generator/load/templates.js";
import { REPO_ROOT } from "../support/bin.js";
import { editJson } from "../support/edit-json.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-package-kept-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const templates = createTemplates(readTemplates());
const emit = (schemas: string, kept?: KeptByInputs) => {
  const { model, schemas: set } = checkRegistryAt(schemas, { standalone: true });
  return emitPackageFiles(model, validatorExports(model, set.modules()), templates, shippedDependencies(), true, undefined, kept);
};

/** given: an edit between two runs of a session; want: index.js and index.d.ts as a run without the session writes them. */
const cases: { given: string; edit: (schemas: string) => void }[] = [
  { given: "nothing changed", edit: () => undefined },
  { given: "one event's description (its doc line)", edit: (s) => editJson(join(s, "order/shipped/1.0.json"), (v) => (v.description = "Shipped, edited.")) },
  { given: "a new minor of one event (its version union)", edit: (s) => cpSync(join(s, "order/shipped/1.0.json"), join(s, "order/shipped/1.1.json")) },
  { given: "a context field added to the envelope (every publish signature)", edit: (s) => editJson(join(s, "envelope.schema.json"), (v) => (v.properties.region = { type: "string" })) },
  { given: "an event's subject type changed (x-type)", edit: (s) => editJson(join(s, "order/placed/1.0.json"), (v) => (v["x-type"] = "shop.order.placed.edited")) },
  { given: "a consumer's filter widened (its handlers)", edit: (s) => editJson(join(s, "registry.json"), (v) => (v.consumers.billing.filter_subject = "shop.order.>")) },
];

describe("index.* data kept by each event's inputs between the runs of a watch session", () => {
  it.each(cases)("$given: the files of a run without the session", ({ edit }) => {
    const schemas = mkdtempSync(join(tmp, "case-"));
    cpSync(FIXTURE, schemas, { recursive: true });
    const kept = new KeptByInputs();
    emit(schemas, kept);
    kept.endRun();
    edit(schemas);
    const again = emit(schemas, kept);
    const fresh = emit(schemas);
    expect(again.files).toEqual(fresh.files);
    expect(again.laidOut).toEqual(fresh.laidOut);
  });
});
