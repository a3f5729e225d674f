/**
 * A CommonJS module that a package requires as it loads but may never use, loaded only when it is
 * used: the module cache is given, at the path the package's `require(specifier)` resolves to, a
 * stand-in whose first property read (`format`, `util`, …, or `in`, or a listing of its keys)
 * requires the real module in its place and reads through to it from then on. Nothing read,
 * nothing loaded.
 *
 * For prettier under json-schema-to-typescript (base/schema-to-typescript.ts): prettier's
 * CommonJS entry starts importing its whole ES build (~680 KB, ~28 ms of CPU) the moment it is
 * required, and json-schema-to-typescript requires it as it loads, for a formatter the generator
 * never calls (docs/performance.md, "prettier's ES build left unloaded").
 *
 * A module already loaded is left as it is, and so is one loaded meanwhile by someone else: the
 * stand-in then reads through to that one.
 */
import { createRequire, Module } from "node:module";

const requireHere = createRequire(import.meta.url);

/** From now on, `require(specifier)` from the file `from` gets a stand-in until it is used; the path it resolves to. */
export function requireOnFirstUse(specifier: string, from: string): string {
  const path = createRequire(from).resolve(specifier);
  if (!requireHere.cache[path]) requireHere.cache[path] = standIn(path);
  return path;
}

function standIn(path: string): Module {
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  let real: object | undefined;
  /** The real module, required in the stand-in's place the first time (unless someone else put it there meanwhile). */
  const load = (): object => {
    if (!real) {
      if (requireHere.cache[path] === module) delete requireHere.cache[path];
      real = requireHere(path) as object;
    }
    return real;
  };
  module.exports = new Proxy(
    {},
    {
      get: (_target, name) => Reflect.get(load(), name),
      has: (_target, name) => Reflect.has(load(), name),
      ownKeys: () => Reflect.ownKeys(load()),
      // A proxy may report a property its (empty) target lacks only as configurable.
      getOwnPropertyDescriptor: (_target, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), name);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  return module;
}
