/**
 * A service bundled with esbuild, as one deploys a Lambda or a container without node_modules:
 * the generated package must be visible to the bundler (the runtime and a split registry's
 * validator modules inside the bundle) and must start as CommonJS, where import.meta is empty.
 * The service imports the committed package (generated/) and a split one (a synthetic registry
 * above the split threshold); the bundle is written to a folder outside the repository and run
 * there: subjects, validators on valid and invalid data, createEvents, and a publish on a real
 * nats-server through the bundled runtime.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build, type Format } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { generate } from "../../generator/generate-run.js";
import { folderPerFile, serverPerFile } from "../support/per-file.js";

const ROOT = resolve(".");
// Inside the repository, so the service's imports resolve from its node_modules when bundling.
const tmp = folderPerFile(".tmp-bundled-", join(ROOT, "test"));
// Outside it, and outside any node_modules: what the bundle runs from.
const deployed = folderPerFile("jetschema-bundled-");
const service = join(tmp, "service");
const server = serverPerFile();
let splitExample: { key: string; version: string; data: unknown };

/** The banner esbuild's documentation gives for an ESM bundle of CommonJS code (nats.js) that require()s Node's built-ins. */
const ESM_REQUIRE_BANNER = 'import { createRequire as topLevelCreateRequire } from "node:module"; const require = topLevelCreateRequire(import.meta.url);';

beforeAll(async () => {
  const schemas = join(tmp, "schemas");
  const name = writeSyntheticRegistry(schemas, { events: 220 }).events[0]!;
  await generate({ schemas, out: join(tmp, "split") });
  const file = readdirSync(join(schemas, ...name.split("."))).sort().pop()!;
  const schema = JSON.parse(readFileSync(join(schemas, ...name.split("."), file), "utf8")) as { examples: unknown[] };
  const version = file.replace(/\.json$/, "");
  splitExample = { key: `${name}@${version.split(".")[0]}`, version, data: schema.examples[0] };
  // The service's dependencies by name, as an install would place them.
  mkdirSync(join(service, "node_modules", "@waitingroom"), { recursive: true });
  mkdirSync(join(service, "node_modules", "@synth"), { recursive: true });
  symlinkSync(join(ROOT, "generated"), join(service, "node_modules", "@waitingroom", "events"));
  symlinkSync(join(tmp, "split"), join(service, "node_modules", "@synth", "events"));
  writeFileSync(join(service, "service.mjs"), serviceSource());
}, 300_000);

/** Each step reports its result or its error, so one table row can expect a failure where it must fail. */
function serviceSource(): string {
  const admitted = (JSON.parse(readFileSync(join(ROOT, "schemas", "position", "admitted", "1.1.json"), "utf8")) as { examples: unknown[] }).examples[0];
  return `import { connect } from "@nats-io/transport-node";
import { createEvents, registry, subjects } from "@waitingroom/events";
import * as split from "@synth/events";

// No top-level await: the same file is bundled as CommonJS.
const step = async (fn) => { try { return await fn(); } catch (err) { return { error: String(err.message).split("\\n")[0] }; } };
const [url, splitKey, splitVersion, splitData] = JSON.parse(process.argv[2]);
async function main() {
const result = { subject: subjects.position.admitted.v1 };
const admitted = registry.events["position.admitted@1"].validators["1.1"];
result.valid = [admitted(${JSON.stringify(admitted)}), admitted({ position_id: 1 })];
result.splitValid = await step(() => {
  const validate = split.registry.events[splitKey].validators[splitVersion];
  return [validate(splitData), validate({}), validate.errors.some((e) => e.keyword === "required")];
});
const nc = await connect({ servers: url });
result.publish = await step(async () => {
  const events = createEvents(nc, { source: "bundled-service" });
  await events.ensureStreams({ replicas: 1 });
  const ack = await events.publishPositionAdmitted(${JSON.stringify(admitted)});
  return { stream: ack.stream, published: ack.seq > 0 };
});
result.splitClient = await step(() => typeof split.createEvents(nc, { source: "bundled-service" }).publish);
await nc.close();
console.log(JSON.stringify(result));
}
void main();
`;
}

const works = {
  subject: "waitingroom.position.admitted.v1",
  valid: [true, false],
  splitValid: [true, false, true],
  publish: { stream: "POSITION_EVENTS", published: true },
  splitClient: "function",
};
const noModuleCondition = { error: expect.stringContaining("a bundler resolving the module condition of package.json imports takes load/bundled.js") };

describe("the generated package bundled with esbuild, run without node_modules", () => {
  it.each([
    { format: "esm" as Format, conditions: undefined, expected: works },
    { format: "cjs" as Format, conditions: undefined, expected: works },
    // A bundler that ignores the "module" condition takes load/node.js: the bundle still starts,
    // and what needs Node's own loader says why it cannot run.
    { format: "cjs" as Format, conditions: [], expected: { ...works, splitValid: noModuleCondition, publish: noModuleCondition, splitClient: noModuleCondition } },
  ])("$format bundle, conditions $conditions", async ({ format, conditions, expected }) => {
    const outfile = join(deployed, `service-${format}-${conditions ? "none" : "default"}.${format === "esm" ? "mjs" : "cjs"}`);
    await build({
      entryPoints: [join(service, "service.mjs")],
      bundle: true,
      platform: "node",
      format,
      outfile,
      logLevel: "silent",
      ...(conditions ? { conditions } : {}),
      ...(format === "esm" ? { banner: { js: ESM_REQUIRE_BANNER } } : {}),
    });
    const args = JSON.stringify([server().url, splitExample.key, splitExample.version, splitExample.data]);
    const { stdout } = await promisify(execFile)(process.execPath, [outfile, args], { cwd: deployed, encoding: "utf8" });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual(expected);
  }, 120_000);
});
