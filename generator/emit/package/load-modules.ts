/**
 * load/node.js and load/bundled.js: how index.js reaches the runtime and a split registry.js its
 * validator modules, chosen by package.json's "imports" ("#load"). Node takes node.js, which
 * `require()`s them on first use (cold import stays cheap: docs/performance.md, cold-import);
 * bundlers, which cannot follow a require() made by createRequire, resolve the "module"
 * condition (esbuild, rollup, webpack and Vite all do; Node never does) and take bundled.js, whose
 * static imports put the runtime and every validator module in the bundle. Both files export the
 * same functions, so index.js and registry.js are one text for both.
 */
import { GENERATED } from "./registry-module.js";

/** The specifier index.js and registry.js import, and package.json's "imports" entry for it. */
export const LOAD_SPECIFIER = "#load";
export const LOAD_IMPORTS = { [LOAD_SPECIFIER]: { module: "./load/bundled.js", default: "./load/node.js" } };

/** `modules`: a split registry's validator modules, specifiers from the package root (`./validators/draft7/orders.3.js`); empty when registry.js imports its one module itself. */
export interface LoadModulesInput {
  modules: string[];
}

/** Double-quoted without a double quote inside, so prettier keeps it as printed. */
const NEEDS_MODULE_CONDITION =
  "#load: this bundle took load/node.js, whose require() needs Node's loader; a bundler resolving the module condition of package.json imports takes load/bundled.js";

/** Both files are printed in prettier's layout (test/generator/package-prettier-stable.test.ts). */
export function printNodeLoader({ modules }: LoadModulesInput): string {
  return [
    GENERATED,
    'import { createRequire } from "node:module";',
    "",
    "// Node takes this file (package.json \"imports\"): the runtime, with the NATS client modules behind",
    "// it, loads when the first client is made, and a validator module when one of its validators",
    "// first runs, so a service that only validates or reads subjects never parses them. require() of",
    "// an ES module is synchronous (Node 20.19+): createEvents and validation stay synchronous.",
    "// createRequire is called on first use, not at the top: a CommonJS bundle from a bundler without",
    '// the "module" condition has no import.meta.url, and must still start (subjects, validators).',
    "let required;",
    "const load = (specifier) => (required ??= packageRequire())(specifier);",
    "",
    `const NEEDS_MODULE_CONDITION =\n  ${JSON.stringify(NEEDS_MODULE_CONDITION)};`,
    "",
    "function packageRequire() {",
    "  // No import.meta.url: a bundle that took this file instead of bundled.js; say so rather than fail in URL.",
    "  if (!import.meta.url) throw new Error(NEEDS_MODULE_CONDITION);",
    '  return createRequire(new URL("../index.js", import.meta.url));',
    "}",
    "",
    'export const loadRuntime = () => load("@jetschema/runtime");',
    ...(modules.length ? ["export const loadValidators = (module) => load(module);"] : []),
    "",
  ].join("\n");
}

export function printBundledLoader({ modules }: LoadModulesInput): string {
  const names = modules.map((_, i) => `m${i + 1}`);
  return [
    GENERATED,
    'import * as runtime from "@jetschema/runtime";',
    ...modules.map((m, i) => `import * as ${names[i]} from ${JSON.stringify(`.${m}`)};`),
    "",
    '// Bundlers take this file (the "module" condition of package.json "imports"): imports they can',
    "// follow, so the bundle holds the runtime and every validator module and needs no node_modules.",
    "// A bundle evaluates them at start-up; Node takes node.js, which loads them on first use.",
    ...(modules.length ? ["const modules = {", ...modules.map((m, i) => `  ${JSON.stringify(m)}: ${names[i]},`), "};", ""] : []),
    "export const loadRuntime = () => runtime;",
    ...(modules.length ? ["export const loadValidators = (module) => modules[module];"] : []),
    "",
  ].join("\n");
}
