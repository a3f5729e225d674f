import type { Command } from "commander";
import { resolve, sep } from "node:path";
import { checkGenerated, generate } from "../generate-run.js";
import type { GenerateOptions } from "../pipeline.js";
import { defaultCacheDir } from "../cache/generator-cache.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";
import { StageTimings } from "../base/timings.js";
import { watchFolders } from "./watch-folders.js";
import { GenerateSession } from "../generate-session.js";
import { boundHeapGrowth } from "../base/heap-growth.js";
import { optimizeLater } from "../base/optimize-later.js";
import { roomInWorkerOldGenerations } from "../base/worker-old-generation.js";

interface GenerateFlags {
  schemas: string;
  out: string;
  templates?: string;
  check?: boolean;
  watch?: boolean;
  cache: boolean;
  cacheDir?: string;
  timings?: boolean;
}

export function registerGenerate(program: Command, io: Io): void {
  program
    .command("generate")
    .description("generate the typed event package from a registry")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--out <dir>", "output folder (replaced atomically)", "generated")
    .option("--templates <dir>", "folder with Handlebars templates overriding the built-in ones")
    .option("--check", "write nothing; exit 1 and list the files that differ when the output is stale")
    .option("--watch", "generate, then again whenever a registry file (or a --templates file) changes, until Ctrl-C")
    .option("--cache-dir <dir>", "where to keep the cache of earlier runs (default: node_modules/.cache/jetschema)")
    .option("--no-cache", "neither read nor write the cache: render everything from scratch")
    .option("--timings", "print the time each stage took (to stderr)")
    .action(async (opts: GenerateFlags) => {
      if (opts.watch && opts.check) {
        io.err("--watch and --check do not go together: --check answers once, --watch keeps generating");
        io.exit(EXIT.USAGE);
        return;
      }
      // The template reader is loaded only for a --templates folder.
      const templateProblems = opts.templates ? (await import("../load/templates.js")).templateFolderProblems(opts.templates) : [];
      if (templateProblems.length > 0) {
        for (const problem of templateProblems) io.err(problem);
        io.exit(EXIT.USAGE);
        return;
      }
      boundHeapGrowth();
      roomInWorkerOldGenerations();
      optimizeLater();
      if (opts.check) return checkOnce(opts, io);
      if (!opts.watch) return generateOnce(opts, io);
      return generateAndWatch(opts, io);
    });
}

function optionsOf(opts: GenerateFlags, timings: StageTimings | undefined): GenerateOptions {
  return {
    schemas: opts.schemas,
    out: opts.out,
    ...(opts.templates ? { templates: opts.templates } : {}),
    ...(opts.cache ? { cache: { dir: opts.cacheDir ?? defaultCacheDir() } } : {}),
    ...(timings ? { timings } : {}),
  };
}

async function checkOnce(opts: GenerateFlags, io: Io): Promise<void> {
  try {
    const differing = await checkGenerated(optionsOf(opts, undefined));
    if (differing.length > 0) {
      io.err(`${opts.out} is stale: ${differing.length} file(s) differ from what the registry generates:`);
      for (const f of differing) io.err(`  ${f}`);
      io.err(`run: jetschema generate --schemas ${opts.schemas} --out ${opts.out}`);
      io.exit(EXIT.INVALID);
      return;
    }
    io.out(`${opts.out} is up to date with ${opts.schemas}`);
  } catch (err) {
    reportFailure(io, err);
  }
}

async function generateOnce(opts: GenerateFlags, io: Io, session?: GenerateSession): Promise<void> {
  const timings = opts.timings ? new StageTimings() : undefined;
  try {
    const started = performance.now();
    const { files, upToDate, leftovers } = await generate(optionsOf(opts, timings), session);
    const ms = Math.round(performance.now() - started);
    for (const left of leftovers ?? []) io.err(`note: a folder an earlier run left beside ${opts.out} cannot be removed, remove it by hand: ${left}`);
    if (upToDate) io.out(`${opts.out} is up to date with ${opts.schemas}: ${files} files, nothing rewritten (${ms} ms)`);
    else io.out(`generated ${files} files in ${opts.out} from ${opts.schemas} in ${ms} ms`);
    if (timings) io.err(`stage timings:\n${timings.report()}`);
  } catch (err) {
    reportFailure(io, err);
  }
  // Reported first: the run's output is in place, its cache entries follow.
  session?.writeCache();
}

/**
 * Generates, then again after every change, until SIGINT or SIGTERM (exit 0). A run that fails
 * reports its problems as a single run would and leaves the output as it was; the next change
 * tries again. Only .json files count under the registry folder (the generator reads nothing
 * else there); every file counts under --templates.
 */
async function generateAndWatch(opts: GenerateFlags, io: Io): Promise<void> {
  // A failed run is reported, not the end: the exit code belongs to the stop.
  const runIo: Io = { out: io.out, err: io.err, exit: () => undefined };
  // Kept between runs: a save re-reads and re-renders what changed (generate-session.ts).
  const session = new GenerateSession();
  await generateOnce(opts, runIo, session);
  const registryFile = (file: string | null) => {
    if (file === null || !file.endsWith(".json")) return file === null;
    session.named.add(file.split(sep).join("/"));
    return true;
  };
  const missing = (name: string) => () => runIo.err(`${name} is missing: waiting for it to come back (Ctrl-C to stop)`);
  const folders = [{ dir: resolve(opts.schemas), relevant: registryFile, missing: missing(`the registry folder ${opts.schemas}`) }];
  if (opts.templates) folders.push({ dir: resolve(opts.templates), relevant: () => true, missing: missing(`the templates folder ${opts.templates}`) });
  let failed: (err: Error) => void = () => undefined;
  const stopped = new Promise<number>((stop) => {
    process.once("SIGINT", () => stop(EXIT.OK));
    process.once("SIGTERM", () => stop(EXIT.OK));
    // The platform gave up watching (a folder that went away is waited for, watch-folders.ts): say so and end, not hang.
    failed = (err) => {
      io.err(`watching ${opts.schemas} failed: ${err.message}`);
      stop(EXIT.USAGE);
    };
  });
  // The run's `stat` calls are made while a burst is waited out (GenerateSession.sweepAhead).
  const watching = watchFolders(folders, () => generateOnce(opts, runIo, session), { onError: (err) => failed(err), ahead: () => session.sweepAhead() });
  io.out(`watching ${opts.schemas}${opts.templates ? ` and ${opts.templates}` : ""} for changes (Ctrl-C to stop)`);
  const code = await stopped;
  await watching.close();
  await session.settle();
  io.out("stopped watching");
  io.exit(code);
}
