/**
 * How long a command would take on an idle two-core machine, estimated on a busy one: runs it,
 * samples every thread of its process tree (/proc, Linux only) every few milliseconds, and sums
 * the CPU done while at most one of its threads was runnable (serial: one core idle on an idle
 * machine) and while two or more were (parallel: both cores busy). Wall time on a shared machine
 * says little; what a change moves between the two does not depend on the other load.
 *   npx tsx bench/serial-cpu.ts <command> [args…]
 * prints: serial S s, parallel P s, CPU S + P s, on two idle cores about S + P/2 s, wall s
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** The kernel's clock ticks per second (USER_HZ), in which /proc gives CPU time: 100 on Linux. */
const TICKS_PER_SECOND = 100;
const SAMPLE_EVERY_MS = 4;

type Task = { runnable: boolean; ticks: number };

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the task ended between listing and reading
  }
}

function list(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Every task (thread) of `root` and of its descendants, by "pid/tid". */
function sampleTree(root: number): Map<string, Task> {
  const tasks = new Map<string, Task>();
  const pids = [root];
  while (pids.length > 0) {
    const pid = pids.pop()!;
    for (const tid of list(`/proc/${pid}/task`)) {
      pids.push(...(read(`/proc/${pid}/task/${tid}/children`) ?? "").split(/\s+/).filter(Boolean).map(Number));
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // After the command name (in parentheses, which may hold spaces): state, then utime and stime at 11 and 12.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      tasks.set(`${pid}/${tid}`, { runnable: fields[0] === "R", ticks: Number(fields[11]) + Number(fields[12]) });
    }
  }
  return tasks;
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: npx tsx bench/serial-cpu.ts <command> [args…]");
  process.exit(2);
}
const started = performance.now();
const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
let exited = false;
const exitCode = new Promise<number | null>((resolve) => child.on("exit", (code) => ((exited = true), resolve(code))));
let serial = 0;
let parallel = 0;
let previous = new Map<string, Task>();
while (!exited) {
  const now = sampleTree(child.pid!);
  let runnable = 0;
  let ticks = 0;
  for (const [id, task] of now) {
    if (task.runnable) runnable++;
    ticks += task.ticks - (previous.get(id)?.ticks ?? 0);
  }
  if (runnable <= 1) serial += ticks;
  else parallel += ticks;
  previous = now;
  await sleep(SAMPLE_EVERY_MS);
}
const code = await exitCode;
const s = (ticks: number) => (ticks / TICKS_PER_SECOND).toFixed(2);
console.log(`serial ${s(serial)} s, parallel ${s(parallel)} s, CPU ${s(serial + parallel)} s, on two idle cores about ${s(serial + parallel / 2)} s, wall ${((performance.now() - started) / 1000).toFixed(2)} s${code === 0 ? "" : `, exit ${code}`}`);
