/**
 * Where a run's threads wanted a core, over time, on a machine that other work loads: runs a
 * command and samples `/proc/<pid>/task/<tid>/schedstat` of it and its child processes (Linux)
 * every 20 ms. A thread's demand in a time bin is its time on a core plus its time waiting in the
 * run queue for one, so a thread that could have run is counted as wanting a core whatever the
 * load gave it; a bin whose demand is under 200% would leave a core of a quiet 2-core machine
 * idle. A CPU profile (`--cpu-prof`) cannot tell this under load: its samples count wall time,
 * including the time a thread waited for a core.
 *   npx tsx bench/thread-demand.ts [--bin=250] -- node bin/jetschema.js generate …
 * prints each column's CPU and demand, then per bin the demand of the main thread, of each
 * JavaScript worker thread (a thread of the process started after V8's and libuv's helpers that
 * ran ≥ 300 ms), of the helpers together (V8's platform threads: its optimizing compiler and
 * garbage collector's parallel and concurrent tasks; libuv's pool) and of the child processes
 * together (esbuild's service).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const binMs = Number(/^--bin=(\d+)$/.exec(argv.slice(0, Math.max(split, 0)).join(" "))?.[1] ?? 250);
const [cmd, ...args] = split >= 0 ? argv.slice(split + 1) : argv;
if (!cmd) {
  console.error("usage: npx tsx bench/thread-demand.ts [--bin=250] -- <command> [args…]");
  process.exit(2);
}

/** A thread's samples: [ms since start, ms on a core, ms on a core or waiting for one]. */
interface Thread {
  key: string;
  child: boolean;
  first: number;
  samples: Array<[number, number, number]>;
}

const SAMPLE_MS = 20;
const run = spawn(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
const start = performance.now();
const threads = new Map<string, Thread>();

/** `pid` and its descendants, through each task's children list. */
function processTree(pid: number): number[] {
  const tree = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`))
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean)) tree.push(...processTree(Number(child)));
  } catch {
    // gone between listing and reading
  }
  return tree;
}

function sample(): void {
  const now = performance.now() - start;
  for (const pid of processTree(run.pid!)) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        // schedstat: ns on a core, ns waiting in the run queue, time slices
        const [onCore, waiting] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number) as [number, number];
        const key = `${pid}/${tid}`;
        if (!threads.has(key)) threads.set(key, { key, child: pid !== run.pid, first: now, samples: [] });
        threads.get(key)!.samples.push([now, onCore / 1e6, (onCore + waiting) / 1e6]);
      } catch {
        // the thread ended
      }
    }
  }
}

const timer = setInterval(sample, SAMPLE_MS);

/** A thread's counter `field` (1: on a core, 2: demand) at `t` ms: its last sample up to then. */
function counterAt(thread: Thread, t: number, field: 1 | 2): number {
  let value = 0;
  for (const s of thread.samples) {
    if (s[0] > t) break;
    value = s[field];
  }
  return value;
}

const last = (thread: Thread, field: 1 | 2) => thread.samples.at(-1)![field];
const seconds = (ms: number) => (ms / 1000).toFixed(2);

run.on("exit", (code) => {
  clearInterval(timer);
  const wall = performance.now() - start;
  const all = [...threads.values()];
  const main = threads.get(`${run.pid}/${run.pid}`)!;
  const own = all.filter((t) => !t.child && t !== main);
  const firstHelper = Math.min(...own.map((t) => t.first));
  const workers = own.filter((t) => last(t, 1) >= 300 && t.first > firstHelper + 30).sort((a, b) => a.first - b.first);
  const helpers = own.filter((t) => !workers.includes(t));
  const children = all.filter((t) => t.child);
  const columns = [[main], ...workers.map((w) => [w]), helpers, children];
  const total = (group: Thread[], field: 1 | 2) => group.reduce((sum, t) => sum + last(t, field), 0);
  console.log(`exit ${code}, wall ${seconds(wall)} s; CPU (demand) s:`);
  console.log(`  main ${seconds(total([main], 1))} (${seconds(total([main], 2))})`);
  for (const w of workers) console.log(`  worker from ${seconds(w.first)} s: ${seconds(total([w], 1))} (${seconds(total([w], 2))})`);
  console.log(`  helpers ${seconds(total(helpers, 1))} (${seconds(total(helpers, 2))}); children ${seconds(total(children, 1))} (${seconds(total(children, 2))})`);
  console.log(`  all ${seconds(total(all, 1))}`);
  console.log(`demand per ${binMs} ms bin, % of a core: main, ${workers.map((_, i) => `worker ${i + 1}`).join(", ")}${workers.length ? ", " : ""}helpers, children | all`);
  for (let b = 0; b * binMs < wall; b++) {
    const cells = columns.map((group) => group.reduce((sum, t) => sum + counterAt(t, (b + 1) * binMs, 2) - counterAt(t, b * binMs, 2), 0));
    const pct = (ms: number) => String(Math.round((100 * ms) / binMs)).padStart(5);
    console.log(`${seconds(b * binMs).padStart(6)} ${cells.map(pct).join("")}  | ${pct(cells.reduce((a, c) => a + c, 0))}`);
  }
});
