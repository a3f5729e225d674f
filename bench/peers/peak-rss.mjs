// Preloaded (`node --import`) into every process the bench times: on exit, the main thread writes
// the process's peak resident set (worker threads included, KiB) to $BENCH_PEAK_RSS_FILE, since
// Node gives a parent no resource usage of its children.
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file && isMainThread) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
