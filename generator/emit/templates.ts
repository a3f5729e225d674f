/**
 * Handlebars rendering for the emitted package and catalog, over templates the load stage read
 * (load/templates.ts): rendering reads no file.
 */
import Handlebars from "handlebars";
import type { TemplateSources } from "../load/templates.js";
import { alignTable } from "./print/markdown-table.js";
import { templateSegments, type TemplateSegments } from "./template-segments.js";

export interface TemplateSet {
  render(name: string, data: unknown): string;
  /** The text of template `name`: the override's when there is one, else the built-in one. */
  source(name: string): string;
  /** Whether template `name` is the built-in one (whose output the emitters know the layout of). */
  builtIn(name: string): boolean;
  /** Template `name` cut at its top-level `{{#each}}` over `lists`, parsed once (template-segments.ts); undefined when it cannot be. */
  segments(name: string, lists: readonly string[]): TemplateSegments | undefined;
}

const EACH_APART = "jetschema-each-apart";
const BLOCK_MARKER = "\u0000jetschema: a block's place\u0000";
const KNOWN_HELPERS = { json: true, table: true, [EACH_APART]: true };

export function createTemplates(sources: TemplateSources): TemplateSet {
  const hb = Handlebars.create();
  hb.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // {{#table}} ... {{/table}}: a Markdown table padded as prettier pads it (the catalog is not run through prettier).
  hb.registerHelper("table", function (this: unknown, options: Handlebars.HelperOptions) {
    return alignTable(options.fn(this));
  });
  // Code, not HTML: nothing is HTML-escaped; templates place user text only in comments
  // (through the `doc` data the emitter sanitises) and JSON-encoded literals.
  // knownHelpers: calls to our helpers are compiled as direct calls, not run-time lookups.
  const options = { noEscape: true, strict: true, knownHelpers: KNOWN_HELPERS };
  // `each` as Handlebars writes it (helpers/each.js, for an array: the body called on each item
  // with the caller's data), the texts kept apart for the caller of a cut-out block (template-segments.ts).
  let rendered: string[][] = [];
  hb.registerHelper(EACH_APART, function (items: unknown[], options: Handlebars.HelperOptions) {
    rendered.push(items.map((item) => options.fn(item, { data: options.data as unknown })));
    return BLOCK_MARKER;
  });
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const cut = new Map<string, TemplateSegments | undefined>();
  const source = (name: string) => {
    const text = sources.texts.get(name);
    if (text === undefined) throw new Error(`internal: no template ${name}`);
    return text;
  };
  return {
    source,
    builtIn: (name) => !sources.overridden?.has(name),
    render(name, data) {
      let t = compiled.get(name);
      if (!t) {
        t = hb.compile(source(name), options);
        compiled.set(name, t);
      }
      return t(data);
    },
    segments(name, lists) {
      const key = `${name}\n${lists.join(",")}`;
      if (!cut.has(key)) {
        const ast = hb.parse(source(name)) as unknown as Parameters<typeof templateSegments>[0];
        const apart = {
          helper: EACH_APART,
          marker: BLOCK_MARKER,
          compile: (program: unknown) => {
            const delegate = hb.compile(program as hbs.AST.Program, options);
            return (data: Record<string, unknown>) => {
              rendered = [];
              const text = delegate(data);
              return { text, items: rendered };
            };
          },
        };
        cut.set(key, templateSegments(ast, lists, apart));
      }
      return cut.get(key);
    },
  };
}
