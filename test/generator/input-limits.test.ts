/**
 * Input limits: registries at the edge of what a generator should take, each generated or
 * rejected with a clear error (a RegistryError naming the file), never a hang, a crash or an
 * out-of-memory. Every case runs `renderPackage` in a child process (`/usr/bin/time -v` when
 * available, for the peak memory) with a hard timeout and a bounded heap, then loads the
 * generated validator and runs it on an instance of the case's shape.
 *
 *  - a 10 MB schema (an enum of 200,000 strings),
 *  - 10,000 properties in one object,
 *  - nesting 200 levels deep,
 *  - a recursive tree type (a $ref cycle through properties: finite data ends it),
 *  - a direct self-cycle `{ "$ref": "#" }` and a cycle through allOf across two definitions
 *    (no data between the loops: a validator would recurse forever).
 *
 * Time and peak memory are printed, not asserted tightly: only the hard limits below fail.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const TMP = join(REPO_ROOT, "test", `.tmp-limits-${process.pid}`);
/** Hard limits: a case that needs more is a failure (a hang or an explosion). */
const TIMEOUT_MS = 150_000;
const HEAP_MB = 4_096;
const TIME_BIN = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** JSON data; built by hand below, so the compiler need not follow every literal. */
type Json = unknown;

interface Case {
  name: string;
  /** The event's schema (version file position/big/1.0.json). */
  schema: () => Record<string, Json>;
  /** Data to run the generated validator on, and the verdict expected. */
  instance: () => Json;
  valid: boolean;
  /** "generate" or "reject": what jetschema is expected to do. */
  expect: "generate" | "reject";
  /** For a rejection: the rule sentence that must name the problem. */
  rule?: string;
}

const ENVELOPE = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["id", "type", "timestamp", "version", "source", "data"],
  properties: {
    id: { type: "string" },
    type: { type: "string" },
    timestamp: { type: "string", format: "date-time" },
    version: { type: "string" },
    source: { type: "string" },
    data: { type: "object" },
  },
};

const ENUM_SIZE = 200_000;
const PROPERTIES = 10_000;
// JSON nesting 2 * DEPTH + 1: within the default limit of 256 levels (generator/load/input-limits.ts).
const DEPTH = 120;

function nested(depth: number): Record<string, Json> {
  let schema: Record<string, Json> = { type: "object", properties: { leaf: { type: "string", minLength: 1 } }, required: ["leaf"] };
  for (let i = depth - 1; i > 0; i--) schema = { type: "object", properties: { [`level${i}`]: schema }, required: [`level${i}`] };
  return schema;
}
function nestedInstance(depth: number, leaf: string): Json {
  let value: Json = { leaf };
  for (let i = depth - 1; i > 0; i--) value = { [`level${i}`]: value };
  return value;
}

const CASES: Case[] = [
  {
    name: `10 MB schema (an enum of ${ENUM_SIZE.toLocaleString("en")} strings)`,
    schema: () => ({
      type: "object",
      required: ["code"],
      properties: {
        code: { type: "string", enum: Array.from({ length: ENUM_SIZE }, (_, i) => `code-${String(i).padStart(6, "0")}-${"x".repeat(30)}`) },
      },
    }),
    instance: () => ({ code: `code-${String(ENUM_SIZE - 1).padStart(6, "0")}-${"x".repeat(30)}` }),
    valid: true,
    expect: "generate",
  },
  {
    name: `${PROPERTIES.toLocaleString("en")} properties in one object`,
    schema: () => ({
      type: "object",
      required: ["p0", `p${PROPERTIES - 1}`],
      properties: Object.fromEntries(Array.from({ length: PROPERTIES }, (_, i) => [`p${i}`, i % 2 ? { type: "integer", minimum: 0 } : { type: "string" }])),
    }),
    instance: () => ({ p0: "a", [`p${PROPERTIES - 1}`]: 1, p5: -1 }),
    valid: false,
    expect: "generate",
  },
  {
    name: `nesting ${DEPTH} levels deep`,
    schema: () => nested(DEPTH),
    instance: () => nestedInstance(DEPTH, "x"),
    valid: true,
    expect: "generate",
  },
  {
    name: "$ref cycle through properties (a recursive tree)",
    schema: () => ({
      type: "object",
      required: ["root"],
      properties: { root: { $ref: "#/definitions/Node" } },
      definitions: {
        Node: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/definitions/Node" } } },
          additionalProperties: false,
        },
      },
    }),
    instance: () => ({ root: { name: "a", children: [{ name: "b", children: [{ name: "c", children: [] }] }, { name: "d" }] } }),
    valid: true,
    expect: "generate",
  },
  {
    name: 'direct self-cycle { "$ref": "#" }',
    schema: () => ({ type: "object", properties: { a: { type: "string" } }, allOf: [{ $ref: "#" }] }),
    instance: () => ({ a: "x" }),
    valid: true,
    expect: "reject",
    rule: "A $ref cycle passes through data",
  },
  {
    name: "$ref cycle through allOf across two definitions",
    schema: () => ({
      $ref: "#/definitions/A",
      definitions: { A: { allOf: [{ $ref: "#/definitions/B" }] }, B: { anyOf: [{ $ref: "#/definitions/A" }, { type: "object" }] } },
    }),
    instance: () => ({}),
    valid: true,
    expect: "reject",
    rule: "A $ref cycle passes through data",
  },
];

/** Runs in the child: generate, write, load the validator, validate; one JSON line on stdout. */
const RUNNER = `
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
const [schemas, out, instanceFile] = process.argv.slice(2);
const { renderPackage } = await import(pathToFileURL(${JSON.stringify(join(REPO_ROOT, "generator/pipeline.ts"))}).href);
const { RegistryError } = await import(pathToFileURL(${JSON.stringify(join(REPO_ROOT, "generator/base/diagnostics.ts"))}).href);
const started = performance.now();
let result;
try {
  const files = await renderPackage({ schemas, out });
  const renderMs = Math.round(performance.now() - started);
  let bytes = 0;
  for (const [rel, content] of files) {
    const path = join(out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    bytes += Buffer.byteLength(content);
  }
  const { registry } = await import(pathToFileURL(join(out, "registry.js")).href);
  const validate = registry.events["position.big@1"].validators["1.0"];
  const t = performance.now();
  const verdict = validate(JSON.parse(readFileSync(instanceFile, "utf8")));
  result = { outcome: "generated", renderMs, files: files.size, bytes, verdict, validateMs: Math.round(performance.now() - t) };
} catch (err) {
  const renderMs = Math.round(performance.now() - started);
  result = err instanceof RegistryError
    ? { outcome: "rejected", renderMs, rules: err.diagnostics.map((d) => d.rule), message: err.message.slice(0, 2000) }
    : { outcome: "crashed", renderMs, message: String(err && err.stack || err).slice(0, 2000) };
}
result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write("RESULT " + JSON.stringify(result) + "\\n");
`;

interface Result {
  outcome: "generated" | "rejected" | "crashed" | "killed";
  renderMs: number;
  wallMs: number;
  maxRssMb: number;
  files?: number;
  bytes?: number;
  verdict?: boolean;
  validateMs?: number;
  rules?: string[];
  message?: string;
  schemaBytes: number;
}

/**
 * Runs a command without blocking this worker: a synchronous wait of tens of seconds starves
 * vitest's worker RPC ("Timeout calling onTaskUpdate") on a loaded machine. The command runs in a
 * process group of its own and the timeout kills the whole group: killing /usr/bin/time alone
 * would leave the generator running, orphaned, holding the output pipes (and two cores).
 */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, detached: true });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(killGroup, timeoutMs);
    running.add(killGroup);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let error: Error | undefined;
    child.on("error", (e) => (error = e));
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      running.delete(killGroup);
      resolve({ stdout, stderr, status, signal, ...(error ? { error } : {}) });
    });
  });
}

/** Kills of the process groups still running: nothing outlives the suite, whatever happens. */
const running = new Set<() => void>();
afterAll(() => {
  for (const kill of running) kill();
});

async function runCase(c: Case, index: number): Promise<Result> {
  const dir = join(TMP, `case-${index}`);
  const schemas = join(dir, "schemas");
  mkdirSync(join(schemas, "position", "big"), { recursive: true });
  writeFileSync(
    join(schemas, "registry.json"),
    JSON.stringify({ namespace: "limits", package: { name: "@limits/events" }, streams: { LIMITS: { subjects: ["limits.>"] } } }),
  );
  writeFileSync(join(schemas, "envelope.schema.json"), JSON.stringify(ENVELOPE));
  const schemaFile = join(schemas, "position", "big", "1.0.json");
  writeFileSync(schemaFile, JSON.stringify(c.schema(), null, 1));
  const instanceFile = join(dir, "instance.json");
  writeFileSync(instanceFile, JSON.stringify(c.instance()));
  const runner = join(dir, "run.mts");
  writeFileSync(runner, RUNNER);

  const node = [process.execPath, `--max-old-space-size=${HEAP_MB}`, "--stack-size=2000", "--import", "tsx", runner, schemas, join(dir, "pkg"), instanceFile];
  const [cmd, ...args] = TIME_BIN ? [TIME_BIN, "-v", ...node] : node;
  const started = performance.now();
  const child = await run(cmd!, args, TIMEOUT_MS);
  const wallMs = Math.round(performance.now() - started);
  const line = child.stdout?.split("\n").find((l) => l.startsWith("RESULT "));
  const peakKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "")?.[1];
  const schemaBytes = statSync(schemaFile).size;
  if (!line) {
    return {
      outcome: child.error || child.signal ? "killed" : "crashed",
      renderMs: wallMs,
      wallMs,
      maxRssMb: peakKb ? Math.round(Number(peakKb) / 1024) : -1,
      message: `${child.error?.message ?? ""} signal ${child.signal} status ${child.status}\n${(child.stderr ?? "").slice(-3000)}`,
      schemaBytes,
    };
  }
  const result = JSON.parse(line.slice("RESULT ".length)) as Result;
  if (peakKb) result.maxRssMb = Math.round(Number(peakKb) / 1024);
  return { ...result, wallMs, schemaBytes };
}

const report: string[] = [];

afterAll(() => {
  if (report.length > 0) console.log(`input limits (time = renderPackage in the child; wall = whole child process; peak = max RSS):\n${report.join("\n")}`);
  rmSync(TMP, { recursive: true, force: true });
});

describe("input limits: generated or rejected with a clear error, never a hang or an out-of-memory", () => {
  CASES.forEach((c, i) => {
    it(c.name, async () => {
      const r = await runCase(c, i);
      const size = `${(r.schemaBytes / 1024 / 1024).toFixed(2)} MB schema`;
      const what =
        r.outcome === "generated"
          ? `generated ${r.files} files (${((r.bytes ?? 0) / 1024 / 1024).toFixed(1)} MB), validator ${r.verdict ? "accepts" : "rejects"} the instance in ${r.validateMs} ms`
          : r.outcome === "rejected"
            ? `rejected: ${[...new Set(r.rules)].join("; ")}`
            : `${r.outcome}: ${r.message?.split("\n").slice(0, 3).join(" ")}`;
      report.push(`  ${c.name.padEnd(52)} ${String(r.renderMs).padStart(7)} ms  wall ${String(r.wallMs).padStart(7)} ms  peak ${String(r.maxRssMb).padStart(5)} MB  ${size}; ${what}`);
      expect(r.outcome, r.message).toBe(c.expect === "generate" ? "generated" : "rejected");
      if (r.outcome === "generated") expect(r.verdict).toBe(c.valid);
      if (r.outcome === "rejected") {
        expect(r.rules).toContain(c.rule);
        expect(r.message).toContain("position/big/1.0.json");
      }
    }, TIMEOUT_MS + 30_000);
  });
});
