/**
 * The data of an event page's usage snippet: publishing the latest major with its typed helper
 * and handling it in a consumer. `createEvents`, `publish` and `consume` are whole statements laid
 * out as prettier prints them (ts-layout.ts), since the catalog is not run through prettier; the
 * other values are TypeScript source pieces (string literals JSON-encoded) for templates that
 * place them themselves. `fence` is a code fence no value can close.
 */
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import type { ConsumerSpec } from "@jetschema/runtime";
import { isSchema } from "./schema-text.js";
import { minorTypes } from "../minor-types.js";
import {
  asyncArrow,
  awaitExpr,
  call,
  computedMemberExpr,
  constStatement,
  expressionStatement,
  identifier,
  jsonExpr,
  memberExpr,
  methodCall,
  objectExpr,
  printTs,
  stringExpr,
  type Expr,
} from "../print/ts-layout.js";

export interface UsageData {
  fence: string;
  packageName: string;
  source: string;
  helperName: string;
  typeName: string;
  /** The payload argument: the first example of the latest version, else a skeleton. */
  payload: string;
  /** The context argument, or null when no context field is required. */
  context: string | null;
  /** The optional context fields, for a comment; null when there are none. */
  optionalContext: string | null;
  consumer: string;
  /** The handler's key: the envelope's type. */
  handlerKey: string;
  /** The envelope types the handler receives (every handled major). */
  handledTypes: string;
  /** An expression reading one payload field of the handled event. */
  field: string;
  /** `const events = createEvents(nc, { source });`, as prettier prints it. */
  createEvents: string;
  /** `const ack = await events.<helper>(payload, context);`, as prettier prints it. */
  publish: string;
  /** `const running = await events.consume(consumer, { <type>: async (e) => {...} });`, as prettier prints it. */
  consume: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `major` is the one published; `handled` are the majors the consumer receives: its handler,
 * keyed by the envelope's type, gets every one of them.
 */
export function usageData(model: RegistryModel, major: MajorModel, handled: MajorModel[], producers: string[], consumers: ConsumerSpec[]): UsageData {
  const schema = major.latest.schema;
  const examples = Array.isArray(major.latest.doc.head.examples) ? major.latest.doc.head.examples : [];
  const payloadValue = examples.length > 0 ? examples[0] : skeleton(schema);
  const payload = JSON.stringify(payloadValue, null, 2) ?? "{}";
  const ctx = model.envelope.context.filter((c) => c.const === undefined);
  const envProps = (model.envelope.schema.properties ?? {}) as Record<string, unknown>;
  const required = ctx.filter((c) => c.required);
  const context = required.length
    ? `{ ${required.map((c) => `${prop(c.name)}: ${JSON.stringify(sampleValue(envProps[c.name]))}`).join(", ")} }`
    : null;
  const optional = ctx.filter((c) => !c.required).map((c) => prop(c.name));
  // A field every handled major has, so reading it type-checks on the union of their events: in
  // every minor of a major whose handler gets a type per minor (emit/minor-types.ts).
  const majors = handled.length ? handled : [major];
  const readAs = majors.flatMap((m) => (minorTypes(model, m).length > 0 ? m.versions : [m.latest]).map((v) => v.schema));
  const requiredOf = (s: Record<string, unknown>) => (Array.isArray(s.required) ? (s.required as string[]) : []);
  const propsOf = (s: Record<string, unknown>) => (isSchema(s.properties) ? Object.keys(s.properties) : []);
  const common = requiredOf(major.latest.schema).filter((p) => readAs.every((s) => requiredOf(s).includes(p) && propsOf(s).includes(p)));
  const fieldName = common[0];
  const field = fieldName === undefined ? "e.data" : IDENT.test(fieldName) ? `e.data.${fieldName}` : `e.data[${JSON.stringify(fieldName)}]`;
  const source = producers[0] ?? "my-service";
  const consumer = consumers[0]?.name ?? "my-consumer";
  const handledTypes = majors.map((m) => m.eventTypeName).join(" | ");

  const statements = snippetStatements({
    source,
    helperName: major.helperName,
    payload: payloadValue,
    context: required.length ? required.map((c) => [c.name, sampleValue(envProps[c.name])]) : undefined,
    consumer,
    handlerKey: major.type,
    handledTypes,
    field: fieldName,
  });

  const values = [payload, context ?? "", ...optional, source, consumer, ...Object.values(statements)];
  const longest = Math.max(0, ...values.flatMap((v) => (v.match(/`+/g) ?? []).map((r) => r.length)));
  return {
    ...statements,
    fence: "`".repeat(Math.max(3, longest + 1)),
    packageName: JSON.stringify(model.config.package.name),
    source: JSON.stringify(source),
    helperName: major.helperName,
    typeName: major.typeName,
    payload,
    context,
    optionalContext: optional.length ? `{ ${optional.join(", ")} }` : null,
    consumer: JSON.stringify(consumer),
    handlerKey: JSON.stringify(major.type),
    handledTypes,
    field,
  };
}

export interface SnippetInput {
  source: string;
  helperName: string;
  payload: unknown;
  /** The required context fields and their sample values, or undefined when there are none. */
  context: Array<[string, unknown]> | undefined;
  consumer: string;
  handlerKey: string;
  handledTypes: string;
  /** The payload field the handler reads, or undefined for the whole payload. */
  field: string | undefined;
}

/**
 * The snippet's three statements as prettier lays out the source the template used to hold:
 * `createEvents(nc, { source: "..." })`, the publish call with the payload written as
 * `JSON.stringify(payload, null, 2)` and the context on one line, and the consumer.
 */
export function snippetStatements(input: SnippetInput): { createEvents: string; publish: string; consume: string } {
  const e = identifier("e");
  const data = (inChain: boolean) => memberExpr(e, "data", inChain);
  const field: Expr = input.field === undefined ? data(false) : IDENT.test(input.field) ? memberExpr(data(true), input.field, false) : computedMemberExpr(data(true), input.field);
  const handler = asyncArrow("e", [`// e is a ${input.handledTypes}`, expressionStatement(methodCall("console", "log", [field]))]);
  const context = input.context ? [objectExpr(input.context.map(([k, v]) => [k, jsonExpr(v, false)]), false)] : [];
  return {
    createEvents: printTs(constStatement("events", call("createEvents", [identifier("nc"), objectExpr([["source", stringExpr(input.source)]], false)]))),
    publish: printTs(constStatement("ack", awaitExpr(methodCall("events", input.helperName, [jsonExpr(input.payload, true), ...context])))),
    consume: printTs(constStatement("running", awaitExpr(methodCall("events", "consume", [stringExpr(input.consumer), objectExpr([[input.handlerKey, handler]], true)])))),
  };
}

function prop(name: string): string {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

function sampleValue(schema: unknown): unknown {
  if (!isSchema(schema)) return "...";
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "...";
  }
}

function skeleton(schema: Record<string, unknown>): unknown {
  if (!isSchema(schema.properties)) return {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(required.filter((k) => k in (schema.properties as object)).map((k) => [k, sampleValue((schema.properties as Record<string, unknown>)[k])]));
}
