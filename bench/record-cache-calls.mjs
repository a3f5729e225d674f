/**
 * Records every call a run makes to its GeneratorCache (get, set, and a key asked outside them: a
 * page's stored digest), in order, as JSON lines, for bench/replay-cache-calls.ts: the cache
 * layer's own CPU (keys, the store, the packs' writes) measured apart from the run's, which a
 * loaded machine blurs by more than the cache costs.
 *   CACHE_CALLS=/tmp/calls.jsonl node --import ./bench/record-cache-calls.mjs bin/jetschema.js generate … --cache-dir <empty>
 */
import { openSync, writeSync } from "node:fs";
import { GeneratorCache } from "../dist/generator/cache/generator-cache.js";

const fd = openSync(process.env.CACHE_CALLS ?? "cache-calls.jsonl", "w");
const { get, set, key } = GeneratorCache.prototype;
const record = (call) => writeSync(fd, `${JSON.stringify(call)}\n`);
/** Inside get or set: their key is theirs, not a call of its own. */
let within = 0;
const inside = (work) => {
  within++;
  try {
    return work();
  } finally {
    within--;
  }
};
GeneratorCache.prototype.get = function (kind, ...parts) {
  record(["get", kind, parts]);
  return inside(() => get.call(this, kind, ...parts));
};
GeneratorCache.prototype.set = function (kind, parts, value) {
  record(["set", kind, parts, value]);
  return inside(() => set.call(this, kind, parts, value));
};
GeneratorCache.prototype.key = function (kind, ...parts) {
  if (within === 0) record(["key", kind, parts]);
  return key.call(this, kind, ...parts);
};
