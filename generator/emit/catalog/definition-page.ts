/**
 * The data of one shared-definitions page (templates/docs/definitions.md.hbs): a section per
 * definition with its fields (or its type when it is not an object) and what uses it.
 */
import { eventPage, INDEX_PAGE, linkPath } from "./anchors.js";
import { pageTitle, type DefinitionIndex, type DefinitionsFile } from "./definitions.js";
import { payloadData } from "./event-page.js";
import { code, link, literal, proseBlock } from "../print/markdown-escape.js";

export function definitionPageData(file: DefinitionsFile, defs: DefinitionIndex, definitionsAnchor: string) {
  const page = file.page;
  const tctx = defs.typeContext(page);
  return {
    title: literal(pageTitle(file.file, { ...(file.title ? { title: file.title } : {}) })),
    file: code(file.file),
    description: proseBlock(file.description),
    indexLink: linkPath(page, INDEX_PAGE, definitionsAnchor || undefined),
    definitions: file.definitions.map((d) => {
      const events = [...d.usedByEvents].sort().map((e) => link(e, linkPath(page, eventPage(e))));
      const users = [...d.usedByDefinitions].sort((x, y) => x.name.localeCompare(y.name)).map((u) => link(u.name, linkPath(page, u.page, u.anchor)));
      return {
        heading: literal(d.name),
        title: d.title && d.title !== d.name ? literal(d.title) : null,
        description: proseBlock(d.description),
        ref: code(`${file.file}#${d.pointer}`),
        payload: payloadData(d.schema, tctx),
        usedByEvents: events.length ? events.join(", ") : null,
        usedByDefinitions: users.length ? users.join(", ") : null,
        unused: events.length === 0 && users.length === 0,
      };
    }),
  };
}

export type DefinitionPageData = ReturnType<typeof definitionPageData>;
