/**
 * package.json as an override of its template (--templates) renders it, made to give a package
 * that imports: index.js and registry.js import "#load" (load-modules.ts), so an override written
 * before it existed, or that dropped it, gets the entry, and load/ in its `files` so that npm
 * ships the loaders it names. An override with a "#load" of its own keeps it: choosing a loader
 * per condition is what it is for ("#load": "./load/bundled.js" loads everything at import). But
 * the package holds no loader but jetschema's two, so a "#load" naming any other file is refused:
 * the package would fail on import.
 */
import { LOAD_IMPORTS, LOAD_SPECIFIER } from "./load-modules.js";

/** The files "#load" may name: the package's own loaders. */
const LOADERS = new Set(Object.values(LOAD_IMPORTS[LOAD_SPECIFIER]));
/** The folder holding them, as a `files` entry. */
const LOAD_FOLDER = "load/";

/**
 * `text` with the "#load" import and load/ in `files` when they are missing; text that is not a
 * JSON object is returned as it is (prettier reports it, naming the template). Throws when the
 * override's own "#load" names a file the package does not have.
 */
export function withLoadImports(text: string): string {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) return text;
  const { imports, files } = pkg as { imports?: Record<string, unknown>; files?: unknown };
  const own = imports?.[LOAD_SPECIFIER];
  if (own !== undefined) checkOwnLoad(own);
  const addImports = own === undefined;
  const addFolder = Array.isArray(files) && !files.some((f) => typeof f === "string" && /^(\.\/)?load\/?$/.test(f));
  if (!addImports && !addFolder) return text;
  return `${JSON.stringify(
    {
      ...pkg,
      ...(addImports ? { imports: { ...imports, ...LOAD_IMPORTS } } : {}),
      ...(addFolder ? { files: [...(files as unknown[]), LOAD_FOLDER] } : {}),
    },
    null,
    2,
  )}\n`;
}

function checkOwnLoad(value: unknown): void {
  const targets = targetsOf(value);
  const other = targets.find((t) => !LOADERS.has(t));
  const loaders = [...LOADERS].join(" or ");
  if (other !== undefined) {
    throw new Error(`renders package.json whose "imports" "${LOAD_SPECIFIER}" names ${JSON.stringify(other)}, which the package does not have: it may name ${loaders}, or leave "${LOAD_SPECIFIER}" out for jetschema to add`);
  }
  if (targets.length === 0) throw new Error(`renders package.json whose "imports" "${LOAD_SPECIFIER}" names no file: it may name ${loaders}, or leave "${LOAD_SPECIFIER}" out for jetschema to add`);
}

/** Every file a package.json "imports" target names: a string, or the strings in its conditions and fallbacks. */
function targetsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(targetsOf);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(targetsOf);
  return [];
}
