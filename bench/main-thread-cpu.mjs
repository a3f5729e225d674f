/**
 * Prints, as the process exits, the CPU time of its main thread and of its other threads (worker
 * threads, V8's and libuv's), from /proc (Linux): what an edit moves to a worker leaves the main
 * thread, the run's critical path, whatever the rest of the machine is doing.
 *   node --import ./bench/main-thread-cpu.mjs bin/jetschema.js generate …
 * prints to stderr: main thread <ms> ms, other threads <ms> ms
 */
import { readFileSync } from "node:fs";

/** utime + stime of a /proc stat file, in ms (USER_HZ is 100 on Linux). */
const cpuMs = (path) => {
  const fields = readFileSync(path, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

process.on("exit", () => {
  const main = cpuMs(`/proc/self/task/${process.pid}/stat`);
  const all = cpuMs("/proc/self/stat");
  process.stderr.write(`main thread ${main} ms, other threads ${all - main} ms\n`);
});
