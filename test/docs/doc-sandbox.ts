/**
 * A copy of the repository (its tracked and unignored files, without tests and benchmarks) in
 * which the docs' commands run, reset to its first commit before every block, so a block sees
 * exactly the repository a reader has. `npx jetschema` runs this checkout's built CLI (never the
 * network); `nats://127.0.0.1:4222` in a command means the test's own nats-server.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

export const DOC_SERVER = "nats://127.0.0.1:4222";
/** Scripts a `given:` can run as `node "$DOCS_FIXTURES/<script>"` (they are not part of the copy). */
const FIXTURES = resolve(import.meta.dirname, "fixtures");

export interface ShellResult {
  code: number;
  output: string;
}

export class DocSandbox {
  private constructor(
    readonly dir: string,
    private readonly serverUrl: string,
  ) {}

  static create(repo: string, serverUrl: string): DocSandbox {
    const root = mkdtempSync(join(repo, "test", ".tmp-docs-"));
    const dir = join(root, "repo");
    const listed = git(repo, ["ls-files", "--cached", "--others", "--exclude-standard", "-z"]).split("\0").filter(Boolean);
    for (const file of listed) {
      if (/^(test|bench)\//.test(file) || file.startsWith("generated/node_modules/")) continue;
      mkdirSync(join(dir, file, ".."), { recursive: true });
      cpSync(join(repo, file), join(dir, file), { dereference: false, errorOnExist: false });
    }
    symlinkSync(resolve(repo, "dist"), join(dir, "dist"));
    git(dir, ["init", "-q", "-b", "main"]);
    git(dir, ["add", "-A"]);
    git(dir, ["-c", "user.name=docs", "-c", "user.email=docs@example.invalid", "commit", "-qm", "the repository as a reader has it"]);
    return new DocSandbox(dir, serverUrl);
  }

  /** Back to the first commit: the previous block's writes are gone. */
  reset(): void {
    git(this.dir, ["reset", "-q", "--hard"]);
    git(this.dir, ["clean", "-fdq"]);
  }

  /** Runs a shell script in the sandbox; stdout and stderr together, as a terminal shows them. */
  sh(script: string): ShellResult {
    const prelude = [
      "exec 2>&1",
      `npx() { if [ "$1" = jetschema ]; then shift; node "${join(this.dir, "bin", "jetschema.js")}" "$@"; else echo "docs harness: npx $1 is not run (offline)"; return 127; fi; }`,
      "",
    ].join("\n");
    const r = spawnSync("bash", ["-c", prelude + this.withServer(script)], {
      cwd: this.dir,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, DOCS_FIXTURES: FIXTURES, NO_COLOR: "1", FORCE_COLOR: "0", NATS_URL: "", NATS_CONTEXT: "", XDG_CONFIG_HOME: join(this.dir, ".config") },
    });
    return { code: r.status ?? -1, output: asDocServer(r.stdout ?? "", this.serverUrl).replaceAll(this.dir + "/", "") };
  }

  withServer(text: string): string {
    return asTestServer(text, this.serverUrl);
  }

  dispose(): void {
    rmSync(join(this.dir, ".."), { recursive: true, force: true });
  }
}

/**
 * The docs' `127.0.0.1:4222` (with or without `nats://`) as the test's server, in one pass: the
 * test's port may itself start with 4222 (42223), so a second replacement would lengthen it again.
 */
export function asTestServer(text: string, serverUrl: string): string {
  return text.replace(hostPortOf(DOC_SERVER), hostPort(serverUrl));
}

/** The test's server as the docs show it, so a run's output compares with the docs. */
export function asDocServer(text: string, serverUrl: string): string {
  return text.replace(hostPortOf(serverUrl), hostPort(DOC_SERVER));
}

function hostPort(url: string): string {
  return new URL(url).host;
}

/** The url's host and port, not followed by another digit (port 4222 is not the start of 42223). */
function hostPortOf(url: string): RegExp {
  return new RegExp(`${hostPort(url).replaceAll(".", "\\.")}(?!\\d)`, "g");
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} in ${cwd}: ${r.stderr}`);
  return r.stdout;
}
