/**
 * Cold start of the generated package: a fresh Node process imports the package of a synthetic
 * 1000-event registry and validates one event (the precompiled path), against a fresh process that
 * compiles the same schemas with ajv at start-up (what a service without precompiled validators
 * pays). Both are timed inside the child from the start of its script, so Node's own boot (the
 * same for both) is left out; the whole-process wall time is given in the note.
 *
 * Also reports the size of the emitted validators.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkRegistryAt } from "../generator/front-end/front-end.js";
import { generate } from "../generator/generate-run.js";
import { canonicalUri } from "../generator/resolve/resolve-refs.js";
import { figure, median, type Figure } from "./figures.js";
import { BENCH_TMP } from "./baselines.js";
import { sizeOf } from "./file-sizes.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";

/** The package side: import the package, take one event's validator, validate its example. */
const IMPORT_SCRIPT = `
const started = performance.now();
const [pkgEntry, key, version, data] = process.argv.slice(2);
const { registry } = await import(pkgEntry);
const valid = registry.events[key].validators[version](JSON.parse(data));
const ms = performance.now() - started;
if (valid !== true) throw new Error("the example did not validate");
console.log(JSON.stringify({ ms }));
`;

/** The ajv side: the generator's ajv options (generator/base/ajv.ts), every schema added, every event's compiled. */
const AJV_SCRIPT = `
const started = performance.now();
import { readFileSync } from "node:fs";
const { Ajv } = await import("ajv");
const { Ajv2020 } = await import("ajv/dist/2020.js");
const formats = await import("ajv-formats");
const addFormats = formats.default.default ?? formats.default;
const [bundleFile] = process.argv.slice(2);
const { schemas, compile } = JSON.parse(readFileSync(bundleFile, "utf8"));
const instances = {};
for (const dialect of new Set(Object.values(compile))) {
  const opts = { strict: false, allErrors: true, inlineRefs: false, ownProperties: true };
  const ajv = dialect === "draft2020" ? new Ajv2020(opts) : new Ajv(opts);
  addFormats(ajv);
  ajv.addVocabulary(["x-producers", "x-consumers", "x-pii", "x-subject", "x-type", "x-delivery"]);
  for (const [uri, schema] of Object.entries(schemas)) ajv.addSchema(schema, uri);
  instances[dialect] = ajv;
}
for (const [uri, dialect] of Object.entries(compile)) if (!instances[dialect].getSchema(uri)) throw new Error("not compiled: " + uri);
console.log(JSON.stringify({ ms: performance.now() - started }));
`;

function timeChild(script: string, args: string[]): { ms: number; wall: number } {
  const started = performance.now();
  const out = execFileSync(process.execPath, [script, ...args], { encoding: "utf8", cwd: BENCH_TMP });
  const wall = performance.now() - started;
  return { ms: (JSON.parse(out.trim().split("\n").pop()!) as { ms: number }).ms, wall };
}

export async function benchColdImport(quick: boolean): Promise<Figure[]> {
  const events = quick ? 200 : 1000;
  const rounds = quick ? 3 : 7;
  const root = join(BENCH_TMP, `cold-import-${events}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const schemas = join(root, "schemas");
  const pkg = join(root, "pkg");
  writeSyntheticRegistry(schemas, { events });
  // Set-up, not measured: a persistent cache makes repeated bench runs quick.
  await generate({ schemas, out: pkg, cache: { dir: join(BENCH_TMP, "cache-setup") } });

  const { model } = checkRegistryAt(schemas);
  const major = model.majors[Math.floor(model.majors.length / 2)]!;
  const example = (major.latest.doc.schema.examples as unknown[])[0];
  const compile: Record<string, string> = {};
  for (const file of [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))]) compile[canonicalUri(file)] = model.resolved.docs.get(file)!.dialect;
  const bundle: Record<string, unknown> = {};
  for (const [file, schema] of model.resolved.normalized) {
    const { $schema: _dropped, ...rest } = schema;
    bundle[canonicalUri(file)] = rest;
  }
  writeFileSync(join(root, "bundle.json"), JSON.stringify({ schemas: bundle, compile }));
  writeFileSync(join(root, "import.mjs"), IMPORT_SCRIPT);
  writeFileSync(join(root, "ajv.mjs"), AJV_SCRIPT);

  const imports: number[] = [];
  const importWalls: number[] = [];
  const compiles: number[] = [];
  const importArgs = [join(pkg, "index.js"), major.key, major.latest.version, JSON.stringify(example)];
  for (let i = 0; i < rounds; i++) {
    const a = timeChild(join(root, "import.mjs"), importArgs);
    imports.push(a.ms);
    importWalls.push(a.wall);
    compiles.push(timeChild(join(root, "ajv.mjs"), [join(root, "bundle.json")]).ms);
  }
  const size = sizeOf(join(pkg, "validators"), ".js");
  rmSync(root, { recursive: true, force: true });
  return [
    figure(
      `cold import of the ${events}-event package + first validation vs ajv compiling the same ${Object.keys(compile).length} schemas at start-up`,
      median(imports),
      median(compiles),
      "ms",
      "<=",
      0.03,
      `process wall ${Math.round(median(importWalls))} ms; validators: ${size.files} modules, ${(size.bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(size.bytes / Object.keys(compile).length / 1024)} KiB per schema)`,
    ),
  ];
}
