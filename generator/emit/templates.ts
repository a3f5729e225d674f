/**
 * Handlebars rendering for the emitted package and catalog, over templates the load stage read
 * (load/templates.ts): rendering reads no file.
 */
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import type { TemplateSources } from "../load/templates.js";
import { alignTable } from "./print/markdown-table.js";
import { cutTemplate, segmentsOf, type CutBlock, type TemplateSegments } from "./template-segments.js";
import { blamingOverride } from "./template-failure.js";

export interface TemplateSet {
  render(name: string, data: unknown): string;
  /** The text of template `name`: the override's when there is one, else the built-in one. */
  source(name: string): string;
  /** Whether template `name` is the built-in one (whose output the emitters know the layout of). */
  builtIn(name: string): boolean;
  /** Runs `work` on what template `name` rendered: what it throws about an override's output names the override's file (exit 2). */
  blame<T>(name: string, work: () => T): T;
  /** Template `name` cut at its top-level `{{#each}}` over `lists`, parsed once (template-segments.ts); undefined when it cannot be. */
  segments(name: string, lists: readonly string[]): TemplateSegments | undefined;
}

/**
 * Templates compiled by an earlier run, by their text (cache/generator-cache.ts, kind
 * `template-specs`): Handlebars' precompiled code (`precompile`), which is what `compile` builds
 * its functions from, so a run evaluates it instead of parsing and compiling the template again
 * (~75 ms of an edit's main thread). Keys hold the template's text; the options and the Handlebars
 * version are the cache fingerprint's (generator code, tool versions).
 */
export interface TemplateSpecStore {
  get(key: string): string | undefined;
  set(key: string, spec: string): void;
}

/** A cut template as stored: its blocks and the precompiled program, or `null` when it cannot be cut. */
type StoredCut = { blocks: CutBlock[]; spec: string } | null;

const require = createRequire(import.meta.url);
/** Handlebars with its parser and compiler (CommonJS, loaded when first asked for). */
const withCompiler = () => require("handlebars") as typeof Handlebars;
/** Handlebars' runtime alone: a run that finds every template compiled (TemplateSpecStore) loads no parser or compiler (~20 ms of an edit's start-up). */
const runtimeOnly = () => require("handlebars/runtime") as typeof Handlebars;

const EACH_APART = "jetschema-each-apart";
const BLOCK_MARKER = "\u0000jetschema: a block's place\u0000";
const KNOWN_HELPERS = { json: true, table: true, [EACH_APART]: true };

/** `specs`: where compiled templates are kept between processes; every template is compiled here without it. */
export function createTemplates(sources: TemplateSources, specs?: TemplateSpecStore): TemplateSet {
  const hb = (specs ? runtimeOnly() : withCompiler()).create();
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
  /** Handlebars' own compile without a store; with one, the precompiled code stored under `key`, made and stored when missing. */
  const compile = (key: string, input: string | hbs.AST.Program): Handlebars.TemplateDelegate => {
    if (!specs) return hb.compile(input, options);
    let spec = specs.get(key);
    if (spec === undefined) specs.set(key, (spec = precompiled(input)));
    return evaluated(spec);
  };
  // Handlebars' types call precompile's code a TemplateSpecification; it is the code's text.
  const precompiled = (input: string | hbs.AST.Program) => withCompiler().precompile(input, options) as unknown as string;
  const evaluated = (spec: string) => hb.template(new Function(`return ${spec}`)() as Parameters<typeof hb.template>[0]);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const cut = new Map<string, TemplateSegments | undefined>();
  const source = (name: string) => {
    const text = sources.texts.get(name);
    if (text === undefined) throw new Error(`internal: no template ${name}`);
    return text;
  };
  /** Template `name` cut at its blocks over `lists`, with its program compiled: from the store when it holds the cut, else parsed and cut here. */
  const cutOf = (name: string, lists: readonly string[]): { blocks: CutBlock[]; compiled: () => Handlebars.TemplateDelegate } | undefined => {
    const key = `cut\n${lists.join(",")}\n${source(name)}`;
    const stored = specs?.get(key);
    if (stored !== undefined) {
      const kept = JSON.parse(stored) as StoredCut;
      return kept ? { blocks: kept.blocks, compiled: () => evaluated(kept.spec) } : undefined;
    }
    const made = cutTemplate(withCompiler().parse(source(name)) as unknown as Parameters<typeof cutTemplate>[0], lists, EACH_APART);
    if (!specs) return made && { blocks: made.blocks, compiled: () => hb.compile(made.program as unknown as hbs.AST.Program, options) };
    // Stored with the cut, so that a run that finds it parses nothing.
    const spec = made && precompiled(made.program as unknown as hbs.AST.Program);
    specs.set(key, JSON.stringify((made ? { blocks: made.blocks, spec: spec! } : null) satisfies StoredCut));
    return made && { blocks: made.blocks, compiled: () => evaluated(spec!) };
  };
  return {
    source,
    builtIn: (name) => !sources.overridden?.has(name),
    blame: (name, work) => blamingOverride(sources, name, work),
    render(name, data) {
      return blamingOverride(sources, name, () => {
        let t = compiled.get(name);
        if (!t) {
          t = compile(`whole\n${source(name)}`, source(name));
          compiled.set(name, t);
        }
        return t(data);
      });
    },
    segments(name, lists) {
      const key = `${name}\n${lists.join(",")}`;
      if (!cut.has(key)) {
        const made = blamingOverride(sources, name, () => cutOf(name, lists));
        cut.set(
          key,
          made &&
            segmentsOf(made.blocks, BLOCK_MARKER, () => {
              const delegate = blamingOverride(sources, name, made.compiled);
              return (data: Record<string, unknown>) => {
                rendered = [];
                const text = blamingOverride(sources, name, () => delegate(data));
                return { text, items: rendered };
              };
            }),
        );
      }
      return cut.get(key);
    },
  };
}
