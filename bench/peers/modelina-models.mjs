// @asyncapi/modelina, the model generator behind AsyncAPI's code generators: TypeScript
// interfaces for every schema file of a registry, one folder of model files per schema file.
// modelina resolves `$ref`s against the working directory, hence the chdir into each file's folder.
//
//   node bench/peers/modelina-models.mjs <registry folder> <output folder>
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { TypeScriptFileGenerator } from "@asyncapi/modelina";
import { versionFiles } from "./schema-files.mjs";

const [rootArg, outArg] = process.argv.slice(2);
if (!rootArg || !outArg) throw new Error("usage: modelina-models.mjs <registry folder> <output folder>");
const [root, out] = [resolve(rootArg), resolve(outArg)];
const generator = new TypeScriptFileGenerator({ modelType: "interface" });
rmSync(out, { recursive: true, force: true });
for (const rel of versionFiles(root)) {
  const file = join(root, rel);
  process.chdir(dirname(file));
  await generator.generateToFiles(JSON.parse(readFileSync(file, "utf8")), join(out, rel.replace(/\.json$/, "")), { exportType: "named" });
}
