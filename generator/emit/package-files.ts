/**
 * Emits the package around the types and validators: package.json, README.md (npm's page),
 * index.js/.d.ts (createEvents and the typed publish helpers), runtime.js/.d.ts (the runtime
 * re-exported), registry.js (the descriptor the runtime works from), subjects.js and streams.js
 * (data users import).
 */
import { consumerHandlerData } from "../model/consumer-events.js";
import { registryDescriptorData } from "../model/descriptor-data.js";
import type { EventModel, MajorModel, RegistryModel } from "../model/registry-model.js";
import { eventInputs, sharedInputs } from "../model/event-inputs.js";
import type { KeptByInputs } from "../base/kept-by-inputs.js";
import type { ShippedDependencies } from "../load/shipped-dependencies.js";
import type { TemplateSet } from "./templates.js";
import type { ValidatorExports } from "./validators.js";
import { exportConst, exportDeclareConst } from "./package/data-layout.js";
import {
  arrowProperty,
  callbackMethodSignature,
  genericAlias,
  literal,
  methodSignature,
  objectIntersectionAlias,
  plainLine,
  referenceIntersectionAlias,
  unionAlias,
  unionLine,
  genericMember,
  genericIntersectionHead,
  type Piece,
} from "./package/index-layout.js";
import { INDEX_TEMPLATES, joinIndexFiles, readsNoList, type FragmentStore } from "./package/index-fragments.js";
import { printBundledLoader, printNodeLoader } from "./package/load-modules.js";
import { withLoadImports } from "./package/override-package-json.js";
import { packageReadme } from "./package/package-readme.js";
import { GENERATED, printRegistryModule, registryModuleInput } from "./package/registry-module.js";
import { keyText, stringLiteral } from "./print/ts-layout.js";
import { minorTypes, olderMinorPayloads, unreadVersionsText } from "./minor-types.js";
import { layoutDeclarations, typeImport } from "./types/type-layout.js";

/** Comment text that cannot end the comment it sits in, on one line. */
export function docLine(text: string | undefined): string {
  return (text ?? "").replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
}

/**
 * Text printed from plain data, by the data's exact JSON (generator/cache): `print` reads nothing
 * but `input`, so the text is served when the input is unchanged (an edit of one event leaves
 * registry.js, subjects.* and streams.* as they were, and they cost ~0.4 s to print at 1000 events).
 */
export type PrintMemo = <T>(file: string, input: T, print: (input: T) => string) => string;

const printNow: PrintMemo = (_file, input, print) => print(input);

/**
 * Plain data made from registry.json and every event's names alone (model/event-inputs.ts
 * sharedInputs), stored as JSON by that key (generator/cache): an edit of one event's schema
 * leaves it as it was, and a separate process reads it rather than making it again.
 */
export interface SharedDataStore {
  get(kind: string, key: string): string | undefined;
  set(kind: string, key: string, json: string): void;
}

/** The package files a template renders, and that template (an override's output that prettier cannot parse is the override's fault). */
export const TEMPLATE_OF_FILE: Readonly<Record<string, string>> = { "package.json": "package/package.json.hbs", "index.js": INDEX_TEMPLATES.js, "index.d.ts": INDEX_TEMPLATES.dts };

/** The package files, and those of them written in prettier's layout already (the rest go through prettier). */
export interface PackageFiles {
  files: Map<string, string>;
  laidOut: Set<string>;
}

/**
 * `kept`: what a long-lived process keeps by its inputs (base/kept-by-inputs.ts): each major's and
 * each event's data for `index.*`, by the event's inputs (model/event-inputs.ts: its files, every
 * file that is not an event version, registry.json and every event's names), all this data is made from.
 * `fragments`: where `index.*`'s per-event fragments are kept (package/index-fragments.ts); without
 * it (a run with no cache) both files are rendered whole.
 * `stored`: what is made from registry.json and every event's names alone (the consumers' handler
 * types, subjects.* and streams.*) by those, for a run without `kept` (a separate process).
 */
export function emitPackageFiles(model: RegistryModel, validators: ValidatorExports, templates: TemplateSet, shipped: ShippedDependencies, hasShared: boolean, printed: PrintMemo = printNow, kept?: KeptByInputs, fragments?: FragmentStore, stored?: SharedDataStore): PackageFiles {
  const shippedRange = (pkg: string) => rangeOf(shipped, pkg);
  const files = new Map<string, string>();
  const laidOut = new Set<string>();
  const { config } = model;
  const fields = model.envelope.fields;
  const roleNames = [fields.type, fields.version, fields.data];
  const ctx = model.envelope.context;
  const union = (names: string[]) => names.map(literal).join(" | ");
  const pick = (names: string[]) => (names.length ? `Pick<Envelope, ${union(names)}>` : "{}");
  // Filled by the runtime (a const, or a default when the caller passes none): optional to pass.
  const filled = (c: (typeof ctx)[number]) => c.const !== undefined || c.default !== undefined;
  const constFields = ctx.filter(filled).map((c) => c.name);
  const plainFields = ctx.filter((c) => !filled(c)).map((c) => c.name);
  const contextType = constFields.length ? `${pick(plainFields)} & Partial<${pick(constFields)}>` : plainFields.length ? pick(plainFields) : "Record<string, never>";
  // Each piece that may run past the width says whether it is in prettier's layout (index-layout.ts).
  const exact = { js: true, dts: true };
  const laid = (p: Piece) => ((exact.dts &&= p.exact), p.text);
  const contextDeclaration = laid(
    constFields.length
      ? referenceIntersectionAlias("EventContext", pick(plainFields), `Partial<${pick(constFields)}>`)
      : plainFields.length
        ? genericAlias("EventContext", "Pick", ["Envelope", union(plainFields)])
        : // No context properties: nothing to pass. `{}` would take any string, number or object
          // (each throws at run time: not a context property); this takes only `{}` and `undefined`.
          plainLine("export type EventContext = Record<string, never>;"),
  );
  const contextRequired = ctx.some((c) => c.required && !filled(c));
  const context = `context${contextRequired ? "" : "?"}: EventContext`;
  const majorData = (m: MajorModel) => {
    // Whether this major's pieces are in prettier's layout, kept with them.
    const own = { js: true, dts: true };
    const laidHere = (p: Piece) => ((own.dts &&= p.exact), p.text);
    const laidJs = (p: Piece) => ((own.js &&= p.exact), p.text);
    const doc = docLine(m.description ?? m.title ?? m.event);
    const key = stringLiteral(m.key);
    const payload = [`data: ${m.typeName}`, context, "options?: PublishOptions"];
    const data = {
      ...m,
      docLine: doc,
      docText: doc ? ` ${doc}` : "",
      mapKey: keyText(m.key),
      typeLiteral: literal(m.type),
      versionUnion: m.versions.map((v) => JSON.stringify(v.version)).join(" | "),
      eventTypeHead: laidHere(genericIntersectionHead(m.eventTypeName, "Omit", ["Envelope", union(roleNames)])),
      versionLine: laidHere(unionLine(`  ${keyText(fields.version)}: ${m.versions.map((v) => literal(v.version)).join(" | ")};`)),
      publishProperty: laidJs(arrowProperty("    ", m.helperName, "data, context, publishOptions", "client.publish", [key, "data", "context", "publishOptions"])),
      publishSignature: laidHere(methodSignature("  ", m.helperName, payload, `Promise<${m.delivery === "at-most-once" ? "CorePublishAck" : "PublishAck"}>`)),
      ...(m.requestReply ? requestReplyPieces(m.requestReply, m.eventTypeName, key, payload, fields.data, laidHere, laidJs) : {}),
      ...minorPieces(model, m, union(roleNames), laidHere),
    };
    return { data, exact: own };
  };
  // Made from registry.json and every event's names alone: kept by those in a session.
  const consumersMade = () => {
    const own = { dts: true };
    const consumerHandlers = consumerHandlerData(model).map((c) => ({
      ...c,
      key: keyText(c.name),
      types: c.types.map((t) => {
        const piece = genericMember("    ", `${keyText(t.type)}?`, "EventHandler", t.eventTypes);
        own.dts &&= piece.exact;
        return { ...t, line: piece.text };
      }),
    }));
    const consumerNames = consumerHandlers.length ? union(consumerHandlers.map((c) => c.name)) : "never";
    // Written as json-schema-to-typescript writes an alias (no semicolon), which layoutDeclarations reads.
    const consumerNameDeclaration = layoutDeclarations(`export type ConsumerName = ${consumerNames}\n`);
    return { consumerHandlers, consumerNames, consumerNameDeclaration, exact: own.dts };
  };
  /** `make()`'s plain data as `stored` has it by registry.json and every event's names (what it is made from), else made and stored. */
  const storedByShared = <T>(store: SharedDataStore, kind: string, make: () => T): T => {
    const key = sharedInputs(model);
    const json = store.get(kind, key);
    if (json !== undefined) return JSON.parse(json) as T;
    const made = make();
    store.set(kind, key, JSON.stringify(made));
    return made;
  };
  // Plain data (strings and booleans; a declaration json-schema-to-typescript's layout left undefined reads back as missing, the same to its readers).
  const { consumerHandlers, consumerNames, consumerNameDeclaration, exact: handlersExact } = kept
    ? kept.valueOf("package consumers", [sharedInputs(model)], consumersMade)
    : stored
      ? storedByShared(stored, "package consumers", consumersMade)
      : consumersMade();
  exact.dts &&= handlersExact;
  const eventData = (e: EventModel) => ({
    ...e,
    importLine: typeImport(
      e.majors.flatMap((m) => [m.typeName, ...olderMinorPayloads(model, m).map((t) => t.typeName), ...(m.requestReply ? [m.requestReply.replyTypeName] : [])]),
      `./types/${e.name}.js`,
    ).trimEnd(),
  });
  const data: Record<string, unknown> = {
    namespace: config.namespace,
    fields,
    fieldKeys: { type: keyText(fields.type), version: keyText(fields.version), data: keyText(fields.data) },
    omitFields: union(roleNames),
    contextType,
    contextDeclaration,
    contextRequired,
    cloudEvents: model.envelope.cloudEvents !== undefined,
    hasShared,
    consumerHandlers,
    consumerNameDeclaration: consumerNameDeclaration?.trimEnd() ?? `export type ConsumerName = ${consumerNames};`,
    package: config.package,
    description: config.package.description ?? `Typed events of the ${config.namespace} registry, generated by jetschema.`,
    runtimeVersion: shippedRange("@jetschema/runtime"),
    natsVersion: shippedRange("@nats-io/transport-node"),
    ajvVersion: shippedRange("ajv"),
    ajvFormatsVersion: shippedRange("ajv-formats"),
  };
  const render = (path: string, template: string, laidOutIf: (text: string) => boolean, text = templates.render(template, data)) => {
    files.set(path, text);
    if (templates.builtIn(template) && laidOutIf(text)) laidOut.add(path);
  };
  const joined =
    // The built-in package.json.hbs reads neither list (a fresh process need not parse it twice to know).
    fragments && (templates.builtIn("package/package.json.hbs") || readsNoList(templates, "package/package.json.hbs"))
      ? joinIndexFiles(templates, data, model.events, eventInputs(model), (e) => ({ majors: e.majors.map(majorData), event: eventData(e) }), fragments)
      : undefined;
  if (joined) {
    exact.js &&= joined.exact.js;
    exact.dts &&= joined.exact.dts;
  } else {
    const inputsOf = kept ? eventInputs(model) : undefined;
    data.majors = model.events.flatMap((e) =>
      e.majors.map((m) => {
        const made = inputsOf ? kept!.valueOf("index.* major", [inputsOf(e), m.major], () => majorData(m)) : majorData(m);
        exact.js &&= made.exact.js;
        exact.dts &&= made.exact.dts;
        return made.data;
      }),
    );
    data.events = model.events.map((e) => (inputsOf ? kept!.valueOf("index.* event", [inputsOf(e)], () => eventData(e)) : eventData(e)));
  }
  const packageTemplate = TEMPLATE_OF_FILE["package.json"]!;
  const builtInPackageJson = templates.builtIn(packageTemplate);
  // The built-in template holds "#load" and load/ itself; an override may not.
  const rendered = templates.render(packageTemplate, data);
  const packageJson = builtInPackageJson ? rendered : templates.blame(packageTemplate, () => withLoadImports(rendered));
  if (builtInPackageJson) {
    // prettier prints package.json (parser json-stringify) as JSON.stringify does: every object and array expanded.
    files.set("package.json", `${JSON.stringify(JSON.parse(packageJson), null, 2)}\n`);
    laidOut.add("package.json");
  } else {
    files.set("package.json", packageJson);
  }
  render("index.js", INDEX_TEMPLATES.js, () => exact.js, joined?.js);
  render("index.d.ts", INDEX_TEMPLATES.dts, () => exact.dts && consumerNameDeclaration !== undefined, joined?.dts);
  // The whole runtime, values and types, through this package: a service imports ValidationError
  // or kvStore from here, so it need not depend on @jetschema/runtime itself (and pnpm would not
  // let it import a dependency it does not declare). A subpath of its own, so that importing the
  // package only for subjects or validators still loads no runtime (index.js).
  for (const path of ["runtime.js", "runtime.d.ts"]) {
    files.set(path, `${GENERATED}export * from "@jetschema/runtime";\n`);
    laidOut.add(path);
  }
  const readme = packageReadme({ name: config.package.name, description: data.description as string, namespace: config.namespace });
  files.set("README.md", readme.text);
  if (readme.laidOut) laidOut.add("README.md");
  const descriptor = registryDescriptorData(model);
  files.set("registry.js", printed("registry.js", registryModuleInput(descriptor, model, validators), printRegistryModule));
  laidOut.add("registry.js");
  const loadInput = { modules: validators.split ? [...new Set([...validators.exportOf.values()].map((e) => e.module))].sort() : [] };
  files.set("load/node.js", printed("load/node.js", loadInput, printNodeLoader));
  files.set("load/bundled.js", printed("load/bundled.js", loadInput, printBundledLoader));
  laidOut.add("load/node.js").add("load/bundled.js");
  // subjects.* and streams.* read each major's event, major and subject and registry.json's streams, consumers and dead-letter stream: all in sharedInputs.
  const dataFiles = () => {
    const tree = subjectTree(model);
    const filters = subjectFilters(model);
    const streams = Object.fromEntries(descriptor.streams.map((s) => [s.name, s]));
    const consumers = Object.fromEntries(descriptor.consumers.map((c) => [c.name, c]));
    const dlq = descriptor.dlq ?? null;
    const exported = (path: string, values: Array<[string, unknown]>): [string, string, boolean] => {
      const declared = path.endsWith(".d.ts");
      // "" when a value has a shape the layout leaves to prettier.
      const laid = printed(path, values, (input) => {
        const each = input.map(([name, value]) => (declared ? exportDeclareConst(name, value) : exportConst(name, value)));
        return each.every((d) => d !== undefined) ? each.join("\n\n") : "";
      });
      const text = laid || values.map(([name, value]) => (declared ? `export declare const ${name}: ${readonlyType(value)};` : `export const ${name} = ${JSON.stringify(value)};`)).join("\n\n");
      return [path, `${GENERATED}${text}\n`, laid !== ""];
    };
    return [
      exported("subjects.js", [["subjects", tree], ["subjectFilters", filters]]),
      exported("subjects.d.ts", [["subjects", tree], ["subjectFilters", filters]]),
      exported("streams.js", [["streams", streams], ["consumers", consumers], ["dlq", dlq]]),
      exported("streams.d.ts", [["streams", streams], ["consumers", consumers], ["dlq", dlq]]),
    ];
  };
  // A session compares each file's data with its last save's (printed); a separate process takes the four files by sharedInputs.
  for (const [path, text, laid] of stored && !kept ? storedByShared(stored, "package data files", dataFiles) : dataFiles()) {
    files.set(path, text);
    if (laid) laidOut.add(path);
  }
  return { files, laidOut };
}

/**
 * What index.d.ts prints for a major whose handler gets one type per minor (emit/minor-types.ts):
 * the major's event type as the union, and each minor's envelope type; nothing for a major the
 * latest minor reads whole, which the template prints as one envelope type.
 */
function minorPieces(model: RegistryModel, m: MajorModel, omitted: string, laid: (p: Piece) => string) {
  const minors = minorTypes(model, m);
  if (minors.length === 0) return {};
  return {
    unreadVersions: unreadVersionsText(model, m),
    minorUnionDeclaration: laid(unionAlias(m.eventTypeName, minors.map((t) => t.eventTypeName))),
    minorEvents: minors.map((t) => {
      const head = t.version.doc.head;
      const text = typeof head.description === "string" ? head.description : typeof head.title === "string" ? head.title : undefined;
      return {
        docLine: docLine(`${m.event} ${t.version.version}${text === undefined ? "" : `: ${text}`}`),
        eventTypeHead: laid(genericIntersectionHead(t.eventTypeName, "Omit", ["Envelope", omitted])),
        typeLiteral: literal(m.type),
        versionLiteral: literal(t.version.version),
        typeName: t.typeName,
      };
    }),
  };
}

/** What index.js and index.d.ts print for a request-reply event's major beside its publish helper. */
function requestReplyPieces(
  rr: NonNullable<RegistryModel["majors"][number]["requestReply"]>,
  eventTypeName: string,
  key: string,
  payload: string[],
  dataField: string,
  laid: (p: Piece) => string,
  laidJs: (p: Piece) => string,
) {
  const reply = rr.replyTypeName;
  return {
    requestProperty: laidJs(arrowProperty("    ", rr.requestHelper, "data, context, publishOptions", "client.request", [key, "data", "context", "publishOptions"])),
    serveProperty: laidJs(arrowProperty("    ", rr.serveHelper, "handler, serveOptions", "client.serve", [key, "handler", "serveOptions"])),
    replyEventDeclaration: laid(objectIntersectionAlias(`${reply}Event`, `Omit<Envelope, ${literal(dataField)}>`, keyText(dataField), reply)),
    requestSignature: laid(methodSignature("  ", rr.requestHelper, payload, `Promise<${reply}Event>`)),
    serveSignature: laid(callbackMethodSignature(
      "  ",
      rr.serveHelper,
      { name: "handler", params: [`event: ${eventTypeName}`, "request: { msg: Msg }"], returns: `${reply} | Promise<${reply}>` },
      ["options?: ServeOptions"],
      "Responder",
    )),
  };
}

type Tree = { [key: string]: Tree | string };

function subjectTree(model: RegistryModel): Tree {
  // Null-prototype nodes: an event folder named `constructor` or `toString` is just a key.
  const root: Tree = Object.create(null) as Tree;
  for (const m of model.majors) {
    let node = root;
    for (const seg of m.event.split(".")) node = (node[seg] ??= Object.create(null) as Tree) as Tree;
    node[`v${m.major}`] = m.subject;
  }
  return root;
}

function subjectFilters(model: RegistryModel): Record<string, string> {
  const prefixes = new Set<string>();
  // Every proper prefix of whole tokens: each subject up to one of its dots.
  for (const { subject } of model.majors) {
    for (let dot = subject.indexOf("."); dot >= 0; dot = subject.indexOf(".", dot + 1)) prefixes.add(subject.slice(0, dot));
  }
  return Object.fromEntries([...prefixes].sort().map((p) => [p, `${p}.>`]));
}

function readonlyType(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `readonly [${value.map(readonlyType).join(", ")}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `readonly ${JSON.stringify(k)}: ${readonlyType(v)}`)
    .join("; ")} }`;
}

/** The range jetschema itself depends on (load/shipped-dependencies.ts). */
function rangeOf(shipped: ShippedDependencies, pkg: string): string {
  const range = shipped[pkg];
  if (range === undefined) throw new Error(`jetschema's package.json does not depend on ${pkg}`);
  return range;
}
