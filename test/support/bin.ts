/**
 * The built command line (bin/jetschema.js) run as a user runs it: a real process, its own working
 * directory, optional stdin, a hard timeout. Used by every test that must see what a user sees
 * (exit code, stdout, stderr), not what main() returns in process.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(REPO_ROOT, "bin/jetschema.js");

export interface BinRun {
  /** The exit code; null when the process was killed (timeout or signal). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface BinOptions {
  cwd?: string;
  /** Written to the process's stdin, which is then closed; stdin is empty otherwise. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** Run as this user id (the tests run as root, for whom file permissions mean nothing). */
  uid?: number;
  gid?: number;
  /** Cap on the heap (--max-old-space-size), so a runaway input fails the test instead of the machine. */
  heapMb?: number;
  env?: NodeJS.ProcessEnv;
  /** Another copy of the command line than this repository's (a package assembled by a test). */
  bin?: string;
}

export function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, "dist/generator/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before these tests");
  }
}

export function runBin(args: string[], options: BinOptions = {}): Promise<BinRun> {
  const started = performance.now();
  const nodeArgs = options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ?? process.env,
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), ms: performance.now() - started });
    });
  });
}

/** A stack trace line as Node prints it; a clean error never shows one. */
export const STACK_LINE = /^\s+at .+(\(|:\d+:\d+)/m;
