/**
 * Sums a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=<dir> …`, one file per thread) by self
 * time per package or file, and per function: where a thread's time went, without a viewer.
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [rows]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [rows]");
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

/** A package under node_modules by its name, our own code by its path, V8's pseudo-frames by name. */
function place(frame: ProfileNode["callFrame"]): string {
  if (!frame.url) return frame.functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  return pkg ? `npm:${pkg[1]}` : frame.url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const frame = nodes.get(id)!.callFrame;
  const where = place(frame);
  const fn = `${frame.functionName || "(anonymous)"} ${where}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
  byPlace.set(where, (byPlace.get(where) ?? 0) + micros);
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  total += micros;
});

const table = (title: string, sums: Map<string, number>) => {
  console.log(`--- self time by ${title}`);
  for (const [name, micros] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms of samples`);
table("package or file", byPlace);
table("function", byFunction);
