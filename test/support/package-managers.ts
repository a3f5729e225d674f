/**
 * Real pnpm and Yarn for the adoption tests, fetched from the npm registry as a team without them
 * installed would (`npx pnpm@<major>`, `npx -p @yarnpkg/cli-dist@<major> yarn`; no Corepack, which
 * Node 25 no longer ships), then run from npx's cache. Their stores live in the user's cache, so a second run installs
 * offline. Every command has a time limit: an unreachable registry fails the test with the
 * command and its output instead of hanging it.
 */
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

export const PNPM = "pnpm@12";
export const YARN = "@yarnpkg/cli-dist@4";
const LIMIT_MS = 120_000;
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "jetschema-tests");

/** The environment a user's shell has: none of the npm_* settings of an enclosing `npm test` (its user agent would say npm). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return { ...env, NO_UPDATE_NOTIFIER: "1", COREPACK_ENABLE_DOWNLOAD_PROMPT: "0", ...extra };
}

/** `command` run to completion within the limit; on failure, an error naming it with its output, not a stack of child_process. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): string {
  const options: ExecFileSyncOptions = { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: LIMIT_MS, killSignal: "SIGKILL" };
  try {
    return execFileSync(command, args, options) as unknown as string;
  } catch (err) {
    const e = err as { signal?: string; stdout?: string; stderr?: string; status?: number };
    const why = e.signal === "SIGKILL" ? `did not finish in ${LIMIT_MS / 1000} s (is the npm registry reachable?)` : `exited ${e.status}`;
    throw new Error(`${[command, ...args].join(" ")} in ${cwd} ${why}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** The registry npm is configured with (CI's mirror, or npmjs.org), for Yarn, which reads its own settings. */
function npmRegistry(): string {
  return run("npm", ["config", "get", "registry"], process.cwd()).trim();
}

export function npm(cwd: string, ...args: string[]): string {
  return run("npm", args, cwd);
}

/** Where pnpm keeps its store (a test's pnpm-workspace.yaml names it: `storeDir`). */
export const PNPM_STORE = join(CACHE, "pnpm-store");

const fetched = new Map<string, string>();

/** The path of `bin` of the package `spec`, fetched into npx's cache once: a run through npx asks the registry every time (~5 s). */
function toolPath(spec: string, bin: string): string {
  let path = fetched.get(spec);
  if (path === undefined) fetched.set(spec, (path = run("npx", ["--yes", "-p", spec, "-c", `command -v ${bin}`], process.cwd()).trim()));
  return path;
}

/** pnpm. `pnpm install` is frozen under CI=true; the tests pass --no-frozen-lockfile where they change the workspace. */
export function pnpm(cwd: string, ...args: string[]): string {
  return run(toolPath(PNPM, "pnpm"), args, cwd);
}

let registry: string | undefined;

/** Yarn Berry, its global cache in the user's cache; installs may change the lock file (CI=true would forbid it) unless the test passes --immutable. */
export function yarn(cwd: string, ...args: string[]): string {
  registry ??= npmRegistry();
  const env = userEnv({ YARN_GLOBAL_FOLDER: join(CACHE, "yarn"), YARN_ENABLE_TELEMETRY: "0", YARN_ENABLE_IMMUTABLE_INSTALLS: "false", YARN_NPM_REGISTRY_SERVER: registry, YARN_ENABLE_PROGRESS_BARS: "false" });
  return run(toolPath(YARN, "yarn"), args, cwd, env);
}

/** Packs a folder as the adoption tests do (`npm pack --ignore-scripts`: the suite has built dist/ already); the tarball's path. */
export function pack(dir: string, destination: string): string {
  const [packed] = JSON.parse(npm(dir, "pack", "--json", "--ignore-scripts", "--pack-destination", destination)) as { filename: string }[];
  return join(destination, packed!.filename);
}

/** A team's repository for a workspace test: `packages/schemas` and `packages/service`, under git, jetschema's two tarballs in `vendor/`. */
export function workspaceRepo(tmp: string, root: string): { repo: string; schemas: string; service: string } {
  const repo = join(tmp, "acme");
  const schemas = join(repo, "packages", "schemas");
  const service = join(repo, "packages", "service");
  for (const dir of [join(repo, "vendor"), schemas, service]) mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  for (const dir of [root, join(root, "runtime")]) pack(dir, join(repo, "vendor"));
  return { repo, schemas, service };
}

/** A step of the CI workflow `init` wrote. */
export interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}

/** The steps of the workflow `init` wrote for the namespace `schemas`, at the repository's root. */
export function workflowSteps(repo: string): WorkflowStep[] {
  return (parse(readFileSync(join(repo, ".github", "workflows", "events-schemas.yml"), "utf8")) as { jobs: { events: { steps: WorkflowStep[] } } }).jobs.events.steps;
}

/**
 * The workspace tests' service: publishes through the generated package, and sees a payload the
 * package's validator refuses fail with the runtime's error class, reached through the package.
 */
export function workspaceServiceSource(natsUrl: string, source: string): string {
  return `import { connect } from "@nats-io/transport-node";
import { createEvents, subjects, type PublishAck } from "@acme/schemas-events";
import { ValidationError } from "@acme/schemas-events/runtime";

const nc = await connect({ servers: ${JSON.stringify(natsUrl)} });
const events = createEvents(nc, { source: ${JSON.stringify(source)} });
await events.ensureStreams();
const ack: PublishAck = await events.publishExampleCreated({ id: "ex-1", name: "first" });
// Invalid: refused before anything is sent, with the runtime's error class, reached through the package.
const refused = await events.publish("example.created@1", { id: "ex-2" } as never).catch((err: unknown) => err instanceof ValidationError);
console.log(JSON.stringify({ stream: ack.stream, seq: ack.seq, subject: subjects.example.created.v1, refused }));
await nc.close();
`;
}
