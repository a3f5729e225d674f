/**
 * The catalog index (README.md) kept in the page cache by its facts (index-page.ts indexFacts), not
 * by its data: a run whose facts are those of a page the cache holds takes that page without making
 * the data. Each edit below changes what the index shows, or not; the second run, with the first
 * run's cache, must render the page exactly when it changed, and always give the page of a run
 * without a cache. A fact left out of indexFacts fails the case that edits it (a stale page).
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitDocs, type PageCache } from "../../generator/emit/catalog/emit-catalog.js";
import type { FlowLimits } from "../../generator/emit/catalog/mermaid.js";
import { createTemplates, type TemplateSet } from "../../generator/emit/templates.js";
import { readTemplates } from "../../generator/load/templates.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { REPO_ROOT } from "../support/bin.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const INDEX = "docs/README.md";
const tmp = mkdtempSync(join(tmpdir(), "jetschema-index-facts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = Record<string, any>;
const editJson = (file: string, edit: (value: Json) => void) => {
  const value = JSON.parse(readFileSync(file, "utf8")) as Json;
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
};
const placed = (s: string) => join(s, "order/placed/1.0.json");
const shipped = (s: string) => join(s, "order/shipped/1.0.json");
const registry = (s: string) => join(s, "registry.json");
const publishedByCheckout = (s: string, events: string[]) => editJson(registry(s), (r) => (r.services.checkout.publishes = events));

/** The same templates, counting the index renders. */
function counting(templates: TemplateSet): TemplateSet & { index: number } {
  const counted = { ...templates, index: 0, render: (template: string, data: unknown) => (template === "docs/README.md.hbs" && counted.index++, templates.render(template, data)) };
  return counted;
}

function pageCache(): PageCache & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, get: (key) => entries.get(key), set: (key, text) => void entries.set(key, text) };
}

/** given: an edit between two runs sharing a page cache; want: whether the second run renders the index. */
const cases: Array<{ given: string; edit: (schemas: string) => void; rendered: boolean; limits?: FlowLimits }> = [
  { given: "nothing changed", edit: () => undefined, rendered: false },
  { given: "an optional property added to an event (the bench's edit)", edit: (s) => editJson(placed(s), (v) => (v.properties.note = { type: "string" })), rendered: false },
  { given: "an example edited", edit: (s) => editJson(shipped(s), (v) => (v.examples[0].carrier = "ups")), rendered: false },
  { given: "an event's description (its row's summary)", edit: (s) => editJson(placed(s), (v) => (v.description = "Placed, edited. Twice.")), rendered: true },
  { given: "an event's title with no description (its summary and its subject-tree comment)", edit: (s) => editJson(shipped(s), (v) => (v.title = "Order Sent")), rendered: true },
  { given: "an event's version deprecated", edit: (s) => editJson(shipped(s), (v) => (v.deprecated = true)), rendered: true },
  {
    given: "a compatible minor added (the versions column, the count of schema versions)",
    edit: (s) => editJson(placed(s), (v) => writeFileSync(join(s, "order/placed/1.1.json"), JSON.stringify({ ...v, properties: { ...v.properties, note: { type: "string" } } }))),
    rendered: true,
  },
  {
    given: "a second major added (the row's subjects, the tree, the count of majors)",
    edit: (s) => editJson(shipped(s), (v) => writeFileSync(join(s, "order/shipped/2.0.json"), JSON.stringify({ ...v, $id: "https://shop.example.com/events/order/shipped/2.0.json", title: "Order Shipped v2" }))),
    rendered: true,
  },
  { given: "an event renamed", edit: (s) => (renameSync(join(s, "order/shipped"), join(s, "order/sent")), publishedByCheckout(s, ["order.placed", "order.sent"])), rendered: true },
  { given: "an event removed", edit: (s) => (rmSync(join(s, "order/shipped"), { recursive: true }), publishedByCheckout(s, ["order.placed"])), rendered: true },
  {
    given: "an event added in another group",
    edit: (s) => editJson(shipped(s), (v) => (cpSync(join(s, "order/shipped"), join(s, "billing/invoiced"), { recursive: true }), writeFileSync(join(s, "billing/invoiced/1.0.json"), JSON.stringify({ ...v, $id: "https://shop.example.com/events/billing/invoiced/1.0.json", "x-delivery": "at-most-once" })))),
    rendered: true,
  },
  { given: "the subjects' naming in registry.json", edit: (s) => editJson(registry(s), (r) => (r.subject = "{namespace}.{domain}.{action}.major{major}")), rendered: true },
  { given: "a service's producer added", edit: (s) => editJson(registry(s), (r) => (r.services.billing.publishes = ["order.shipped"])), rendered: true },
  { given: "a service's description", edit: (s) => editJson(registry(s), (r) => (r.services.billing.description = "Bills.")), rendered: true },
  { given: "a stream's limits", edit: (s) => editJson(registry(s), (r) => (r.streams.ORDERS.max_age = "60d")), rendered: true },
  { given: "a consumer's ack wait", edit: (s) => editJson(registry(s), (r) => (r.consumers.billing.ack_wait = "45s")), rendered: true },
  { given: "the catalog's description", edit: (s) => editJson(registry(s), (r) => (r.description = "The shop's events.")), rendered: true },
  { given: "a shared definition's description (its summary)", edit: (s) => editJson(join(s, "defs/money.json"), (v) => (v.$defs.Amount.description = "An amount, edited.")), rendered: true },
  {
    given: "a shared definition used by one event fewer (its count of events)",
    edit: (s) => editJson(shipped(s), (v) => delete v.properties.insured),
    rendered: true,
  },
  { given: "the flow diagrams' limits", edit: () => undefined, limits: { maxEvents: 1, maxEdges: 90 }, rendered: true },
];

describe("the catalog index kept by its facts", () => {
  it.each(cases)("$given: rendered again $rendered, the page an uncached run's", ({ edit, rendered, limits }) => {
    const schemas = mkdtempSync(join(tmp, "case-"));
    cpSync(FIXTURE, schemas, { recursive: true });
    const templates = createTemplates(readTemplates());
    const pages = pageCache();
    const first = checkRegistryAt(schemas, { standalone: true });
    emitDocs(first.model, first.schemas, templates, { pages });
    edit(schemas);
    const { model, schemas: compiled } = checkRegistryAt(schemas, { standalone: true });
    const again = counting(templates);
    const options = limits ? { flowLimits: limits } : {};
    const cached = emitDocs(model, compiled, again, { pages, ...options }).get(INDEX);
    const uncached = emitDocs(model, compiled, templates, options).get(INDEX);
    expect(cached).toBe(uncached);
    expect(again.index > 0).toBe(rendered);
  });

  it("a changed index template renders the page again", () => {
    const schemas = mkdtempSync(join(tmp, "template-"));
    cpSync(FIXTURE, schemas, { recursive: true });
    const edited = createTemplates(readTemplates());
    const pages = pageCache();
    const { model, schemas: compiled } = checkRegistryAt(schemas, { standalone: true });
    emitDocs(model, compiled, edited, { pages });
    // The template's text and what it renders, both changed (as an override of README.md.hbs would change them).
    const changed: TemplateSet = { ...edited, source: (t) => (t === "docs/README.md.hbs" ? `${edited.source(t)}\nEdited.` : edited.source(t)), render: (t, d) => (t === "docs/README.md.hbs" ? `${edited.render(t, d)}\nEdited.` : edited.render(t, d)) };
    expect(emitDocs(model, compiled, changed, { pages }).get(INDEX)).toMatch(/Edited\.\n$/);
  });
});
