/**
 * What a check rule found of each event, kept by the event's inputs (model/event-inputs.ts: every
 * file its versions reach, registry.json, the non-version files and every event's names) in the
 * generator's cache, whose key holds the generator's code: a run finds again only what its edits
 * touched. The compatibility rules and the example rule keep their findings so.
 */
import { eventInputs } from "../model/event-inputs.js";
import type { EventModel, RegistryModel } from "../model/registry-model.js";

export interface EventMemo<T> {
  get(eventKey: string): T | undefined;
  set(eventKey: string, findings: T): void;
  /** Called once every event is checked: what was got or set this run is what to keep. */
  save?(): void;
}

/** Each event's findings, in the model's order: kept in `memo` by the event's inputs, else found by `find` (and kept). */
export function findingsOfEachEvent<T>(model: RegistryModel, memo: EventMemo<T> | undefined, find: (event: EventModel) => T): T[] {
  const keyOf = memo ? eventInputs(model) : undefined;
  const found = model.events.map((event) => {
    const key = keyOf?.(event);
    const known = key === undefined ? undefined : memo!.get(key);
    const findings = known ?? find(event);
    if (key !== undefined && known === undefined) memo!.set(key, findings);
    return findings;
  });
  memo?.save?.();
  return found;
}
