/**
 * `generate` and `generate --check`: the run-level wiring around the pipeline. It stays light (no
 * compiler, ajv or prettier) so that a run with nothing to do ends before the pipeline is loaded.
 */
import { resolve as resolvePath } from "node:path";
import { GeneratorCache } from "./cache/generator-cache.js";
import { inputDigest, outputMatches, readManifest, saveManifest, templatesDigest } from "./cache/run-manifest.js";
import { readRegistryFiles, type RegistryFiles } from "./load/registry-files.js";
import type { GenerateOptions } from "./pipeline.js";
import { diffOutput, writeOutputAtomically } from "./write/output-dir.js";
import { assertReplaceable, removeAbandonedStaging } from "./write/output-ownership.js";
import { fileSystemFailure } from "./base/usage-error.js";

/**
 * With a cache, a run whose inputs and output folder match the manifest of an earlier run returns
 * `upToDate` without rendering; otherwise it renders (with the stage caches) and records the manifest.
 */
async function renderUnlessUpToDate(options: GenerateOptions): Promise<{ files: Map<string, string> } | { upToDate: number }> {
  if (!options.cache) return { files: await render(options, undefined) };
  const cache = new GeneratorCache(options.cache);
  // Read once: digested here, loaded from by the render, so the manifest names the bytes rendered.
  const registry = readableRegistry(options.schemas);
  const templates = templatesDigest(options);
  const inputs = registry ? inputDigest(options, registry, templates) : undefined;
  const manifest = inputs ? readManifest(cache, inputs) : undefined;
  if (manifest && outputMatches(options.out, manifest)) return { upToDate: Object.keys(manifest).length };
  const files = await render(options, cache, registry);
  // Templates are read from disk by the renderer: recorded only if they did not change meanwhile.
  if (inputs && templatesDigest(options) === templates) saveManifest(cache, inputs, files);
  return { files };
}

/** The pipeline, loaded only when there is something to render. */
async function render(...args: Parameters<typeof import("./pipeline.js").render>): Promise<Map<string, string>> {
  return (await import("./pipeline.js")).render(...args);
}

/** The registry folder read, or undefined when it cannot be listed (loading reports why). */
function readableRegistry(schemas: string): RegistryFiles | undefined {
  try {
    return readRegistryFiles(resolvePath(schemas));
  } catch {
    return undefined;
  }
}

/** Refuses (UsageError) an output folder it must not replace, before any work. */
export async function generate(options: GenerateOptions): Promise<{ files: number; upToDate: boolean }> {
  try {
    assertReplaceable({ out: options.out, schemas: options.schemas });
    removeAbandonedStaging(options.out);
  } catch (err) {
    throw fileSystemFailure(err, `cannot write the output folder ${options.out}`);
  }
  const rendered = await renderUnlessUpToDate(options);
  if ("upToDate" in rendered) {
    options.timings?.lap("up-to-date check");
    return { files: rendered.upToDate, upToDate: true };
  }
  try {
    writeOutputAtomically(options.out, rendered.files);
  } catch (err) {
    throw fileSystemFailure(err, `cannot write the output folder ${options.out}`);
  }
  options.timings?.lap("write");
  return { files: rendered.files.size, upToDate: false };
}

export async function checkGenerated(options: GenerateOptions): Promise<string[]> {
  const rendered = await renderUnlessUpToDate(options);
  return "upToDate" in rendered ? [] : diffOutput(options.out, rendered.files);
}

