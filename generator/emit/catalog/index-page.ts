/**
 * The data of the catalog's README.md (templates/docs/README.md.hbs): the index of events by
 * domain/entity, the subject tree, streams, consumers, dead letters, services with their event
 * flow, and the shared definitions. Every value is escaped Markdown.
 *
 * The page is made from its facts (indexFacts) alone, plain data a fraction of the page's size:
 * what it shows of each event, registry.json's parts it reads, the shared definitions. A cache
 * keys the page by them (emit-catalog.ts), so a run whose facts are those of a page it has, an
 * edit of one event's properties, gets the page's headings (indexPage's anchors) without making
 * its rows, subject tree and flow diagrams.
 */
import type { ConsumerSpec, DlqSpec, StreamSpec } from "@jetschema/runtime";
import type { RegistryModel } from "../../model/registry-model.js";
import { eventPage, INDEX_PAGE, linkPath, Slugger } from "./anchors.js";
import type { DefinitionIndex } from "./definitions.js";
import { consumerRows, deadLetterSubject, streamRows, type Infrastructure } from "./infrastructure.js";
import { cell, code, fence, firstSentence, link, linkMd, literal, prose } from "../print/markdown-escape.js";
import { diagram, flowDiagrams, flowParts, type FlowDiagram, type FlowEvent, type FlowLimits } from "./mermaid.js";
import { subjectTree, type TreeLeaf } from "./subject-tree.js";
import type { KeptByInputs } from "../../base/kept-by-inputs.js";
import { appendTo } from "../../base/map-lists.js";
import { thousands } from "../print/thousands.js";

/** The fixed section headings of README.md, in the order the template renders them. */
export const INDEX_HEADINGS = {
  events: "Events",
  subjects: "Subject hierarchy",
  streams: "Streams",
  consumers: "Consumers",
  deadLetters: "Dead letters",
  services: "Services",
  flow: "Event flow",
  definitions: "Shared definitions",
} as const;

/** What README.md shows of one event: all indexPageData reads of it. */
export interface EventFacts {
  name: string;
  /** Its domain/entity heading (groupKey). */
  group: string;
  producers: string[];
  consumers: string[];
  /** In the model's order, the lowest major first. */
  majors: MajorFacts[];
}

export interface MajorFacts {
  major: number;
  subject: string;
  stream: string | undefined;
  deprecated: boolean;
  /** The major's title (the subject tree's comment). */
  title: string | undefined;
  /** Its latest version. */
  version: string;
  /** Its description, else its title (the row's summary, from the last major). */
  summary: string | undefined;
  versions: number;
}

/** Everything README.md is made from, as plain data (the template's text aside). */
export interface IndexFacts extends Infrastructure {
  config: { namespace: string; description: string | undefined; packageName: string; compatibility: string };
  envelopeFile: string;
  /** registry.json's services, in its order, with their descriptions. */
  services: Array<[string, string | undefined]>;
  streams: StreamSpec[];
  consumers: ConsumerSpec[];
  dlq?: DlqSpec;
  events: EventFacts[];
  definitions: Array<{ name: string; file: string; page: string; anchor: string; title: string | undefined; description: string | undefined; usedByEvents: number }>;
}

export function groupKey(event: { segments: string[] }): string {
  return event.segments.length > 1 ? event.segments.slice(0, -1).join(".") : event.segments[0]!;
}

export function indexFacts(model: RegistryModel, defs: DefinitionIndex): IndexFacts {
  const { config } = model;
  return {
    config: { namespace: config.namespace, description: config.description, packageName: config.package.name, compatibility: config.compatibility },
    envelopeFile: model.envelope.file,
    services: Object.keys(config.services).map((name) => [name, config.services[name]?.description]),
    streams: model.streams,
    consumers: model.consumers,
    ...(model.dlq ? { dlq: model.dlq } : {}),
    events: model.events.map((e) => ({
      name: e.name,
      group: groupKey(e),
      producers: e.producers,
      consumers: e.consumers,
      majors: e.majors.map((m) => ({
        major: m.major,
        subject: m.subject,
        stream: m.stream,
        deprecated: m.deprecated,
        title: m.title,
        version: m.latest.version,
        summary: m.description ?? m.title,
        versions: m.versions.length,
      })),
    })),
    definitions: defs.files.flatMap((f) =>
      f.definitions.map((d) => ({ name: d.name, file: d.file, page: d.page, anchor: d.anchor, title: d.title, description: d.description, usedByEvents: d.usedByEvents.size })),
    ),
  };
}

export type IndexAnchors = Record<keyof typeof INDEX_HEADINGS, string> & { groups: string[]; flows: string[] };

export interface IndexLayout {
  title: string;
  groups: Array<{ key: string; events: EventFacts[] }>;
  anchors: IndexAnchors;
}

/** The README's headings and their anchors, computed in template order (GitHub numbers repeats). */
export function indexLayout(facts: IndexFacts, flowTitles: string[], hasDefinitions: boolean): IndexLayout {
  const title = `${facts.config.namespace} event catalog`;
  const groupsMap = new Map<string, EventFacts[]>();
  for (const e of facts.events) appendTo(groupsMap, e.group, e);
  const groups = [...groupsMap].sort(([a], [b]) => a.localeCompare(b)).map(([key, events]) => ({ key, events }));
  const s = new Slugger();
  s.slug(title);
  const events = s.slug(INDEX_HEADINGS.events);
  const groupAnchors = groups.map((g) => s.slug(g.key));
  const subjects = s.slug(INDEX_HEADINGS.subjects);
  const streams = s.slug(INDEX_HEADINGS.streams);
  const consumers = s.slug(INDEX_HEADINGS.consumers);
  const deadLetters = facts.dlq ? s.slug(INDEX_HEADINGS.deadLetters) : "";
  const services = s.slug(INDEX_HEADINGS.services);
  const flow = s.slug(INDEX_HEADINGS.flow);
  const flows = flowTitles.map((t) => s.slug(t));
  const definitions = hasDefinitions ? s.slug(INDEX_HEADINGS.definitions) : "";
  return { title, groups, anchors: { events, subjects, streams, consumers, deadLetters, services, flow, definitions, groups: groupAnchors, flows } };
}

/** README.md's anchors (the other pages link to them), and its data, made when asked. */
export interface IndexPage {
  anchors: IndexAnchors;
  data(): IndexPageData;
}

/**
 * README.md from its facts alone. `kept`: the subject tree, the flow diagrams and each event's row
 * as a long-lived process last made them, by what each is made from; a row by `rowInputs` (the
 * event's inputs, model/event-inputs.ts, which its facts are made from).
 */
export function indexPage(facts: IndexFacts, limits?: FlowLimits, kept?: KeptByInputs, rowInputs?: (event: EventFacts) => string): IndexPage {
  const flowEvents: FlowEvent[] = facts.events.map((e) => ({ name: e.name, producers: e.producers, consumers: e.consumers, deprecated: e.majors.every((m) => m.deprecated) }));
  const drawFlows = () => flowDiagrams(flowEvents, limits);
  // The diagrams' titles are headings: drawn at once when a long-lived process keeps them, else only their parts made until the data is asked for.
  const flows = kept ? kept.onceValueOf("catalog flow diagrams", [flowEvents, limits ?? null], drawFlows) : flowParts(flowEvents, limits);
  const flowTitles = flows.filter((f) => f.title !== undefined).map((f) => f.title!);
  const layout = indexLayout(facts, flowTitles, facts.definitions.length > 0);
  const drawn = () => flows.map((f) => ("source" in f ? f : diagram(f.events, f.title)));
  return { anchors: layout.anchors, data: () => indexPageData(facts, layout, drawn(), kept, rowInputs) };
}

function indexPageData(facts: IndexFacts, layout: IndexLayout, flows: FlowDiagram[], kept: KeptByInputs | undefined, rowInputs: ((event: EventFacts) => string) | undefined) {
  const page = INDEX_PAGE;
  const toEvent = (name: string) => link(name, linkPath(page, eventPage(name)));
  const definitions = facts.definitions;
  const a = layout.anchors;

  // A row reads its event's facts (made from its inputs: rowInputs) and the streams' anchor.
  const row = (e: EventFacts) => {
    const majors = [...e.majors].reverse();
    const allDeprecated = majors.every((m) => m.deprecated);
    const latest = majors[0]!;
    const streams = [...new Set(majors.map((m) => m.stream).filter((x): x is string => !!x))];
    return {
      event: cell(`${toEvent(e.name)}${allDeprecated ? " **(deprecated)**" : ""}`),
      subjects: cell(majors.map((m) => `${code(m.subject)}${m.deprecated && !allDeprecated ? " (deprecated)" : ""}`).join("<br>")),
      versions: majors.map((m) => m.version).join("<br>"),
      streams: streams.length ? cell(streams.map((st) => linkMd(code(st), `#${a.streams}`)).join(", ")) : "—",
      producers: cell(e.producers.map((p) => code(p)).join(", ")) || "—",
      consumers: cell(e.consumers.map((p) => code(p)).join(", ")) || "—",
      summary: cell(prose(firstSentence(latest.summary))),
    };
  };
  const groups = layout.groups.map((g, gi) => ({
    heading: literal(g.key),
    anchor: a.groups[gi]!,
    count: g.events.length,
    rows: g.events.map((e) => (kept && rowInputs ? kept.valueOf("catalog index row", [rowInputs(e), a.streams], () => row(e)) : row(e))),
  }));

  // The subject tree: every event subject and dead-letter subject; a level held by one stream says so.
  const streamOf = new Map<string, string>();
  const leaves: TreeLeaf[] = [];
  for (const e of facts.events) {
    for (const m of e.majors) {
      leaves.push({ subject: m.subject, comment: `${m.title ?? e.name}${m.title ? "" : ` v${m.major}`}${m.deprecated ? " (deprecated)" : ""}` });
      if (m.stream) streamOf.set(m.subject, m.stream);
    }
  }
  for (const c of facts.consumers) {
    const dl = deadLetterSubject(facts, c);
    if (dl && !streamOf.has(dl)) {
      leaves.push({ subject: dl, comment: `dead letters of ${c.name}` });
      streamOf.set(dl, facts.dlq!.stream);
    }
  }
  const drawTree = () =>
    subjectTree(leaves, {
      groupComment: (_filter, subjects) => {
        const held = new Set(subjects.map((x) => streamOf.get(x)));
        return held.size === 1 && !held.has(undefined) ? `stream ${[...held][0]}` : undefined;
      },
    });
  const tree = kept ? kept.onceValueOf("catalog subject tree", [leaves, [...streamOf]], drawTree) : drawTree();

  const serviceDescriptions = new Map(facts.services);
  const serviceNames = [...new Set([...facts.services.map(([name]) => name), ...facts.events.flatMap((e) => [...e.producers, ...e.consumers])])].sort();
  const publishes = new Map<string, string[]>();
  const consumes = new Map<string, string[]>();
  for (const e of facts.events) {
    for (const p of e.producers) appendTo(publishes, p, e.name);
    for (const p of e.consumers) appendTo(consumes, p, e.name);
  }
  // A service that covers every event of a group is shown with the group, not event by event.
  const groupSize = new Map(layout.groups.map((g, i) => [g.key, { size: g.events.length, anchor: a.groups[i]! }]));
  const groupByName = new Map(facts.events.map((e) => [e.name, e.group]));
  const eventList = (names: string[]): string => {
    if (names.length === 0) return "—";
    const byGroup = new Map<string, string[]>();
    for (const n of names) appendTo(byGroup, groupByName.get(n)!, n);
    const parts: string[] = [];
    for (const [key, list] of byGroup) {
      const group = groupSize.get(key)!;
      if (list.length > 1 && list.length === group.size) parts.push(`all ${link(key, `#${group.anchor}`)} events (${list.length})`);
      else parts.push(...list.map(toEvent));
    }
    return cell(parts.join(", "));
  };
  const services = serviceNames.map((name) => ({
    name: cell(code(name)),
    publishes: eventList(publishes.get(name) ?? []),
    consumes: eventList(consumes.get(name) ?? []),
    description: cell(prose(serviceDescriptions.get(name))),
  }));

  const majors = facts.events.flatMap((e) => e.majors);
  const majorsCount = majors.length;
  const versionsCount = majors.reduce((n, m) => n + m.versions, 0);
  const deprecatedCount = facts.events.filter((e) => e.majors.every((m) => m.deprecated)).length;
  const plural = (n: number, word: string, many = `${word}s`) => `${thousands(n)} ${n === 1 ? word : many}`;
  const counts = [
    plural(facts.events.length, "event"),
    ...(majorsCount !== facts.events.length ? [plural(majorsCount, "major version")] : []),
    plural(versionsCount, "schema version"),
    ...(deprecatedCount ? [plural(deprecatedCount, "deprecated event")] : []),
    plural(facts.streams.length, "stream"),
    plural(facts.consumers.length, "consumer"),
    plural(serviceNames.length, "service"),
    ...(definitions.length ? [plural(definitions.length, "shared definition")] : []),
  ].join(" · ");

  return {
    title: literal(layout.title),
    description: facts.config.description ? prose(facts.config.description) : null,
    packageName: code(facts.config.packageName),
    compatibility: code(facts.config.compatibility),
    envelopeFile: code(facts.envelopeFile),
    counts,
    anchors: a,
    hasDeadLetters: !!facts.dlq,
    hasDefinitions: definitions.length > 0,
    groups,
    tree: fence(tree, "text"),
    streams: streamRows(facts),
    consumers: consumerRows(facts),
    dlq: facts.dlq ? { stream: code(facts.dlq.stream), subject: code(facts.dlq.subject ?? "{namespace}.dlq.{consumer}") } : null,
    services,
    hasServiceDescriptions: services.some((s) => s.description !== ""),
    singleFlow: flows.length === 1 && flows[0]!.title === undefined,
    flows: flows.map((f, i) => ({
      title: f.title !== undefined ? literal(f.title) : null,
      anchor: f.title !== undefined ? (a.flows[i] ?? "") : "",
      block: fence(f.source, "mermaid"),
    })),
    definitions: definitions.map((d) => ({
      name: cell(link(d.name, linkPath(page, d.page, d.anchor))),
      file: cell(code(d.file)),
      summary: cell(prose(firstSentence(d.description ?? d.title))),
      usedBy: d.usedByEvents ? plural(d.usedByEvents, "event") : "—",
    })),
  };
}

export type IndexPageData = ReturnType<typeof indexPageData>;
