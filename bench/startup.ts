/**
 * Start-up of the command line as whole processes, each against `node -e 0` run alternately with
 * it: `jetschema --version` and `--help` (≤ 2.5×: they load commander and package.json, no
 * command), and a no-op `generate` of schemas/ (≤ 4×: the up-to-date check, without the pipeline).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { alternate, figure, type Figure } from "./figures.js";
import { BENCH_TMP } from "./baselines.js";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..");
const BIN = join(ROOT, "bin", "jetschema.js");

async function wall(args: string[]): Promise<number> {
  const started = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
  return performance.now() - started;
}

export async function benchStartup(quick: boolean): Promise<Figure[]> {
  const rounds = quick ? 5 : 15;
  const node = () => wall(["-e", "0"]);
  const dir = join(BENCH_TMP, "startup");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generate = ["generate", "--schemas", join(ROOT, "schemas"), "--out", join(dir, "generated"), "--cache-dir", join(dir, "cache")];
  // Set-up, not measured: the first run renders and records the manifest the no-op runs match.
  await wall([BIN, ...generate]);
  const figures: Figure[] = [];
  for (const [name, args, target] of [
    ["jetschema --version", [BIN, "--version"], 2.5],
    ["jetschema --help", [BIN, "--help"], 2.5],
    ["jetschema generate, nothing changed (schemas/)", [BIN, ...generate], 4],
  ] as const) {
    const { baseline, subject } = await alternate(rounds, node, () => wall([...args]));
    figures.push(figure(`${name}, whole process vs node -e 0`, subject, baseline, "ms", "<=", target));
  }
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
