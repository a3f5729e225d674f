/**
 * The catalog's pages in a watch session: a page whose inputs are the last run's is that run's
 * text, not rendered again, and the index keeps each event's row and the flow diagrams by their
 * inputs; whatever changed, the pages equal those of a run without the session.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitDocs, type LastPage } from "../../generator/emit/catalog/emit-catalog.js";
import { KeptByInputs } from "../../generator/base/kept-by-inputs.js";
import { createTemplates, type TemplateSet } from "../../generator/emit/templates.js";
import { readTemplates } from "../../generator/load/templates.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { REPO_ROOT } from "../support/bin.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-last-pages-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const editJson = (file: string, edit: (value: Record<string, unknown>) => void) => {
  const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
};

/** The same templates, counting the pages rendered. */
function counting(templates: TemplateSet): TemplateSet & { rendered: string[] } {
  const rendered: string[] = [];
  return { ...templates, rendered, render: (template: string, data: unknown) => (rendered.push(template), templates.render(template, data)) };
}

/** given: an edit between two runs of a session; want: the templates rendered by the second run. */
const cases: { given: string; edit: (schemas: string) => void; want: string[] }[] = [
  { given: "nothing changed", edit: () => undefined, want: [] },
  {
    given: "a description of one event's version",
    edit: (s) => editJson(join(s, "order/shipped/1.0.json"), (v) => (v.description = "Shipped, edited.")),
    want: ["docs/README.md.hbs", "docs/event.md.hbs"],
  },
  {
    given: "a shared definition's description (the index, its page, the events using it)",
    edit: (s) => editJson(join(s, "defs/money.json"), (v) => ((v.$defs as { Amount: { description?: string } }).Amount.description = "An amount, edited.")),
    want: ["docs/README.md.hbs", "docs/event.md.hbs", "docs/event.md.hbs", "docs/definitions.md.hbs"],
  },
  {
    given: "a service that publishes an event added (its row's producers, the flow diagram)",
    edit: (s) => editJson(join(s, "registry.json"), (r) => (r.services = { ...(r.services as object), "order-api": { publishes: ["order.placed"], consumes: [] } })),
    want: ["docs/README.md.hbs", "docs/event.md.hbs", "docs/event.md.hbs"],
  },
];

describe("catalog pages kept by their inputs between the runs of a watch session", () => {
  it.each(cases)("$given: renders $want", ({ edit, want }) => {
    const schemas = mkdtempSync(join(tmp, "case-"));
    cpSync(FIXTURE, schemas, { recursive: true });
    const lastPages = new Map<string, LastPage>();
    const kept = new KeptByInputs();
    const templates = createTemplates(readTemplates());
    const first = checkRegistryAt(schemas, { standalone: true });
    emitDocs(first.model, first.schemas, templates, { lastPages, kept });
    kept.endRun();
    edit(schemas);
    const { model, schemas: compiled } = checkRegistryAt(schemas, { standalone: true });
    const again = counting(templates);
    const pages = emitDocs(model, compiled, again, { lastPages, kept });
    expect(again.rendered.sort()).toEqual([...want].sort());
    expect(pages).toEqual(emitDocs(model, compiled, templates));
  });
});
