/**
 * Minifies an emitted ES module with esbuild: whitespace and the names of module-local
 * identifiers only (exports, imports' specifiers and every string keep their spelling). esbuild's
 * syntax rewrites are left off: they took three times as long for 3% of the size.
 *
 * Both calls give the same code. The synchronous one blocks its thread while esbuild's process
 * works; the compile workers use the asynchronous one and compile their next module meanwhile.
 *
 * esbuild is loaded on first use (~0.1 s of a process's start-up): a run whose modules all come
 * from the cache or from the compile workers never minifies on the main thread.
 */
import type { TransformOptions } from "esbuild";
import { loadedOnFirstUse } from "../base/loaded-on-first-use.js";

const OPTIONS: TransformOptions = { format: "esm", target: "node20", minifyWhitespace: true, minifyIdentifiers: true, charset: "utf8" };

const esbuild = loadedOnFirstUse<typeof import("esbuild")>("esbuild");

export function minifyModule(code: string): string {
  return esbuild().transformSync(code, OPTIONS).code;
}

export async function minifyModuleAsync(code: string): Promise<string> {
  return (await esbuild().transform(code, OPTIONS)).code;
}
