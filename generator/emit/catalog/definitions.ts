/**
 * The shared definitions of a registry (files under defs/) as the catalog shows them: one page per
 * file, one section per definition (`$defs`/`definitions` entries, or the file's root schema), each
 * with its anchor and the events and definitions that use it. Also how any `$ref` target is named
 * and linked from a given page.
 */
import type { RegistryModel } from "../../model/registry-model.js";
import { BASE_URI } from "../../resolve/resolve-refs.js";
import { getAtPointer, pointerToken, tokenKey } from "../../base/json-pointer.js";
import { defsPage, headingText, linkPath, Slugger } from "./anchors.js";
import { isSchema, type RefLabel, type Schema, type TypeContext } from "./schema-text.js";

export interface Definition {
  file: string;
  pointer: string;
  /** The name shown: the `$defs` key, or the file's title or base name for a root schema. */
  name: string;
  title?: string;
  description?: string;
  schema: Schema;
  page: string;
  anchor: string;
  /** Events whose version files refer to it, by name. */
  usedByEvents: Set<string>;
  /** Other definitions that refer to it. */
  usedByDefinitions: Set<Definition>;
}

export interface DefinitionsFile {
  file: string;
  page: string;
  title?: string;
  description?: string;
  definitions: Definition[];
}

export interface DefinitionIndex {
  files: DefinitionsFile[];
  /** The definition a canonical `$ref` lands in (the nearest enclosing one), if under defs/. */
  find(ref: string): Definition | undefined;
  /** How `$ref`s read and resolve on `page`. */
  typeContext(page: string): TypeContext;
}

const SCHEMA_KEYS = ["type", "properties", "enum", "const", "oneOf", "anyOf", "allOf", "$ref", "items", "format", "pattern"];

export function splitRef(ref: string): { file: string; pointer: string } {
  const i = ref.indexOf("#");
  const uri = i < 0 ? ref : ref.slice(0, i);
  return { file: uri.startsWith(BASE_URI) ? uri.slice(BASE_URI.length) : uri, pointer: i < 0 ? "" : ref.slice(i + 1) };
}

export function buildDefinitionIndex(model: RegistryModel): DefinitionIndex {
  const { resolved } = model;
  const files: DefinitionsFile[] = [];
  const byFile = new Map<string, Definition[]>();
  const defFiles = [...resolved.docs.values()].filter((d) => d.role.role === "def").sort((a, b) => a.file.localeCompare(b.file));
  for (const doc of defFiles) {
    const schema = resolved.normalized.get(doc.file)!;
    const page = defsPage(doc.file);
    const slugger = new Slugger();
    const defs: Definition[] = [];
    const add = (pointer: string, name: string, s: Schema) => {
      defs.push({
        file: doc.file,
        pointer,
        name,
        ...(typeof s.title === "string" ? { title: s.title } : {}),
        ...(typeof s.description === "string" ? { description: s.description } : {}),
        schema: s,
        page,
        anchor: slugger.slug(headingText(name)),
        usedByEvents: new Set(),
        usedByDefinitions: new Set(),
      });
    };
    // The page's own title heading comes first and takes its anchor.
    slugger.slug(headingText(pageTitle(doc.file, schema)));
    if (SCHEMA_KEYS.some((k) => k in schema)) add("", typeof schema.title === "string" ? schema.title : baseName(doc.file), schema);
    for (const container of ["$defs", "definitions"]) {
      const entries = schema[container];
      if (!isSchema(entries)) continue;
      for (const [key, s] of Object.entries(entries)) if (isSchema(s)) add(`/${container}/${pointerToken(key)}`, key, s);
    }
    byFile.set(doc.file, defs);
    files.push({
      file: doc.file,
      page,
      ...(typeof schema.title === "string" ? { title: schema.title } : {}),
      ...(typeof schema.description === "string" ? { description: schema.description } : {}),
      definitions: defs,
    });
  }

  const find = (ref: string): Definition | undefined => {
    const { file, pointer } = splitRef(ref);
    return findAt(file, pointer);
  };
  /** find() of `<file>#<pointer>` without writing the reference and splitting it again. */
  const findAt = (file: string, pointer: string): Definition | undefined => {
    const defs = byFile.get(file);
    if (!defs) return undefined;
    let best: Definition | undefined;
    for (const d of defs) {
      if ((pointer === d.pointer || pointer.startsWith(`${d.pointer}/`)) && (!best || d.pointer.length > best.pointer.length)) best = d;
    }
    return best;
  };

  const eventOfFile = new Map<string, string>();
  for (const v of resolved.versions) eventOfFile.set(v.file, v.role.event);
  // A file name holding "#" is split where find() splits it: at its first "#".
  const edgeEnd = (file: string, pointer: string) => (file.includes("#") ? find(`${BASE_URI}${file}#${pointer}`) : findAt(file, pointer));
  for (const edge of resolved.edges) {
    const target = edgeEnd(edge.toFile, edge.toPointer);
    if (!target) continue;
    const event = eventOfFile.get(edge.fromFile);
    if (event) target.usedByEvents.add(event);
    const from = edgeEnd(edge.fromFile, edge.fromPointer);
    if (from && from !== target) target.usedByDefinitions.add(from);
  }

  const resolve = (ref: string): Schema | undefined => {
    const { file, pointer } = splitRef(ref);
    const value = getAtPointer(resolved.normalized.get(file), pointer);
    return isSchema(value) ? value : undefined;
  };

  return {
    files,
    find,
    typeContext(page: string): TypeContext {
      return {
        resolve,
        label(ref: string): RefLabel {
          const def = find(ref);
          const { file, pointer } = splitRef(ref);
          if (def) {
            const rest = pointer.slice(def.pointer.length).split("/").filter(Boolean).map(tokenKey);
            const name = rest.length ? `${def.name}/${rest.join("/")}` : def.name;
            return { name, href: linkPath(page, def.page, def.anchor) };
          }
          const last = pointer.split("/").filter(Boolean).pop();
          const target = resolve(ref);
          return { name: last ? tokenKey(last) : typeof target?.title === "string" ? target.title : baseName(file) };
        },
      };
    },
  };
}

export function pageTitle(file: string, schema: Schema): string {
  return typeof schema.title === "string" ? schema.title : file;
}

function baseName(file: string): string {
  return file.replace(/\.json$/, "").split("/").pop()!;
}
