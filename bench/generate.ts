/**
 * Generation benchmarks on synthetic registries (bench/synthetic-registry.ts), every run a whole
 * process (bench/baselines.ts): `node bin/jetschema.js generate` against the peers' scripts.
 *
 * - `generate` (N=1000, five rounds): a cold full generate (empty cache) against the
 *   do-it-yourself pipeline (json-schema-to-typescript formatted + ajv standalone code for every
 *   schema file) and quicktype producing types alone; a cold run that writes the cache against a
 *   `--no-cache` run; a no-op and one edit (two of each per round) against the cold full run;
 *   the emitted validator bytes per event against the budget; @asyncapi/modelina's
 *   models, reported. Every round runs each side once, a pair's two sides back to back, in
 *   reverse order in odd rounds; a ratio is the median of the rounds' own ratios, printed with
 *   their range and with the same ratio of CPU time (user + sys) beside the wall time's.
 * - `scaling` (N=100, 1000, 5000): cold full generates with their peak RSS: the peak at 5000
 *   events against 1 GiB, and time and memory per further event about flat (near-linear growth).
 * - `scaling-10k` (N=1000, 5000, 10000; only when named: `--only=scaling-10k`, minutes on two
 *   cores): the time and peak memory at 10000 events and how each grows per event, reported.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_TMP, runJetschema, runPeer, type Peer, type ProcessRun } from "./baselines.js";
import { sizeOf } from "./file-sizes.js";
import { figure, median, pairedFigure, pairedRatio, reported, roundOrder, type Figure } from "./figures.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";

/** The budget of emitted validator code per event (10 KB). */
const VALIDATOR_BYTES_PER_EVENT = 10_000;
/** The budget of peak memory for a cold full generate of 5000 events. */
const PEAK_MIB_AT_5000 = 1024;

/**
 * The edit of the "one schema edited" run: an optional property added to one event's latest
 * version, its `maxLength` varied by `variant`, so that edits after one cold run are each new to
 * the cache (the same edit again would be served from it). Returns a function that puts the
 * file back.
 */
export function editOneSchema(schemas: string, variant = 0): () => void {
  const events: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(schemas, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(rel ? `${rel}/${e.name}` : e.name);
      else if (/^\d+\.\d+\.json$/.test(e.name) && !events.includes(rel)) events.push(rel);
    }
  };
  walk("");
  const event = events.filter((e) => !e.startsWith("defs"))[Math.floor(events.length / 2)]!;
  const latest = readdirSync(join(schemas, event))
    .filter((f) => /^\d+\.\d+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .pop()!;
  const file = join(schemas, event, latest);
  const original = readFileSync(file, "utf8");
  const schema = JSON.parse(original) as { properties: Record<string, unknown> };
  schema.properties.bench_edit = { type: "string", maxLength: 64 + variant, description: "Added by the one-edit benchmark." };
  writeFileSync(file, JSON.stringify(schema, null, 2));
  return () => writeFileSync(file, original);
}

/**
 * A section's folders: the registry, and a folder of its own for each run (`run(name)`), so that
 * nothing is removed while the section measures: the whole tree goes at the section's end.
 *
 * Removing files right before a run slowed that run's file creations on the benchmark machine
 * (ext4 without a journal searches past every inode freed in the last minute as it creates one:
 * ~0.6-0.9 s more system time for a cold run's ~2130 files), which a user's cold run after a
 * checkout does not pay, and which moved each side's time by how much it, or the side before it,
 * had just removed (docs/performance.md, "The bench's removals").
 */
function dirs(name: string, events: number) {
  const root = join(BENCH_TMP, `${name}-${events}`);
  return { root, schemas: join(root, "schemas"), run: (label: string) => join(root, "runs", label) };
}

/** A cold full generate into a folder never used before: no cache, no earlier output to link from. */
function coldFull(folder: string, schemas: string): Promise<ProcessRun> {
  return runJetschema(schemas, join(folder, "out"), ["--cache-dir", join(folder, "cache")]);
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const mib = (runs: ProcessRun[]) => `${Math.round(Math.max(...runs.map((r) => r.rssMiB)))} MiB`;

type Side = "quicktype" | "modelina" | "diy" | "cold" | "uncached";
/**
 * One round's runs, in this order in even rounds and reversed in odd ones. The cold run sits
 * between the two baselines whose ratios are its targets, so each pair runs back to back: the
 * do-it-yourself pipeline right before it (or after), the `--no-cache` run right after it (or
 * before). The no-ops and edits follow the cold run, on its cache.
 */
const ROUND: readonly Side[] = ["quicktype", "modelina", "diy", "cold", "uncached"];

/** The `generate` section. */
export async function benchGenerate(quick: boolean): Promise<Figure[]> {
  const events = quick ? 100 : 1000;
  // Five rounds: one side's wall time moves by ±15–20% between identical runs on this machine,
  // and the median of five per-pair ratios is steadier than of three. The no-op and the edit
  // cost a second or three, so each round runs them twice (their median per round).
  const rounds = quick ? 2 : 5;
  const repeats = quick ? 1 : 2;
  const d = dirs("generate", events);
  const runs: Array<Record<Side, ProcessRun> & { noop: ProcessRun[]; edit: ProcessRun[] }> = [];
  const diySplit: Array<{ typesMs: number; validatorsMs: number }> = [];
  let validatorBytes = { bytes: 0, files: 0 };
  let diyValidatorBytes = 0;
  rmSync(d.root, { recursive: true, force: true });
  mkdirSync(d.root, { recursive: true });
  const versions = writeSyntheticRegistry(d.schemas, { events }).versions;
  // Every run writes into a new folder (dirs above): none removes anything before another's run.
  const peer = async (name: Peer, round: number) => {
    const out = d.run(`${name}-${round}`);
    const run = await runPeer(name, d.schemas, out);
    if (name === "diy") {
      diySplit.push(JSON.parse(run.stdout.trim().split("\n").pop()!) as (typeof diySplit)[0]);
      diyValidatorBytes = sizeOf(join(out, "validators"), ".cjs").bytes;
    }
    return run;
  };
  for (let i = 0; i < rounds; i++) {
    const round = { noop: [], edit: [] } as unknown as (typeof runs)[0];
    for (const side of roundOrder(i, ROUND)) {
      if (side === "cold") {
        const folder = d.run(`cold-${i}`);
        const out = join(folder, "out");
        const cached = ["--cache-dir", join(folder, "cache")];
        round.cold = await coldFull(folder, d.schemas);
        validatorBytes = sizeOf(join(out, "validators"), ".js");
        for (let k = 0; k < repeats; k++) {
          const noop = await runJetschema(d.schemas, out, cached);
          if (!noop.stdout.includes("up to date")) throw new Error(`the no-op run was not up to date:\n${noop.stdout}`);
          round.noop.push(noop);
        }
        for (let k = 0; k < repeats; k++) {
          const undo = editOneSchema(d.schemas, k);
          try {
            round.edit.push(await runJetschema(d.schemas, out, cached));
          } finally {
            undo();
          }
        }
      } else if (side === "uncached") {
        round.uncached = await runJetschema(d.schemas, d.run(`uncached-${i}`), ["--no-cache"]);
      } else {
        round[side] = await peer(side, i);
      }
    }
    runs.push(round);
  }
  rmSync(d.root, { recursive: true, force: true });
  const at = `N=${events} events (${versions} versions)`;
  const cold = (against: (r: (typeof runs)[0]) => ProcessRun[]) => runs.map((r) => ({ subject: [r.cold], baseline: against(r) }));
  const versus = (subject: (r: (typeof runs)[0]) => ProcessRun[], baseline: (r: (typeof runs)[0]) => ProcessRun[]) => runs.map((r) => ({ subject: subject(r), baseline: baseline(r) }));
  const diyNote = `DIY split: json-schema-to-typescript ${fmtMs(median(diySplit.map((s) => s.typesMs)))}, ajv ${fmtMs(median(diySplit.map((s) => s.validatorsMs)))}; peak RSS DIY ${mib(runs.map((r) => r.diy))}, jetschema ${mib(runs.map((r) => r.cold))}`;
  return [
    paired(`generate ${at}: cold full (empty cache) vs the do-it-yourself pipeline (json-schema-to-typescript + ajv standalone)`, cold((r) => [r.diy]), { op: "<=", ratio: 0.5 }, diyNote),
    paired(`generate ${at}: cold full vs quicktype types alone`, cold((r) => [r.quicktype]), { op: "<=", ratio: 1.0 }, `quicktype peak RSS ${mib(runs.map((r) => r.quicktype))}`),
    paired(`generate ${at}: cold full vs @asyncapi/modelina TypeScript models`, cold((r) => [r.modelina]), undefined, `modelina peak RSS ${mib(runs.map((r) => r.modelina))}`),
    paired(`generate ${at}: cold run writing the cache vs --no-cache`, cold((r) => [r.uncached]), { op: "<=", ratio: 1.1 }),
    paired(`generate ${at}: no-op (nothing changed) vs cold full`, versus((r) => r.noop, (r) => [r.cold]), { op: "<=", ratio: 0.05 }),
    paired(`generate ${at}: one schema edited vs cold full`, versus((r) => r.edit, (r) => [r.cold]), { op: "<=", ratio: 0.1 }, "edit: an optional property added to one event's latest version"),
    figure(
      `generate ${at}: emitted validator bytes per event vs the 10 KB budget`,
      validatorBytes.bytes / events,
      VALIDATOR_BYTES_PER_EVENT,
      "bytes",
      "<=",
      1.0,
      `${(validatorBytes.bytes / 1e6).toFixed(1)} MB in ${validatorBytes.files} modules; the DIY pipeline's ajv standalone code: ${Math.round(diyValidatorBytes / events / 1000)} KB per event`,
    ),
  ];
}

/**
 * A wall-time figure over rounds of runs (each side's runs of a round taken as their median):
 * the median of the per-round ratios, with the CPU time's ratio, taken the same way, beside it.
 * The target is the wall time's (what a user waits); the CPU time shows whether a ratio moved
 * with the work done or with the machine's load.
 */
function paired(name: string, rounds: Array<{ subject: ProcessRun[]; baseline: ProcessRun[] }>, target: { op: ">=" | "<="; ratio: number } | undefined, note?: string): Figure {
  const pairs = (key: "ms" | "cpuMs") => rounds.map((r) => ({ subject: median(r.subject.map((run) => run[key])), baseline: median(r.baseline.map((run) => run[key])) }));
  const cpu = pairedRatio(pairs("cpuMs"));
  const cpuNote = `CPU ${fmtMs(cpu.subject)} vs ${fmtMs(cpu.baseline)}, ratio ${cpu.ratio.toFixed(3)} (${cpu.low.toFixed(3)}–${cpu.high.toFixed(3)})`;
  return pairedFigure(name, pairs("ms"), "ms", target, note ? `${cpuNote}; ${note}` : cpuNote);
}

interface ScalingRow {
  events: number;
  /** Medians over the rounds. */
  ms: number;
  cpuMs: number;
  rssMiB: number;
  /** The highest peak of the rounds: what the memory budget is held to. */
  maxRssMiB: number;
}

/**
 * A cold full run at each size, `rounds` times, the sizes in turn (in even rounds smallest first,
 * in odd ones largest first), each row the medians of its size's runs. The marginal ratio is made
 * of differences between sizes, each size measured once at a different moment: with one round it
 * read 1.24, 1.12 and 1.36 in three back-to-back runs of one build (0.66-1.36 across recorded
 * runs), the machine's state moving a 30 s run at 5000 events by ±10%.
 */
async function scalingRows(sizes: number[], withNoop: boolean, rounds = 1): Promise<ScalingRow[]> {
  const all = sizes.map((events) => dirs("scaling", events));
  for (const d of all) rmSync(d.root, { recursive: true, force: true });
  for (const [i, events] of sizes.entries()) writeSyntheticRegistry(all[i]!.schemas, { events });
  const runs: ProcessRun[][] = sizes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const i of roundOrder(round, [...sizes.keys()])) {
      // Each run's folders stay until the last one has run (dirs above).
      const d = all[i]!;
      const folder = d.run(`cold-${round}`);
      const f = await coldFull(folder, d.schemas);
      runs[i]!.push(f);
      const noop = withNoop && round === 0 ? `, no-op ${fmtMs((await runJetschema(d.schemas, join(folder, "out"), ["--cache-dir", join(folder, "cache")])).ms)}` : "";
      const events = sizes[i]!;
      console.log(`  N=${events}: cold full ${fmtMs(f.ms)} (${(f.ms / events).toFixed(1)} ms/event), CPU ${fmtMs(f.cpuMs)}, peak RSS ${Math.round(f.rssMiB)} MiB (${((f.rssMiB * 1024) / events).toFixed(0)} KiB/event)${noop}`);
    }
  }
  for (const d of all) rmSync(d.root, { recursive: true, force: true });
  return sizes.map((events, i) => {
    const of = (key: "ms" | "cpuMs" | "rssMiB") => median(runs[i]!.map((run) => run[key]));
    return { events, ms: of("ms"), cpuMs: of("cpuMs"), rssMiB: of("rssMiB"), maxRssMiB: Math.max(...runs[i]!.map((run) => run.rssMiB)) };
  });
}

/**
 * What each further event costs (time, memory) between the two larger sizes, against the two
 * smaller ones: a fixed start-up cost (prettier's plugins, the JIT, the base heap) would hide
 * growth in a plain ratio of totals.
 */
function marginal(rows: ScalingRow[], target: number | undefined): Figure[] {
  const [a, b, c] = rows as [ScalingRow, ScalingRow, ScalingRow];
  const span = `N=${a.events}→${b.events}→${c.events}`;
  const step = (key: "ms" | "rssMiB", name: string, unit: string, note: string) => {
    const args = [`scaling ${span}: marginal ${name} per event, upper vs lower step`, (c[key] - b[key]) / (c.events - b.events), (b[key] - a[key]) / (b.events - a.events), unit] as const;
    return target === undefined ? reported(...args, note) : figure(...args, "<=", target, note);
  };
  return [
    step("ms", "cold full-generate time", "ms/event", rows.map((r) => `${r.events}: ${fmtMs(r.ms)}`).join(", ")),
    step("rssMiB", "peak RSS", "MiB/event", rows.map((r) => `${r.events}: ${Math.round(r.rssMiB)} MiB`).join(", ")),
  ];
}

/** The `scaling` section: cold full generates at 100, 1000, 5000 events. */
export async function benchScaling(quick: boolean): Promise<Figure[]> {
  const rounds = quick ? 1 : 3;
  const rows = await scalingRows(quick ? [50, 100, 250] : [100, 1000, 5000], true, rounds);
  const largest = rows[rows.length - 1]!;
  return [
    ...marginal(rows, 1.25),
    ...(quick ? [] : [figure(`scaling N=${largest.events}: peak RSS of a cold full generate vs 1 GiB`, largest.maxRssMiB, PEAK_MIB_AT_5000, "MiB", "<=", 1.0, `the highest of ${rounds} runs (median ${Math.round(largest.rssMiB)} MiB); ${fmtMs(largest.ms)} wall, ${fmtMs(largest.cpuMs)} CPU, medians`)]),
  ];
}

/** The `scaling-10k` section: cold full generates at 1000, 5000, 10000 events, reported. */
export async function benchScaling10k(quick: boolean): Promise<Figure[]> {
  const rows = await scalingRows(quick ? [100, 500, 1000] : [1000, 5000, 10000], false);
  const [, b, c] = rows as [ScalingRow, ScalingRow, ScalingRow];
  const perEvent = (r: ScalingRow, key: "ms" | "rssMiB") => r[key] / r.events;
  return [
    reported(`scaling N=${c.events}: cold full-generate time per event vs at N=${b.events}`, perEvent(c, "ms"), perEvent(b, "ms"), "ms/event", `${fmtMs(c.ms)} vs ${fmtMs(b.ms)}; CPU ${fmtMs(c.cpuMs)} vs ${fmtMs(b.cpuMs)}`),
    reported(`scaling N=${c.events}: peak RSS per event vs at N=${b.events}`, perEvent(c, "rssMiB"), perEvent(b, "rssMiB"), "MiB/event", `${Math.round(c.rssMiB)} MiB vs ${Math.round(b.rssMiB)} MiB`),
    ...marginal(rows, undefined),
  ];
}
