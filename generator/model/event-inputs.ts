/**
 * What an event's own outputs (its catalog page, its type file) are made from, as digests, so a
 * cache can serve them after an edit of another event without recomputing anything from the model
 * (a key by the computed data would have to compute it first: most of an edit's time at 1000
 * events).
 *
 * An event's key holds:
 * - the files of the event's versions, and every file their `$ref`s reach, transitively (another
 *   event's version file included), each by path and content digest;
 * - every registry file that is not an event version (the envelope, the shared definitions under
 *   defs/, all of them) and registry.json (streams, consumers, services, naming), by digest;
 * - every event's names (event, major, subject, stream, type and helper names), so that adding,
 *   removing or renaming any event renews every key, although no output is known to read another
 *   event's names: the cautious side of a cache that must never serve stale output.
 *
 * The users add what else their output reads (the page's template, the index anchors; the shared
 * type names), and the generator's own code is in every cache key already (cache/fingerprint.ts).
 * test/generator/cache.test.ts edits each kind of input and checks the cached output against an
 * uncached run.
 */
import { sha256 } from "../base/hash.js";
import { refClosure } from "../resolve/ref-closure.js";
import type { EventModel, RegistryModel } from "./registry-model.js";

/** Each model's keys, computed once: the check stage, the types and the catalog all ask. */
const keysByModel = new WeakMap<RegistryModel, (event: EventModel) => string>();

export function eventInputs(model: RegistryModel): (event: EventModel) => string {
  let keyOf = keysByModel.get(model);
  if (!keyOf) keysByModel.set(model, (keyOf = remembered(keysOf(model))));
  return keyOf;
}

function remembered(keyOf: (event: EventModel) => string): (event: EventModel) => string {
  const keys = new Map<EventModel, string>();
  return (event) => {
    let key = keys.get(event);
    if (key === undefined) keys.set(event, (key = keyOf(event)));
    return key;
  };
}

const sharedByModel = new WeakMap<RegistryModel, string>();

/** The part of every event's key that is not about its own files: registry.json, every file that is not an event version, every event's names (what the data made from all events' names alone is made from). */
export function sharedInputs(model: RegistryModel): string {
  let shared = sharedByModel.get(model);
  if (shared === undefined) sharedByModel.set(model, (shared = sharedOf(model)));
  return shared;
}

/** A file as a key names it: its path and the digest of its bytes. */
function fileLine(model: RegistryModel): (file: string) => string {
  const { docs } = model.resolved;
  return (file) => `${file} ${docs.get(file)?.digest ?? "missing"}`;
}

function sharedOf(model: RegistryModel): string {
  const { docs } = model.resolved;
  const line = fileLine(model);
  return sha256(
    "event inputs",
    `registry.json ${model.resolved.configDigest}`,
    ...[...docs.values()].filter((d) => d.role.role !== "version").map((d) => line(d.file)).sort(),
    JSON.stringify(model.majors.map((m) => [m.event, m.major, m.subject, m.stream ?? null, m.type, m.typeName, m.eventTypeName, m.helperName])),
  );
}

function keysOf(model: RegistryModel): (event: EventModel) => string {
  const reachedFrom = refClosure(model.resolved.edges);
  const line = fileLine(model);
  const shared = sharedInputs(model);
  return (event) => sha256(shared, event.name, ...reachedFrom(event.majors.flatMap((m) => m.versions.map((v) => v.file))).map(line));
}
