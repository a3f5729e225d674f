/**
 * Conformance of the emitted STANDALONE validators against the official JSON-Schema-Test-Suite.
 *
 * Every test case of tests/draft7 and tests/draft2020-12 (including optional/ and optional/format/)
 * is run through validators produced exactly as the generator produces them: an ajv instance from
 * `createAjv(dialect, { standalone: true })`, `standaloneModuleCode(ajv, refs)` (ajv standalone code
 * rewritten to pure ESM), the module written under test/.tmp-conformance/ and loaded with import().
 *
 * The same cases are also run through ajv at run time (same createAjv options, standalone off, same
 * remotes, same ids, same batching). The suite fails when standalone passes fewer cases than ajv at
 * run time, or when any case ajv at run time gets right is wrong in standalone.
 *
 * Skips are the ones ajv's own test suite applies to the JSON-Schema-Test-Suite (see AJV_SKIPS).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Ajv, ErrorObject } from "ajv";
import { createAjv, type Dialect } from "../../generator/base/ajv.js";
import { standaloneModuleCode } from "../../generator/validators/module-code.js";

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SUITE_ROOT = process.env.JSON_SCHEMA_TEST_SUITE ?? "/work/shared/conformance/JSON-Schema-Test-Suite";
/** Inside the repository so that the modules' bare imports (ajv/…, ajv-formats/…) resolve from node_modules. */
const TMP_PARENT = join(REPO_ROOT, "test", ".tmp-conformance");

// ---------------------------------------------------------------------------------------------
// Skips: copied from ajv's own run of the JSON-Schema-Test-Suite,
//   https://github.com/ajv-validator/ajv/blob/0659d0d767f86290c79d59afa139425762779a62/spec/json-schema.spec.ts
// (SKIP_FORMATS / SKIP_DRAFT7 and the skipTestCases(...) tables of the draft-7 and draft-2020 runs;
// ajv 8.20.0 is the installed version). ajv passes `skip` to json-schema-test, which skips a file
// when its name (path under the draft folder, without .json) is EXACTLY in the list, and
// skipTestCases skips individual tests by file name -> test-group description -> test description
// (true = the whole group).
// ---------------------------------------------------------------------------------------------
type CaseSkips = Record<string, Record<string, string[] | true>>;
interface SkipSet {
  files: string[];
  cases: CaseSkips;
}

const AJV_SKIP_FORMATS = ["idn-email", "idn-hostname", "iri", "iri-reference"];
const AJV_SKIP_FORMAT_TESTS = AJV_SKIP_FORMATS.map((f) => `optional/format/${f}`);
const AJV_SKIP_DRAFT7 = ["optional/content", "optional/float-overflow", "unknownKeyword", ...AJV_SKIP_FORMAT_TESTS];

const AJV_SKIPS: Record<Dialect, SkipSet> = {
  draft7: {
    files: AJV_SKIP_DRAFT7,
    cases: {
      ref: {
        "$ref prevents a sibling $id from changing the base uri": [
          "$ref resolves to /definitions/base_foo, data does not validate",
          "$ref resolves to /definitions/base_foo, data validates",
        ],
      },
    },
  },
  draft2020: {
    files: [...AJV_SKIP_DRAFT7, "optional/format-assertion"],
    cases: {
      dynamicRef: {
        "A $dynamicRef to a $dynamicAnchor in the same schema resource should behave like a normal $ref to an $anchor": [
          "An array of strings is valid",
        ],
        "A $dynamicRef to an $anchor in the same schema resource should behave like a normal $ref to an $anchor": [
          "An array of strings is valid",
        ],
        "A $dynamicRef should resolve to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated": [
          "An array of strings is valid",
        ],
        "A $dynamicRef with intermediate scopes that don't include a matching $dynamicAnchor should not affect dynamic scope resolution": [
          "An array of strings is valid",
        ],
        "An $anchor with the same name as a $dynamicAnchor should not be used for dynamic scope resolution": ["Any array is valid"],
        "A $dynamicRef without a matching $dynamicAnchor in the same schema resource should behave like a normal $ref to $anchor": [
          "Any array is valid",
        ],
        "A $dynamicRef with a non-matching $dynamicAnchor in the same schema resource should behave like a normal $ref to $anchor": [
          "Any array is valid",
        ],
        "A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor should resolve to the first $dynamicAnchor in the dynamic scope":
          ["The recursive part is valid against the root", "The recursive part is not valid against the root"],
        "A $dynamicRef that initially resolves to a schema without a matching $dynamicAnchor should behave like a normal $ref to $anchor": [
          "The recursive part doesn't need to validate against the root",
        ],
        "after leaving a dynamic scope, it should not be used by a $dynamicRef": [
          "string matches /$defs/thingy, but the $dynamicRef does not stop here",
          "first_scope is not in dynamic scope for the $dynamicRef",
          "/then/$defs/thingy is the final stop for the $dynamicRef",
        ],
        "strict-tree schema, guards against misspelled properties": ["instance with misspelled field", "instance with correct field"],
        "tests for implementation dynamic anchor and reference link": [
          "incorrect parent schema",
          "incorrect extended schema",
          "correct extended schema",
        ],
        // duplicate (ajv's comment)
        "Tests for implementation dynamic anchor and reference link. Reference should be independent of any possible ordering.": [
          "incorrect parent schema",
          "incorrect extended schema",
          "correct extended schema",
        ],
      },
      ref: {
        "refs with relative uris and defs": ["invalid on inner field", "invalid on outer field", "valid on both fields"],
        "relative refs with absolute uris and defs": ["invalid on inner field", "invalid on outer field", "valid on both fields"],
      },
      unevaluatedItems: {
        "unevaluatedItems depends on adjacent contains": ["contains passes, second item is not evaluated"],
        "unevaluatedItems depends on multiple nested contains": ["7 not evaluated, fails unevaluatedItems"],
        "unevaluatedItems and contains interact to control item dependency relationship": [
          "only b's are invalid",
          "only c's are invalid",
          "only b's and c's are invalid",
          "only a's and c's are invalid",
        ],
      },
      unevaluatedProperties: {
        "unevaluatedProperties with if/then/else, then not defined": ["when if is false and has unevaluated properties"],
      },
    },
  },
};

/**
 * ajv pins an older checkout of the suite; since then some of the entries above were renamed or
 * moved upstream without changing their schema or data. These map ajv's names onto the names in
 * this checkout so that the SAME cases are skipped. Nothing else is added to ajv's list. Every
 * (mapped) case-level entry must exist (ajv's skipTestCases throws otherwise; so does this suite).
 */
const SUITE_RENAMES = {
  /** unknownKeyword.json now lives in optional/. */
  files: { unknownKeyword: ["optional/unknownKeyword"] } as Record<string, string[]>,
  /** "should behave/resolve/not affect/not be used" became "behaves/resolves/does not affect/is not used". */
  groups: {
    dynamicRef: {
      "A $dynamicRef to a $dynamicAnchor in the same schema resource should behave like a normal $ref to an $anchor": [
        "A $dynamicRef to a $dynamicAnchor in the same schema resource behaves like a normal $ref to an $anchor",
      ],
      "A $dynamicRef to an $anchor in the same schema resource should behave like a normal $ref to an $anchor": [
        "A $dynamicRef to an $anchor in the same schema resource behaves like a normal $ref to an $anchor",
      ],
      "A $dynamicRef should resolve to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated": [
        "A $dynamicRef resolves to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated",
      ],
      "A $dynamicRef with intermediate scopes that don't include a matching $dynamicAnchor should not affect dynamic scope resolution": [
        "A $dynamicRef with intermediate scopes that don't include a matching $dynamicAnchor does not affect dynamic scope resolution",
      ],
      "An $anchor with the same name as a $dynamicAnchor should not be used for dynamic scope resolution": [
        "An $anchor with the same name as a $dynamicAnchor is not used for dynamic scope resolution",
      ],
      "A $dynamicRef without a matching $dynamicAnchor in the same schema resource should behave like a normal $ref to $anchor": [
        "A $dynamicRef without a matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor",
      ],
      "A $dynamicRef with a non-matching $dynamicAnchor in the same schema resource should behave like a normal $ref to $anchor": [
        "A $dynamicRef with a non-matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor",
      ],
      "A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor should resolve to the first $dynamicAnchor in the dynamic scope":
        ["A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor resolves to the first $dynamicAnchor in the dynamic scope"],
      "A $dynamicRef that initially resolves to a schema without a matching $dynamicAnchor should behave like a normal $ref to $anchor": [
        "A $dynamicRef that initially resolves to a schema without a matching $dynamicAnchor behaves like a normal $ref to $anchor",
      ],
      "after leaving a dynamic scope, it should not be used by a $dynamicRef": ["after leaving a dynamic scope, it is not used by a $dynamicRef"],
      // The two identically named groups ajv calls "duplicate" were given distinct names upstream.
      "Tests for implementation dynamic anchor and reference link. Reference should be independent of any possible ordering.": [
        "$ref and $dynamicAnchor are independent of order - $defs first",
        "$ref and $dynamicAnchor are independent of order - $ref first",
      ],
    },
  } as Record<string, Record<string, string[]>>,
};

// ---------------------------------------------------------------------------------------------

interface SuiteTest {
  description: string;
  data: unknown;
  valid: boolean;
}
interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: SuiteTest[];
}
interface SuiteFile {
  name: string; // e.g. "ref", "optional/format/email"
  groups: SuiteGroup[];
}

interface DialectConfig {
  dialect: Dialect;
  /** Folder under tests/. */
  folder: string;
  /** Folders under remotes/ that hold this dialect's remotes (besides the dialect-less top level). */
  remoteFolder: string;
}

const DIALECTS: DialectConfig[] = [
  { dialect: "draft7", folder: "draft7", remoteFolder: "draft7" },
  { dialect: "draft2020", folder: "draft2020-12", remoteFolder: "draft2020-12" },
];

/** Folders under remotes/ that belong to one particular draft (all others are dialect-neutral). */
const DRAFT_REMOTE_FOLDER = /^(draft\d+|draft\d{4}-\d{2}|v\d+)$/;

function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith(".json")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function posix(p: string): string {
  return p.split(sep).join("/");
}

function loadSuite(cfg: DialectConfig): SuiteFile[] {
  const root = join(SUITE_ROOT, "tests", cfg.folder);
  return listJson(root).map((file) => ({
    name: posix(relative(root, file)).replace(/\.json$/, ""),
    groups: JSON.parse(readFileSync(file, "utf8")) as SuiteGroup[],
  }));
}

/** Remotes for a dialect: dialect-neutral ones plus the dialect's own folder, keyed by retrieval URI. */
function loadRemotes(cfg: DialectConfig): Array<[string, unknown]> {
  const root = join(SUITE_ROOT, "remotes");
  const remotes: Array<[string, unknown]> = [];
  for (const file of listJson(root)) {
    const rel = posix(relative(root, file));
    const top = rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : "";
    if (DRAFT_REMOTE_FOLDER.test(top) && top !== cfg.remoteFolder) continue;
    remotes.push([`http://localhost:1234/${rel}`, JSON.parse(readFileSync(file, "utf8"))]);
  }
  return remotes;
}

interface ResolvedSkips {
  files: Set<string>;
  /** `${file}\u0000${group description}` -> test descriptions, or true for the whole group. */
  cases: Map<string, Set<string> | true>;
  /** Case-level skip entries that do not exist in this checkout. */
  missing: string[];
}

function resolveSkips(dialect: Dialect, suite: SuiteFile[]): ResolvedSkips {
  const { files, cases } = AJV_SKIPS[dialect];
  const resolvedFiles = new Set<string>();
  for (const f of files) for (const name of [f, ...(SUITE_RENAMES.files[f] ?? [])]) resolvedFiles.add(name);
  const resolvedCases = new Map<string, Set<string> | true>();
  const missing: string[] = [];
  for (const [fileName, groups] of Object.entries(cases)) {
    const file = suite.find((s) => s.name === fileName);
    if (!file) {
      missing.push(`${fileName}.json`);
      continue;
    }
    for (const [groupDescription, tests] of Object.entries(groups)) {
      const names = SUITE_RENAMES.groups[fileName]?.[groupDescription] ?? [groupDescription];
      for (const name of names) {
        const matching = file.groups.filter((g) => g.description === name);
        if (matching.length === 0) {
          missing.push(`${fileName} / ${name}`);
          continue;
        }
        if (tests !== true) {
          for (const t of tests) {
            if (!matching.some((g) => g.tests.some((x) => x.description === t))) missing.push(`${fileName} / ${name} / ${t}`);
          }
        }
        resolvedCases.set(`${fileName}\u0000${name}`, tests === true ? true : new Set(tests));
      }
    }
  }
  return { files: resolvedFiles, cases: resolvedCases, missing };
}

function isSkipped(skips: ResolvedSkips, file: string, group: SuiteGroup, test: SuiteTest): boolean {
  if (skips.files.has(file)) return true;
  const entry = skips.cases.get(`${file}\u0000${group.description}`);
  return entry === true || (entry !== undefined && entry.has(test.description));
}

// ---------------------------------------------------------------------------------------------

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
/** A validator per group, or the reason the group has none (schema failed to add/compile/emit/load). */
type GroupValidators = Map<number, Validate | { failure: string }>;

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);
}

function groupId(cfg: DialectConfig, file: string, index: number): string {
  return `https://conformance.jetschema.test/${cfg.folder}/${file}/${index}.json`;
}

function newAjv(cfg: DialectConfig, remotes: Array<[string, unknown]>, standalone: boolean): Ajv {
  const ajv = createAjv(cfg.dialect, { standalone });
  for (const [uri, schema] of remotes) {
    try {
      ajv.addSchema(schema as object, uri);
    } catch {
      // A remote this dialect cannot load (e.g. one declaring another draft's $schema): the
      // cases that need it fail for ajv run-time and standalone alike.
    }
  }
  return ajv;
}

/**
 * Splits a file's groups into batches that can share one ajv instance: a group goes into the
 * current batch unless adding it conflicts (typically an $id another group already uses), then a
 * new batch starts. Groups that cannot be added even to a fresh instance fail.
 */
function planBatches(
  cfg: DialectConfig,
  remotes: Array<[string, unknown]>,
  file: SuiteFile,
  indices: number[],
  failures: Map<number, string>,
): Array<{ groups: number[]; ajv: Ajv; dirty: boolean }> {
  const batches: Array<{ groups: number[]; ajv: Ajv; dirty: boolean }> = [];
  for (const i of indices) {
    const schema = file.groups[i]!.schema as object;
    const id = groupId(cfg, file.name, i);
    const current = batches.at(-1);
    if (current) {
      try {
        current.ajv.addSchema(schema, id);
        current.groups.push(i);
        continue;
      } catch {
        current.dirty = true; // a failed addSchema may leave partial state behind: rebuild it later
      }
    }
    const fresh = { groups: [] as number[], ajv: newAjv(cfg, remotes, true), dirty: false };
    try {
      fresh.ajv.addSchema(schema, id);
      fresh.groups.push(i);
      batches.push(fresh);
    } catch (e) {
      failures.set(i, `addSchema: ${message(e)}`);
    }
  }
  return batches;
}

function buildAjv(cfg: DialectConfig, remotes: Array<[string, unknown]>, file: SuiteFile, groups: number[], standalone: boolean): Ajv {
  const ajv = newAjv(cfg, remotes, standalone);
  for (const i of groups) ajv.addSchema(file.groups[i]!.schema as object, groupId(cfg, file.name, i));
  return ajv;
}

let tmpDir: string | undefined;
let moduleCounter = 0;

async function importModule(code: string): Promise<Record<string, unknown>> {
  if (!tmpDir) {
    mkdirSync(TMP_PARENT, { recursive: true });
    tmpDir = mkdtempSync(join(TMP_PARENT, "run-"));
  }
  const path = join(tmpDir, `m${moduleCounter++}.js`);
  writeFileSync(path, code);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** Standalone: compile in the standalone instance, emit one ES module per batch, import it. */
async function standaloneValidators(
  cfg: DialectConfig,
  file: SuiteFile,
  batches: Array<{ groups: number[]; ajv: Ajv }>,
  result: GroupValidators,
): Promise<void> {
  for (const batch of batches) {
    const refs: Record<string, string> = {};
    for (const i of batch.groups) {
      try {
        if (!batch.ajv.getSchema(groupId(cfg, file.name, i))) throw new Error("getSchema returned nothing");
        refs[`g${i}`] = groupId(cfg, file.name, i);
      } catch (e) {
        result.set(i, { failure: `compile: ${message(e)}` });
      }
    }
    if (Object.keys(refs).length === 0) continue;
    let modules: Array<{ code: string; names: string[] } | { failure: string; names: string[] }>;
    try {
      modules = [{ code: standaloneModuleCode(batch.ajv, refs), names: Object.keys(refs) }];
    } catch {
      // Isolate the group(s) that cannot be emitted.
      modules = Object.entries(refs).map(([name, id]) => {
        try {
          return { code: standaloneModuleCode(batch.ajv, { [name]: id }), names: [name] };
        } catch (e) {
          return { failure: `emit: ${message(e)}`, names: [name] };
        }
      });
    }
    for (const m of modules) {
      let exports: Record<string, unknown> | undefined;
      let failure = "failure" in m ? m.failure : undefined;
      if ("code" in m) {
        try {
          exports = await importModule(m.code);
        } catch (e) {
          failure = `import of the emitted module: ${message(e)}`;
        }
      }
      for (const name of m.names) {
        const i = Number(name.slice(1));
        const fn = exports?.[name];
        if (typeof fn === "function") result.set(i, fn as Validate);
        else result.set(i, { failure: failure ?? `export ${name} missing from the emitted module` });
      }
    }
  }
}

/** ajv at run time: same options minus standalone, same remotes, ids and batches. */
function runtimeValidators(
  cfg: DialectConfig,
  remotes: Array<[string, unknown]>,
  file: SuiteFile,
  batches: Array<{ groups: number[] }>,
  result: GroupValidators,
): void {
  for (const batch of batches) {
    const ajv = buildAjv(cfg, remotes, file, batch.groups, false);
    for (const i of batch.groups) {
      try {
        const v = ajv.getSchema(groupId(cfg, file.name, i));
        if (!v) throw new Error("getSchema returned nothing");
        result.set(i, v as Validate);
      } catch (e) {
        result.set(i, { failure: `compile: ${message(e)}` });
      }
    }
  }
}

/** The verdict, with the errors reported as ajv's error objects hold them. */
function verdict(v: Validate | { failure: string } | undefined, data: unknown): { valid: boolean; errors: string } | { failure: string } {
  if (v === undefined) return { failure: "no validator" };
  if (typeof v !== "function") return v;
  try {
    const valid = v(structuredClone(data)) === true;
    return { valid, errors: JSON.stringify(v.errors ?? null) };
  } catch (e) {
    return { failure: `threw: ${message(e)}` };
  }
}

interface CaseResult {
  /** `<folder>/<file>.json: <group description>` */
  group: string;
  test: string;
  skipped: boolean;
  standalone: boolean; // passed?
  runtime: boolean;
  standaloneDetail: string;
  /** Standalone and ajv at run time reported the same error objects (or both none). */
  sameErrors: boolean;
  errorsDetail: string;
}

interface DialectReport {
  total: number;
  skipped: number;
  standalonePassed: number;
  runtimePassed: number;
  cases: CaseResult[];
  missingSkips: string[];
}

async function runDialect(cfg: DialectConfig): Promise<DialectReport> {
  const suite = loadSuite(cfg);
  const remotes = loadRemotes(cfg);
  const skips = resolveSkips(cfg.dialect, suite);
  const cases: CaseResult[] = [];
  for (const file of suite) {
    const active = file.groups.flatMap((g, i) => (g.tests.every((t) => isSkipped(skips, file.name, g, t)) ? [] : [i]));
    const addFailures = new Map<number, string>();
    const planned = planBatches(cfg, remotes, file, active, addFailures);
    const batches = planned.map((b) => (b.dirty ? { groups: b.groups, ajv: buildAjv(cfg, remotes, file, b.groups, true) } : b));
    const standalone: GroupValidators = new Map();
    const runtime: GroupValidators = new Map();
    for (const [i, failure] of addFailures) {
      standalone.set(i, { failure });
      runtime.set(i, { failure });
    }
    await standaloneValidators(cfg, file, batches, standalone);
    runtimeValidators(cfg, remotes, file, batches, runtime);

    file.groups.forEach((group, i) => {
      group.tests.forEach((test) => {
        const label = { group: `${cfg.folder}/${file.name}.json: ${group.description}`, test: test.description };
        if (isSkipped(skips, file.name, group, test)) {
          cases.push({ ...label, skipped: true, standalone: false, runtime: false, standaloneDetail: "", sameErrors: true, errorsDetail: "" });
          return;
        }
        const s = verdict(standalone.get(i), test.data);
        const r = verdict(runtime.get(i), test.data);
        const sameErrors = "valid" in s && "valid" in r ? s.errors === r.errors : true;
        cases.push({
          ...label,
          skipped: false,
          standalone: "valid" in s && s.valid === test.valid,
          runtime: "valid" in r && r.valid === test.valid,
          standaloneDetail: "valid" in s ? `standalone says ${s.valid ? "valid" : "invalid"}, expected ${test.valid ? "valid" : "invalid"}` : s.failure,
          sameErrors,
          errorsDetail: sameErrors || !("valid" in s && "valid" in r) ? "" : `standalone ${s.errors.slice(0, 300)} / run time ${r.errors.slice(0, 300)}`,
        });
      });
    });
  }
  const run = cases.filter((c) => !c.skipped);
  return {
    total: cases.length,
    skipped: cases.length - run.length,
    standalonePassed: run.filter((c) => c.standalone).length,
    runtimePassed: run.filter((c) => c.runtime).length,
    cases,
    missingSkips: skips.missing,
  };
}

// ---------------------------------------------------------------------------------------------

const suitePresent = existsSync(join(SUITE_ROOT, "tests"));
if (!suitePresent) console.warn(`conformance: JSON-Schema-Test-Suite not found at ${SUITE_ROOT}; set JSON_SCHEMA_TEST_SUITE`);

describe.skipIf(!suitePresent)("JSON-Schema-Test-Suite through standalone validators", () => {
  const reports = new Map<Dialect, DialectReport>();
  const originalWarn = console.warn;

  beforeAll(async () => {
    // ajv warns for every format it does not know (strict: false); the suite is full of them.
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && /^unknown format /.test(args[0])) return;
      originalWarn(...args);
    });
    try {
      for (const cfg of DIALECTS) {
        const report = await runDialect(cfg);
        reports.set(cfg.dialect, report);
        const run = report.total - report.skipped;
        console.log(
          `conformance ${cfg.folder}: standalone ${report.standalonePassed}/${run} passed ` +
            `(ajv run-time ${report.runtimePassed}/${run}), ${run - report.standalonePassed} failed, ${report.skipped} skipped`,
        );
      }
    } finally {
      vi.mocked(console.warn).mockRestore();
    }
  }, 180_000);

  afterAll(() => {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    try {
      if (existsSync(TMP_PARENT) && readdirSync(TMP_PARENT).length === 0) rmdirSync(TMP_PARENT);
    } catch {
      // another run is using it
    }
  });

  for (const cfg of DIALECTS) {
    describe(cfg.folder, () => {
      it("finds every case-level skip of ajv's list in this checkout", () => {
        expect(reports.get(cfg.dialect)!.missingSkips).toEqual([]);
      });

      it("runs a meaningful number of cases", () => {
        const r = reports.get(cfg.dialect)!;
        expect(r.total - r.skipped).toBeGreaterThan(500);
      });

      it("standalone passes at least as many cases as ajv at run time", () => {
        const r = reports.get(cfg.dialect)!;
        expect(r.standalonePassed, `standalone ${r.standalonePassed} < ajv run-time ${r.runtimePassed}`).toBeGreaterThanOrEqual(
          r.runtimePassed,
        );
      });

      it("reports the same error objects as ajv at run time in every case both run", () => {
        const different = reports.get(cfg.dialect)!.cases.filter((c) => !c.skipped && !c.sameErrors);
        expect(different.map((c) => `${c.group} / ${c.test}: ${c.errorsDetail}`).slice(0, 20)).toEqual([]);
      });

      it("fails no case that ajv at run time passes", () => {
        const regressions = reports.get(cfg.dialect)!.cases.filter((c) => !c.skipped && c.runtime && !c.standalone);
        // One line per test group (with the count of its failing cases) keeps the message readable.
        const byGroup = new Map<string, { count: number; detail: string; tests: string[] }>();
        for (const c of regressions) {
          const entry = byGroup.get(c.group) ?? { count: 0, detail: c.standaloneDetail, tests: [] };
          entry.count++;
          entry.tests.push(c.test);
          byGroup.set(c.group, entry);
        }
        const lines = [...byGroup].map(
          ([group, e]) => `  ${group} -- ${e.count} case(s): ${e.detail}${e.count <= 3 ? ` [${e.tests.join("; ")}]` : ""}`,
        );
        expect(
          regressions.map((c) => `${c.group} / ${c.test}`),
          `${regressions.length} case(s) pass in ajv at run time but fail standalone:\n${lines.join("\n")}`,
        ).toEqual([]);
      });
    });
  }
});
