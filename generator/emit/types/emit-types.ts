/**
 * Emits the `.d.ts` files: one per event (all its majors, and the older minors of a major whose
 * handler gets one type per minor, emit/minor-types.ts), one `_shared.d.ts` for every schema
 * that is the target of a `$ref` (declared once, imported where used), and `_envelope.d.ts` (event folders start with a letter, so these names never clash with an event).
 */
import type { RegistryModel } from "../../model/registry-model.js";
import { walkSchema } from "../../base/schema-walk.js";
import { nameSharedTargets, schemaAt } from "../shared-names.js";
import { applyTypeRules, replaceRemainingRefs, unshieldNames, type TypeRuleContext } from "./type-rules.js";
import { indexEventTypeNames, RESERVED_EXPORTS } from "../../model/reserved-names.js";
import { Diagnostics } from "../../base/diagnostics.js";
import { RULE_TS_NAMES } from "../../check/typescript-name-rules.js";
import { eventInputs } from "../../model/event-inputs.js";
import { sha256 } from "../../base/hash.js";
import { appendTo } from "../../base/map-lists.js";
import { layoutDeclarations, typeImport } from "./type-layout.js";
import { declaredIn, declaresType } from "./declared-names.js";
import { schemaDeclarations } from "../../base/schema-to-typescript.js";
import { olderMinorPayloads } from "../minor-types.js";

/**
 * At most this many event files left to declare (not served by `eventFiles`): an edit. They are
 * declared by `EmitTypesOptions.declarations`, all at once as the call begins.
 */
export const FEW_EVENT_FILES = 4;

/** json-schema-to-typescript's declarations of a prepared schema as type `name` (base/schema-to-typescript.ts). */
export type Declare = (prepared: Record<string, unknown>, name: string) => Promise<string>;

export interface TypeFiles {
  /** Relative output path -> content. */
  files: Map<string, string>;
  /** Event key -> the module (relative to the package root, .js specifier) declaring its type. */
  moduleOf: Map<string, string>;
  /** With `eventFiles`: the key of each event's file. */
  eventKeys: Map<string, string>;
  /** Files in prettier's layout already: laid out here (type-layout.ts) or served by `eventFiles`. */
  formatted: Set<string>;
  /** Of those, the files `eventFiles` served (nothing to store for them); those taken in place (`inPlace`) too, which are in `eventKeys` but not in `files`. */
  served: Set<string>;
  envelopeTypeName: string;
}

export interface EmitTypesOptions {
  /**
   * Cache hook: returns json-schema-to-typescript's output for a prepared schema and type name,
   * calling `compile` only when it has none (generator/cache keys it by both).
   */
  memo?: (prepared: Record<string, unknown>, name: string, compile: () => Promise<string>) => Promise<string>;
  /**
   * Whole event type files, formatted, by key (generator/cache): the key is the event's inputs
   * (model/event-inputs.ts) and the names given to shared types, so an event not edited is served
   * without preparing its schemas or formatting its file. The caller stores what it formats under
   * `TypeFiles.eventKeys`.
   */
  eventFiles?: { get(key: string): string | undefined };
  /**
   * Where the types of a run with few event files to declare are compiled (a compile worker's
   * thread, validators/compile-worker.ts), so that this thread never loads
   * json-schema-to-typescript for an edit; their jobs are sent before emitTypes first waits. More
   * files than that (a cold run) are declared on this thread, one after another, as without it.
   */
  declarations?: Declare;
  /** What a long-lived process found each type file declaring on its last run (checkDeclaredNames): a file of the same text is not searched again. */
  declaredNames?: DeclaredNames;
  /**
   * Event files served without being read: an event whose key `eventFiles` holds, whose declared
   * names `names` holds by the same key, and whose output file `reuse` finds holding the stored
   * entry's content (by `digest`, the entry's recorded digest) stays as the output holds it. Its
   * text is neither read, nor put, nor searched for names. `names` is given each event file's
   * names by its key when it lacks them, and `save()`d as the call ends.
   */
  inPlace?: EventFilesInPlace;
}

/** See EmitTypesOptions.inPlace. */
export interface EventFilesInPlace {
  digest(key: string): string | undefined;
  reuse(path: string, digest: string): boolean;
  names: { get(key: string): string[] | undefined; set(key: string, names: string[]): void; save(): void };
}

/** Each type file's exported names, with the text they were found in, by path. */
export type DeclaredNames = Map<string, { text: string; names: string[] }>;

export async function emitTypes(model: RegistryModel, options: EmitTypesOptions = {}): Promise<TypeFiles> {
  const shared = nameSharedTargets(model);
  const files = new Map<string, string>();
  const moduleOf = new Map<string, string>();
  const eventKeys = new Map<string, string>();
  const formatted = new Set<string>();
  const served = new Set<string>();
  /** Every type file in the order it is emitted, with the names it declares when known without its text (taken in place). */
  const declared = new Map<string, string[] | undefined>();
  /** The file, in prettier's layout when every part can be laid out, else as json-schema-to-typescript wrote it. */
  const put = (path: string, what: string, parts: string[], imports: string[]) => {
    const laidOut = parts.map(layoutDeclarations);
    const ready = laidOut.every((p) => p !== undefined);
    const importLine = imports.length > 0 ? (ready ? typeImport(imports, "./_shared.js") : `import type { ${imports.join(", ")} } from "./_shared.js";\n`) + "\n" : "";
    declared.set(path, undefined);
    files.set(path, header(what) + importLine + (ready ? (laidOut as string[]) : parts).join("\n"));
    if (ready) formatted.add(path);
  };

  const used = new Set<string>();
  const ctxFor = (rootName: string): TypeRuleContext => ({
    rootName,
    refName: (ref) => {
      const name = shared.get(ref);
      if (!name) throw new Error(`internal: no shared type for ${ref}`);
      used.add(name);
      return name;
    },
  });

  const inputsOf = options.eventFiles ? eventInputs(model) : undefined;
  // What every event's key shares, hashed once rather than once per event.
  const sharedNames = inputsOf ? sha256("event types", JSON.stringify([...shared])) : undefined;
  const { inPlace } = options;
  const events = model.events.map((event) => {
    const key = inputsOf ? sha256(sharedNames!, inputsOf(event)) : undefined;
    const names = key && inPlace ? inPlace.names.get(key) : undefined;
    const stored = names && inPlace!.digest(key!);
    if (stored !== undefined && inPlace!.reuse(eventFile(event.name), stored)) return { event, key, names };
    return { event, key, cached: key ? options.eventFiles!.get(key) : undefined };
  });
  const toDeclare = events.filter((e) => e.cached === undefined && e.names === undefined);
  const declare = options.declarations && toDeclare.length <= FEW_EVENT_FILES ? options.declarations : schemaDeclarations;
  /**
   * An event's types: the rules applied to each major's schemas (naming the shared types they
   * import) at once, then declared one after another, or all at once when `early`: each job is
   * then sent before this function first waits.
   */
  const startEvent = (event: RegistryModel["events"][number], early: boolean) => {
    used.clear();
    const prepared = event.majors.flatMap((m) => [
      prepareOne(m.latest.schema, m.typeName, ctxFor(m.typeName)),
      ...olderMinorPayloads(model, m).map((t) => prepareOne(t.version.schema, t.typeName, ctxFor(t.typeName))),
      ...(m.requestReply ? [prepareOne(m.requestReply.reply, m.requestReply.replyTypeName, ctxFor(m.requestReply.replyTypeName))] : []),
    ]);
    const parts = early ? Promise.all(prepared.map((p) => declareOne(p, options.memo, declare))) : inOrder(prepared, (p) => declareOne(p, options.memo, declare));
    return { parts, imports: [...used].sort() };
  };
  const started = new Map(declare === schemaDeclarations ? [] : toDeclare.map(({ event }) => [event, startEvent(event, true)]));
  // Awaited in the loop below; a failure of the shared types first must not leave them unhandled.
  for (const { parts } of started.values()) parts.catch(() => undefined);

  // shared.d.ts: every $ref target, in a stable order.
  const sharedParts: string[] = [];
  for (const [ref, name] of [...shared].sort(([, a], [, b]) => a.localeCompare(b))) {
    const target = schemaAt(model, ref);
    sharedParts.push(await declareOne(prepareOne(target, name, ctxFor(name)), options.memo, declare));
  }
  used.clear();
  if (shared.size > 0) put("types/_shared.d.ts", "Shared definitions: every schema a $ref points at, declared once.", sharedParts, []);

  for (const { event, key, cached, names } of events) {
    const path = eventFile(event.name);
    for (const m of event.majors) moduleOf.set(m.key, `./types/${event.name}.js`);
    if (key) eventKeys.set(path, key);
    if (names !== undefined) {
      declared.set(path, names);
      served.add(path);
      continue;
    }
    if (cached !== undefined) {
      declared.set(path, undefined);
      files.set(path, cached);
      formatted.add(path);
      served.add(path);
      continue;
    }
    const { parts, imports } = started.get(event) ?? startEvent(event, false);
    put(path, `Payload types of ${event.name}.`, await parts, imports);
  }

  used.clear();
  const envelopeTypeName = "Envelope";
  const envSchema = structuredClone(model.envelope.schema);
  const envProps = (envSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  // `data` is typed per event; the base envelope leaves it open.
  const dataField = model.envelope.fields.data;
  envProps[dataField] = { description: envProps[dataField]?.description, tsType: "unknown" };
  const envelope = await declareOne(prepareOne(envSchema, envelopeTypeName, ctxFor(envelopeTypeName)), options.memo, declare);
  put("types/_envelope.d.ts", "The envelope every event travels in.", [envelope], [...used].sort());
  try {
    checkDeclaredNames(model, declared, files, options.declaredNames, inPlace ? { names: inPlace.names, keys: eventKeys } : undefined);
  } finally {
    // The names found are each file's whatever the check concludes.
    inPlace?.names.save();
  }
  return { files, moduleOf, envelopeTypeName, eventKeys, formatted, served };
}

function eventFile(event: string): string {
  return `types/${event}.d.ts`;
}

interface Prepared {
  schema: Record<string, unknown>;
  name: string;
}

/** A copy of `schema` as json-schema-to-typescript is given it: the type rules applied, every $ref named (through `ctx`). */
function prepareOne(schema: Record<string, unknown>, name: string, ctx: TypeRuleContext): Prepared {
  const prepared = applyTypeRules(schema, ctx);
  replaceRemainingRefs(prepared, ctx, (s, f) => walkSchema(s, ({ node }) => f(node)));
  delete prepared.$schema;
  delete prepared.examples;
  return { schema: prepared, name };
}

/** `memo`'s output for the prepared schema, else `declare`'s, which is called before this function first waits. */
async function declareOne({ schema: prepared, name }: Prepared, memo: EmitTypesOptions["memo"], declare: Declare): Promise<string> {
  const run = async () => unshieldNames(await declare(prepared, name));
  const out = memo ? await memo(prepared, name, run) : await run();
  // json-schema-to-typescript declares nothing when the root simplifies to `unknown`
  // (`{ "anyOf": [{}, { "type": "string" }] }`, `{ "allOf": [true] }`): the schema admits anything.
  if (!declaresType(out, name)) return `${out.trimEnd()}\nexport type ${name} = unknown;\n`;
  return out;
}

async function inOrder<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await work(item));
  return out;
}

function header(what: string): string {
  return `// Generated by jetschema from the registry. Do not edit: change the schemas and run \`jetschema generate\`.\n// ${what}\n\n`;
}

/**
 * Nested types are named after their path, so two files can still declare one name (event `order`
 * with an object property `placed`, and event `order.placed`). The index re-exports every file,
 * where such a clash would be a compile error, and declares the envelope types itself, whose
 * names a file's would lose to silently (a property `event` below `OrderPlaced`): report both
 * here instead, against the schemas.
 * `declared`: every file in the order emitted, with its names when they were known without its
 * text (an event file taken in place), else found in its text (`files`); `inPlace`: where each
 * event file's names are kept by its key, given those it lacks.
 */
function checkDeclaredNames(model: RegistryModel, declared: Map<string, string[] | undefined>, files: Map<string, string>, kept?: DeclaredNames, inPlace?: { names: EventFilesInPlace["names"]; keys: Map<string, string> }): void {
  const owners = new Map<string, string[]>();
  const found: DeclaredNames = new Map();
  for (const [path, known] of declared) {
    let names = known;
    if (names === undefined) {
      const text = files.get(path)!;
      const last = kept?.get(path);
      names = last?.text === text ? last.names : declaredIn(text);
      found.set(path, { text, names });
      const key = inPlace?.keys.get(path);
      if (key !== undefined && inPlace!.names.get(key) === undefined) inPlace!.names.set(key, names);
    }
    for (const name of names) appendTo(owners, name, path);
  }
  if (kept) {
    kept.clear();
    for (const [path, entry] of found) kept.set(path, entry);
  }
  const report = new Diagnostics();
  const sourceOf = (path: string) => {
    const event = path.replace(/^types\//, "").replace(/\.d\.ts$/, "");
    return model.events.find((e) => e.name === event)?.majors[0]?.versions[0]?.file ?? model.envelope.file;
  };
  // Only the clashes are sorted (by name, the order they are reported in), not the ~4000 names of a large registry.
  const indexNames = new Set(model.majors.flatMap(indexEventTypeNames));
  const clashes = [...owners].filter(([name, paths]) => paths.length > 1 || (RESERVED_EXPORTS.has(name) && name !== "Envelope") || indexNames.has(name));
  for (const [name, paths] of clashes.sort(([a], [b]) => a.localeCompare(b))) {
    report.error(sourceOf(paths[paths.length - 1]!), "", RULE_TS_NAMES, `the type name ${name} is declared by ${paths.join(" and ")}${paths.length === 1 ? " and by the package itself" : ""}; rename a property or an event folder`);
  }
  report.throwIfErrors(model.root);
}
