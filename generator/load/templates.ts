/**
 * The templates of the package and the catalog, read in the load stage so that emitting reads no
 * file. Templates live in templates/ and a user may point --templates at a copy: a file found
 * there wins over the built-in one of the same name.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { digest } from "../base/hash.js";
import { listFiles } from "../base/list-files.js";
import { fromPackageRoot } from "../base/package-root.js";

export const BUILTIN_TEMPLATES = fromPackageRoot("templates");

export interface TemplateSources {
  /** Template name (path under templates/, e.g. `docs/event.md.hbs`) -> its text, the override's when there is one. */
  texts: Map<string, string>;
  /**
   * Digest of every file of the --templates folder as read here (undefined without one): the run
   * manifest records the bytes the output was made from.
   */
  overrideDigest?: string;
  /** The names the --templates folder overrides: their output is not known to be in prettier's layout. */
  overridden?: ReadonlySet<string>;
  /** The --templates folder as given: an override that fails is named by its path there. */
  overrideDir?: string;
}

/**
 * What is wrong with a --templates folder, if anything: it must exist, and every `.hbs` file in
 * it must stand for a built-in template (a misspelt name would otherwise be ignored without a
 * word, and the built-in template used).
 */
export function templateFolderProblems(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [`templates folder ${dir} does not exist`];
  const builtIn = new Set(builtInTemplateNames());
  // Only templates: a README or notes beside them are no one's business.
  const unknown = listFiles(dir).filter((file) => file.endsWith(".hbs") && !builtIn.has(file));
  if (unknown.length === 0) return [];
  return [
    ...unknown.map((file) => `${join(dir, file)} overrides no built-in template`),
    `the templates a folder can override (same relative path): ${[...builtIn].sort().join(", ")}`,
  ];
}

/** Every built-in template with the --templates folder's overrides; throws when the folder does not exist. */
export function readTemplates(overrideDir?: string): TemplateSources {
  if (overrideDir !== undefined && !existsSync(overrideDir)) throw new Error(`templates folder ${overrideDir} does not exist`);
  const override = overrideDir === undefined ? undefined : readFolder(resolve(overrideDir));
  const texts = new Map<string, string>();
  for (const name of builtInTemplateNames()) {
    const bytes = override?.get(name) ?? readFileSync(join(BUILTIN_TEMPLATES, name));
    texts.set(name, bytes.toString("utf8"));
  }
  if (!override) return { texts };
  const overridden = new Set(builtInTemplateNames().filter((name) => override.has(name)));
  return { texts, overrideDigest: folderDigest(override), overridden, overrideDir };
}

/** templates/init holds the files `jetschema init` copies, not templates of the package. */
function builtInTemplateNames(): string[] {
  return listFiles(BUILTIN_TEMPLATES).filter((file) => file.endsWith(".hbs"));
}

function readFolder(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((file) => [file, readFileSync(join(dir, file))]));
}

/** By the files' paths inside the folder and their bytes, not the folder's place: a project moved with its cache keeps its run manifest. */
function folderDigest(files: Map<string, Buffer>): string {
  const parts: string[] = ["templates"];
  for (const [file, bytes] of files) parts.push(`${file} ${digest(bytes)}`);
  return digest(parts.join("\n"));
}
