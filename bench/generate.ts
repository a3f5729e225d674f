/**
 * Generation benchmarks on synthetic registries (bench/synthetic-registry.ts), every run a whole
 * process (bench/baselines.ts): `node bin/jetschema.js generate` against the peers' scripts.
 *
 * - `generate` (N=1000, three rounds, medians): a cold full generate (empty cache) against the
 *   do-it-yourself pipeline (json-schema-to-typescript formatted + ajv standalone code for every
 *   schema file) and quicktype producing types alone; a cold run that writes the cache against a
 *   `--no-cache` run; a no-op and one edit against the cold full run; the emitted validator
 *   bytes per event against the issue's budget; @asyncapi/modelina's models, reported.
 * - `scaling` (N=100, 1000, 5000): cold full generates with their peak RSS: the peak at 5000
 *   events against 1 GiB, and time and memory per further event about flat (near-linear growth).
 * - `scaling-10k` (N=1000, 5000, 10000; only when named: `--only=scaling-10k`, minutes on two
 *   cores): the time and peak memory at 10000 events and how each grows per event, reported.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_TMP, runJetschema, runPeer, type Peer, type ProcessRun } from "./baselines.js";
import { sizeOf } from "./file-sizes.js";
import { figure, median, reported, type Figure } from "./figures.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";

/** The budget of emitted validator code per event (10 KB). */
const VALIDATOR_BYTES_PER_EVENT = 10_000;
/** The budget of peak memory for a cold full generate of 5000 events. */
const PEAK_MIB_AT_5000 = 1024;

/**
 * The edit of the "one schema edited" run: an optional property added to one event's latest
 * version. Returns a function that puts the file back.
 */
export function editOneSchema(schemas: string): () => void {
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
  schema.properties.bench_edit = { type: "string", maxLength: 64, description: "Added by the one-edit benchmark." };
  writeFileSync(file, JSON.stringify(schema, null, 2));
  return () => writeFileSync(file, original);
}

function dirs(name: string, events: number) {
  const root = join(BENCH_TMP, `${name}-${events}`);
  return { root, schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache"), peers: join(root, "peers") };
}

/** A cold full generate: empty cache (written by the run), no earlier output to link from. */
function coldFull(d: ReturnType<typeof dirs>): Promise<ProcessRun> {
  rmSync(d.out, { recursive: true, force: true });
  rmSync(d.cache, { recursive: true, force: true });
  return runJetschema(d.schemas, d.out, ["--cache-dir", d.cache]);
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const mib = (runs: ProcessRun[]) => `${Math.round(Math.max(...runs.map((r) => r.rssMiB)))} MiB`;

/** The `generate` section. */
export async function benchGenerate(quick: boolean): Promise<Figure[]> {
  const events = quick ? 100 : 1000;
  const rounds = quick ? 1 : 3;
  const d = dirs("generate", events);
  const runs = { full: [] as ProcessRun[], uncached: [] as ProcessRun[], noop: [] as ProcessRun[], edit: [] as ProcessRun[] };
  const peers: Record<Peer, ProcessRun[]> = { diy: [], quicktype: [], modelina: [] };
  const diySplit: Array<{ typesMs: number; validatorsMs: number }> = [];
  let versions = 0;
  let validatorBytes = { bytes: 0, files: 0 };
  let diyValidatorBytes = 0;
  rmSync(d.root, { recursive: true, force: true });
  mkdirSync(d.root, { recursive: true });
  versions = writeSyntheticRegistry(d.schemas, { events }).versions;
  for (let i = 0; i < rounds; i++) {
    const jetschema = async () => {
      if (i % 2 === 1) {
        rmSync(d.out, { recursive: true, force: true });
        runs.uncached.push(await runJetschema(d.schemas, d.out, ["--no-cache"]));
      }
      runs.full.push(await coldFull(d));
      validatorBytes = sizeOf(join(d.out, "validators"), ".js");
      const noop = await runJetschema(d.schemas, d.out, ["--cache-dir", d.cache]);
      if (!noop.stdout.includes("up to date")) throw new Error(`the no-op run was not up to date:\n${noop.stdout}`);
      runs.noop.push(noop);
      const undo = editOneSchema(d.schemas);
      try {
        runs.edit.push(await runJetschema(d.schemas, d.out, ["--cache-dir", d.cache]));
      } finally {
        undo();
      }
      if (i % 2 === 0) {
        rmSync(d.out, { recursive: true, force: true });
        runs.uncached.push(await runJetschema(d.schemas, d.out, ["--no-cache"]));
      }
    };
    const baselines = async () => {
      for (const peer of ["diy", "quicktype", "modelina"] as const) {
        const out = join(d.peers, peer);
        const run = await runPeer(peer, d.schemas, out);
        peers[peer].push(run);
        if (peer === "diy") {
          diySplit.push(JSON.parse(run.stdout.trim().split("\n").pop()!) as (typeof diySplit)[0]);
          diyValidatorBytes = sizeOf(join(out, "validators"), ".cjs").bytes;
        }
        rmSync(out, { recursive: true, force: true });
      }
    };
    // Alternated (ABAB...), so drift of a shared machine affects both sides alike.
    if (i % 2 === 1) await baselines();
    await jetschema();
    if (i % 2 === 0) await baselines();
  }
  rmSync(d.root, { recursive: true, force: true });
  const ms = (list: ProcessRun[]) => median(list.map((r) => r.ms));
  const F = ms(runs.full);
  const at = `N=${events} events (${versions} versions)`;
  const diyNote = `DIY ${fmtMs(ms(peers.diy))} (json-schema-to-typescript ${fmtMs(median(diySplit.map((s) => s.typesMs)))}, ajv ${fmtMs(median(diySplit.map((s) => s.validatorsMs)))}), peak RSS ${mib(peers.diy)}; jetschema peak RSS ${mib(runs.full)}`;
  return [
    figure(`generate ${at}: cold full (empty cache) vs the do-it-yourself pipeline (json-schema-to-typescript + ajv standalone)`, F, ms(peers.diy), "ms", "<=", 0.5, diyNote),
    figure(`generate ${at}: cold full vs quicktype types alone`, F, ms(peers.quicktype), "ms", "<=", 1.0, `quicktype peak RSS ${mib(peers.quicktype)}`),
    reported(`generate ${at}: cold full vs @asyncapi/modelina TypeScript models`, F, ms(peers.modelina), "ms", `modelina peak RSS ${mib(peers.modelina)}`),
    figure(`generate ${at}: cold run writing the cache vs --no-cache`, F, ms(runs.uncached), "ms", "<=", 1.1),
    figure(`generate ${at}: no-op (nothing changed) vs cold full`, ms(runs.noop), F, "ms", "<=", 0.05),
    figure(`generate ${at}: one schema edited vs cold full`, ms(runs.edit), F, "ms", "<=", 0.1, "edit: an optional property added to one event's latest version"),
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

interface ScalingRow {
  events: number;
  ms: number;
  rssMiB: number;
}

async function scalingRows(sizes: number[], withNoop: boolean): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  for (const events of sizes) {
    const d = dirs("scaling", events);
    rmSync(d.root, { recursive: true, force: true });
    writeSyntheticRegistry(d.schemas, { events });
    const f = await coldFull(d);
    const noop = withNoop ? `, no-op ${fmtMs((await runJetschema(d.schemas, d.out, ["--cache-dir", d.cache])).ms)}` : "";
    rows.push({ events, ms: f.ms, rssMiB: f.rssMiB });
    console.log(`  N=${events}: cold full ${fmtMs(f.ms)} (${(f.ms / events).toFixed(1)} ms/event), peak RSS ${Math.round(f.rssMiB)} MiB (${((f.rssMiB * 1024) / events).toFixed(0)} KiB/event)${noop}`);
    rmSync(d.root, { recursive: true, force: true });
  }
  return rows;
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
  const rows = await scalingRows(quick ? [50, 100, 250] : [100, 1000, 5000], true);
  const largest = rows[rows.length - 1]!;
  return [
    ...marginal(rows, 1.25),
    ...(quick ? [] : [figure(`scaling N=${largest.events}: peak RSS of a cold full generate vs 1 GiB`, largest.rssMiB, PEAK_MIB_AT_5000, "MiB", "<=", 1.0, `${fmtMs(largest.ms)}`)]),
  ];
}

/** The `scaling-10k` section: cold full generates at 1000, 5000, 10000 events, reported. */
export async function benchScaling10k(quick: boolean): Promise<Figure[]> {
  const rows = await scalingRows(quick ? [100, 500, 1000] : [1000, 5000, 10000], false);
  const [, b, c] = rows as [ScalingRow, ScalingRow, ScalingRow];
  const perEvent = (r: ScalingRow, key: "ms" | "rssMiB") => r[key] / r.events;
  return [
    reported(`scaling N=${c.events}: cold full-generate time per event vs at N=${b.events}`, perEvent(c, "ms"), perEvent(b, "ms"), "ms/event", `${fmtMs(c.ms)} vs ${fmtMs(b.ms)}`),
    reported(`scaling N=${c.events}: peak RSS per event vs at N=${b.events}`, perEvent(c, "rssMiB"), perEvent(b, "rssMiB"), "MiB/event", `${Math.round(c.rssMiB)} MiB vs ${Math.round(b.rssMiB)} MiB`),
    ...marginal(rows, undefined),
  ];
}
