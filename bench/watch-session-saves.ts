/**
 * Saves in one watch session, in this process: what `generate --watch` does on a save, without
 * fs.watch and its 100 ms quiet wait, so a save's CPU time can be measured and profiled. Runs the
 * tree's build (dist/, `npm run build` first), so two trees compare by running each one's copy.
 *
 *   npx tsx bench/write-synthetic-registry.ts /tmp/reg1000 1000
 *   npx tsx bench/watch-session-saves.ts /tmp/reg1000 /tmp/out1000 10 [profile.cpuprofile]
 *
 * A first generate fills the cache and the session, two warm-up saves follow, then each counted
 * save changes the description of one event's version (as bench/watch.ts does). Prints the median
 * wall and CPU time (`process.cpuUsage`: every thread of the process) per save, and each save's:
 * the wall time ends with the output in place, as the watch's printed time does; the CPU time also
 * holds the cache's writes, which the watch does right after (GenerateSession.writeCache).
 * With a profile path, the counted saves are profiled (node:inspector, 0.5 ms sampling); summarise
 * it with bench/cpu-profile-summary.ts. The edited file is restored and generated once more at
 * the end, so the output folder is the registry's as it was.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [schemas, out, savesArg, profilePath] = process.argv.slice(2);
if (!schemas || !out) {
  console.error("usage: npx tsx bench/watch-session-saves.ts <registry> <out> [saves] [profile.cpuprofile]");
  process.exit(2);
}
const saves = Number(savesArg ?? 10);
const dist = (path: string) => pathToFileURL(join(import.meta.dirname, "..", "dist", "generator", path)).href;
const { generate } = await import(dist("generate-run.js"));
const { GenerateSession } = await import(dist("generate-session.js"));

const session = new GenerateSession();
const options = { schemas, out, cache: { dir: `${out}-cache` } };
await generate(options, session);
const edited = "order/entity0-0/created/1.0.json";
const file = join(schemas, edited);
const original = readFileSync(file, "utf8");
const profiler = profilePath ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.setSamplingInterval", { interval: 500 });
}
const wallMs: number[] = [];
const cpuMs: number[] = [];
const WARM_UP = 2;
for (let i = 0; i < WARM_UP + saves; i++) {
  const schema = JSON.parse(original) as { description?: string };
  schema.description = `Edited by bench/watch-session-saves.ts, save ${i}.`;
  writeFileSync(file, JSON.stringify(schema, null, 2));
  session.named.add(edited);
  // What the watch does while it waits out the save's burst of changes (cli/watch-folders.ts), before the run's time starts.
  session.sweepAhead?.();
  if (i === WARM_UP) await profiler?.post("Profiler.start");
  const cpu = process.cpuUsage();
  const start = performance.now();
  await generate(options, session);
  const wall = performance.now() - start;
  // As the watch does once it has printed the run's line (generate-command.ts): after the save's
  // time, which ends with the output in place, but in its CPU.
  session.writeCache();
  const used = process.cpuUsage(cpu);
  if (i < WARM_UP) continue;
  wallMs.push(wall);
  cpuMs.push((used.user + used.system) / 1000);
}
if (profiler && profilePath) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(profilePath, JSON.stringify(profile));
}
writeFileSync(file, original);
session.named.add(edited);
await generate(options, session);
await session.settle();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (values: number[]) => values.map((v) => Math.round(v)).join(" ");
console.log(`${saves} saves: median ${Math.round(median(wallMs))} ms wall, ${Math.round(median(cpuMs))} ms CPU per save`);
console.log(`wall: ${round(wallMs)}`);
console.log(`CPU:  ${round(cpuMs)}`);
