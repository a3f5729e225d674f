/**
 * An event page's key by what it is made from, so that after an edit the pages of the events
 * not edited are served without building their data (building the data of every page was most
 * of an edit's catalog time; a key by the data itself must build it first).
 *
 * What an event page reads, and so what its key holds:
 * - the files of the event's versions, and every file their `$ref`s reach, transitively (another
 *   event's version file included), each by path and content digest;
 * - every registry file that is not an event version (the envelope, the shared definitions under
 *   defs/, all of them: the page links each `$ref` to a definitions page) and registry.json
 *   (streams, consumers, services, dead letters, the package name in snippets), by digest;
 * - every event's names (event, major, subject, stream, type and helper names), so that adding,
 *   removing or renaming any event renews every page even though no page is known to read
 *   another event's names: the cautious side of a cache that must never serve a stale page;
 * - the anchors of the index page the event pages link to.
 *
 * The template text and the generator's own code (its fingerprint, which every cache key starts
 * with) are added by the caller. test/generator/cache.test.ts edits each kind of input and checks
 * that the cached catalog equals an uncached one.
 */
import { sha256 } from "../../cache/hash.js";
import type { EventModel, RegistryModel } from "../../model/registry-model.js";

export function eventPageInputs(model: RegistryModel, indexAnchors: unknown): (event: EventModel) => string {
  const { docs, edges } = model.resolved;
  const refsFrom = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!refsFrom.has(e.fromFile)) refsFrom.set(e.fromFile, new Set());
    refsFrom.get(e.fromFile)!.add(e.toFile);
  }
  const fileLine = (file: string) => `${file} ${docs.get(file)?.digest ?? "missing"}`;
  const shared = sha256(
    "event page inputs",
    `registry.json ${model.resolved.configDigest}`,
    ...[...docs.values()].filter((d) => d.role.role !== "version").map((d) => fileLine(d.file)).sort(),
    JSON.stringify(model.majors.map((m) => [m.event, m.major, m.subject, m.stream ?? null, m.type, m.typeName, m.helperName])),
    JSON.stringify(indexAnchors),
  );
  return (event) => {
    const reached = new Set<string>();
    const queue = event.majors.flatMap((m) => m.versions.map((v) => v.file));
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const next of refsFrom.get(file) ?? []) queue.push(next);
    }
    return sha256(shared, event.name, ...[...reached].sort().map(fileLine));
  };
}
