/**
 * Compatibility inside the check stage: modes (and their transitive forms), per-event overrides,
 * ignores with reasons, the error's content, the three output formats, and generate refusing
 * with the same messages.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCompatibility, RULE_ROUTING, RULE_SETTINGS, type CompatibilityMemo, type EventFindings } from "../../generator/check/compatibility.js";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { compareVersions } from "../../generator/compat/index.js";
import { R } from "../../generator/compat/rules.js";
import { runCheck } from "../../generator/check-run.js";
import { RegistryError } from "../../generator/base/diagnostics.js";
import { checkRegistryAt, modelRegistry } from "../../generator/front-end/front-end.js";
import { generate } from "../../generator/generate-run.js";
import { registryJson, run, tempDir, version, writeJson, writeRegistry } from "./support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A registry with order.placed 1.0 … 1.n from `versions`, and `extra` settings. */
function registry(versions: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, more: Record<string, unknown> = {}): string {
  const root = tempDir("check");
  dirs.push(root);
  const files: Record<string, unknown> = { ...more };
  versions.forEach((v, i) => (files[`order/placed/1.${i}.json`] = v));
  writeRegistry(root, files, registryJson(extra));
  return root;
}

const base = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] } }, { required: ["id"] });
const withChannel = (values: string[]) => version({ id: { type: "string" }, channel: { type: "string", enum: values } }, { required: ["id"] });
const addedOptional = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] }, note: { type: "string" } }, { required: ["id"] });
const requiredNote = version({ id: { type: "string" }, channel: { type: "string", enum: ["web", "app"] }, note: { type: "string" } }, { required: ["id", "note"] });

function errors(root: string) {
  return runCheck(root).diagnostics.filter((d) => d.severity === "error");
}

describe("modes", () => {
  it("BACKWARD (the default) accepts a new optional property and an enum value added", () => {
    expect(errors(registry([base, addedOptional]))).toEqual([]);
    expect(errors(registry([base, withChannel(["web", "app", "kiosk"])]))).toEqual([]);
  });

  it("BACKWARD rejects a property that became required without a default", () => {
    const [e, ...rest] = errors(registry([base, requiredNote]));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ file: "order/placed/1.1.json", pointer: "/required/1", rule: R.REQUIRED_NO_DEFAULT, breaks: ["BACKWARD"] });
  });

  it("FORWARD rejects an added enum value and accepts a removed one", () => {
    const fwd = { compatibility: "FORWARD" };
    expect(errors(registry([base, withChannel(["web", "app", "kiosk"])], fwd)).map((d) => [d.rule, d.breaks])).toEqual([[R.ENUM_VALUES_ADDED, ["FORWARD"]]]);
    expect(errors(registry([base, withChannel(["web"])], fwd))).toEqual([]);
  });

  it("FULL rejects both directions; NONE rejects nothing", () => {
    expect(errors(registry([base, withChannel(["web", "kiosk"])], { compatibility: "FULL" })).map((d) => d.rule).sort()).toEqual([R.ENUM_VALUES_ADDED, R.ENUM_VALUES_REMOVED]);
    expect(errors(registry([base, withChannel(["web", "kiosk"])], { compatibility: "NONE" }))).toEqual([]);
  });

  // 1.0 has an optional string "note"; 1.1 drops it; 1.2 brings "note" back as an integer. Each
  // step is compatible under the open policy, but 1.2 cannot read data written with 1.0.
  const reuse = [
    version({ id: { type: "string" }, note: { type: "string" } }),
    version({ id: { type: "string" } }),
    version({ id: { type: "string" }, note: { type: "integer" } }),
  ];

  it("BACKWARD compares each minor with the previous one only", () => {
    expect(errors(registry(reuse))).toEqual([]);
  });

  it("BACKWARD_TRANSITIVE compares with every earlier minor of the major", () => {
    const [e, ...rest] = errors(registry(reuse, { compatibility: "BACKWARD_TRANSITIVE" }));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ file: "order/placed/1.2.json", pointer: "/properties/note/type", rule: R.TYPE_CHANGED, breaks: ["BACKWARD"] });
    expect(e!.message).toContain("data written with 1.0");
  });

  it("FULL_TRANSITIVE reports both directions against the earliest minor", () => {
    const [e] = errors(registry(reuse, { compatibility: "FULL_TRANSITIVE" }));
    expect(e!.breaks).toEqual(["BACKWARD", "FORWARD"]);
  });

  it("majors are never compared with each other", () => {
    const root = registry([base], { streams: { ORDER_EVENTS: { subjects: ["shop.order.*.v1", "shop.order.*.v2"] } } }, { "order/placed/2.0.json": version({ total: { type: "integer" } }, { required: ["total"] }) });
    expect(errors(root)).toEqual([]);
  });

  it("a per-event override beats the registry-wide mode", () => {
    expect(errors(registry([base, requiredNote], { compatibilityOverrides: { "order.placed": "NONE" } }))).toEqual([]);
    expect(errors(registry([base, addedOptional], { compatibility: "NONE", compatibilityOverrides: { "order.placed": "FORWARD" } }))).toEqual([]);
    const strict = errors(registry([base, withChannel(["web", "app", "kiosk"])], { compatibility: "NONE", compatibilityOverrides: { "order.placed": "FULL" } }));
    expect(strict.map((d) => d.rule)).toEqual([R.ENUM_VALUES_ADDED]);
    expect(strict[0]!.message).toContain('compatibilityOverrides["order.placed"]');
  });

  it("an override naming no event is an error", () => {
    const e = errors(registry([base], { compatibilityOverrides: { "order.plcaed": "FULL" } }));
    expect(e.map((d) => [d.rule, d.pointer])).toEqual([[RULE_SETTINGS, "/compatibilityOverrides/order.plcaed"]]);
  });
});

describe("the open-content policy", () => {
  it("strict makes a new optional property a BACKWARD break", () => {
    const e = errors(registry([base, addedOptional], { compatibilityPolicy: "strict" }));
    expect(e.map((d) => [d.rule, d.breaks])).toEqual([[R.PROP_ADDED_OPEN, ["BACKWARD"]]]);
  });

  it("an unknown policy is refused by registry.schema.json", () => {
    expect(() => checkRegistryAt(registry([base], { compatibilityPolicy: "lenient" }))).toThrow(/registry\.json follows registry\.schema\.json/);
  });
});

describe("the error", () => {
  it("names the file, pointer, rule, direction, the versions and the fix with the next major's subject", () => {
    const root = registry([base, requiredNote]);
    const [e] = errors(root);
    expect(e!.line).toBeGreaterThan(0);
    expect(e!.message).toContain('"note" is now required and has no default');
    expect(e!.message).toContain("readers on 1.1 cannot read data written with 1.0");
    expect(e!.message).toContain("BACKWARD mode (registry.json compatibility)");
    expect(e!.message).toContain("publish it as 2.0, on subject shop.order.placed.v2");
    expect(e!.message).toContain("jetschema bump order.placed --major");
  });

  it("generate refuses with the same message, and writes nothing", async () => {
    const root = registry([base, requiredNote]);
    const out = join(root, "..", `${root.split("/").pop()}-out`);
    dirs.push(out);
    const err = await generate({ schemas: root, out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    const checked = await run("check", "--schemas", root);
    const line = checked.err.split("\n")[0]!;
    expect(line).toContain("order/placed/1.1.json:");
    expect(line).toContain("A property became required without a default (BACKWARD)");
    expect((err as RegistryError).message).toContain(line);
    expect(existsSync(out)).toBe(false);
  });

  it("a change to x-subject inside a major is an error", () => {
    const moved = { ...addedOptional, "x-subject": "shop.orders.placed.v1", title: "moved" };
    const e = errors(registry([base, moved], { streams: { ORDER_EVENTS: { subjects: ["shop.order.*.v1", "shop.orders.*.v1"] } } }));
    expect(e.map((d) => [d.rule, d.file, d.pointer])).toEqual([[RULE_ROUTING, "order/placed/1.0.json", "/x-subject"]]);
  });
});

describe("ignores", () => {
  const ignore = (extra: Record<string, unknown> = {}) => ({
    compatibilityIgnores: [{ event: "order.placed", version: "1.1", rule: R.REQUIRED_NO_DEFAULT, reason: "no producer has shipped 1.0 yet", ...extra }],
  });

  it("an ignore with a reason turns the error into a warning that carries the reason", () => {
    const r = runCheck(registry([base, requiredNote], ignore()));
    expect(r.diagnostics.map((d) => [d.severity, d.rule])).toEqual([["warning", R.REQUIRED_NO_DEFAULT]]);
    expect(r.diagnostics[0]!.message).toContain("no producer has shipped 1.0 yet");
  });

  it("a pointer narrows an ignore to one finding", () => {
    expect(errors(registry([base, requiredNote], ignore({ pointer: "/required/1" })))).toEqual([]);
    expect(errors(registry([base, requiredNote], ignore({ pointer: "/required/0" }))).map((d) => d.rule)).toEqual([R.REQUIRED_NO_DEFAULT]);
  });

  it("a reason is required, and must say something", () => {
    expect(() => checkRegistryAt(registry([base], ignore({ reason: undefined })))).toThrow(/must have required property 'reason'/);
    expect(() => checkRegistryAt(registry([base], ignore({ reason: "ok" })))).toThrow(/must NOT have fewer than 10 characters/);
  });

  it("an unknown rule or version is an error; an ignore that matches nothing is a warning", () => {
    const bad = runCheck(registry([base, addedOptional], ignore({ rule: "A property got required", version: "1.7" })));
    expect(bad.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer).sort()).toEqual(["/compatibilityIgnores/0/rule", "/compatibilityIgnores/0/version"]);
    const stale = runCheck(registry([base, addedOptional], ignore()));
    expect(stale.diagnostics.map((d) => [d.severity, d.rule])).toEqual([["warning", RULE_SETTINGS]]);
  });
});

describe("findings kept by the event's inputs (what an edit process and a watch reuse)", () => {
  const ignore = (extra: Record<string, unknown> = {}) => ({
    compatibilityIgnores: [{ event: "order.placed", version: "1.1", rule: R.REQUIRED_NO_DEFAULT, reason: "no producer has shipped 1.0 yet", ...extra }],
  });
  const cases: { given: string; root: () => string }[] = [
    { given: "a compatible minor", root: () => registry([base, addedOptional]) },
    { given: "a breaking minor", root: () => registry([base, requiredNote]) },
    { given: "a breaking minor under an ignore", root: () => registry([base, requiredNote], ignore()) },
    { given: "an ignore that matches nothing", root: () => registry([base, addedOptional], ignore()) },
    { given: "a transitive break", root: () => registry([version({ note: { type: "string" } }), version({}), version({ note: { type: "integer" } })], { compatibility: "BACKWARD_TRANSITIVE" }) },
  ];

  /** A memo in memory, as the disk cache keeps it: through JSON. */
  function memoryMemo(): CompatibilityMemo & { hits: number } {
    const kept = new Map<string, string>();
    const memo = {
      hits: 0,
      get: (key: string) => {
        const text = kept.get(key);
        if (text !== undefined) memo.hits++;
        return text === undefined ? undefined : (JSON.parse(text) as EventFindings);
      },
      set: (key: string, findings: EventFindings) => void kept.set(key, JSON.stringify(findings)),
    };
    return memo;
  }

  const reports = (root: string, memo?: CompatibilityMemo) => {
    const report = new Diagnostics();
    const { model, diagnostics } = modelRegistry(root);
    expect(diagnostics.errors).toEqual([]);
    checkCompatibility(model, report, memo);
    return report.list;
  };

  it.each(cases)("$given: the second run, served from the first, reports what a run without them reports", ({ root }) => {
    const dir = root();
    const memo = memoryMemo();
    const fresh = reports(dir);
    expect(reports(dir, memo)).toEqual(fresh);
    expect(memo.hits).toBe(0);
    expect(reports(dir, memo)).toEqual(fresh);
    expect(memo.hits).toBe(1);
  });

  it("an edit of the event, or of registry.json, is compared again", () => {
    const dir = registry([base, addedOptional]);
    const memo = memoryMemo();
    expect(reports(dir, memo)).toEqual([]);
    writeJson(dir, "order/placed/1.1.json", requiredNote);
    expect(reports(dir, memo).map((d) => [d.severity, d.rule])).toEqual([["error", R.REQUIRED_NO_DEFAULT]]);
    writeJson(dir, "registry.json", registryJson(ignore()));
    expect(reports(dir, memo).map((d) => [d.severity, d.rule])).toEqual([["warning", R.REQUIRED_NO_DEFAULT]]);
    expect(memo.hits).toBe(0);
  });
});

describe("jetschema check output", () => {
  it("text: every problem on stderr as file:line:col at #pointer: rule (direction), exit 1", async () => {
    const root = registry([base, requiredNote]);
    const r = await run("check", "--schemas", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/order\/placed\/1\.1\.json:\d+:\d+ at #\/required\/1: error: A property became required without a default \(BACKWARD\): /);
    expect(r.err).toContain("1 error(s), 0 warning(s)");
  });

  it("json: one document with every diagnostic", async () => {
    const root = registry([base, requiredNote]);
    const r = await run("check", "--schemas", root, "--format", "json");
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { ok: boolean; errors: number; diagnostics: Array<Record<string, unknown>> };
    expect(doc.ok).toBe(false);
    expect(doc.errors).toBe(1);
    expect(doc.diagnostics[0]).toMatchObject({ file: `${root}/order/placed/1.1.json`, pointer: "/required/1", rule: R.REQUIRED_NO_DEFAULT, breaks: ["BACKWARD"], severity: "error" });
  });

  it("github: workflow commands with file, line, column and the rule as title", async () => {
    const root = registry([base, requiredNote]);
    const r = await run("check", "--schemas", root, "--format", "github");
    expect(r.code).toBe(1);
    const line = r.out.split("\n")[0]!;
    expect(line).toMatch(/^::error file=.*order\/placed\/1\.1\.json,line=\d+,col=\d+,title=A property became required without a default \(BACKWARD\)::#\/required\/1: /);
    expect(line).not.toContain("\n");
  });

  it("an unknown format is a usage error", async () => {
    expect((await run("check", "--format", "xml")).code).toBe(2);
  });

  it("the flagship registry passes, and its minors are classified as the seeds say", async () => {
    const r = await run("check");
    expect(r.code).toBe(0);
    const { model } = checkRegistryAt("schemas");
    for (const [event, field] of [["position.admitted", "admission_token"], ["session.started", "user_agent"]] as const) {
      const [v10, v11] = model.events.find((e) => e.name === event)!.majors[0]!.versions;
      const findings = compareVersions(model, v10!, v11!);
      expect(findings).toEqual([{ rule: R.PROP_ADDED_OPEN, pointer: `/properties/${field}`, breaks: [], message: `optional property "${field}" added` }]);
    }
    expect(readFileSync("schemas/registry.json", "utf8")).toContain('"compatibility": "BACKWARD"');
  });
});
