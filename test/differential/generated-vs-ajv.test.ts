/**
 * Differential test: the validators of the GENERATED package (ajv standalone code, pure ESM)
 * against ajv compiling the same schemas at run time, on the flagship registry in schemas/.
 *
 * The package is rendered with `renderPackage` into test/.tmp-differential/ (inside the repository,
 * so its bare imports of ajv/ajv-formats resolve), and its registry.js is imported. The run-time
 * side is `checkRegistryAt("schemas").schemas.validator(file)`: the generator's own ajv set-up,
 * standalone off. Instances: every example of every version (must be valid), every example of
 * every other version, and mutants derived mechanically from the schema and the examples (see
 * test/support/differential-mutations.ts). Verdicts and error lists must be identical.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import { checkRegistryAt, type Checked } from "../../generator/front-end/front-end.js";
import { renderPackage } from "../../generator/pipeline.js";
import { BASE_URI } from "../../generator/resolve/resolve-refs.js";
import { getAtPointer } from "../../generator/base/json-pointer.js";
import { Mutator, mutantsOf, type Json, type SchemaNode } from "../support/differential-mutations.js";

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SCHEMAS = join(REPO_ROOT, "schemas");
const TMP_PARENT = join(REPO_ROOT, "test", ".tmp-differential");

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
interface GeneratedRegistry {
  envelope: { validate: GeneratedValidator };
  events: Record<string, { validators: Record<string, GeneratedValidator> }>;
}

interface Subject {
  /** e.g. `position/admitted/1.0.json`, or the envelope file */
  file: string;
  label: string;
  generated: GeneratedValidator;
  runtime: ValidateFunction;
  schema: Record<string, unknown>;
  examples: Json[];
}

interface Instance {
  label: string;
  value: Json;
  /** Examples of the version itself must be valid. */
  mustBeValid?: boolean;
}

/** The parts of an ajv error that do not depend on how the validator was compiled. */
function errorKeys(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath} ${e.schemaPath} ${e.keyword} ${JSON.stringify(e.params)} ${e.message ?? ""}`);
}

let checked: Checked;
let registry: GeneratedRegistry;
let tmpDir: string;
const subjects: Subject[] = [];

beforeAll(async () => {
  checked = checkRegistryAt(SCHEMAS);
  mkdirSync(TMP_PARENT, { recursive: true });
  tmpDir = mkdtempSync(join(TMP_PARENT, "run-"));
  const pkgDir = join(tmpDir, "pkg");
  const files = await renderPackage({ schemas: SCHEMAS, out: pkgDir });
  for (const [rel, content] of files) {
    const path = join(pkgDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  registry = ((await import(pathToFileURL(join(pkgDir, "registry.js")).href)) as { registry: GeneratedRegistry }).registry;

  const { model, schemas } = checked;
  for (const major of model.majors) {
    for (const version of major.versions) {
      const generated = registry.events[major.key]?.validators[version.version];
      if (!generated) throw new Error(`generated registry has no validator for ${major.key} ${version.version}`);
      subjects.push({
        file: version.file,
        label: `${major.key} ${version.version} (${version.file})`,
        generated,
        runtime: schemas.validator(version.file),
        schema: model.resolved.normalized.get(version.file)!,
        examples: Array.isArray(version.doc.schema.examples) ? (version.doc.schema.examples as Json[]) : [],
      });
    }
  }
}, 120_000);

afterAll(() => {
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  try {
    if (existsSync(TMP_PARENT) && readdirSync(TMP_PARENT).length === 0) rmdirSync(TMP_PARENT);
  } catch {
    // another run is using it
  }
});

function mutator(): Mutator {
  const normalized = checked.model.resolved.normalized;
  return new Mutator((ref) => {
    const [uri, fragment = ""] = ref.split("#");
    const file = uri!.startsWith(BASE_URI) ? uri!.slice(BASE_URI.length) : undefined;
    const doc = file === undefined ? undefined : normalized.get(file);
    const target = doc === undefined ? undefined : getAtPointer(doc, decodeURIComponent(fragment));
    if (target === undefined) throw new Error(`mutator: cannot resolve $ref ${ref}`);
    return target as SchemaNode;
  });
}

interface Outcome {
  compared: number;
  rejected: number;
  mismatches: string[];
  invalidExamples: string[];
}

function compare(subject: Pick<Subject, "generated" | "runtime">, instances: Instance[]): Outcome {
  const outcome: Outcome = { compared: 0, rejected: 0, mismatches: [], invalidExamples: [] };
  for (const instance of instances) {
    let generatedVerdict: boolean | string;
    try {
      generatedVerdict = subject.generated(structuredClone(instance.value)) === true;
    } catch (e) {
      generatedVerdict = `threw ${(e as Error).message}`;
    }
    const generatedErrors = errorKeys(subject.generated.errors);
    const runtimeVerdict = subject.runtime(structuredClone(instance.value)) === true;
    const runtimeErrors = errorKeys(subject.runtime.errors);
    outcome.compared++;
    if (runtimeVerdict === false) outcome.rejected++;
    const where = `${instance.label} ${JSON.stringify(instance.value).slice(0, 200)}`;
    if (generatedVerdict !== runtimeVerdict) {
      outcome.mismatches.push(`${where}: generated ${generatedVerdict}, ajv run-time ${runtimeVerdict}`);
    } else if (JSON.stringify(generatedErrors) !== JSON.stringify(runtimeErrors)) {
      outcome.mismatches.push(`${where}: same verdict, different errors:\n    generated ${generatedErrors.join(" | ")}\n    run-time  ${runtimeErrors.join(" | ")}`);
    }
    if (instance.mustBeValid && (generatedVerdict !== true || runtimeVerdict !== true)) {
      outcome.invalidExamples.push(`${where}: generated ${generatedVerdict}, run-time ${runtimeVerdict} ${runtimeErrors.join(" | ")}`);
    }
  }
  return outcome;
}

const totals = { instances: 0, rejected: 0, subjects: 0, envelope: 0 };

describe("generated validators vs ajv at run time (schemas/)", () => {
  it("covers every event version of the registry", () => {
    expect(subjects.length).toBe(checked.model.majors.reduce((n, m) => n + m.versions.length, 0));
    expect(subjects.length).toBeGreaterThan(0);
    for (const s of subjects) expect(s.examples.length, `${s.label} has no examples`).toBeGreaterThan(0);
  });

  it("every version: same verdict and errors on examples and mutants; examples valid; some mutants rejected", () => {
    const mutate = mutator();
    const allExamples = subjects.flatMap((s) => s.examples.map((e, i) => ({ from: s.label, index: i, value: e })));
    const failures: string[] = [];
    for (const subject of subjects) {
      const own: Instance[] = subject.examples.map((e, i) => ({ label: `example ${i}`, value: e, mustBeValid: true }));
      const foreign: Instance[] = allExamples
        .filter((e) => e.from !== subject.label)
        .map((e) => ({ label: `example ${e.index} of ${e.from}`, value: e.value }));
      const mutants: Instance[] = mutantsOf(mutate, subject.schema as SchemaNode, subject.examples);
      const outcome = compare(subject, [...own, ...foreign, ...mutants]);
      const mutantsRejected = compare(subject, mutants).rejected;
      totals.instances += outcome.compared;
      totals.rejected += outcome.rejected;
      totals.subjects++;
      for (const m of outcome.mismatches) failures.push(`${subject.label}: ${m}`);
      for (const m of outcome.invalidExamples) failures.push(`${subject.label}: example not valid: ${m}`);
      if (mutantsRejected === 0) failures.push(`${subject.label}: none of ${mutants.length} mutants was rejected`);
    }
    expect(failures, failures.slice(0, 50).join("\n")).toEqual([]);
  });

  it("envelope: same verdict and errors on example envelopes and their mutants", () => {
    const { model, schemas } = checked;
    const generated = registry.envelope.validate;
    const runtime = schemas.validator(model.envelope.file);
    const envelopes: Json[] = [];
    let n = 0;
    for (const major of model.majors) {
      for (const version of major.versions) {
        const examples = Array.isArray(version.doc.schema.examples) ? (version.doc.schema.examples as Json[]) : [];
        for (const data of examples) {
          envelopes.push({
            id: `evt-${String(++n).padStart(4, "0")}`,
            version: version.version,
            type: major.type,
            timestamp: "2024-01-01T12:00:00.000Z",
            source: "waitingroom-api",
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
            span_id: "00f067aa0ba902b7",
            queue_id: "concert-tickets",
            data,
          });
        }
      }
    }
    // The minimal envelope: only what is required.
    envelopes.push({ id: "evt-min", version: "1.0", type: "queue.paused", timestamp: "2024-01-01T00:00:00Z", source: "s", data: {} });
    const own: Instance[] = envelopes.map((e, i) => ({ label: `envelope ${i}`, value: e, mustBeValid: true }));
    const mutants = mutantsOf(mutator(), model.envelope.schema as SchemaNode, envelopes);
    const outcome = compare({ generated, runtime }, [...own, ...mutants]);
    totals.instances += outcome.compared;
    totals.rejected += outcome.rejected;
    totals.subjects++;
    totals.envelope = outcome.compared;
    const failures = [...outcome.mismatches, ...outcome.invalidExamples.map((m) => `example not valid: ${m}`)];
    expect(failures, failures.slice(0, 50).join("\n")).toEqual([]);
    expect(compare({ generated, runtime }, mutants).rejected).toBeGreaterThan(0);
  });

  afterAll(() => {
    console.log(
      `differential: ${totals.instances} instances compared over ${totals.subjects} validators ` +
        `(${totals.subjects - 1} event versions: ${totals.instances - totals.envelope}; envelope: ${totals.envelope}), ` +
        `${totals.rejected} of them invalid`,
    );
  });
});
