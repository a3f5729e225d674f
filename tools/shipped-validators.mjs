/**
 * Writes the validators every command needs before it reads a schema as ajv standalone code,
 * beside the command line's bundle (dist/generator/bundle/shipped-validators.json), for
 * generator/load/shipped-validators.ts: registry.json's, compiled from registry.schema.json, and
 * each dialect's meta-schema validator for every `$schema` a registry file may declare (and none),
 * made by meta-schema-check.ts itself, as a cache store would receive them. With the ajv and
 * ajv-formats versions they were made with, and the digest of registry.schema.json's text.
 *
 *   node tools/shipped-validators.mjs   (npm run build runs it after tools/bundle-cli.mjs)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const built = (path) => import(pathToFileURL(join(root, "dist/generator", path)).href);
const { createAjv, DRAFT7_URIS, DRAFT2020_URIS } = await built("base/ajv.js");
const { metaSchemaErrors, metaSchemaKey } = await built("load/meta-schema-check.js");
const { digest } = await built("base/hash.js");
const { installedVersion } = await built("base/installed-version.js");
const { SHIPPED_VALIDATORS_FILE } = await built("load/shipped-validators.js");
const require = createRequire(join(root, "package.json"));
const standaloneCode = require("ajv/dist/standalone/index.js").default;

const metaSchemas = {};
const store = { get: () => undefined, set: (key, code) => (metaSchemas[key] = code) };
const declared = { draft7: [undefined, ...DRAFT7_URIS], draft2020: [...DRAFT2020_URIS] };
for (const [dialect, uris] of Object.entries(declared)) {
  for (const uri of uris) {
    const schema = uri === undefined ? {} : { $schema: uri };
    // A `$schema` ajv has no meta-schema under (draft-07's https spellings) is left to the run
    // time, which fails on it as before; the ones it has must be shipped.
    try {
      metaSchemaErrors(schema, dialect, store);
    } catch {
      continue;
    }
    if (metaSchemas[metaSchemaKey(dialect, schema)] === undefined) throw new Error(`no meta-schema code for ${dialect} ${uri ?? "(no $schema)"}`);
  }
}

const registrySchemaText = readFileSync(join(root, "generator/load/registry.schema.json"), "utf8");
const ajv = createAjv("draft7", { source: true });
const registry = standaloneCode(ajv, ajv.compile(JSON.parse(registrySchemaText)));

const shipped = {
  ajv: installedVersion("ajv"),
  ajvFormats: installedVersion("ajv-formats"),
  registrySchema: digest(registrySchemaText),
  registry,
  metaSchemas,
};
writeFileSync(join(root, "dist/generator/bundle", SHIPPED_VALIDATORS_FILE), JSON.stringify(shipped) + "\n");
