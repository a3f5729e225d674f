/**
 * Generation benchmarks on synthetic registries (bench/synthetic-registry.ts):
 *
 * - `generate`: a full generate (types, validators, helpers, subjects, docs; empty cache) against
 *   quicktype producing TypeScript types alone and json-schema-to-typescript alone (formatted);
 *   a no-op generate (nothing changed) and a generate after one schema edit, against the full one.
 * - `scaling`: full generates of growing registries with their peak RSS: time and memory per
 *   event must stay about flat (near-linear growth).
 *
 * jetschema is measured as users run it: the compiled generator in dist/ (built by `npm run bench`).
 * Every measurement runs in a fresh child process (`node <tsx> bench/generate.ts --child ...`), so
 * no run inherits another's JIT or heap, and the child's peak RSS is its own. Times are measured
 * inside the child around the call (module loading excluded, for jetschema and baselines alike).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { figure, median, type Figure } from "./figures.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";

const THIS_FILE = fileURLToPath(import.meta.url);
const ROOT = join(THIS_FILE, "..", "..");
/** Inside the repository (gitignored /tmp/): generated packages resolve @jetschema/runtime and ajv from it. */
export const BENCH_TMP = join(ROOT, "tmp", "bench");

type ChildMode = "full" | "full-nocache" | "noop" | "edit" | "quicktype" | "jstt";

interface ChildArgs {
  mode: ChildMode;
  schemas: string;
  out: string;
  cache: string;
}

export interface ChildResult {
  ms: number;
  /** Peak resident set size of the child, MiB. */
  rssMiB: number;
  upToDate?: boolean;
  files?: number;
}

/** Runs one measurement in a fresh process with the same loader (tsx) as this one. */
export function runChild(args: ChildArgs): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, THIS_FILE, "--child", JSON.stringify(args)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) return reject(new Error(`bench child ${args.mode} failed (exit ${code}):\n${err || out}`));
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

/** The edit of the "one schema edited" run: an optional property added to one event's latest version. */
export function editOneSchema(schemas: string): string {
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
  const schema = JSON.parse(readFileSync(file, "utf8")) as { properties: Record<string, unknown> };
  schema.properties.bench_edit = { type: "string", maxLength: 64, description: "Added by the one-edit benchmark." };
  writeFileSync(file, JSON.stringify(schema, null, 2));
  return `${event}/${latest}`;
}

async function child(args: ChildArgs): Promise<void> {
  // Imported here, so the parent (the bench harness) does not load the generator twice. The built
  // generator (dist/, `npm run bench` builds it first), as users run it: from the TypeScript
  // sources, every worker thread it starts would first have tsx compile the generator's modules.
  const { generate } = (await import(pathToFileURL(join(ROOT, "dist", "generator", "pipeline.js")).href)) as typeof import("../generator/pipeline.js");
  const { jsonSchemaToTypescript, quicktypeTypes } = await import("./baselines.js");
  let result: Omit<ChildResult, "rssMiB">;
  const timed = async (f: () => Promise<{ files: number; upToDate: boolean }>) => {
    const started = performance.now();
    const r = await f();
    return { ms: performance.now() - started, ...r };
  };
  switch (args.mode) {
    case "full":
      rmSync(args.cache, { recursive: true, force: true });
      result = await timed(() => generate({ schemas: args.schemas, out: args.out, cache: { dir: args.cache } }));
      break;
    case "full-nocache":
      result = await timed(() => generate({ schemas: args.schemas, out: args.out }));
      break;
    case "noop":
      result = await timed(() => generate({ schemas: args.schemas, out: args.out, cache: { dir: args.cache } }));
      if (!result.upToDate) throw new Error("the no-op run was not up to date");
      break;
    case "edit":
      editOneSchema(args.schemas);
      result = await timed(() => generate({ schemas: args.schemas, out: args.out, cache: { dir: args.cache } }));
      break;
    case "quicktype":
      result = { ms: await quicktypeTypes(args.schemas) };
      break;
    case "jstt":
      result = { ms: await jsonSchemaToTypescript(args.schemas) };
      break;
  }
  console.log(JSON.stringify({ ...result, rssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function dirs(name: string, events: number) {
  const root = join(BENCH_TMP, `${name}-${events}`);
  return { root, schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** The `generate` section: full vs quicktype and jstt, no-op / full, one edit / full. */
export async function benchGenerate(quick: boolean): Promise<Figure[]> {
  const events = quick ? 100 : 1000;
  const rounds = quick ? 1 : 3;
  const d = dirs("generate", events);
  const qt: number[] = [];
  const jstt: number[] = [];
  const full: number[] = [];
  const uncached: number[] = [];
  const noop: number[] = [];
  const edit: number[] = [];
  let rss = 0;
  let versions = 0;
  for (let i = 0; i < rounds; i++) {
    rmSync(d.root, { recursive: true, force: true });
    mkdirSync(d.root, { recursive: true });
    versions = writeSyntheticRegistry(d.schemas, { events }).versions;
    const baselines = async () => {
      qt.push((await runChild({ mode: "quicktype", ...d })).ms);
      jstt.push((await runChild({ mode: "jstt", ...d })).ms);
    };
    if (i % 2 === 1) await baselines();
    const f = await runChild({ mode: "full", ...d });
    full.push(f.ms);
    rss = Math.max(rss, f.rssMiB);
    noop.push((await runChild({ mode: "noop", ...d })).ms);
    edit.push((await runChild({ mode: "edit", ...d })).ms);
    if (i % 2 === 0) await baselines();
    // The cache's overhead on a cold run: the same full generate with --no-cache (registry as edited).
    if (i === 0) uncached.push((await runChild({ mode: "full-nocache", ...d })).ms);
  }
  rmSync(d.root, { recursive: true, force: true });
  const F = median(full);
  const at = `N=${events} events (${versions} versions)`;
  const note = `full ${fmtMs(F)}, --no-cache ${fmtMs(median(uncached))}, peak RSS ${Math.round(rss)} MiB`;
  return [
    figure(`generate ${at}: full (empty cache) vs quicktype types alone`, F, median(qt), "ms", "<=", 0.5, note),
    figure(`generate ${at}: full vs json-schema-to-typescript alone (formatted)`, F, median(jstt), "ms", "<=", 1.0),
    figure(`generate ${at}: no-op (nothing changed) vs full`, median(noop), F, "ms", "<=", 0.05),
    figure(`generate ${at}: one schema edited vs full`, median(edit), F, "ms", "<=", 0.1, `edit: an optional property added to one event's latest version`),
  ];
}

/** The `scaling` section: full generates at growing N, time and peak RSS per event. */
export async function benchScaling(quick: boolean): Promise<Figure[]> {
  const sizes = quick ? [50, 100, 250] : [100, 1000, 5000];
  const rows: Array<{ events: number; ms: number; rssMiB: number; noop: number }> = [];
  for (const events of sizes) {
    const d = dirs("scaling", events);
    rmSync(d.root, { recursive: true, force: true });
    writeSyntheticRegistry(d.schemas, { events });
    const f = await runChild({ mode: "full", ...d });
    const n = await runChild({ mode: "noop", ...d });
    rows.push({ events, ms: f.ms, rssMiB: f.rssMiB, noop: n.ms });
    console.log(`  N=${events}: full ${fmtMs(f.ms)} (${(f.ms / events).toFixed(1)} ms/event), peak RSS ${Math.round(f.rssMiB)} MiB, no-op ${fmtMs(n.ms)}`);
    rmSync(d.root, { recursive: true, force: true });
  }
  // Near-linear: what each further event costs (time, memory) must not grow with N. The marginal
  // cost between the two larger sizes is compared with that between the two smaller ones (a fixed
  // start-up cost, prettier's plugins, the JIT, the base heap, would hide growth in a plain ratio).
  const [a, b, c] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
  const span = `N=${a.events}→${b.events}→${c.events}`;
  const figures: Figure[] = [
    figure(
      `scaling ${span}: marginal full-generate time per event, upper vs lower step`,
      (c.ms - b.ms) / (c.events - b.events),
      (b.ms - a.ms) / (b.events - a.events),
      "ms/event",
      "<=",
      1.25,
      rows.map((r) => `${r.events}: ${fmtMs(r.ms)}`).join(", "),
    ),
    figure(
      `scaling ${span}: marginal peak RSS per event, upper vs lower step`,
      (c.rssMiB - b.rssMiB) / (c.events - b.events),
      (b.rssMiB - a.rssMiB) / (b.events - a.events),
      "MiB/event",
      "<=",
      1.25,
      rows.map((r) => `${r.events}: ${Math.round(r.rssMiB)} MiB`).join(", "),
    ),
  ];
  return figures;
}

if (process.argv[1] === THIS_FILE && process.argv[2] === "--child") {
  await child(JSON.parse(process.argv[3]!) as ChildArgs);
}
