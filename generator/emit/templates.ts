/**
 * Handlebars rendering for the emitted package and docs. Templates live in templates/ and a user
 * may point --templates at a copy: a file found there wins over the built-in one of the same name.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { fromPackageRoot } from "../base/package-root.js";
import { alignTable } from "./print/markdown-table.js";
import { listFiles } from "../base/list-files.js";

export const BUILTIN_TEMPLATES = fromPackageRoot("templates");

export interface TemplateSet {
  render(name: string, data: unknown): string;
  /** The text of template `name`: the override's when there is one, else the built-in one. */
  source(name: string): string;
  /** Every template file actually used, for cache keys. */
  sources(): Map<string, string>;
}

/**
 * What is wrong with a --templates folder, if anything: it must exist, and every `.hbs` file in
 * it must stand for a built-in template (a misspelt name would otherwise be ignored without a
 * word, and the built-in template used).
 */
export function templateFolderProblems(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [`templates folder ${dir} does not exist`];
  // templates/init holds the files `jetschema init` copies, not templates of the package.
  const builtIn = new Set(listFiles(BUILTIN_TEMPLATES).filter((file) => file.endsWith(".hbs")));
  // Only templates: a README or notes beside them are no one's business.
  const unknown = listFiles(dir).filter((file) => file.endsWith(".hbs") && !builtIn.has(file));
  if (unknown.length === 0) return [];
  return [
    ...unknown.map((file) => `${join(dir, file)} overrides no built-in template`),
    `the templates a folder can override (same relative path): ${[...builtIn].sort().join(", ")}`,
  ];
}

export function createTemplates(overrideDir?: string): TemplateSet {
  if (overrideDir !== undefined && !existsSync(overrideDir)) throw new Error(`templates folder ${overrideDir} does not exist`);
  const hb = Handlebars.create();
  hb.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // {{#table}} ... {{/table}}: a Markdown table padded as prettier pads it (the catalog is not run through prettier).
  hb.registerHelper("table", function (this: unknown, options: Handlebars.HelperOptions) {
    return alignTable(options.fn(this));
  });
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const sources = new Map<string, string>();
  const source = (name: string) => {
    let text = sources.get(name);
    if (text === undefined) {
      const override = overrideDir ? join(overrideDir, name) : undefined;
      text = readFileSync(override && existsSync(override) ? override : join(BUILTIN_TEMPLATES, name), "utf8");
      sources.set(name, text);
    }
    return text;
  };
  return {
    source,
    render(name, data) {
      let t = compiled.get(name);
      if (!t) {
        const text = source(name);
        // Code, not HTML: nothing is HTML-escaped; templates place user text only in comments
        // (through the `doc` data the emitter sanitises) and JSON-encoded literals.
        t = hb.compile(text, { noEscape: true, strict: true });
        compiled.set(name, t);
      }
      return t(data);
    },
    sources: () => sources,
  };
}
