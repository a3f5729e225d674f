/**
 * The package files (index.js/.d.ts, registry.js, subjects.*, streams.*, package.json and the
 * validators' declarations) are written in prettier's layout by construction
 * (emit/package-layout/) and skip prettier at generate time. The safety net: for every registry
 * we have, synthetic ones (one large enough to split its validators) and registries built so
 * that names, subjects and signatures land on every side of the 100-column line, prettier with
 * the generator's options changes nothing in a file the emitter says is laid out; and every
 * package file of those registries is laid out, so a cold run starts no prettier.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { emitPackageFiles } from "../../generator/emit/package-files.js";
import { createTemplates } from "../../generator/emit/templates.js";
import { emitValidators, validatorExports } from "../../generator/emit/validators.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { shippedDependencies } from "../../generator/load/shipped-dependencies.js";
import { readTemplates } from "../../generator/load/templates.js";
import { writtenAsIs } from "../../generator/write/format.js";
import { writeHostileRegistry } from "../catalog/support/hostile-registry.js";
import { firstDifference } from "../support/first-difference.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-package-prettier-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const folders = (parent: string) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, () => string] => [`${parent}/${d.name}`, () => join(parent, d.name)]);

const made = (name: string, write: (dir: string) => unknown) => () => {
  const dir = join(tmp, name);
  write(dir);
  return dir;
};

/** A name of exactly `n` characters from `base` (lower-case letters), so lines land where a test wants them. */
const nameOf = (base: string, n: number) => (base + "x".repeat(n)).slice(0, n);

/**
 * A registry whose event names grow one character at a time, so each publish helper, signature,
 * import and subject line lands just under, on and just over 100 columns; every third event is a
 * request-reply query, every fifth has no description and the consumers' names are long.
 */
function writeEdgeRegistry(dir: string, options: { from: number; to: number; contextRequired: boolean; minors?: boolean }): void {
  const events: string[] = [];
  for (let n = options.from; n <= options.to; n++) events.push(`edge.${nameOf("entity", n)}.changed`);
  const envelope = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["id", "type", "time", "version", "source", "data", ...(options.contextRequired ? ["tenant_id"] : [])],
    properties: {
      id: { type: "string" },
      type: { type: "string" },
      time: { type: "string", format: "date-time" },
      version: { type: "string" },
      source: { type: "string" },
      tenant_id: { type: "string" },
      "trace-id": { type: "string" },
      data: { type: "object" },
    },
  };
  const consumers = Object.fromEntries(
    [20, 60, 95].map((n) => [nameOf("consumer", n), { stream: "EDGE_EVENTS", filter_subject: "edge.>", ack_wait: "30s", max_deliver: 3 }]),
  );
  const registry = {
    namespace: "edge",
    package: { name: "@edge/events", version: "0.1.0", keywords: ["edge", "events"] },
    subject: "{namespace}.{event}.v{major}",
    type: "{event}",
    envelope: { schema: "envelope.schema.json", fields: { id: "id", type: "type", time: "time", version: "version", source: "source", data: "data" } },
    streams: {
      EDGE_EVENTS: { description: `Every edge event: ${"a long description that runs past the line. ".repeat(3)}`, subjects: ["edge.>"], max_age: "7d", no_ack: true },
    },
    consumers,
    // With minors: FORWARD lets 1.1 make `id` required, so every major's handler gets a union over its minors.
    ...(options.minors ? { compatibility: "FORWARD" } : {}),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "registry.json"), JSON.stringify(registry, null, 2));
  writeFileSync(join(dir, "envelope.schema.json"), JSON.stringify(envelope, null, 2));
  mkdirSync(join(dir, "defs"));
  writeFileSync(join(dir, "defs", "reply.json"), JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { ok: { type: "boolean" } } }));
  events.forEach((event, i) => {
    const folder = join(dir, ...event.split("."));
    mkdirSync(folder, { recursive: true });
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: `Changed ${i}`,
      ...(i % 5 === 0 ? { description: "" } : { description: `The entity changed; ${"words ".repeat(i % 30)}` }),
      type: "object",
      properties: { id: { type: "string" } },
      ...(i % 3 === 0 ? { "x-pattern": "request-reply", "x-reply": { $ref: "../../../defs/reply.json" } } : {}),
    };
    writeFileSync(join(folder, "1.0.json"), JSON.stringify(schema, null, 2));
    if (options.minors) writeFileSync(join(folder, "1.1.json"), JSON.stringify({ ...schema, required: ["id"] }, null, 2));
  });
}

/** Package files a registry's names are too long for: their pieces would break in ways the layout leaves to prettier. */
const LONG_NAMES = ["index.js", "index.d.ts"];

/** [name, registry folder, the package files it may leave to prettier] */
const registries: Array<[string, () => string, string[]?]> = [
  ["schemas/", () => "schemas"],
  ...folders("examples"),
  ...folders("test/fixtures/good"),
  ["test/fixtures/hostile", () => "test/fixtures/hostile"],
  ["the generated hostile registry", made("hostile", writeHostileRegistry)],
  ["a synthetic registry of 60 events", made("synthetic", (d) => writeSyntheticRegistry(d, { events: 60 }))],
  ["a synthetic catalog-shaped registry of 60 events", made("catalog", (d) => writeSyntheticRegistry(d, { events: 60, ...CATALOG_SHAPE }))],
  ["a synthetic registry of 210 events (split validators)", made("split", (d) => writeSyntheticRegistry(d, { events: 210 }))],
  ["names of 4 to 36 characters", made("edge-short", (d) => writeEdgeRegistry(d, { from: 4, to: 36, contextRequired: false }))],
  ["names of 4 to 36 characters, a required context", made("edge-required", (d) => writeEdgeRegistry(d, { from: 4, to: 36, contextRequired: true }))],
  ["names of 37 to 110 characters", made("edge-long", (d) => writeEdgeRegistry(d, { from: 37, to: 110, contextRequired: true })), LONG_NAMES],
  ["names of 4 to 36 characters, a type per minor", made("edge-minors", (d) => writeEdgeRegistry(d, { from: 4, to: 36, contextRequired: false, minors: true }))],
  ["names of 37 to 110 characters, a type per minor", made("edge-long-minors", (d) => writeEdgeRegistry(d, { from: 37, to: 110, contextRequired: false, minors: true })), LONG_NAMES],
];

const templates = createTemplates(readTemplates());

describe("the package files are already prettier-formatted", () => {
  it.each(registries)("%s", async (_name, dir, mayFallBack = []) => {
    const { model, schemas } = checkRegistryAt(dir(), { standalone: true });
    const validators = emitValidators(model, schemas);
    const pkg = emitPackageFiles(model, validatorExports(model, schemas.modules()), templates, shippedDependencies(), true);
    const declarations = [...validators.files].filter(([path]) => path.endsWith(".d.ts"));
    const changed: string[] = [];
    for (const [path, text] of [...[...pkg.files].filter(([path]) => pkg.laidOut.has(path)), ...declarations]) {
      const formatted = await format(text, { printWidth: 100, filepath: path });
      if (formatted !== text) changed.push(`${path}: ${firstDifference(text, formatted)}`);
    }
    expect(changed).toEqual([]);
    expect([...pkg.files.keys()].filter((path) => !pkg.laidOut.has(path) && !mayFallBack.includes(path))).toEqual([]);
    for (const [path] of declarations) expect(writtenAsIs(path), path).toBe(true);
  });
});

describe("what the layout does not write is left to prettier", () => {
  it("a template overridden by the user", () => {
    const override = join(tmp, "templates");
    mkdirSync(join(override, "package"), { recursive: true });
    writeFileSync(join(override, "package", "index.js.hbs"), "export const x = {  a:1 }\n");
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const pkg = emitPackageFiles(model, validatorExports(model, schemas.modules()), createTemplates(readTemplates(override)), shippedDependencies(), false);
    expect(pkg.laidOut.has("index.js")).toBe(false);
    expect(pkg.laidOut.has("index.d.ts")).toBe(true);
  });
});
