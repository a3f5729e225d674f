/**
 * Adoption, outside the repository, as a user does it: pack jetschema and the runtime; in an
 * empty project install the tarball, `init`, `new order.placed`, `generate`, and pack the
 * generated package; in a second "service" project install that package and the runtime tarball
 * (no workspaces, no links), typecheck a service with `tsc --strict` (a wrong payload must not
 * compile), then run it: it publishes the scaffolded example through the generated helper and
 * consumes it typed, on a real nats-server.
 *
 * The packs use --ignore-scripts: `npm test` has just built dist/ (prepack would build it again,
 * under the feet of the suites running beside this one). npm install reads the npm cache first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { folderPerFile, serverPerFile } from "../support/per-file.js";

const ROOT = resolve(".");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tmp = folderPerFile("jetschema-adoption-");
const server = serverPerFile();

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

/** npm as a user runs it: none of the npm_* settings of an enclosing `npm test` leak in. */
function npm(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return execFileSync("npm", args, { cwd, env: { ...env, NO_UPDATE_NOTIFIER: "1" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function pack(dir: string, ...flags: string[]): Packed & { path: string } {
  const [packed] = JSON.parse(npm(dir, "pack", "--json", "--pack-destination", tmp, ...flags)) as Packed[];
  return { ...packed!, path: join(tmp, packed!.filename) };
}

const install = (cwd: string, ...args: string[]) => npm(cwd, "install", "--prefer-offline", "--no-audit", "--no-fund", ...args);
const tsc = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", ...args], { cwd, encoding: "utf8" });
const jetschema = (cwd: string, ...args: string[]) => execFileSync(join(cwd, "node_modules", ".bin", "jetschema"), args, { cwd, encoding: "utf8" });

describe("adoption outside the repository", () => {
  let cli: Packed & { path: string };
  let runtime: Packed & { path: string };

  it("jetschema and the runtime pack as packages: built code, no tests, fixtures or examples", () => {
    cli = pack(ROOT, "--ignore-scripts");
    runtime = pack(join(ROOT, "runtime"), "--ignore-scripts");
    const cliFiles = cli.files.map((f) => f.path);
    for (const f of ["package.json", "README.md", "LICENSE", "bin/jetschema.js", "dist/generator/cli/main.js", "dist/generator/bundle/main.js", "dist/generator/bundle/compile-worker.js", "dist/generator/bundle/shipped-validators.json", "generator/load/registry.schema.json", "templates/package/package.json.hbs", "templates/init/events.yml"]) {
      expect(cliFiles, f).toContain(f);
    }
    expect(cliFiles.filter((f) => /^(test|examples|schemas|generated|bench|docs|runtime)\/|\.ts$|\.map$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    const runtimeFiles = runtime.files.map((f) => f.path);
    for (const f of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]) expect(runtimeFiles, f).toContain(f);
    expect(runtimeFiles.filter((f) => !/^(dist\/.*\.(js|d\.ts)|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    for (const manifest of [readFileSync("package.json", "utf8"), readFileSync("runtime/package.json", "utf8")]) {
      const pkg = JSON.parse(manifest) as Record<string, unknown>;
      expect(pkg.private).toBeUndefined();
      expect(pkg).toMatchObject({ license: "MIT", scripts: { prepack: "npm run build" } });
      expect(pkg.description).toEqual(expect.any(String));
      expect(pkg.keywords).toEqual(expect.any(Array));
    }
    console.log(`jetschema: ${cli.filename} ${cli.size} B packed, ${cli.unpackedSize} B unpacked, ${cli.entryCount} files; runtime: ${runtime.filename} ${runtime.size} B packed, ${runtime.unpackedSize} B unpacked, ${runtime.entryCount} files`);
  });

  it("an events repository installs it, inits, adds order.placed, generates and packs; a service installs that, typechecks and runs on NATS", () => {
    const events = join(tmp, "shop");
    mkdirSync(events);
    npm(events, "init", "-y");
    // Published, jetschema's dependency @jetschema/runtime comes from the registry; here from its tarball.
    install(events, "-D", cli.path, runtime.path);
    expect(jetschema(events, "--version").trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    jetschema(events, "init");
    const registry = JSON.parse(readFileSync(join(events, "schemas", "registry.json"), "utf8")) as { $schema: string };
    // The editor's $schema resolves inside the installed package.
    expect(JSON.parse(readFileSync(resolve(events, "schemas", registry.$schema), "utf8")).$schema).toMatch(/json-schema\.org/);
    jetschema(events, "new", "order.placed");
    expect(jetschema(events, "generate")).toContain("generated");
    expect(jetschema(events, "check")).toContain("no problems");
    const generated = pack(join(events, "generated"));
    expect(generated.filename).toBe("shop-events-0.1.0.tgz");

    const service = join(tmp, "service");
    mkdirSync(service);
    npm(service, "init", "-y");
    npm(service, "pkg", "set", "type=module");
    install(service, generated.path, runtime.path, "@nats-io/transport-node");
    const installed = JSON.parse(readFileSync(join(service, "package.json"), "utf8")) as { dependencies: Record<string, string>; workspaces?: unknown };
    expect(installed.workspaces).toBeUndefined();
    expect(installed.dependencies["shop-events"]).toMatch(/^file:.*shop-events-0\.1\.0\.tgz$/);

    const example = (JSON.parse(readFileSync(join(events, "schemas", "example", "created", "1.0.json"), "utf8")) as { examples: unknown[] }).examples[0];
    writeFileSync(join(service, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", outDir: "dist", skipLibCheck: true, types: [] }, files: ["service.ts"] }));
    writeFileSync(join(service, "service.ts"), serviceSource(example, server().url));
    const typecheck = tsc(service);
    expect(typecheck.status, typecheck.stdout).toBe(0);
    // The same file with the @ts-expect-error removed must fail: the wrong payload is a compile error.
    writeFileSync(join(service, "service.ts"), serviceSource(example, server().url).replace("// @ts-expect-error name is a string\n", ""));
    const wrong = tsc(service, "--noEmit");
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/service\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);

    const out = execFileSync(process.execPath, ["dist/service.js"], { cwd: service, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(result).toEqual({ stream: "EVENTS", seq: 1, subject: "shop.example.created.v1", received: { type: "example.created", version: "1.0", source: "adoption-service", data: example }, refused: true });
  }, 150_000);
});

function serviceSource(example: unknown, natsUrl: string): string {
  return `import { connect } from "@nats-io/transport-node";
import { createEvents, subjects, type PublishAck } from "shop-events";
import { ValidationError } from "shop-events/runtime";

const nc = await connect({ servers: ${JSON.stringify(natsUrl)} });
const events = createEvents(nc, { source: "adoption-service" });
await events.ensureStreams();

let delivered!: (e: { type: string; version: string; source: string; data: { id: string; name: string } }) => void;
const received = new Promise<Parameters<typeof delivered>[0]>((resolve) => (delivered = resolve));
const running = await events.consume("example-reader", {
  "example.created": (e) => {
    const name: string = e.data.name;
    delivered({ type: e.type, version: e.version, source: e.source, data: { id: e.data.id, name } });
  },
});

const ack: PublishAck = await events.publishExampleCreated(${JSON.stringify(example)});
// The runtime's errors come through the package, the same class the client throws.
const refused = await events.publish("example.created@1", { id: "ex-3" } as never).catch((err: unknown) => err instanceof ValidationError);
const never = () =>
  // @ts-expect-error name is a string
  events.publishExampleCreated({ id: "ex-2", name: 42 });
void never;

console.log(JSON.stringify({ stream: ack.stream, seq: ack.seq, subject: subjects.example.created.v1, received: await received, refused }));
await running.stop();
await nc.close();
`;
}
