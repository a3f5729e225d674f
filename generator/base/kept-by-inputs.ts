/**
 * Values made from plain data, kept between the runs of a long-lived process (`generate --watch`)
 * by a digest of that data, so a save does not make again what its edit did not touch (the
 * catalog index's subject tree after a description is edited).
 *
 * The key is a digest of the inputs written as JSON, with what JSON would blur kept apart
 * (`undefined`, `-0`, `NaN` and the infinities): equal keys mean equal inputs, so the kept value is
 * the one `make` would give. Anything that is not plain data (a Map, a class instance, a function)
 * is refused rather than written as `{}`. What a run did not use is let go.
 */
import { digest, readBackExactJson, spelledApart } from "./hash.js";
import { sameData } from "./same-data.js";

export class KeptByInputs {
  private lastRun = new Map<string, unknown>();
  private thisRun = new Map<string, unknown>();
  /** onceValueOf's last inputs of each kind, read back from their JSON, and their key. */
  private readonly lastInputs = new Map<string, { data: unknown; key: string }>();

  /** `make()`, or what it gave for the same `kind` and `inputs` on this run or the last; inputs that are not plain data are never kept. */
  valueOf<T>(kind: string, inputs: unknown, make: () => T): T {
    const json = plainDataJson(inputs);
    if (json === undefined) return make();
    return this.byKey(digest(`${kind}\n${json}`), make);
  }

  /**
   * valueOf for a kind asked once per run (the catalog's subject tree and flow diagrams, made
   * from every event): inputs the same as the last ones asked for this kind, compared as data
   * (base/same-data.ts) with those inputs read back from their JSON (base/hash.ts
   * readBackExactJson), take the key they had without being written as JSON and hashed again.
   */
  onceValueOf<T>(kind: string, inputs: unknown, make: () => T): T {
    const last = this.lastInputs.get(kind);
    if (last && sameData(last.data, inputs)) return this.byKey(last.key, make);
    const json = plainDataJson(inputs);
    if (json === undefined) return make();
    const key = digest(`${kind}\n${json}`);
    this.lastInputs.set(kind, { data: readBackExactJson(json), key });
    return this.byKey(key, make);
  }

  private byKey<T>(key: string, make: () => T): T {
    const value = (this.thisRun.has(key) ? this.thisRun.get(key) : this.lastRun.has(key) ? this.lastRun.get(key) : make()) as T;
    this.thisRun.set(key, value);
    return value;
  }

  /** A run ended: what it did not use is let go (unless it used nothing: a run that was up to date, or failed early). */
  endRun(): void {
    if (this.thisRun.size === 0) return;
    this.lastRun = this.thisRun;
    this.thisRun = new Map();
  }
}

/** exactJson of plain data (base/hash.ts); undefined for anything else. */
export function plainDataJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, plainOnly);
  } catch (err) {
    if (err instanceof NotPlainData) return undefined;
    throw err;
  }
}

class NotPlainData extends Error {}

function plainOnly(key: string, v: unknown): unknown {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotPlainData();
  }
  if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new NotPlainData();
  return spelledApart(key, v);
}
