/** Renders the catalog of a registry folder (docs/: the pages and asyncapi.yaml) through the real pipeline stages, formatted. */
import { emitAsyncApi } from "../../../generator/emit/asyncapi/emit-asyncapi.js";
import { emitDocs, type EmitDocsOptions } from "../../../generator/emit/catalog/emit-catalog.js";
import { createTemplates } from "../../../generator/emit/templates.js";
import { readTemplates } from "../../../generator/load/templates.js";
import { checkRegistryAt } from "../../../generator/front-end/front-end.js";
import { formatFiles } from "../../../generator/write/format.js";
import { readTree } from "../../support/tree.js";

/** The catalog's pages keyed by path relative to docs/ (as the link checker wants them). */
export async function renderCatalog(schemasDir: string, options: EmitDocsOptions & { templates?: string } = {}): Promise<Map<string, string>> {
  const { model, schemas } = checkRegistryAt(schemasDir, { standalone: true });
  const files = await formatFiles(new Map([...emitDocs(model, schemas, createTemplates(readTemplates(options.templates)), options), ...emitAsyncApi(model)]));
  return relativeToDocs(files);
}

export function relativeToDocs(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([p]) => p.startsWith("docs/")).map(([p, c]) => [p.slice("docs/".length), c]));
}

/** The committed catalog of schemas/ (generated/docs/). */
export function committedCatalog(): Map<string, string> {
  return readTree("generated/docs");
}
