/**
 * The package files in a watch session: each major's and each event's data for `index.*` kept by
 * the event's inputs between runs, the consumers' handler types by registry.json and every event's
 * names; and from one process to the next, the handler types, subjects.* and streams.* stored by
 * those; after each kind of edit, the files equal a run's without them.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KeptByInputs } from "../../generator/base/kept-by-inputs.js";
import { emitPackageFiles, type SharedDataStore } from "../../generator/emit/package-files.js";
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
const emit = (schemas: string, kept?: KeptByInputs, stored?: SharedDataStore) => {
  const { model, schemas: set } = checkRegistryAt(schemas, { standalone: true });
  return emitPackageFiles(model, validatorExports(model, set.modules()), templates, shippedDependencies(), true, undefined, kept, undefined, stored);
};

/** A disk cache's table of shared data as one process leaves it to the next, counting what it served. */
function sharedDataStore(): SharedDataStore & { served: number } {
  const entries = new Map<string, string>();
  const store = {
    served: 0,
    get: (kind: string, key: string) => {
      const json = entries.get(`${kind}\n${key}`);
      if (json !== undefined) store.served++;
      return json;
    },
    set: (kind: string, key: string, json: string) => void entries.set(`${kind}\n${key}`, json),
  };
  return store;
}

/** given: an edit between two runs of a session; want: index.js and index.d.ts as a run without the session writes them. */
const cases: { given: string; edit: (schemas: string) => void; sharedKept?: boolean }[] = [
  { given: "nothing changed", edit: () => undefined, sharedKept: true },
  { given: "one event's description (its doc line)", edit: (s) => editJson(join(s, "order/shipped/1.0.json"), (v) => (v.description = "Shipped, edited.")), sharedKept: true },
  { given: "an optional property added to one event (the bench's edit)", edit: (s) => editJson(join(s, "order/placed/1.0.json"), (v) => (v.properties.note = { type: "string" })), sharedKept: true },
  { given: "a new minor of one event (its version union)", edit: (s) => cpSync(join(s, "order/shipped/1.0.json"), join(s, "order/shipped/1.1.json")), sharedKept: true },
  { given: "a context field added to the envelope (every publish signature)", edit: (s) => editJson(join(s, "envelope.schema.json"), (v) => (v.properties.region = { type: "string" })) },
  { given: "an event's subject type changed (x-type)", edit: (s) => editJson(join(s, "order/placed/1.0.json"), (v) => (v["x-type"] = "shop.order.placed.edited")) },
  { given: "an event's subject (x-subject: subjects.*)", edit: (s) => editJson(join(s, "order/placed/1.0.json"), (v) => (v["x-subject"] = "shop.order.placed.moved.v{major}")) },
  { given: "a stream's limits (streams.*)", edit: (s) => editJson(join(s, "registry.json"), (v) => (v.streams.ORDERS.max_age = "60d")) },
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

describe("the consumers' handler types, subjects.* and streams.* stored by registry.json and every event's names, from one process to the next", () => {
  it.each(cases)("$given: the files of a run without the store", ({ edit, sharedKept }) => {
    const schemas = mkdtempSync(join(tmp, "stored-"));
    cpSync(FIXTURE, schemas, { recursive: true });
    const stored = sharedDataStore();
    emit(schemas, undefined, stored);
    edit(schemas);
    const again = emit(schemas, undefined, stored);
    const fresh = emit(schemas);
    expect(again.files).toEqual(fresh.files);
    expect(again.laidOut).toEqual(fresh.laidOut);
    // Both (the handler types; subjects.* and streams.*) served exactly when what they are made from is unchanged.
    expect(stored.served).toBe(sharedKept ? 2 : 0);
  });
});
