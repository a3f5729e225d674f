/**
 * Mermaid flowcharts of who talks to whom: producer services → events → consumer services.
 * One diagram for the whole registry while it stays readable; otherwise one per domain (first
 * event segment), split further by entity and then into numbered parts, so no diagram exceeds the
 * limits (and GitHub's renderer, which refuses more than 500 edges, never sees too many).
 */
import { appendTo } from "../../base/map-lists.js";

export interface FlowEvent {
  name: string;
  producers: string[];
  consumers: string[];
  deprecated: boolean;
}

export interface FlowDiagram {
  /** Which part of the registry the diagram covers; undefined for the whole registry. */
  title?: string;
  /** Mermaid source, without the code fence. */
  source: string;
  events: number;
  edges: number;
}

export interface FlowLimits {
  maxEvents: number;
  maxEdges: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = { maxEvents: 30, maxEdges: 90 };

/** Text safe inside a quoted Mermaid label: anything but plain characters becomes an entity code. */
export function mermaidText(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[^\p{L}\p{N} _.\-:/@]/gu, (c) => `#${c.codePointAt(0)};`);
}

const edgeCount = (events: FlowEvent[]) => events.reduce((n, e) => n + e.producers.length + e.consumers.length, 0);

export function flowDiagrams(events: FlowEvent[], limits: FlowLimits = DEFAULT_FLOW_LIMITS): FlowDiagram[] {
  return flowParts(events, limits).map((p) => diagram(p.events, p.title));
}

/** What each of flowDiagrams' diagrams covers, and its title, without drawing it (the index's headings need only the titles). */
export function flowParts(events: FlowEvent[], limits: FlowLimits = DEFAULT_FLOW_LIMITS): Array<{ title?: string; events: FlowEvent[] }> {
  const fits = (evs: FlowEvent[]) => evs.length <= limits.maxEvents && edgeCount(evs) <= limits.maxEdges;
  if (fits(events)) return [{ events }];
  return partition(events, 1, fits).flatMap(({ key, events: evs }) => {
    const parts = fits(evs) ? [evs] : chunk(evs, fits);
    return parts.map((p, i) => {
      const title = parts.length > 1 ? `${key} (part ${i + 1} of ${parts.length})` : key;
      // As diagram() gives it: an empty title is none.
      return { ...(title ? { title } : {}), events: p };
    });
  });
}

function partition(events: FlowEvent[], depth: number, fits: (e: FlowEvent[]) => boolean): Array<{ key: string; events: FlowEvent[] }> {
  const groups = new Map<string, FlowEvent[]>();
  for (const e of events) {
    const segments = e.name.split(".");
    const key = segments.slice(0, Math.min(depth, segments.length)).join(".");
    appendTo(groups, key, e);
  }
  const out: Array<{ key: string; events: FlowEvent[] }> = [];
  for (const [key, evs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const deeper = evs.some((e) => e.name.split(".").length > depth + 1);
    if (fits(evs) || !deeper) out.push({ key, events: evs });
    else out.push(...partition(evs, depth + 1, fits));
  }
  return out;
}

function chunk(events: FlowEvent[], fits: (e: FlowEvent[]) => boolean): FlowEvent[][] {
  const out: FlowEvent[][] = [];
  let current: FlowEvent[] = [];
  for (const e of events) {
    if (current.length > 0 && !fits([...current, e])) {
      out.push(current);
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function diagram(events: FlowEvent[], title?: string): FlowDiagram {
  const services = [...new Set(events.flatMap((e) => [...e.producers, ...e.consumers]))].sort();
  const sid = new Map(services.map((s, i) => [s, `s${i}`]));
  const lines = ["flowchart LR"];
  for (const s of services) lines.push(`  ${sid.get(s)}["${mermaidText(s)}"]`);
  const byDomain = new Map<string, Array<[FlowEvent, number]>>();
  events.forEach((e, i) => {
    const domain = e.name.split(".")[0]!;
    appendTo(byDomain, domain, [e, i]);
  });
  let g = 0;
  const deprecated: string[] = [];
  for (const [domain, list] of byDomain) {
    lines.push(`  subgraph g${g++}["${mermaidText(domain)}"]`);
    for (const [e, i] of list) {
      lines.push(`    e${i}(["${mermaidText(e.name)}${e.deprecated ? " (deprecated)" : ""}"])`);
      if (e.deprecated) deprecated.push(`e${i}`);
    }
    lines.push("  end");
  }
  let edges = 0;
  events.forEach((e, i) => {
    for (const p of e.producers) {
      lines.push(`  ${sid.get(p)} --> e${i}`);
      edges++;
    }
    for (const c of e.consumers) {
      lines.push(`  e${i} --> ${sid.get(c)}`);
      edges++;
    }
  });
  if (deprecated.length > 0) {
    lines.push("  classDef deprecated stroke-dasharray: 5 5");
    lines.push(`  class ${deprecated.join(",")} deprecated`);
  }
  return { ...(title ? { title } : {}), source: lines.join("\n"), events: events.length, edges };
}
