/**
 * A real `nats-server -js` for integration tests: free loopback port, temporary store, and the
 * fault controls the tests need (graceful stop, SIGKILL, restart on the same port and store).
 *
 * Never a mock: every suite that talks to JetStream starts one of these.
 *
 *   const server = await startNatsServer();
 *   const nc = await connect({ servers: server.url });
 *   await server.kill(); await server.restart();   // crash, then come back on the same port/store
 *   await server.pause(); server.resume();          // stall (SIGSTOP/SIGCONT) without disconnecting
 *   await server.dispose();              // in afterAll: stops the process, removes the store
 *   await startNatsServer({ config: "authorization { token: s3cret }" });   // a secured server
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface NatsServerOptions {
  /** Enable JetStream (default true). */
  jetstream?: boolean;
  /** Extra command-line arguments (e.g. `--cluster`, `--routes`, `-c file` for cluster suites). */
  args?: string[];
  /** Use this port instead of a free one. */
  port?: number;
  /** Milliseconds to wait for the server to accept connections (default 10 000). */
  startTimeoutMs?: number;
  /** A configuration file's text (`max_payload: 262144`), written next to the store and passed with `-c`. */
  config?: string;
}

const HOST = "127.0.0.1";
/** Servers still running when the test process exits are killed, so no orphan holds a port. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Locates the binary: $NATS_SERVER_BIN, then PATH, then the Debian (`/usr/sbin`) location. */
export function findNatsServerBinary(): string {
  const fromEnv = process.env["NATS_SERVER_BIN"];
  const dirs = (process.env["PATH"] ?? "").split(delimiter).filter(Boolean);
  const candidates = [
    ...(fromEnv ? [fromEnv] : []),
    ...dirs.map((d) => join(d, "nats-server")),
    "/usr/sbin/nats-server",
    "/usr/bin/nats-server",
    "/usr/local/bin/nats-server",
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next location
    }
  }
  throw new Error(
    "nats-server not found: install it (Debian: apt-get install nats-server) or set NATS_SERVER_BIN",
  );
}

/** Binds port 0 to let the OS pick a free loopback port, then releases it for nats-server. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  readonly host = HOST;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output: string[] = [];

  private constructor(
    readonly port: number,
    /** The `-sd` directory; JetStream keeps its data in `<storeDir>/jetstream`. */
    readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {}

  static async start(options: NatsServerOptions = {}): Promise<NatsServer> {
    const port = options.port ?? (await freePort());
    const storeDir = await mkdtemp(join(tmpdir(), "jetschema-nats-"));
    const server = new NatsServer(port, storeDir, options);
    try {
      await server.launch();
    } catch (err) {
      await rm(storeDir, { recursive: true, force: true });
      throw err;
    }
    return server;
  }

  get url(): string {
    return `nats://${this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The server's recent log lines, for failure messages. */
  logs(): string {
    return this.output.join("");
  }

  /** Graceful stop: SIGTERM, wait for exit (SIGKILL if it hangs for 10 s). */
  async stop(): Promise<void> {
    await this.signal("SIGTERM", 10_000);
  }

  /** Crash: SIGKILL, wait for exit. Whatever the server had not written is lost, as in production. */
  async kill(): Promise<void> {
    await this.signal("SIGKILL", 10_000);
  }

  /**
   * Freezes the process (SIGSTOP): connections stay open but nothing is answered, like a stalled
   * server. Resolves once the kernel reports it stopped, so nothing sent afterwards is processed.
   */
  async pause(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    child.kill("SIGSTOP");
    const deadline = Date.now() + 5_000;
    while (processState(child.pid) !== "T") {
      if (Date.now() > deadline) throw new Error(`nats-server (pid ${child.pid}) did not stop on SIGSTOP`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Lets a paused server run again (SIGCONT); it then processes everything it was sent meanwhile. */
  resume(): void {
    this.child?.kill("SIGCONT");
  }

  /** Starts again on the same port and the same store; stops it first if it still runs. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  /** Stops the server and removes its store. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.running) await this.kill();
    await rm(this.storeDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ["-a", this.host, "-p", String(this.port)];
    if (this.options.jetstream !== false) args.push("-js", "-sd", this.storeDir);
    if (this.options.config !== undefined) {
      const file = join(this.storeDir, "nats.conf");
      await writeFile(file, this.options.config);
      args.push("-c", file);
    }
    args.push(...(this.options.args ?? []));

    const child = spawn(findNatsServerBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    live.add(child);
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      child.once("exit", () => {
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    while (!(await acceptsClients(this.host, this.port))) {
      if (!this.running) {
        throw new Error(`nats-server exited during start-up on port ${this.port}:\n${this.logs()}`);
      }
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`nats-server did not accept connections on port ${this.port}:\n${this.logs()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async signal(sig: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = this.exited;
    child.kill("SIGCONT"); // a paused server would not act on SIGTERM
    child.kill(sig);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * True once the server sends its `INFO` line. nats-server only opens the client port after
 * JetStream has recovered its streams, so this also means JetStream is ready.
 */
function acceptsClients(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString().startsWith("INFO ")));
  });
}

/** The state letter of a Linux process (`R`, `S`, `T` for stopped, ...), from /proc/<pid>/stat. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).charAt(0);
  } catch {
    return undefined;
  }
}

/** Shorthand for `NatsServer.start`. */
export function startNatsServer(options?: NatsServerOptions): Promise<NatsServer> {
  return NatsServer.start(options);
}
