/**
 * Replays the cache calls bench/record-cache-calls.mjs recorded (a cold run's: ~16 500 at 1000
 * events) against a build's GeneratorCache on an empty cache folder, then flushes: the CPU of the
 * cache layer alone (keys, the store, the packs' writes), one thread, no workers. The first round
 * of a process is the one a cold run meets (code not yet optimised); the later rounds, warm.
 *   npx tsx bench/replay-cache-calls.ts <build> <calls.jsonl> [rounds]
 * Alternate builds process by process (A B A B …) and compare the rounds pair by pair.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GeneratorCache as Cache } from "../generator/cache/generator-cache.js";

const [build, calls, roundsArg] = process.argv.slice(2);
if (!build || !calls) {
  console.error("usage: npx tsx bench/replay-cache-calls.ts <build> <calls.jsonl> [rounds]");
  process.exit(2);
}
const { GeneratorCache } = (await import(pathToFileURL(resolve(build, "dist/generator/cache/generator-cache.js")).href)) as { GeneratorCache: typeof Cache };
type Call = ["get" | "key", string, string[]] | ["set", string, string[], string];
const recorded = readFileSync(calls, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Call);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const rounds: number[] = [];
for (let round = 0; round < Number(roundsArg ?? 3); round++) {
  const dir = mkdtempSync(join(tmpdir(), "replay-cache-"));
  const start = cpuMs();
  const cache = new GeneratorCache({ dir });
  for (const call of recorded) {
    if (call[0] === "get") cache.get(call[1], ...call[2]);
    else if (call[0] === "set") cache.set(call[1], call[2], call[3]);
    else cache.store.storedDigest(call[1], cache.key(call[1], ...call[2]));
  }
  cache.store.flush();
  rounds.push(cpuMs() - start);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${build}: ${recorded.length} calls; CPU ms per round: ${rounds.map(Math.round).join(" ")}`);
