// Preloaded (`node --import`) into every process the bench times: on exit, the main thread writes
// to $BENCH_PEAK_RSS_FILE, as JSON, the process's peak resident set (worker threads included, KiB)
// and the CPU time it took (user + sys, ms), since Node gives a parent no resource usage of its
// children. The CPU time is the process's own, all its threads, plus what its child processes
// took (esbuild's service, which minifies validator modules, is one): those already reaped from
// /proc/self/stat, those still alive (a service is stopped only by the exit) from their own stat.
// Where /proc is missing, the process's own time alone.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.BENCH_PEAK_RSS_FILE;
const TICK_MS = 10; // USER_HZ is 100 on every Linux ABI Node runs on

/** The fields of /proc/<pid>/stat from the third (state) on, as clock ticks where they are times. */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
}
const ticksMs = (fields, from, to) => fields.slice(from, to).reduce((sum, f) => sum + f, 0) * TICK_MS;

/** CPU of the child processes: reaped (cutime + cstime) and alive (their utime … cstime). */
function childrenCpuMs() {
  let ms = 0;
  try {
    ms += ticksMs(statFields("self"), 13, 15);
    for (const task of readdirSync("/proc/self/task")) {
      for (const pid of readFileSync(`/proc/self/task/${task}/children`, "utf8").split(" ").filter(Boolean)) {
        try {
          ms += ticksMs(statFields(pid), 11, 15);
        } catch {
          // exited between the listing and the read: reaped by nobody yet, its time is lost
        }
      }
    }
  } catch {
    // no /proc: the process's own time alone
  }
  return ms;
}

if (file && isMainThread) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000 + childrenCpuMs();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs }));
  });
}
