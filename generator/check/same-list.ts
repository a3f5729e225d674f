/**
 * What a long-lived process compares its last run's parts with (check/schema-rules.ts's `$ref`
 * graph, check/ref-nesting.ts's kept count): lists equal item by item, an item the very same
 * object without a look inside, and `$ref` edges equal by their four ends.
 */
import type { RefEdge } from "../resolve/resolve-refs.js";

export function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !same(a[i]!, b[i]!)) return false;
  return true;
}

export const sameEdge = (a: RefEdge, b: RefEdge): boolean => a.fromFile === b.fromFile && a.fromPointer === b.fromPointer && a.toFile === b.toFile && a.toPointer === b.toPointer;
