/**
 * `--only=watch`: one save in `jetschema generate --watch` on the synthetic registry (N=1000;
 * 100 with --quick), the process kept between saves (generator/generate-session.ts). A whole
 * process's cold full generate fills the cache, the watch starts, then each save changes the
 * description of one event's version and waits for the run's line; the save's time is the one
 * the watch prints (from the end of the 100 ms quiet wait to the output swapped in).
 *
 * Figures: the median save against the absolute budget (250 ms, so ratio ≤ 1.0), and
 * reported beside it, the save against a no-op whole process and against one edit as a whole
 * process, both measured in the same run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_TMP, runJetschema, type ProcessRun } from "./baselines.js";
import { figure, median, reported, type Figure } from "./figures.js";
import { editOneSchema } from "./generate.js";
import { writeSyntheticRegistry } from "./synthetic-registry.js";
import { stopAllWatchers, watchProcess } from "../test/support/watch-process.js";

/** The budget for a save in --watch at 1000 events. */
const SAVE_BUDGET_MS = 250;

export async function benchWatch(quick: boolean): Promise<Figure[]> {
  const events = quick ? 100 : 1000;
  const saves = quick ? 3 : 7;
  const root = join(BENCH_TMP, `watch-${events}`);
  const schemas = join(root, "schemas");
  const out = join(root, "out");
  const cacheArgs = ["--cache-dir", join(root, "cache")];
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const { versions } = writeSyntheticRegistry(schemas, { events });
  await runJetschema(schemas, out, cacheArgs);
  const noop: ProcessRun[] = [];
  const edit: ProcessRun[] = [];
  const saveMs: number[] = [];
  const seenMs: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      noop.push(await runJetschema(schemas, out, cacheArgs));
      const undo = editOneSchema(schemas);
      edit.push(await runJetschema(schemas, out, cacheArgs));
      undo();
      await runJetschema(schemas, out, cacheArgs);
    }
    const w = watchProcess(["--schemas", schemas, "--out", out, ...cacheArgs]);
    await w.waitFor(/watching .* for changes/, 0, 600_000);
    const file = join(schemas, "order/entity0-0/created/1.0.json");
    const original = readFileSync(file, "utf8");
    // The first save fills what the session keeps: not counted.
    for (let i = 0; i <= saves; i++) {
      const mark = w.mark();
      const schema = JSON.parse(original) as { description?: string };
      schema.description = `Edited by the watch benchmark, save ${i}.`;
      const saved = performance.now();
      writeFileSync(file, JSON.stringify(schema, null, 2));
      const line = await w.waitFor(/generated \d+ files in .* in (\d+) ms\n/, mark, 600_000);
      if (i === 0) continue;
      seenMs.push(performance.now() - saved);
      saveMs.push(Number(/in (\d+) ms\n$/.exec(line)![1]));
    }
    writeFileSync(file, original);
    w.child.kill("SIGINT");
    await w.exited;
  } finally {
    stopAllWatchers();
    rmSync(root, { recursive: true, force: true });
  }
  const save = median(saveMs);
  const at = `N=${events} events (${versions} versions)`;
  const note = `${saves} saves, median; ${Math.round(median(seenMs))} ms from the write to the watch's line (fs.watch, the 100 ms quiet wait, the run, the print)`;
  return [
    figure(`watch ${at}: one save vs the ${SAVE_BUDGET_MS} ms budget`, save, SAVE_BUDGET_MS, "ms", "<=", 1.0, note),
    reported(`watch ${at}: one save vs a no-op generate process`, save, median(noop.map((r) => r.ms)), "ms"),
    reported(`watch ${at}: one save vs one edit as a whole process`, save, median(edit.map((r) => r.ms)), "ms"),
  ];
}
