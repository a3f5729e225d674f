// The do-it-yourself pipeline: what a team would script instead of jetschema for the same
// registry. For every schema file, json-schema-to-typescript with its defaults (prettier
// formatting included) writes `<out>/types/<file>.d.ts`, and ajv (+ ajv-formats, Ajv for
// draft-07, Ajv2020 for 2020-12) compiles the file and writes its standalone module
// `<out>/validators/<file>.cjs` (CommonJS: ajv's ES module output still `require`s
// ajv-formats). ajv validates as jetschema's validators do (allErrors, strict off for
// annotation keywords), so both ship the same checks.
//
//   node bench/peers/diy-pipeline.mjs <registry folder> <output folder>
//
// DIY_HALF=types or DIY_HALF=validators runs that half alone (bench/cold-floor.ts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "json-schema-to-typescript";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import standaloneModule from "ajv/dist/standalone/index.js";
import { sharedFiles, versionFiles } from "./schema-files.mjs";

const addFormats = addFormatsModule.default ?? addFormatsModule;
const standaloneCode = standaloneModule.default ?? standaloneModule;
const [root, out] = process.argv.slice(2);
if (!root || !out) throw new Error("usage: diy-pipeline.mjs <registry folder> <output folder>");

const read = (rel) => JSON.parse(readFileSync(join(root, rel), "utf8"));
const idOf = (rel) => pathToFileURL(join(root, rel)).href;
const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

const ajvs = new Map();
function ajvFor(schema) {
  const dialect = String(schema.$schema ?? "").includes("2020-12") ? "2020-12" : "draft-07";
  if (!ajvs.has(dialect)) {
    const options = { allErrors: true, strict: false, code: { source: true } };
    const ajv = dialect === "2020-12" ? new Ajv2020(options) : new Ajv(options);
    addFormats(ajv);
    for (const rel of sharedFiles(root)) ajv.addSchema({ ...read(rel), $id: idOf(rel) });
    ajvs.set(dialect, ajv);
  }
  return ajvs.get(dialect);
}

// The time of each half, for the bench's note (the last line of output).
const spent = { typesMs: 0, validatorsMs: 0 };
const only = process.env.DIY_HALF;
const timed = async (half, work) => {
  if (only && `${only}Ms` !== half) return;
  const started = performance.now();
  await work();
  spent[half] += performance.now() - started;
};
rmSync(out, { recursive: true, force: true });
for (const rel of versionFiles(root)) {
  const schema = read(rel);
  const name = rel.replace(/\.json$/, "");
  await timed("typesMs", async () => write(join(out, "types", `${name}.d.ts`), await compile(schema, name.replace(/\W/g, "_"), { cwd: dirname(join(root, rel)) })));
  await timed("validatorsMs", () => {
    const ajv = ajvFor(schema);
    const validate = ajv.compile({ ...schema, $id: idOf(rel) });
    write(join(out, "validators", `${name}.cjs`), standaloneCode(ajv, validate));
  });
}
console.log(JSON.stringify(spent));
