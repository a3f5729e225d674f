/** Freezes a plain JSON-like value and everything in it, so a value kept between runs cannot be changed by one of them. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || deeplyFrozen.has(value)) return value;
  if (isPlain(value)) {
    // Marked first: a value reached twice (or through itself) is frozen once.
    deeplyFrozen.add(value);
  } else if (Object.isFrozen(value)) {
    // A Map or another class's instance is frozen, never marked: Object.values does not see its entries.
    return value;
  }
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/** What deepFreeze froze, everything in it included (Object.isFrozen says nothing of the children). */
const deeplyFrozen = new WeakSet<object>();

/** `value` was frozen all the way down by deepFreeze: nothing reachable from it can change. */
export function isDeeplyFrozen(value: object): boolean {
  return deeplyFrozen.has(value);
}

/**
 * Values computed from a deep-frozen value, remembered by that value: it cannot change, so neither
 * can what `make` computes from it. A value not deep-frozen is never remembered.
 */
export class RememberedWhileFrozen<V> {
  private readonly values = new WeakMap<object, V>();

  valueOf(key: unknown, make: () => V): V {
    if (key === null || typeof key !== "object" || !deeplyFrozen.has(key)) return make();
    let value = this.values.get(key);
    if (value === undefined) this.values.set(key, (value = make()));
    return value;
  }
}
