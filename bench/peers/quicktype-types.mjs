// quicktype producing TypeScript types alone (no runtime checks) for every schema file of a
// registry, as one input set, written to one file.
//
//   node bench/peers/quicktype-types.mjs <registry folder> <output folder>
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FetchingJSONSchemaStore, InputData, JSONSchemaInput, quicktype } from "quicktype-core";
import { versionFiles } from "./schema-files.mjs";

const [root, out] = process.argv.slice(2);
if (!root || !out) throw new Error("usage: quicktype-types.mjs <registry folder> <output folder>");
const input = new JSONSchemaInput(new FetchingJSONSchemaStore());
for (const rel of versionFiles(root)) {
  await input.addSource({ name: rel.replace(/\W/g, "_"), uris: [`${join(root, rel)}#/`], schema: readFileSync(join(root, rel), "utf8") });
}
const inputData = new InputData();
inputData.addInput(input);
const { lines } = await quicktype({ inputData, lang: "typescript", rendererOptions: { "just-types": "true" } });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "types.ts"), lines.join("\n"));
