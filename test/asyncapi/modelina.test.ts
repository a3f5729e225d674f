/**
 * Other tools can use the export: @asyncapi/modelina generates TypeScript models from the
 * AsyncAPI document of every registry, and they compile under strict tsc. A service typed with
 * them gets the payload right or does not compile.
 */
import { TypeScriptFileGenerator } from "@asyncapi/modelina";
import { Parser } from "@asyncapi/parser";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAll, REGISTRIES, SERVED_MINOR_UNIONS } from "./registries.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-modelina-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const modelsOf = new Map<string, string[]>();

beforeAll(async () => {
  const parser = new Parser();
  for (const e of exportAll()) {
    const { document } = await parser.parse(e.yaml);
    const generator = new TypeScriptFileGenerator({ modelType: "interface", rawPropertyNames: true, moduleSystem: "ESM" });
    const dir = join(tmp, e.dir.replace(/[^a-z0-9]+/gi, "-"));
    const models = await generator.generateToFiles(document, dir, { exportType: "named" }, true);
    modelsOf.set(e.dir, models.map((m) => m.modelName));
  }
}, 300_000);

/** Strict tsc over the files; its diagnostics as text, "" when everything compiles. */
function compile(files: string[]): string {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => tmp,
    getNewLine: () => "\n",
  });
}

describe.each(REGISTRIES.map((dir) => ({ dir })))("Modelina's TypeScript models of the $dir export", ({ dir }) => {
  it("are generated, one per payload at least, and compile under strict tsc", () => {
    const folder = join(tmp, dir.replace(/[^a-z0-9]+/gi, "-"));
    const files = readdirSync(folder).filter((f) => f.endsWith(".ts")).map((f) => join(folder, f));
    expect(modelsOf.get(dir)!.length).toBeGreaterThan(0);
    expect(compile(files)).toBe("");
  });
});

describe("a service typed with Modelina's models of schemas/", () => {
  it("names each event's envelope and payload like the generated package, and a wrong payload does not compile", () => {
    expect(modelsOf.get("schemas")).toEqual(expect.arrayContaining(["PositionAdmittedEvent", "PositionAdmitted", "SystemMetricsEvent"]));
    const service = join(tmp, "schemas", "service.ts");
    writeFileSync(
      service,
      `import type { PositionAdmitted } from "./PositionAdmitted";
import type { PositionAdmittedEvent } from "./PositionAdmittedEvent";
export const ok: PositionAdmitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };
// @ts-expect-error session_id is required
export const missing: PositionAdmitted = { position_id: "pos-1", wait_time_seconds: 300, queue_length_after: 1522 };
// @ts-expect-error wait_time_seconds is a number
export const wrong: PositionAdmitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: "300", queue_length_after: 1522 };
export const data = (e: PositionAdmittedEvent): PositionAdmitted | undefined => e.data;
// @ts-expect-error data is the payload, not any
export const notText = (e: PositionAdmittedEvent): string | undefined => e.data;
`,
    );
    expect(compile([service])).toBe("");
  });
});

describe("a service typed with Modelina's models of a major whose latest minor cannot read its older minors", () => {
  it("gets the major's event as a union of one envelope per minor, told apart by the version", () => {
    expect(modelsOf.get(SERVED_MINOR_UNIONS)).toEqual(expect.arrayContaining(["TreeUpdatedEvent", "TreeUpdatedV1_0Event", "TreeUpdatedV1_1Event", "TreePrunedEvent"]));
    const service = join(tmp, SERVED_MINOR_UNIONS.replace(/[^a-z0-9]+/gi, "-"), "service.ts");
    writeFileSync(
      service,
      `import type { TreeUpdatedEvent } from "./TreeUpdatedEvent";
export const version = (e: TreeUpdatedEvent): "1.0" | "1.1" => e.version;
// @ts-expect-error 1.2 is no minor of tree.updated v1
export const wrong = (e: TreeUpdatedEvent): "1.0" | "1.2" => e.version;
`,
    );
    expect(compile([service])).toBe("");
  });
});
