/**
 * The envelope `jetschema init` writes has no context properties, so a publish helper takes none:
 * the context argument compiles only absent, `undefined` or `{}`. Each call below is a line of a
 * consumer; a call that must not compile is marked @ts-expect-error, and TypeScript fails on a
 * marked line that compiles, so one file checks every row.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { initRegistry } from "../../generator/scaffold/init-registry.js";
import { typecheckFiles } from "../support/typecheck.js";

// Inside the repository, so the generated package finds @jetschema/runtime and nats.js in its node_modules.
const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-no-context-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  mkdirSync(join(tmp, "shop"));
  // A repository of its own: in this one's folder, init would write its workflow to this one's root.
  execFileSync("git", ["init", "-q"], { cwd: join(tmp, "shop") });
  initRegistry({ cwd: join(tmp, "shop"), schemas: "schemas", envelope: "default", force: false });
  await generate({ schemas: join(tmp, "shop", "schemas"), out: join(tmp, "pkg") });
});

const CALLS: Array<{ given: string; compiles: boolean }> = [
  { given: "events.publishExampleCreated(data)", compiles: true },
  { given: "events.publishExampleCreated(data, undefined)", compiles: true },
  { given: "events.publishExampleCreated(data, {})", compiles: true },
  { given: 'events.publishExampleCreated(data, undefined, { id: "evt-1" })', compiles: true },
  { given: 'events.publish("example.created@1", data)', compiles: true },
  { given: 'events.publishExampleCreated(data, "oops")', compiles: false },
  { given: "events.publishExampleCreated(data, 42)", compiles: false },
  { given: 'events.publishExampleCreated(data, { tenant: "t" })', compiles: false },
  { given: "events.publishExampleCreated(data, context)", compiles: false },
  { given: "events.publishExampleCreated(data, null)", compiles: false },
  { given: 'events.publish("example.created@1", data, "oops")', compiles: false },
  { given: 'events.publishMany([{ key: "example.created@1", data, context: { tenant: "t" } }])', compiles: false },
];

describe("publishing with an envelope that has no context properties", () => {
  it("the generated EventContext takes nothing", () => {
    expect(readFileSync(join(tmp, "pkg", "index.d.ts"), "utf8")).toContain("export type EventContext = Record<string, never>;");
  });

  it("absent, undefined and {} compile; a string, number, null or any property does not", () => {
    const example = (JSON.parse(readFileSync(join(tmp, "shop", "schemas", "example", "created", "1.0.json"), "utf8")) as { examples: unknown[] }).examples[0];
    const lines = CALLS.map(({ given, compiles }) => `${compiles ? "" : "// @ts-expect-error\n"}void ${given};`);
    writeFileSync(
      join(tmp, "consumer.ts"),
      `import { connect } from "@nats-io/transport-node";
import { createEvents, type ExampleCreated } from "./pkg/index.js";
const events = createEvents(await connect(), { source: "shop" });
const data: ExampleCreated = ${JSON.stringify(example)};
const context = { tenant: "t" };
${lines.join("\n")}
`,
    );
    expect(typecheckFiles(tmp, ["consumer.ts"])).toBe("");
  });
});
