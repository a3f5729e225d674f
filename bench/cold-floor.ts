/**
 * The floor of a cold full `generate` on this machine with the libraries it must use: the CPU and
 * wall time of json-schema-to-typescript and of ajv's standalone compile alone, on exactly the
 * inputs a cold run gives them, each in a process of its own, beside the do-it-yourself
 * pipeline's two halves, quicktype and a whole cold run. Runs the tree's build (dist/, `npm run
 * build` first). Slow (~1.5 min of CPU per round at 1000 events); not part of `npm run bench`.
 *
 *   npx tsx bench/write-synthetic-registry.ts /tmp/reg1000 1000
 *   npx tsx bench/cold-floor.ts /tmp/reg1000 /tmp/floor [rounds]
 *
 * First the inputs are captured once into `<scratch>/inputs` (not timed): each prepared schema and
 * type name the types stage hands json-schema-to-typescript (emitTypes' `memo` hook), and each
 * compile job the compile workers receive (the pool's messages, read as the workers read them).
 * Then each row runs `rounds` times (default 3) as its own process, rows alternated:
 *   - read+parse: every registry file read and JSON.parse'd, nothing else;
 *   - front end: our load → resolve → model (`--timings`' first row);
 *   - jstt: json-schema-to-typescript, one call per prepared schema as our types stage calls it
 *     (base/schema-to-typescript.ts: our options, `format: false`), one after another;
 *   - types stage: emitTypes on the model (the rules, jstt, our prettier layout), no cache;
 *   - ajv: per module, a fresh ajv with our options (base/ajv.ts: standalone, eager), the module's
 *     schemas added, each file compiled, ajv's standaloneCode of the module's exports made one
 *     flat string (as writing it needs); one thread;
 *   - compile worker: compile-worker.ts's `handle` on the same jobs (ajv, the examples' checks,
 *     our rewrite, error compaction, esbuild's minify), two at a time as a worker holds them;
 *   - DIY types / DIY validators: bench/peers/diy-pipeline.mjs with one half only;
 *   - DIY, quicktype, jetschema cold (cache written): the whole processes, as the bench runs them.
 * Prints, per row, the median of the work's CPU (`process.cpuUsage`, after the imports; for whole
 * processes `/usr/bin/time`'s user + sys, children included) and wall, and the whole process's
 * CPU; then the floor: (jstt + ajv CPU) / 2, the least wall two cores could take for the two
 * library calls alone, perfectly parallel (and with read+parse before them), beside 0.5 × the
 * DIY pipeline and 1.0 × quicktype (their wall times).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deserialize, serialize } from "node:v8";
import { Worker } from "node:worker_threads";
import { median, roundOrder } from "./figures.js";

const ROOT = join(import.meta.dirname, "..");
const dist = (path: string) => pathToFileURL(join(ROOT, "dist", "generator", path)).href;

interface Declaration {
  schema: Record<string, unknown>;
  name: string;
}

/** What one row's process measured of its work (after its imports). */
interface Measured {
  importCpuMs: number;
  cpuMs: number;
  wallMs: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** `work`'s CPU and wall, `imports` measured apart. */
async function measured(imports: () => Promise<unknown>, work: (loaded: any) => Promise<unknown>): Promise<Measured> {
  const cpu0 = cpuMs();
  const loaded = await imports();
  const cpu1 = cpuMs();
  const wall1 = performance.now();
  await work(loaded);
  return { importCpuMs: cpu1 - cpu0, cpuMs: cpuMs() - cpu1, wallMs: performance.now() - wall1 };
}

async function frontEndModel(registry: string) {
  const frontEnd = await import(dist("front-end/front-end.js"));
  return frontEnd.model(frontEnd.resolve(frontEnd.load(registry)));
}

/** The inputs of the two library calls, as a cold run gives them, written to `dir`. */
async function capture(registry: string, dir: string): Promise<void> {
  const jobs: unknown[] = [];
  const seen = new Set<SharedArrayBuffer>();
  const post = Worker.prototype.postMessage;
  // The pool hands its workers jobs serialized into shared memory (base/worker-pool.ts's runAll;
  // every worker is sent the same queue) or one by one.
  Worker.prototype.postMessage = function (this: Worker, message: any, ...rest: any[]) {
    for (const input of message?.queue?.inputs ?? []) if (input && !seen.has(input) && seen.add(input)) jobs.push(deserialize(Buffer.from(new Uint8Array(input))));
    if (message && "input" in message) jobs.push(message.input);
    return post.call(this, message, ...(rest as []));
  } as typeof post;
  const modelled = await frontEndModel(registry);
  const declarations: Declaration[] = [];
  const { emitTypes } = await import(dist("emit/types/emit-types.js"));
  await emitTypes(modelled.model, {
    memo: async (schema: Record<string, unknown>, name: string) => {
      declarations.push({ schema: structuredClone(schema), name });
      return "";
    },
  });
  const frontEnd = await import(dist("front-end/front-end.js"));
  await frontEnd.compileForPackage(modelled).compiled;
  Worker.prototype.postMessage = post;
  const compileJobs = jobs.filter((job: any) => job && "sources" in job);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "declarations.bin"), serialize(declarations));
  writeFileSync(join(dir, "jobs.bin"), serialize(compileJobs));
  console.log(`captured ${declarations.length} declarations, ${compileJobs.length} compile jobs`);
}

const read = (dir: string, file: string) => deserialize(readFileSync(join(dir, file)));

/** One row's work, in this process. */
const ROWS: Record<string, (registry: string, inputs: string) => Promise<Measured>> = {
  "read+parse": (registry) =>
    measured(
      async () => undefined,
      async () => {
        for (const rel of readdirSync(registry, { recursive: true, encoding: "utf8" })) if (rel.endsWith(".json")) JSON.parse(readFileSync(join(registry, rel), "utf8"));
      },
    ),
  "front end": (registry) =>
    measured(
      () => import(dist("front-end/front-end.js")),
      async (frontEnd) => frontEnd.model(frontEnd.resolve(frontEnd.load(registry))),
    ),
  jstt: (_registry, inputs) => {
    // Fresh strings, as the main thread's prepared schemas are (from JSON.parse), not structured clones.
    const declarations = JSON.parse(JSON.stringify(read(inputs, "declarations.bin"))) as Declaration[];
    return measured(
      async () => {
        await import("json-schema-to-typescript");
        return import(dist("base/schema-to-typescript.js"));
      },
      async ({ schemaDeclarations }) => {
        for (const { schema, name } of declarations) await schemaDeclarations(schema, name);
      },
    );
  },
  "types stage": async (registry) => {
    const modelled = await frontEndModel(registry);
    return measured(
      async () => {
        await import("json-schema-to-typescript");
        return import(dist("emit/types/emit-types.js"));
      },
      ({ emitTypes }) => emitTypes(modelled.model),
    );
  },
  ajv: (_registry, inputs) => {
    const jobs = read(inputs, "jobs.bin") as any[];
    return measured(
      async () => {
        const { createAjv } = await import(dist("base/ajv.js"));
        const { internStrings } = await import(dist("base/interned-strings.js"));
        const standalone = await import("ajv/dist/standalone/index.js");
        return { createAjv, internStrings, standaloneCode: (standalone.default as any).default ?? standalone.default };
      },
      async ({ createAjv, internStrings, standaloneCode }) => {
        for (const job of jobs) {
          const ajv = createAjv(job.dialect, { standalone: true, eager: true });
          for (const [uri, schema] of internStrings(job.sources)) ajv.addSchema(schema, uri);
          for (const [, uri] of job.files) ajv.getSchema(uri);
          if (job.exported.context && !ajv.getSchema(job.exported.context.uri)) ajv.addSchema(job.exported.context.schema, job.exported.context.uri);
          // One flat string, as writing it out needs (ajv builds it by concatenation).
          /^"use strict";/.test(standaloneCode(ajv, job.exported.refs));
        }
      },
    );
  },
  "compile worker": (_registry, inputs) => {
    const jobs = read(inputs, "jobs.bin") as any[];
    return measured(
      () => import(dist("validators/compile-worker.js")),
      async ({ handle }) => {
        // Two at a time, as a worker holds them (one compiling while esbuild minifies the other).
        let next = 0;
        const lane = async () => {
          while (next < jobs.length) if ((await handle(jobs[next++])) === undefined) throw new Error("a compile job failed");
        };
        await Promise.all([lane(), lane()]);
      },
    );
  },
};

/** Whole processes, as `/usr/bin/time` sees them (children included). */
const PROCESSES: Record<string, (registry: string, out: string) => { command: string[]; env?: Record<string, string> }> = {
  "DIY types": (registry, out) => ({ command: ["node", join(ROOT, "bench/peers/diy-pipeline.mjs"), registry, out], env: { DIY_HALF: "types" } }),
  "DIY validators": (registry, out) => ({ command: ["node", join(ROOT, "bench/peers/diy-pipeline.mjs"), registry, out], env: { DIY_HALF: "validators" } }),
  DIY: (registry, out) => ({ command: ["node", join(ROOT, "bench/peers/diy-pipeline.mjs"), registry, out] }),
  quicktype: (registry, out) => ({ command: ["node", join(ROOT, "bench/peers/quicktype-types.mjs"), registry, out] }),
  "jetschema cold": (registry, out) => ({ command: ["node", join(ROOT, "bin/jetschema.js"), "generate", "--schemas", registry, "--out", out, "--cache-dir", `${out}-cache`] }),
};

interface RowRun {
  cpuMs: number;
  wallMs: number;
  processCpuMs: number;
  processWallMs: number;
  peakKb: number;
}

/** `/usr/bin/time`'s figures of a command, run with its output discarded. */
function timedProcess(command: string[], env: Record<string, string> = {}): Omit<RowRun, "cpuMs" | "wallMs"> & { stdout: string } {
  const result = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...command], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 26 });
  const line = result.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (result.status !== 0 || !line) throw new Error(`${command.join(" ")} failed:\n${result.stderr}`);
  const [wall, user, sys, kb] = line.slice(5).split(" ").map(Number) as [number, number, number, number];
  return { processWallMs: wall * 1000, processCpuMs: (user + sys) * 1000, peakKb: kb, stdout: result.stdout };
}

function runRow(row: string, registry: string, scratch: string): RowRun {
  const out = join(scratch, "out");
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}-cache`, { recursive: true, force: true });
  if (row in PROCESSES) {
    const { command, env } = PROCESSES[row]!(registry, out);
    const run = timedProcess(command, env);
    return { ...run, cpuMs: run.processCpuMs, wallMs: run.processWallMs };
  }
  const run = timedProcess([process.execPath, ...process.execArgv, import.meta.filename, "--row", row, registry, join(scratch, "inputs")]);
  const measuredRow = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Measured;
  return { ...run, cpuMs: measuredRow.cpuMs + measuredRow.importCpuMs, wallMs: measuredRow.wallMs };
}

const s = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--row") {
    const [, row, registry, inputs] = args as [string, string, string, string];
    console.log(JSON.stringify(await ROWS[row]!(registry, inputs)));
    return;
  }
  const [registryArg, scratchArg, roundsArg] = args;
  if (!registryArg || !scratchArg) {
    console.error("usage: npx tsx bench/cold-floor.ts <registry> <scratch folder> [rounds] [row,row,…]");
    process.exit(2);
  }
  const registry = resolve(registryArg);
  const scratch = resolve(scratchArg);
  const rounds = Number(roundsArg ?? 3);
  const only = args[3]?.split(",");
  if (!existsSync(join(scratch, "inputs", "jobs.bin"))) await capture(registry, join(scratch, "inputs"));
  const rows = [...Object.keys(ROWS), ...Object.keys(PROCESSES)].filter((row) => !only || only.includes(row));
  const runs = new Map<string, RowRun[]>(rows.map((row) => [row, []]));
  for (let round = 0; round < rounds; round++) {
    for (const row of roundOrder(round, rows)) {
      const run = runRow(row, registry, scratch);
      runs.get(row)!.push(run);
      console.error(`round ${round + 1} ${row}: work ${s(run.cpuMs)} s CPU, ${s(run.wallMs)} s wall; process ${s(run.processCpuMs)} s CPU, ${s(run.processWallMs)} s wall, ${Math.round(run.peakKb / 1024)} MiB`);
    }
  }
  const med = (row: string, field: keyof RowRun) => median(runs.get(row)!.map((r) => r[field]));
  console.log(`load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}, ${rounds} rounds, medians`);
  console.log("| row | work CPU | work wall | process CPU | process wall | peak RSS |");
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) console.log(`| ${row} | ${s(med(row, "cpuMs"))} s | ${s(med(row, "wallMs"))} s | ${s(med(row, "processCpuMs"))} s | ${s(med(row, "processWallMs"))} s | ${Math.round(med(row, "peakKb") / 1024)} MiB |`);
  if (runs.has("jstt") && runs.has("ajv")) {
    const floor = (med("jstt", "cpuMs") + med("ajv", "cpuMs")) / 2;
    console.log(`\nfloor, jstt + ajv on two cores, perfectly parallel: ${s(floor)} s`);
    if (runs.has("read+parse")) console.log(`with the registry read and parsed first (one core): ${s(med("read+parse", "cpuMs") + floor)} s`);
    if (runs.has("DIY")) console.log(`0.5 × DIY (wall): ${s(med("DIY", "processWallMs") / 2)} s`);
    if (runs.has("quicktype")) console.log(`1.0 × quicktype (wall): ${s(med("quicktype", "processWallMs"))} s`);
    if (runs.has("jetschema cold")) console.log(`jetschema cold (wall): ${s(med("jetschema cold", "processWallMs"))} s, CPU ${s(med("jetschema cold", "processCpuMs"))} s`);
  }
}

await main();
