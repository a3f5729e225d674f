/**
 * Emits the event catalog, generated/docs/: README.md (the index), one page per event under
 * events/, one page per shared-definitions file under defs/. Pages are rendered from the
 * Handlebars templates in templates/docs/ (overridable with --templates); prettier formats them
 * with the rest of the output.
 */
import type { SchemaSet } from "../../check/schema-set.js";
import type { RegistryModel } from "../../model/registry-model.js";
import type { TemplateSet } from "../templates.js";
import { eventPage, INDEX_PAGE } from "./anchors.js";
import { definitionPageData } from "./definition-page.js";
import { buildDefinitionIndex } from "./definitions.js";
import { eventPageData, type DocsContext } from "./event-page.js";
import { consumersReceiving } from "./infrastructure.js";
import { indexPageData } from "./index-page.js";
import type { FlowLimits } from "./mermaid.js";

export const DOCS_DIR = "docs";

export const DOCS_TEMPLATES = {
  index: "docs/README.md.hbs",
  event: "docs/event.md.hbs",
  definitions: "docs/definitions.md.hbs",
} as const;

export interface EmitDocsOptions {
  /** When one flow diagram becomes too large to read (tests use small limits). */
  flowLimits?: FlowLimits;
}

/** Every catalog page, keyed by its path in the output ("docs/README.md", ...). */
export function emitDocs(model: RegistryModel, schemas: SchemaSet, templates: TemplateSet, options: EmitDocsOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const defs = buildDefinitionIndex(model);
  const index = indexPageData(model, defs, options.flowLimits);
  const context: DocsContext = {
    model,
    schemas,
    defs,
    indexAnchors: { streams: index.anchors.streams, consumers: index.anchors.consumers, services: index.anchors.services },
    receiving: consumersReceiving(model),
  };
  files.set(`${DOCS_DIR}/${INDEX_PAGE}`, templates.render(DOCS_TEMPLATES.index, index));
  for (const event of model.events) {
    files.set(`${DOCS_DIR}/${eventPage(event.name)}`, templates.render(DOCS_TEMPLATES.event, eventPageData(event, context)));
  }
  for (const file of defs.files) {
    files.set(`${DOCS_DIR}/${file.page}`, templates.render(DOCS_TEMPLATES.definitions, definitionPageData(file, defs, index.anchors.definitions)));
  }
  return files;
}
