/**
 * The generation baselines, run in the same process as jetschema: quicktype producing TypeScript
 * types alone, and json-schema-to-typescript alone (formatted, as users run it), over the same
 * version files of a registry.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compile } from "json-schema-to-typescript";
import { FetchingJSONSchemaStore, InputData, JSONSchemaInput, quicktype } from "quicktype-core";
import { listJsonFiles } from "../generator/load/scan.js";

export function versionFiles(root: string): string[] {
  return listJsonFiles(root).files.filter((f) => /\/\d+\.\d+\.json$/.test(f));
}

/** json-schema-to-typescript on every version file, with its default prettier formatting. */
export async function jsonSchemaToTypescript(root: string): Promise<number> {
  const started = performance.now();
  for (const file of versionFiles(root)) {
    const schema = JSON.parse(readFileSync(join(root, file), "utf8"));
    await compile(schema, file.replace(/\W/g, "_"), { cwd: dirname(join(root, file)), bannerComment: "" });
  }
  return performance.now() - started;
}

/** quicktype: all version files as one input set, TypeScript types only (no runtime checks). */
export async function quicktypeTypes(root: string): Promise<number> {
  const started = performance.now();
  const input = new JSONSchemaInput(new FetchingJSONSchemaStore());
  for (const file of versionFiles(root)) {
    await input.addSource({ name: file.replace(/\W/g, "_"), uris: [`${join(root, file)}#/`], schema: readFileSync(join(root, file), "utf8") });
  }
  const inputData = new InputData();
  inputData.addInput(input);
  await quicktype({ inputData, lang: "typescript", rendererOptions: { "just-types": "true" } });
  return performance.now() - started;
}
