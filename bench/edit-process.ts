/**
 * One edit as a whole process, measured as a user meets it and as `npm run bench` times it: a cold
 * run wrote the output and the cache, then the bench's edit (generate.ts's editOneSchema) and
 * `generate` again on the same output folder. Every round starts from a snapshot of the cold run:
 * the cache copied back, the output hard-linked back at the path it was written to, so that each
 * file still has the identity the cache's output record holds (cache/output-record.ts), and the
 * registry left in place, the last round's edit undone, so that its other files keep the stat the
 * cache's registry record holds (load/stat-record.ts). A copied output or registry (new inodes)
 * misses those records, and the run then reads back every output file, or every registry file,
 * which a user's edit never does (docs/performance.md, "An edit's emit stages"). The cache's spare
 * output tree (cache/output-spare.ts) is put back as hard links too: its files are recognised by
 * their identity, as the output's are.
 *
 * `--after-edit`: the snapshot is taken after one more run, of an edit (undone before the rounds),
 * as a user's edit follows earlier ones: the cache then holds the output tree that run swapped out.
 *
 *   npx tsx bench/edit-process.ts <dir> <build> [<build> …] [--events 1000] [--rounds 4] [--after-edit] [-- <node flags>]
 *
 * A build is a checkout with dist/ built; each gets its own snapshot (the cache's entries are keyed
 * by the generator's code). Rounds alternate the builds' order. Printed per run: CPU time (user +
 * sys, threads and child processes), wall time and `--timings`' stage laps; per build, the medians.
 * Node flags (`--cpu-prof --cpu-prof-dir=<absolute dir>`) go to every edit run.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { SETTLED_NS } from "../generator/load/stat-record.js";
import { join, resolve, sep } from "node:path";
import { SPARE_FOLDER } from "../generator/cache/output-spare.js";
import { runProcess, type ProcessRun } from "./baselines.js";
import { median, roundOrder } from "./figures.js";
import { editOneSchema } from "./generate.js";
import { linkTree } from "./linked-copy.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";

/** Where a build's runs happen: `work` (registry, output, cache at the paths the cold run used) and its snapshot (output and cache). */
function places(dir: string, name: string) {
  const root = join(dir, name);
  const work = (snap = false) => {
    const base = snap ? join(root, "snap") : root;
    return { schemas: join(base, "schemas"), out: join(base, "out"), cache: join(base, "cache") };
  };
  return { root, run: work(), snap: work(true) };
}

function generateArgs(build: string, at: { schemas: string; out: string; cache: string }, nodeFlags: string[] = []): string[] {
  return [...nodeFlags, join(build, "bin/jetschema.js"), "generate", "--schemas", at.schemas, "--out", at.out, "--cache-dir", at.cache, "--timings"];
}

/**
 * The cold run at the work paths (and, `afterEdit`, one edit's run, the edit then undone), its
 * output and cache then moved aside as the snapshot (renames keep every file's identity). The
 * registry is copied in and left to settle first, so the cold run's stat record trusts its files
 * as it trusts a user's (written long before).
 */
async function snapshot(dir: string, name: string, build: string, registry: string, afterEdit: boolean): Promise<ProcessRun> {
  const { root, run, snap } = places(dir, name);
  rmSync(root, { recursive: true, force: true });
  cpSync(registry, run.schemas, { recursive: true });
  await sleep(Number(SETTLED_NS / 1_000_000n) + 100);
  const cold = await runProcess(generateArgs(build, run));
  if (afterEdit) {
    // A variant no round uses: each round's edit is new to the cache.
    const undo = editOneSchema(run.schemas, 1000);
    await runProcess(generateArgs(build, run));
    undo();
  }
  mkdirSync(join(root, "snap"));
  for (const part of ["out", "cache"] as const) renameSync(run[part], snap[part]);
  return cold;
}

/** The snapshot put back at the work paths, and the registry edited (a new variant each round, so the cache has not seen it); returns the undo. */
function restoreAndEdit(dir: string, name: string, variant: number): () => void {
  const { run, snap } = places(dir, name);
  for (const part of ["out", "cache"] as const) rmSync(run[part], { recursive: true, force: true });
  const spares = join(snap.cache, SPARE_FOLDER);
  cpSync(snap.cache, run.cache, { recursive: true, preserveTimestamps: true, filter: (from) => from !== spares && !from.startsWith(spares + sep) });
  if (existsSync(spares)) linkTree(spares, join(run.cache, SPARE_FOLDER));
  linkTree(snap.out, run.out);
  return editOneSchema(run.schemas, variant);
}

/** `--timings`' stage rows as stage -> ms. */
function laps(stderr: string): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const m of stderr.matchAll(/^ {2}([a-z][a-z ,-]*?) +(\d+) ms/gm)) rows[m[1]!] = Number(m[2]);
  return rows;
}

async function main(argv: string[]): Promise<void> {
  const dash = argv.indexOf("--");
  const nodeFlags = dash < 0 ? [] : argv.slice(dash + 1);
  const args = dash < 0 ? argv : argv.slice(0, dash);
  const option = (flag: string, fallback: number) => {
    const at = args.indexOf(flag);
    return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
  };
  const events = option("--events", 1000);
  const rounds = option("--rounds", 4);
  const afterEdit = args.includes("--after-edit");
  if (afterEdit) args.splice(args.indexOf("--after-edit"), 1);
  const [dir, ...builds] = args.map((a) => resolve(a));
  if (!dir || builds.length === 0) throw new Error("usage: npx tsx bench/edit-process.ts <dir> <build> [<build> …] [--events N] [--rounds N] [-- <node flags>]");
  const registry = join(dir, "registry");
  rmSync(registry, { recursive: true, force: true });
  writeSyntheticRegistry(registry, { events });
  const names = builds.map((_, i) => `build${i}`);
  for (const [i, build] of builds.entries()) {
    const cold = await snapshot(dir, names[i]!, build, registry, afterEdit);
    console.log(`${names[i]} ${build}: cold run ${Math.round(cold.ms)} ms wall, ${Math.round(cold.cpuMs)} ms CPU`);
  }
  const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
  const wall = new Map<string, number[]>(names.map((n) => [n, []]));
  // Given `-- --import <build>/bench/main-thread-cpu.mjs`, each run prints its main thread's CPU (the edit's critical path).
  const mainThread = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const i of roundOrder(round, [...builds.keys()])) {
      const undo = restoreAndEdit(dir, names[i]!, round);
      const run = await runProcess(generateArgs(builds[i]!, places(dir, names[i]!).run, nodeFlags));
      undo();
      cpu.get(names[i]!)!.push(run.cpuMs);
      wall.get(names[i]!)!.push(run.ms);
      const stages = Object.entries(laps(run.stderr)).map(([stage, ms]) => `${stage} ${ms}`).join(", ");
      const main = /^main thread (\d+) ms/m.exec(run.stderr);
      if (main) mainThread.get(names[i]!)!.push(Number(main[1]));
      console.log(`round ${round} ${names[i]}: ${Math.round(run.cpuMs)} ms CPU${main ? `, main thread ${main[1]} ms` : ""}, ${Math.round(run.ms)} ms wall | ${stages}`);
    }
  }
  for (const name of names) {
    const main = mainThread.get(name)!;
    const mainText = main.length ? `, main thread ${Math.round(median(main))} ms` : "";
    console.log(`${name}: median ${Math.round(median(cpu.get(name)!))} ms CPU${mainText}, ${Math.round(median(wall.get(name)!))} ms wall over ${rounds} edits`);
  }
}

await main(process.argv.slice(2));
