/**
 * The broken-registry corpus: every folder under test/fixtures/bad/ is a small registry broken in
 * one way (or, for the multi-* cases, in several independent ways), with expected.json listing
 * every diagnostic the generator must report:
 *
 *   test/fixtures/bad/<case>/schemas/...      the registry
 *   test/fixtures/bad/<case>/expected.json    { "description": "...", "errors": [ { file, pointer, rule, message, line?, column? } ] }
 *
 * (expected.json sits beside the registry, not in it: inside, it would itself be reported as a
 * JSON file that is not a version file.)
 *
 * `file`, `pointer` and `rule` must match exactly, `message` is a substring, `line`/`column`
 * (when given) must match. Every expected diagnostic must be reported and nothing else: one
 * problem, one diagnostic. The same cases run through the compiled CLI, which must exit 1,
 * print each problem with its file and rule, and leave an existing output directory untouched.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryError, type Diagnostic } from "../../generator/base/diagnostics.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { ALL_RULES } from "../../generator/check/all-rules.js";
import { RULE_JSON } from "../../generator/load/load-registry.js";
import { OUTPUT_MARKER, outputMarker } from "../../generator/write/output-ownership.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BAD = join(ROOT, "test/fixtures/bad");
const CLI = join(ROOT, "bin/jetschema.js");

/** A diagnostic as expected.json states it: `message` is a substring of the one reported. */
type ExpectedError = Pick<Diagnostic, "file" | "pointer" | "rule" | "message" | "line" | "column">;

interface Case {
  name: string;
  schemas: string;
  description: string;
  errors: ExpectedError[];
}

const cases: Case[] = readdirSync(BAD)
  .filter((name) => statSync(join(BAD, name)).isDirectory())
  .sort()
  .map((name) => {
    const expected = JSON.parse(readFileSync(join(BAD, name, "expected.json"), "utf8")) as { description?: string; errors: ExpectedError[] };
    return { name, schemas: join(BAD, name, "schemas"), description: expected.description ?? "", errors: expected.errors };
  });

/** Every rule sentence the generator knows (the generator's own table); an expected.json naming another one has a typo. */
const KNOWN_RULES = new Set<string>(ALL_RULES);

function matches(e: ExpectedError, d: Diagnostic): boolean {
  return (
    d.file === e.file &&
    d.pointer === e.pointer &&
    d.rule === e.rule &&
    d.message.includes(e.message) &&
    (e.line === undefined || d.line === e.line) &&
    (e.column === undefined || d.column === e.column)
  );
}

/** One-to-one: each expected error consumes one reported diagnostic. */
function compare(expected: ExpectedError[], actual: Diagnostic[]) {
  const left = [...actual];
  const missing: ExpectedError[] = [];
  for (const e of expected) {
    const i = left.findIndex((d) => matches(e, d));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  const show = (d: Diagnostic) => ({ file: d.file, pointer: d.pointer, rule: d.rule, message: d.message, line: d.line, column: d.column });
  return { missing, unexpected: left.map(show) };
}

function runCheck(dir: string): { diagnostics?: Diagnostic[]; other?: unknown } {
  try {
    checkRegistryAt(dir);
    return { diagnostics: [] };
  } catch (err) {
    if (err instanceof RegistryError) return { diagnostics: err.diagnostics };
    return { other: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

describe("the broken-registry corpus", () => {
  it("has at least 30 cases, each with a registry and a non-empty list of known rules", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      expect(existsSync(join(c.schemas)), `${c.name}/schemas`).toBe(true);
      expect(c.errors.length, `${c.name}: expected.json lists no errors`).toBeGreaterThan(0);
      for (const e of c.errors) {
        expect(KNOWN_RULES.has(e.rule), `${c.name}: unknown rule sentence "${e.rule}"`).toBe(true);
        expect(typeof e.file, `${c.name}: file`).toBe("string");
        expect(typeof e.pointer, `${c.name}: pointer`).toBe("string");
        expect(typeof e.message, `${c.name}: message`).toBe("string");
      }
    }
  });

  it("the comparison itself can fail: a missing, an extra and a mismatched diagnostic are all caught", () => {
    const d: Diagnostic = { file: "a.json", pointer: "/x", rule: RULE_JSON, message: "invalid JSON: comma expected", line: 2, column: 3, severity: "error" };
    const e: ExpectedError = { file: "a.json", pointer: "/x", rule: RULE_JSON, message: "comma expected", line: 2, column: 3 };
    expect(compare([e], [d])).toEqual({ missing: [], unexpected: [] });
    expect(compare([e], []).missing).toHaveLength(1);
    expect(compare([], [d]).unexpected).toHaveLength(1);
    expect(compare([e], [d, d]).unexpected).toHaveLength(1);
    expect(compare([{ ...e, pointer: "" }], [d]).missing).toHaveLength(1);
    expect(compare([{ ...e, line: 3 }], [d]).missing).toHaveLength(1);
    expect(compare([{ ...e, message: "colon expected" }], [d]).missing).toHaveLength(1);
  });
});

describe.each(cases)("bad registry $name", (c) => {
  it("checkRegistryAt reports exactly the expected diagnostics", () => {
    const { diagnostics, other } = runCheck(c.schemas);
    // A crash (anything but a RegistryError) is itself a failure: show its stack.
    expect(other, `${c.name} (${c.description}) crashed instead of reporting diagnostics`).toBeUndefined();
    expect(diagnostics!.length, `${c.name} (${c.description}) was accepted`).toBeGreaterThan(0);
    expect(compare(c.errors, diagnostics!), c.description).toEqual({ missing: [], unexpected: [] });
    for (const d of diagnostics!) expect(d.severity).toBe("error");
  });
});

// ---------------------------------------------------------------------------------------------
// The compiled CLI: exit 1, every problem on stderr, the old output untouched, no staging left.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Every entry under `root`, files with their bytes (base64), directories marked, sorted. */
function snapshot(root: string, rel = ""): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const full = join(root, path);
    if (statSync(full).isDirectory()) {
      out.push([path + "/", "dir"]);
      out.push(...snapshot(root, path));
    } else out.push([path, readFileSync(full).toString("base64")]);
  }
  return out;
}

let scratch: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/generator/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before these tests");
  }
  scratch = mkdtempSync(join(tmpdir(), "jetschema-bad-"));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(cases)("jetschema generate on bad registry $name", (c) => {
  it.concurrent("exits 1, prints every problem with its file and rule, and leaves the old output untouched", async () => {
    const parent = join(scratch, c.name);
    const out = join(parent, "out");
    // A previous, good output (its marker lists its files): a sentinel, nested content, and a copy of real files.
    mkdirSync(join(out, "types"), { recursive: true });
    mkdirSync(join(out, "node_modules/dep"), { recursive: true });
    writeFileSync(join(out, "SENTINEL"), `previous output of ${c.name}\n`);
    writeFileSync(join(out, "index.js"), "export const previous = true;\n");
    writeFileSync(join(out, "types/expected.json"), readFileSync(join(BAD, c.name, "expected.json")));
    writeFileSync(join(out, "node_modules/dep/index.js"), "module.exports = 1;\n");
    writeFileSync(join(out, OUTPUT_MARKER), outputMarker(["SENTINEL", "index.js", "types/expected.json"]));
    const before = snapshot(out);

    const run = await runCli(["generate", "--schemas", c.schemas, "--out", out]);

    expect({ code: run.code, crashed: run.stderr.includes("jetschema failed") }, `${c.description}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toEqual({
      code: 1,
      crashed: false,
    });
    const lines = run.stderr.split("\n");
    for (const e of c.errors) {
      // <root>/<file>[:<line>:<col>][ at #<pointer>]: error: <rule>: <message>
      const at = e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : "(?::\\d+:\\d+)?";
      const pattern = new RegExp(
        `${escape(`${c.schemas}/${e.file}`)}${at}${escape(e.pointer === "" ? "" : ` at #${e.pointer}`)}: error: ${escape(e.rule)}: .*${escape(e.message)}`,
      );
      const line = lines.find((l) => pattern.test(l));
      expect(line, `no stderr line for ${JSON.stringify(e)}\nstderr:\n${run.stderr}`).toBeDefined();
    }
    expect(snapshot(out), "the existing output directory changed").toEqual(before);
    expect(readdirSync(parent).sort(), "staging or retired directories left beside the output").toEqual(["out"]);
  });
});

// ---------------------------------------------------------------------------------------------
// A fault in registry.json's envelope.schema, through check and generate as a user runs them (from
// the case's folder, --schemas schemas): one error, at registry.json's pointer with its line and
// column, the registry named as given; nothing about what follows from it (the envelope file read
// as a misnamed version file, a "missing" file outside the registry).

const ENVELOPE_CASES = cases.filter((c) => c.name.startsWith("envelope-schema-"));

describe.each(ENVELOPE_CASES.flatMap((c) => ["check", "generate"].map((verb) => ({ ...c, verb }))))("jetschema $verb on bad registry $name", (c) => {
  it("exits 1 with the one error at schemas/registry.json:<line>:<col> at #/envelope/schema", async () => {
    const [e] = c.errors;
    const cwd = join(BAD, c.name);
    const out = join(scratch, `${c.name}-${c.verb}-out`);
    const run = await new Promise<Run>((done) => {
      const args = c.verb === "check" ? ["check", "--schemas", "schemas"] : ["generate", "--schemas", "schemas", "--out", out, "--no-cache"];
      execFile(process.execPath, [CLI, ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }));
    });
    expect(run.code, run.stderr).toBe(1);
    const errors = run.stderr.split("\n").filter((l) => / error: /.test(l)).map((l) => l.trim());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${escape(`schemas/registry.json:${e!.line}:${e!.column} at #/envelope/schema: error: ${e!.rule}: ${e!.message}`)}`));
    expect(run.stderr).not.toContain("jetschema failed");
    expect(existsSync(out), "generate wrote an output").toBe(false);
  });
});
