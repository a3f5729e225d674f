/**
 * `jetschema generate --watch` as a user runs it (the bin, a child process): its output so far,
 * and waits for a line after a mark. Killed by `stopAll` (afterAll) if a test leaves it running.
 */
import { spawn, type ChildProcess } from "node:child_process";

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
    /** Waits for `pattern` after `from`, then until the output has been still for `quietMs` (a run that follows). */
    async settled(pattern: RegExp, from: number, quietMs = 1500, timeoutMs = 60_000): Promise<string> {
      const line = await waitFor(pattern, from, timeoutMs);
      for (let seen = -1; seen !== output.length; ) {
        seen = output.length;
        await new Promise((r) => setTimeout(r, quietMs));
      }
      return line;
    },
  };
}
