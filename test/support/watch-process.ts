/**
 * `jetschema generate --watch` as a user runs it (the bin, a child process): its output so far,
 * and waits for a line after a mark. Killed by `stopAll` (afterAll) if a test leaves it running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

const children: ChildProcess[] = [];

export function stopAllWatchers(): void {
  for (const c of children) c.kill("SIGKILL");
}

export function watchProcess(args: string[]) {
  const child = spawn(process.execPath, ["bin/jetschema.js", "generate", "--watch", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = output.slice(from).match(pattern);
      if (m) return m[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
  };
  return {
    child,
    exited,
    mark: () => output.length,
    output: () => output,
    waitFor,
    /**
     * Waits for `pattern` after `from`, then until the watch is idle: its output still and, where
     * /proc tells, the process (every thread) using no CPU for `idleMs`. A run that follows (a
     * change seen during the last one, its 100 ms wait for the burst to end) uses CPU at once, and
     * so does the cache written after the line; a process without /proc waits `quietMs` of still
     * output instead, as long as such a run may take before it prints.
     */
    async settled(pattern: RegExp, from: number, { idleMs = 400, quietMs = 1500, timeoutMs = 60_000 } = {}): Promise<string> {
      const line = await waitFor(pattern, from, timeoutMs);
      let seen = { output: output.length, ticks: cpuTicks(child.pid!) };
      const still = seen.ticks === undefined ? quietMs : idleMs;
      for (let since = Date.now(); Date.now() - since < still; ) {
        await new Promise((r) => setTimeout(r, 100));
        const now = { output: output.length, ticks: cpuTicks(child.pid!) };
        if (now.output !== seen.output || now.ticks !== seen.ticks) since = Date.now();
        seen = now;
      }
      return line;
    },
  };
}

/** The CPU time `pid` has used, every thread, in clock ticks (/proc/<pid>/stat's utime + stime); undefined without /proc. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the command's name in parentheses (which may hold spaces): field 3 on; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
