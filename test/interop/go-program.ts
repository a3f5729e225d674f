/**
 * Builds the Go service of test/interop/go (GOPATH mode, offline: Debian's golang-go and
 * golang-github-nats-io-go-nats-dev under /usr/share/gocode) into a temporary directory and runs it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const GOPATH = [resolve("test/interop/go"), "/usr/share/gocode"].join(":");

export interface GoProgram {
  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  dispose(): void;
}

export async function buildGoProgram(): Promise<GoProgram> {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-go-"));
  const binary = join(dir, "jetschema-interop");
  const env = {
    ...process.env,
    GO111MODULE: "off",
    GOPATH,
    GOFLAGS: "",
    GOPROXY: "off",
    // Go's build cache; a fixed place under the temp directory so reruns reuse compiled packages.
    GOCACHE: process.env["GOCACHE"] ?? join(tmpdir(), "jetschema-go-build-cache"),
  };
  try {
    await run("go", ["build", "-o", binary, "jetschema-interop"], { env, timeout: 300_000 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    throw new Error(
      e.code === "ENOENT"
        ? "go is not installed: apt-get install -y golang-go golang-github-nats-io-go-nats-dev (.ci/run installs them)"
        : `go build failed: ${e.stderr ?? e.message}`,
    );
  }
  return {
    async run(...args) {
      try {
        const { stdout, stderr } = await run(binary, args, { timeout: 60_000 });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(err) };
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
