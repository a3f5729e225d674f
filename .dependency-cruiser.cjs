/**
 * The layers of the generator and the runtime, bottom first: a module may import only from its
 * own layer or a layer below it, and no folder may take part in an import cycle. `npm test` runs
 * this check first (`npm run deps`); docs/architecture.md draws the layers.
 */
const GENERATOR = [
  ["base", "^generator/base/"],
  ["load", "^generator/load/"],
  ["resolve", "^generator/resolve/"],
  ["model", "^generator/model/"],
  ["permissions", "^generator/permissions/"],
  ["validators", "^generator/validators/"],
  ["compat", "^generator/compat/"],
  ["check", "^generator/check/"],
  ["front-end", "^generator/front-end/"],
  ["released", "^generator/released/"],
  ["emit", "^generator/emit/"],
  ["write", "^generator/write/"],
  ["cache", "^generator/cache/"],
  ["runs", "^generator/[^/]+[.]ts$"],
  ["scaffold", "^generator/scaffold/"],
  ["cli", "^generator/cli/"],
];

const RUNTIME = [
  ["runtime base", "^runtime/src/base/"],
  ["entry points", "^runtime/src/(durations|subjects|lazy-validator)[.]ts$"],
  ["envelope", "^runtime/src/envelope/"],
  ["publish, provision", "^runtime/src/(publish|provision)/"],
  ["tracing", "^runtime/src/tracing/"],
  ["consume, request, dlq", "^runtime/src/(consume|request|dlq)/"],
  ["client", "^runtime/src/(client|index)[.]ts$"],
];

/** One rule per layer: nothing in it imports from a layer above it. */
function layerRules(stack, severity) {
  return stack.slice(0, -1).map(([name, path], i) => ({
    name: `no-upward-import: ${name}`,
    comment: `${name} lies below ${stack.slice(i + 1).map(([above]) => above).join(", ")}: it may not import from them`,
    severity,
    from: { path },
    to: { path: stack.slice(i + 1).map(([, above]) => above) },
  }));
}

/** No cycle between folders: a folder that imports from another is never imported back by it, directly or round about. */
function folderCycles(root, severity) {
  return { name: `no-folder-cycle: ${root}`, scope: "folder", severity, from: { path: `^${root}/` }, to: { circular: true } };
}

module.exports = {
  forbidden: [
    ...layerRules(GENERATOR, "error"),
    folderCycles("generator", "error"),
    ...layerRules(RUNTIME, "error"),
    folderCycles("runtime/src", "error"),
  ],
  options: {
    includeOnly: "^(generator|runtime/src)/",
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
