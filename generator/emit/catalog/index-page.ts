/**
 * The data of the catalog's README.md (templates/docs/README.md.hbs): the index of events by
 * domain/entity, the subject tree, streams, consumers, dead letters, services with their event
 * flow, and the shared definitions. Every value is escaped Markdown.
 */
import type { EventModel, RegistryModel } from "../../model/registry-model.js";
import { eventPage, INDEX_PAGE, linkPath, Slugger } from "./anchors.js";
import type { DefinitionIndex } from "./definitions.js";
import { consumerRows, deadLetterSubject, streamRows } from "./infrastructure.js";
import { cell, code, fence, firstSentence, link, linkMd, literal, prose } from "../print/markdown-escape.js";
import { flowDiagrams, type FlowLimits } from "./mermaid.js";
import { subjectTree, type TreeLeaf } from "./subject-tree.js";
import type { KeptByInputs } from "../../base/kept-by-inputs.js";
import { eventInputs } from "../../model/event-inputs.js";

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

export interface IndexLayout {
  title: string;
  groups: Array<{ key: string; events: EventModel[] }>;
  anchors: Record<keyof typeof INDEX_HEADINGS, string> & { groups: string[]; flows: string[] };
}

export function groupKey(event: EventModel): string {
  return event.segments.length > 1 ? event.segments.slice(0, -1).join(".") : event.segments[0]!;
}

/** The README's headings and their anchors, computed in template order (GitHub numbers repeats). */
export function indexLayout(model: RegistryModel, flowTitles: string[], hasDefinitions: boolean): IndexLayout {
  const title = `${model.config.namespace} event catalog`;
  const groupsMap = new Map<string, EventModel[]>();
  for (const e of model.events) {
    const key = groupKey(e);
    const list = groupsMap.get(key) ?? [];
    list.push(e);
    groupsMap.set(key, list);
  }
  const groups = [...groupsMap].sort(([a], [b]) => a.localeCompare(b)).map(([key, events]) => ({ key, events }));
  const s = new Slugger();
  s.slug(title);
  const events = s.slug(INDEX_HEADINGS.events);
  const groupAnchors = groups.map((g) => s.slug(g.key));
  const subjects = s.slug(INDEX_HEADINGS.subjects);
  const streams = s.slug(INDEX_HEADINGS.streams);
  const consumers = s.slug(INDEX_HEADINGS.consumers);
  const deadLetters = model.dlq ? s.slug(INDEX_HEADINGS.deadLetters) : "";
  const services = s.slug(INDEX_HEADINGS.services);
  const flow = s.slug(INDEX_HEADINGS.flow);
  const flows = flowTitles.map((t) => s.slug(t));
  const definitions = hasDefinitions ? s.slug(INDEX_HEADINGS.definitions) : "";
  return { title, groups, anchors: { events, subjects, streams, consumers, deadLetters, services, flow, definitions, groups: groupAnchors, flows } };
}

/** `kept`: the subject tree, the flow diagrams and each event's row as a long-lived process last made them, by what each is made from. */
export function indexPageData(model: RegistryModel, defs: DefinitionIndex, limits?: FlowLimits, kept?: KeptByInputs) {
  const page = INDEX_PAGE;
  const toEvent = (name: string) => link(name, linkPath(page, eventPage(name)));
  const flowEvents = model.events.map((e) => ({ name: e.name, producers: e.producers, consumers: e.consumers, deprecated: e.majors.every((m) => m.deprecated) }));
  const drawFlows = () => flowDiagrams(flowEvents, limits);
  const flows = kept ? kept.onceValueOf("catalog flow diagrams", [flowEvents, limits ?? null], drawFlows) : drawFlows();
  const flowTitles = flows.filter((f) => f.title !== undefined).map((f) => f.title!);
  const definitions = defs.files.flatMap((f) => f.definitions);
  const layout = indexLayout(model, flowTitles, definitions.length > 0);
  const a = layout.anchors;

  // A row reads its event's files, registry.json and every event's names (all in its inputs) and the streams' anchor.
  const row = (e: EventModel) => {
    const majors = [...e.majors].reverse();
    const allDeprecated = majors.every((m) => m.deprecated);
    const latest = majors[0]!;
    const streams = [...new Set(majors.map((m) => m.stream).filter((x): x is string => !!x))];
    return {
      event: cell(`${toEvent(e.name)}${allDeprecated ? " **(deprecated)**" : ""}`),
      subjects: cell(majors.map((m) => `${code(m.subject)}${m.deprecated && !allDeprecated ? " (deprecated)" : ""}`).join("<br>")),
      versions: majors.map((m) => m.latest.version).join("<br>"),
      streams: streams.length ? cell(streams.map((st) => linkMd(code(st), `#${a.streams}`)).join(", ")) : "—",
      producers: cell(e.producers.map((p) => code(p)).join(", ")) || "—",
      consumers: cell(e.consumers.map((p) => code(p)).join(", ")) || "—",
      summary: cell(prose(firstSentence(latest.description ?? latest.title))),
    };
  };
  const groups = layout.groups.map((g, gi) => ({
    heading: literal(g.key),
    anchor: a.groups[gi]!,
    count: g.events.length,
    rows: g.events.map((e) => (kept ? kept.valueOf("catalog index row", [eventInputs(model)(e), a.streams], () => row(e)) : row(e))),
  }));

  // The subject tree: every event subject and dead-letter subject; a level held by one stream says so.
  const streamOf = new Map<string, string>();
  const leaves: TreeLeaf[] = [];
  for (const m of model.majors) {
    leaves.push({ subject: m.subject, comment: `${m.title ?? m.event}${m.title ? "" : ` v${m.major}`}${m.deprecated ? " (deprecated)" : ""}` });
    if (m.stream) streamOf.set(m.subject, m.stream);
  }
  for (const c of model.consumers) {
    const dl = deadLetterSubject(model, c);
    if (dl && !streamOf.has(dl)) {
      leaves.push({ subject: dl, comment: `dead letters of ${c.name}` });
      streamOf.set(dl, model.dlq!.stream);
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

  const serviceNames = [...new Set([...Object.keys(model.config.services), ...model.events.flatMap((e) => [...e.producers, ...e.consumers])])].sort();
  const publishes = new Map<string, string[]>();
  const consumes = new Map<string, string[]>();
  const append = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key) ?? [];
    list.push(value);
    map.set(key, list);
  };
  for (const e of model.events) {
    for (const p of e.producers) append(publishes, p, e.name);
    for (const p of e.consumers) append(consumes, p, e.name);
  }
  // A service that covers every event of a group is shown with the group, not event by event.
  const groupSize = new Map(layout.groups.map((g, i) => [g.key, { size: g.events.length, anchor: a.groups[i]! }]));
  const eventByName = new Map(model.events.map((e) => [e.name, e]));
  const eventList = (names: string[]): string => {
    if (names.length === 0) return "—";
    const byGroup = new Map<string, string[]>();
    for (const n of names) {
      const key = groupKey(eventByName.get(n)!);
      const list = byGroup.get(key) ?? [];
      list.push(n);
      byGroup.set(key, list);
    }
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
    description: cell(prose(model.config.services[name]?.description)),
  }));

  const majorsCount = model.majors.length;
  const versionsCount = model.majors.reduce((n, m) => n + m.versions.length, 0);
  const deprecatedCount = model.events.filter((e) => e.majors.every((m) => m.deprecated)).length;
  const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
  const counts = [
    plural(model.events.length, "event"),
    ...(majorsCount !== model.events.length ? [plural(majorsCount, "major version")] : []),
    plural(versionsCount, "schema version"),
    ...(deprecatedCount ? [plural(deprecatedCount, "deprecated event")] : []),
    plural(model.streams.length, "stream"),
    plural(model.consumers.length, "consumer"),
    plural(serviceNames.length, "service"),
    ...(definitions.length ? [plural(definitions.length, "shared definition")] : []),
  ].join(" · ");

  return {
    title: literal(layout.title),
    description: model.config.description ? prose(model.config.description) : null,
    packageName: code(model.config.package.name),
    compatibility: code(model.config.compatibility),
    envelopeFile: code(model.envelope.file),
    counts,
    anchors: a,
    hasDeadLetters: !!model.dlq,
    hasDefinitions: definitions.length > 0,
    groups,
    tree: fence(tree, "text"),
    streams: streamRows(model),
    consumers: consumerRows(model),
    dlq: model.dlq ? { stream: code(model.dlq.stream), subject: code(model.dlq.subject ?? "{namespace}.dlq.{consumer}") } : null,
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
      usedBy: d.usedByEvents.size ? plural(d.usedByEvents.size, "event") : "—",
    })),
  };
}

export type IndexPageData = ReturnType<typeof indexPageData>;
