/**
 * Every generator the bench compares runs as a whole process, as its users run it: jetschema is
 * `node bin/jetschema.js generate` (the compiled generator in dist/, `npm run bench` builds it);
 * the peers are plain Node scripts in bench/peers/ over the same registry folder:
 *
 * - `diy`: the do-it-yourself pipeline a team would script instead (diy-pipeline.mjs):
 *   json-schema-to-typescript with its defaults (formatted) and ajv standalone code for every
 *   schema file, written to disk;
 * - `quicktype`: quicktype producing TypeScript types alone (quicktype-types.mjs);
 * - `modelina`: @asyncapi/modelina's TypeScript models (modelina-models.mjs).
 *
 * A run's time is the wall time from spawn to exit, and the CPU time the process took (user +
 * sys, every thread and child process): wall time is what a user waits, but on a shared machine
 * it moves by ±15–20% between identical runs, while CPU time moves less and shows where the
 * wall time went. Its memory is the process's peak resident set (worker threads included). CPU
 * and memory are reported by a preloaded module (peers/peak-rss.mjs).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Inside the repository (gitignored /tmp/): generated packages resolve @jetschema/runtime and ajv from it. */
export const BENCH_TMP = join(ROOT, "tmp", "bench");
const PEAK_RSS = fileURLToPath(new URL("./peers/peak-rss.mjs", import.meta.url));

export interface ProcessRun {
  /** Wall time from spawn to exit. */
  ms: number;
  /** CPU time of the process, user + sys, its threads and child processes included. */
  cpuMs: number;
  /** Peak resident set size of the whole process, MiB. */
  rssMiB: number;
  stdout: string;
  /** What it wrote to stderr (`--timings`' table). */
  stderr: string;
}

/** Runs `node <args>` in the repository's folder; rejects with its output when it fails. */
export function runProcess(args: string[]): Promise<ProcessRun> {
  mkdirSync(BENCH_TMP, { recursive: true });
  const peakFile = join(BENCH_TMP, `peak-rss-${process.pid}`);
  rmSync(peakFile, { force: true });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", PEAK_RSS, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, BENCH_PEAK_RSS_FILE: peakFile } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} failed (exit ${code}):\n${err || out}`));
      const usage = JSON.parse(readFileSync(peakFile, "utf8")) as { maxRssKiB: number; cpuMs: number };
      rmSync(peakFile, { force: true });
      resolve({ ms, cpuMs: usage.cpuMs, rssMiB: usage.maxRssKiB / 1024, stdout: out, stderr: err });
    });
  });
}

export type Peer = "diy" | "quicktype" | "modelina";

const PEER_SCRIPTS: Record<Peer, string> = {
  diy: "bench/peers/diy-pipeline.mjs",
  quicktype: "bench/peers/quicktype-types.mjs",
  modelina: "bench/peers/modelina-models.mjs",
};

/** A peer over the registry `schemas`, writing into `out`. */
export function runPeer(peer: Peer, schemas: string, out: string): Promise<ProcessRun> {
  return runProcess([PEER_SCRIPTS[peer], schemas, out]);
}

/** `jetschema generate` with the given cache flags (`--cache-dir <dir>` or `--no-cache`). */
export function runJetschema(schemas: string, out: string, cache: string[]): Promise<ProcessRun> {
  return runProcess(["bin/jetschema.js", "generate", "--schemas", schemas, "--out", out, ...cache]);
}
