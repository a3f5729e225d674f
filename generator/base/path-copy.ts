/**
 * A copy of a JSON value that shares every object with it but the ones on the way to the nodes a
 * caller changes: those, from the root down, are copied when first asked for (`at`), the rest of
 * the value is the copy's as it is. Resolving makes each registry file's canonical copy so, with
 * its `$id`s gone and its `$ref`s rewritten (resolve/resolve-refs.ts), and the persisted front end
 * a file's value from its copy (front-end/persisted-front-end.ts): a deep copy of every file held
 * the registry twice for the whole run.
 *
 * Sharing is sound only while neither side is changed after the copy is made, which holds for the
 * front end's objects: every stage after it that reshapes a schema copies it first (type rules,
 * AsyncAPI rules, the schema set), and a watch session freezes them.
 */
import { tokenKey } from "./json-pointer.js";

type Node = Record<string, unknown> | unknown[];

export class PathCopy {
  /** The copy: always an object of its own, even when nothing in it is asked for. */
  readonly root: Record<string, unknown>;
  private readonly owned = new Map<string, Node>();

  constructor(value: Record<string, unknown>) {
    this.root = { ...value };
    this.owned.set("", this.root);
  }

  /**
   * The copy's own object at `pointer` (a JSON pointer to an object or array of the value; an
   * array is indexed by its keys as an object is), copied with each node on the way to it the
   * first time; throws when the value has none there.
   */
  at(pointer: string): Record<string, unknown> {
    const known = this.owned.get(pointer);
    if (known) return known as Record<string, unknown>;
    const cut = pointer.lastIndexOf("/");
    const parent = this.at(pointer.slice(0, cut));
    const key = tokenKey(pointer.slice(cut + 1));
    const shared = Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
    if (typeof shared !== "object" || shared === null) throw new Error(`no object at ${pointer}`);
    const node: Node = Array.isArray(shared) ? [...(shared as unknown[])] : { ...(shared as Record<string, unknown>) };
    // JSON.parse makes `__proto__` an own member; assigned, it would set the prototype instead.
    if (key === "__proto__") Object.defineProperty(parent, key, { value: node, writable: true, enumerable: true, configurable: true });
    else parent[key] = node;
    this.owned.set(pointer, node);
    return node as Record<string, unknown>;
  }
}
