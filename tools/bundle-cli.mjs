/**
 * Bundles the command line's own modules (dist/generator, as tsc built them) into a few files in
 * dist/generator/bundle/, which bin/jetschema.js imports. Node 20 resolves, reads and links each
 * ES module on its own: the ~150 modules a `generate` imports cost ~80 ms of every process, a
 * bundle ~50 ms (docs/performance.md, "The command line bundled"). Packages stay external, loaded
 * from node_modules as before; each command stays a chunk of its own, loaded when it runs.
 *
 * The worker threads' modules are bundled beside it under the names tsc gives them, so that the
 * code starting a worker (`./compile-worker.js` from its own URL) finds the bundled one when it
 * runs bundled and tsc's otherwise. The bundle's files sit one folder below dist/generator, as
 * tsc's do; the cache's fingerprint digests the code that runs, this folder when it runs bundled
 * (cache/fingerprint.ts, generatorCodeRoot: the folder is named "bundle").
 *
 *   node tools/bundle-cli.mjs   (npm run build runs it after tsc)
 */
import { build } from "esbuild";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, "dist/generator/bundle");

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ["cli/main.js", "validators/compile-worker.js", "write/prettier-worker.js"].map((entry) => join(root, "dist/generator", entry)),
  outdir,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
// recheck's pure JavaScript build, beside the bundle (generator/base/backtracking.ts loads it):
// recheck is a dev dependency, so a project installing jetschema does not get its optional native
// and Java packages (~50 MB) for a backend the generator never uses. Its name and version beside
// it: the verdicts kept in the cache are keyed by the version, read without loading the build.
const require = createRequire(import.meta.url);
copyFileSync(require.resolve("recheck/lib/browser.js"), join(outdir, "recheck.cjs"));
const { name, version } = JSON.parse(readFileSync(require.resolve("recheck/package.json"), "utf8"));
writeFileSync(join(outdir, "recheck.json"), JSON.stringify({ name, version }) + "\n");
