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
 *
 * GOGC in this thread's environment while a call starts the service is the one way to reach the Go
 * process: esbuild's API passes no environment of its own.
 */
import type { TransformOptions } from "esbuild";
import { loadedOnFirstUse } from "../base/loaded-on-first-use.js";

const OPTIONS: TransformOptions = { format: "esm", target: "node20", minifyWhitespace: true, minifyIdentifiers: true, charset: "utf8" };

const loadEsbuild = loadedOnFirstUse<typeof import("esbuild")>("esbuild");

/**
 * esbuild's service is a Go process, started by the first transform with this thread's
 * environment. At Go's default GOGC (100) it spends about as long collecting its heap as
 * minifying: on the 47 modules (14 MB) of a 1000-event registry, 1.4-1.6 s of its CPU a pass,
 * against 0.8 s at 400 (docs/performance.md, "esbuild's collector"), for ~25 MB more of its memory
 * at the peak. A GOGC the user set is theirs.
 */
export const ESBUILD_GOGC = "400";

/**
 * `call` with GOGC at ESBUILD_GOGC in this thread's environment while it runs, unless the user set
 * GOGC. The call that starts the service spawns it inside the call, synchronously, with the
 * environment of the moment (the synchronous call's through a worker thread made then, with a
 * copy of it); later calls find it running. The environment is as it was once the call returns,
 * so a test or a watch session running in this process sees no change.
 */
function withGogc<T>(call: () => T): T {
  if (process.env.GOGC !== undefined) return call();
  process.env.GOGC = ESBUILD_GOGC;
  try {
    return call();
  } finally {
    delete process.env.GOGC;
  }
}

export function minifyModule(code: string): string {
  return withGogc(() => loadEsbuild().transformSync(code, OPTIONS)).code;
}

export async function minifyModuleAsync(code: string): Promise<string> {
  return (await withGogc(() => loadEsbuild().transform(code, OPTIONS))).code;
}
