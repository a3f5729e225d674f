/**
 * Which files a set of files depends on through `$ref`, transitively: what a validator module
 * must be given (validators/schema-set.ts) and what an event's outputs are made from
 * (model/event-inputs.ts).
 */
import type { RefEdge } from "./resolve-refs.js";

/** For the given edges: the files reachable from `start` (themselves included), sorted. */
export function refClosure(edges: readonly RefEdge[]): (start: Iterable<string>) => string[] {
  const refsFrom = new Map<string, Set<string>>();
  for (const e of edges) {
    let targets = refsFrom.get(e.fromFile);
    if (!targets) refsFrom.set(e.fromFile, (targets = new Set()));
    targets.add(e.toFile);
  }
  return (start) => {
    const reached = new Set<string>();
    const todo = [...start];
    while (todo.length > 0) {
      const file = todo.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const next of refsFrom.get(file) ?? []) todo.push(next);
    }
    return [...reached].sort();
  };
}
