/**
 * One place that configures ajv, so that lint, example checks, `jetschema validate`, the
 * emitted standalone validators and the tests all judge data by exactly the same rules.
 *
 * ajv, ajv-formats and fast-uri are loaded when the first instance is created, not with this
 * module: ajv is ~60 CommonJS modules (~40 ms of CPU), which the main thread of an edit loaded
 * with the pipeline and never ran (its one module compiles on a worker, its edited file is checked
 * by the meta-schema code the cache keeps). ajv is CommonJS, so `require` loads it synchronously.
 */
import { createRequire } from "node:module";
import type { Ajv, Name } from "ajv";
import type { Ajv2020 as Ajv2020Class } from "ajv/dist/2020.js";
import type { UriResolver } from "ajv/dist/types/index.js";
import { commonJsDefault } from "./commonjs-default.js";

export type Dialect = "draft7" | "draft2020";

const require = createRequire(import.meta.url);

/** What createAjv takes from ajv, ajv-formats and fast-uri, loaded on its first call. */
interface AjvLibrary {
  Ajv: typeof Ajv;
  Name: typeof Name;
  addFormats: (ajv: Ajv) => Ajv;
  uriResolver: UriResolver;
}

let library: AjvLibrary | undefined;
function ajvLibrary(): AjvLibrary {
  if (!library) {
    const { Ajv, Name } = require("ajv") as typeof import("ajv");
    // ajv-formats and ajv's URI library are CommonJS with a default export.
    const formats = require("ajv-formats") as { default?: (ajv: Ajv) => Ajv } & ((ajv: Ajv) => Ajv);
    const uri = require("ajv/dist/runtime/uri.js") as { default?: UriResolver } & UriResolver;
    library = { Ajv, Name, addFormats: commonJsDefault(formats), uriResolver: rememberingResolves(commonJsDefault(uri)) };
  }
  return library;
}

export interface AjvOptions {
  /** Emit source for standalone code (ESM, formats taken from an identifier the module imports). */
  standalone?: boolean;
  /**
   * Compile each validator's function in full when ajv creates it, for an instance that calls
   * nearly every validator it compiles (the compile workers check every example). V8 otherwise
   * parses a function twice: a pre-parse when ajv creates it, the full compile on its first call.
   */
  eager?: boolean;
  /** Keep each validator's source, so that ajv's standalone code can be made of it (load/meta-schema-check.ts); the validators are the same. */
  source?: boolean;
}

/**
 * ajv's `code.process` sees the source of the function that returns a validator
 * (`const ...; return function validateN(...){...}`) before `new Function`, not the standalone
 * code. Parenthesised, the returned function expression is one V8 compiles at once (its heuristic
 * for a function likely to be called soon); the validator is the same function.
 */
export function compiledEagerly(source: string): string {
  const at = source.search(/\breturn (?:async )?function /);
  return at < 0 ? source : `${source.slice(0, at)}return (${source.slice(at + "return ".length)})`;
}

/** The identifier that standalone modules bind ajv-formats' `fullFormats` to. */
export const FORMATS_IDENTIFIER = "formats";

/**
 * fast-uri (ajv's own URI library) with its `resolve` remembered: ajv resolves every `$id` and
 * `$ref` against its base while it collects a schema's references and again when it compiles, and
 * a compile worker does that for each module that reaches a shared definition. A resolution
 * depends on nothing else.
 */
function rememberingResolves(uri: UriResolver): UriResolver {
  const known = new Map<string, string>();
  const resolve = (base: string, ref: string): string => {
    const key = `${base}\u0000${ref}`;
    let resolved = known.get(key);
    if (resolved === undefined) {
      if (known.size >= 50_000) known.clear();
      resolved = uri.resolve(base, ref);
      known.set(key, resolved);
    }
    return resolved;
  };
  return { ...uri, resolve };
}

/**
 * ajv's 2020-12 class, loaded when a 2020-12 schema first needs it: its vocabularies are a tree of
 * modules a draft-07 registry never runs, and an edit's main thread loaded them only to check the
 * edited file against its meta-schema (ajv is CommonJS, so `require` loads it synchronously).
 */
let ajv2020Class: typeof Ajv2020Class | undefined;
function ajv2020(): typeof Ajv2020Class {
  ajv2020Class ??= (require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020Class }).Ajv2020;
  return ajv2020Class;
}

export function createAjv(dialect: Dialect, options: AjvOptions = {}): Ajv {
  const { Ajv, Name, addFormats, uriResolver } = ajvLibrary();
  const opts = {
    strict: false,
    allErrors: true,
    // Shared definitions compile to one function each instead of being copied into every user.
    inlineRefs: false,
    // A property named `constructor` or `toString` is data, not something every object inherits.
    ownProperties: true,
    // A long enum is checked in a loop over its values: unrolled into one `a === v1 || ...`
    // expression, a very long enum takes minutes to compile (input-limits test).
    loopEnum: 256,
    // Registry files are validated against their own dialect's meta-schema when loaded
    // (load-registry.ts). Validating again on addSchema cost O(n²) on a long enum (ajv compares
    // `uniqueItems` pairwise) and judged every file by the instance's dialect, so one draft-07
    // tuple (`items: [...]`) made every 2020-12 schema of the registry fail to compile.
    validateSchema: false,
    uriResolver,
    // `lines`: generator/validators/compact-errors.ts finds ajv's error reports line by line.
    // `optimize: false`: ajv's optimizing pass took half of its compile; the declarations it
    // dropped are dropped from the standalone code instead (validators/unread-declarations.ts).
    code: {
      ...(options.standalone ? { source: true, esm: true, lines: true, optimize: false, formats: new Name(FORMATS_IDENTIFIER) } : {}),
      ...(options.eager ? { process: compiledEagerly } : {}),
      ...(options.source ? { source: true } : {}),
    },
  };
  const ajv = dialect === "draft2020" ? new (ajv2020())(opts) : new Ajv(opts);
  addFormats(ajv as Ajv);
  // jetschema's own annotation keywords: declared so that strict tooling never trips on them.
  ajv.addVocabulary(["x-producers", "x-consumers", "x-pii", "x-subject", "x-type", "x-delivery"]);
  return ajv as Ajv;
}

export const DRAFT7_URIS = new Set([
  "http://json-schema.org/draft-07/schema#",
  "http://json-schema.org/draft-07/schema",
  "https://json-schema.org/draft-07/schema#",
  "https://json-schema.org/draft-07/schema",
]);
export const DRAFT2020_URIS = new Set([
  "https://json-schema.org/draft/2020-12/schema",
  "https://json-schema.org/draft/2020-12/schema#",
]);

/** The dialect a schema declares with `$schema`; draft-07 when it declares none. */
export function dialectOf(schema: unknown): Dialect | undefined {
  const declared = typeof schema === "object" && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined) return "draft7";
  if (typeof declared !== "string") return undefined;
  if (DRAFT7_URIS.has(declared)) return "draft7";
  if (DRAFT2020_URIS.has(declared)) return "draft2020";
  return undefined;
}
