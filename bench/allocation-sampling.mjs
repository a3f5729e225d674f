/**
 * Samples what the main thread allocates, collected objects included (V8's sampling heap profiler
 * with both collectors' objects kept in the profile), and writes the profile as the process
 * exits: what makes an edit's garbage, which the scavenges then pay for, not only what survives.
 *   npx tsx bench/edit-process.ts <dir> <build> --rounds 1 -- --import <abs>/bench/allocation-sampling.mjs
 * writes <ALLOCATION_PROFILE_DIR or the working folder>/allocation-<pid>.heapprofile per run
 * (Chrome DevTools' Memory tab opens it; its nodes carry selfSize per call frame).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const session = new Session();
session.connect();
session.post("HeapProfiler.enable");
session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });

process.on("exit", () => {
  // The inspector answers a post on the same thread synchronously, so this runs before the exit completes.
  session.post("HeapProfiler.stopSampling", (err, result) => {
    if (err) process.stderr.write(`allocation sampling: ${err.message}\n`);
    else writeFileSync(join(process.env.ALLOCATION_PROFILE_DIR ?? process.cwd(), `allocation-${process.pid}.heapprofile`), JSON.stringify(result.profile));
  });
});
