/**
 * The data of one event page (templates/docs/event.md.hbs): every value is Markdown, already
 * escaped, so the template only places it. Majors are listed latest first.
 */
import type { ConsumerSpec } from "@jetschema/runtime";
import type { SchemaSet } from "../../validators/schema-set.js";
import type { EventModel, MajorModel, RegistryModel } from "../../model/registry-model.js";
import { eventPage, INDEX_PAGE, linkPath, slug } from "./anchors.js";
import type { DefinitionIndex } from "./definitions.js";
import { majorExamples } from "./examples.js";
import { fieldCells, flattenSchema, type FieldCells } from "./field-table.js";
import { consumerRows, deadLetterSubject, type ConsumerRow } from "./infrastructure.js";
import { cell, code, fence, linkMd, literal, prose, proseBlock } from "../print/markdown-escape.js";
import type { TypeContext } from "./schema-text.js";
import { printJson } from "../print/ts-layout.js";
import { usageData, type UsageData } from "./usage.js";
import { versionChanges } from "./version-changes.js";
import { olderMinorPayloads, unreadVersionsText } from "../minor-types.js";

export interface DocsContext {
  model: RegistryModel;
  schemas: SchemaSet;
  defs: DefinitionIndex;
  /** Anchors of README.md sections other pages link to. */
  indexAnchors: { streams: string; consumers: string; services: string };
  receiving: (stream: string | undefined, subject: string) => ConsumerSpec[];
}

export interface PayloadData {
  hasFields: boolean;
  fields: FieldCells[];
  /** For a payload that is not an object: its type, constraints and description. */
  value: FieldCells;
  openNote: string;
  hasPii: boolean;
  /** How to read `a[]`, `a[0]` and `m.*` in paths, when the table uses them. */
  pathLegend: string | null;
}

function pathLegend(paths: string[]): string | null {
  const parts: string[] = [];
  if (paths.some((p) => p.includes("[]"))) parts.push("`a[]` means any item of the array `a`");
  if (paths.some((p) => /\[\d+\]/.test(p))) parts.push("`a[0]` the item at index 0");
  if (paths.some((p) => p === "*" || p.includes(".*"))) parts.push("`m.*` the value under any key of the object `m`");
  if (parts.length === 0) return null;
  const first = parts[0]!.includes("means") ? parts : [parts[0]!.replace(/^(`[^`]+`) /, "$1 means "), ...parts.slice(1)];
  return `In field paths, ${first.join("; ")}.`;
}

export function payloadData(schema: unknown, ctx: TypeContext): PayloadData {
  const flat = flattenSchema(schema, ctx);
  const fields = flat.rows.map(fieldCells);
  return {
    hasFields: flat.isObject,
    fields,
    value: fieldCells(flat.root),
    openNote: !flat.isObject
      ? ""
      : flat.open
        ? "Fields not listed are accepted too (the schema is open), but producers should send only these."
        : "No other fields are accepted.",
    hasPii: flat.rows.some((r) => r.pii) || flat.root.pii,
    pathLegend: pathLegend(flat.rows.map((r) => r.path)),
  };
}

/**
 * For a major whose latest minor does not accept every older minor's data (emit/minor-types.ts):
 * the versions it does not, and each older minor's payload type, which a handler gets instead.
 */
function unreadMinors(model: RegistryModel, m: MajorModel): { unreadVersions?: string; olderMinorTypes?: string } {
  const older = olderMinorPayloads(model, m);
  if (older.length === 0) return {};
  return {
    unreadVersions: unreadVersionsText(model, m),
    olderMinorTypes: older.map((t) => `${code(t.typeName)} for ${t.version.version}`).join(", "),
  };
}

const compatibility = (breaks: string[]) => (breaks.length === 0 ? "compatible" : `breaking: ${breaks.join(", ")}`);

export function eventPageData(event: EventModel, c: DocsContext) {
  const { model } = c;
  const page = eventPage(event.name);
  const toIndex = (anchor?: string) => linkPath(page, INDEX_PAGE, anchor);
  const tctx = c.defs.typeContext(page);
  const majors = [...event.majors].reverse();
  const latest = majors[0]!;
  const leadDescription = latest.description;
  const allDeprecated = majors.every((m) => m.deprecated);
  const versionHeading = (m: MajorModel) => `Version ${m.major}`;

  const summary = majors.map((m) => ({
    major: linkMd(`v${m.major}`, `#${slug(versionHeading(m))}`),
    subject: cell(code(m.subject)),
    latest: m.latest.version,
    stream: m.stream ? cell(linkMd(code(m.stream), toIndex(c.indexAnchors.streams))) : "—",
    typeName: code(m.typeName),
    helper: code(m.helperName),
    delivery: m.delivery,
    status: m.deprecated ? "**deprecated**" : m === latest ? "current" : "supported",
  }));

  const sections = majors.map((m) => {
    const examples = majorExamples(m, c.schemas).map((ex, i) => {
      const json = printJson(ex.value);
      return {
        label: `Example ${i + 1}`,
        validAgainst: ex.validAgainst.join(", "),
        block: fence(json, "json"),
      };
    });
    return {
      heading: versionHeading(m),
      major: m.major,
      payloadHeading: `Payload (v${m.major})`,
      examplesHeading: `Examples (v${m.major})`,
      deprecated: m.deprecated,
      description: m.description && m.description !== leadDescription ? proseBlock(m.description) : null,
      subject: code(m.subject),
      typeName: code(m.typeName),
      version: m.latest.version,
      singleVersion: m.versions.length === 1,
      earlierVersions: m.versions.slice(0, -1).map((v) => v.version).join(", "),
      ...unreadMinors(model, m),
      payload: payloadData(m.latest.schema, tctx),
      examples,
      hasExamples: examples.length > 0,
    };
  });

  const fields = model.envelope.fields;
  const roleOf = new Map<string, string>(Object.entries(fields).map(([role, prop]) => [prop as string, role]));
  const versionsShown = event.majors.flatMap((m) => m.versions.map((v) => code(v.version))).join(", ");
  const typesShown = [...new Set(event.majors.map((m) => m.type))].map((t) => code(t)).join(" or ");
  const setBy = (prop: string, constValue: unknown): string => {
    if (constValue !== undefined) return `runtime: always ${code(JSON.stringify(constValue))}`;
    switch (roleOf.get(prop)) {
      case "id":
        return "runtime: a new unique id, also sent as the `Nats-Msg-Id` header";
      case "type":
        return `runtime: ${typesShown}`;
      case "version":
        return `runtime: the payload's version (${versionsShown})`;
      case "time":
        return "runtime: the time of publishing";
      case "source":
        return "runtime: the `source` option of `createEvents`";
      case "data":
        return "you: the payload (above)";
      case "correlation":
      case "causation":
        return "you: publish options";
      default:
        return "you: the context argument";
    }
  };
  const envFlat = flattenSchema(model.envelope.schema, tctx);
  const envelope = envFlat.rows
    .filter((r) => r.depth === 1)
    .map((r) => {
      const cells = fieldCells(r);
      const ctxField = model.envelope.context.find((f) => f.name === r.path);
      return { ...cells, setBy: cell(setBy(r.path, ctxField?.const)) };
    });

  type HistoryRow = { version: string; change: string; compatibility: string };
  const groups: HistoryRow[][] = [];
  for (const m of event.majors) {
    m.versions.forEach((v, i) => {
      const rows: HistoryRow[] = [];
      groups.push(rows);
      const add = (change: string, compat: string) => rows.push({ version: v.version, change, compatibility: compat });
      const prev = i > 0 ? m.versions[i - 1] : event.majors.find((x) => x.major === m.major - 1)?.latest;
      if (!prev) {
        add("First version.", "—");
        return;
      }
      if (i === 0) add(cell(`New major version on subject ${code(m.subject)}. Changes from ${prev.version}:`), "—");
      const findings = versionChanges(model, prev, v);
      if (findings.length === 0) add("No change to what the schema accepts.", "compatible");
      for (const f of findings) add(cell(prose(f.message)), compatibility(f.breaks));
    });
  }
  const history = groups.reverse().flat();

  const consumersSeen = new Map<string, ConsumerSpec>();
  const routes = majors.map((m) => {
    const receivers = c.receiving(m.stream, m.subject);
    for (const r of receivers) consumersSeen.set(r.name, r);
    return {
      major: `v${m.major}`,
      subject: cell(code(m.subject)),
      stream: m.stream ? cell(linkMd(code(m.stream), toIndex(c.indexAnchors.streams))) : "none (not stored)",
      consumers: receivers.length ? cell(receivers.map((r) => linkMd(code(r.name), toIndex(c.indexAnchors.consumers))).join(", ")) : "—",
      delivery: m.delivery === "at-most-once" ? "at-most-once (core NATS, no ack)" : "at-least-once (JetStream, acked)",
    };
  });
  const receivingConsumers: ConsumerRow[] = consumerRows(model, [...consumersSeen.values()]);
  const hasDeadLetters = [...consumersSeen.values()].some((r) => deadLetterSubject(model, r) !== undefined);

  const usageConsumers = c.receiving(latest.stream, latest.subject);
  const handled = usageConsumers[0] ? majors.filter((m) => m.type === latest.type && c.receiving(m.stream, m.subject).some((r) => r.name === usageConsumers[0]!.name)) : [latest];
  const usage: UsageData = usageData(model, latest, handled, event.producers, usageConsumers);
  const otherMajors = majors.slice(1).map((m) => `${code(m.helperName)} publishes v${m.major}`);

  const services = (names: string[]) => (names.length ? names.map((n) => linkMd(code(n), toIndex(c.indexAnchors.services))).join(", ") : "none declared");

  return {
    title: literal(pageTitle(event, latest)),
    name: code(event.name),
    indexLink: toIndex(),
    deprecated: allDeprecated,
    deprecatedMajors: majors.filter((m) => m.deprecated).map((m) => `v${m.major}`).join(", "),
    someDeprecated: !allDeprecated && majors.some((m) => m.deprecated),
    description: proseBlock(leadDescription) || "_No description in the schema._",
    latestVersion: latest.latest.version,
    summary,
    producers: services(event.producers),
    consumers: services(event.consumers),
    sections,
    envelope,
    envelopeFile: code(model.envelope.file),
    contentModes: contentModesText(model),
    history,
    routes,
    receivingConsumers,
    hasReceivingConsumers: receivingConsumers.length > 0,
    hasDeadLetters,
    dlqStream: model.dlq ? code(model.dlq.stream) : null,
    usage,
    otherMajors: otherMajors.length ? otherMajors.join("; ") : null,
  };
}

/** The latest major's title without a "(v2)"-style suffix naming that major, else the event name. */
function pageTitle(event: EventModel, latest: MajorModel): string {
  if (!latest.title) return event.name;
  const stripped = latest.title.replace(new RegExp(`\\s*(\\(v${latest.major}\\)|v${latest.major})$`, "i"), "").trim();
  return stripped || latest.title;
}

export type EventPageData = ReturnType<typeof eventPageData>;

/** For a CloudEvents envelope: how it travels in each content mode, and which one publishers use. */
function contentModesText(model: RegistryModel): string | null {
  const ce = model.envelope.cloudEvents;
  if (!ce) return null;
  const other = ce.mode === "binary" ? "structured" : "binary";
  return (
    `It is a CloudEvents 1.0 envelope, published in **${ce.mode}** content mode unless a client is created with \`contentMode: "${other}"\`. ` +
    "Structured: the whole envelope is the JSON body (`Content-Type: application/cloudevents+json`). " +
    "Binary: the body is `data` alone and every other field is a `ce-<field>` header. Consumers read both."
  );
}
