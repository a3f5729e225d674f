/**
 * `check --against <ref>` holds each event's compatibility mode to the one at the ref: a pull
 * request that weakens it (registry-wide or per event) would otherwise judge its own breaking
 * minor by the mode it chose. Weakening is an error unless acknowledged in compatibilityIgnores;
 * strengthening, and any mode of an event new since the ref, pass. The same holds for the
 * envelope's mode (the registry-wide one, whatever the overrides) and for compatibilityPolicy.
 * On a real git repository: v1 is strict, v0 (older) names no policy, so has the default.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { releasedRegistry } from "../support/released-registry.js";
import { editJson, git, registryJson, run, version, writeJson, writeRegistry } from "./support.js";

const RULE = "An event's compatibility mode is never weakened without an acknowledgement";
const ENVELOPE_RULE = "The envelope's compatibility mode is never weakened without an acknowledgement";
const POLICY_RULE = "The compatibility policy is never weakened without an acknowledgement";
const SETTINGS = "Compatibility settings name events, versions and rules of this registry";

const FILES = {
  "order/placed/1.0.json": version({ sku: { type: "string" } }, { required: ["sku"] }),
  "order/shipped/1.0.json": version({ carrier: { type: "string" } }),
};
const MODES = { compatibility: "BACKWARD", compatibilityOverrides: { "order.shipped": "FULL_TRANSITIVE" } };

const { repo, schemas } = releasedRegistry("against-mode", {
  files: FILES,
  registry: registryJson({ ...MODES, compatibilityPolicy: "strict" }),
  // v0: the same registry without compatibilityPolicy, so with the default (open).
  history: (repo) => {
    writeRegistry(join(repo, "schemas"), FILES, registryJson(MODES));
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "release 0");
    git(repo, "tag", "v0");
  },
});

/** registry.json through `change`, with the package version past any bump the change needs (package-version.test.ts covers that rule). */
const registry = (change: (json: any) => void) =>
  editJson(schemas, "registry.json", (j) => {
    j.package.version = "2.0.0";
    change(j);
  });
const acknowledge = (event: string, extra: Record<string, unknown> = {}) => ({ event, rule: RULE, reason: "the consumers of this event were retired", ...extra });
/** A registry-wide setting's acknowledgement names no event. */
const acknowledgeSetting = (rule: string) => ({ rule, reason: "every producer is built from this registry" });
/** Every event with its own mode: the registry-wide one judges the envelope alone. */
const everyEventOverridden = (j: any) => (j.compatibilityOverrides["order.placed"] = "BACKWARD");
/** A minor that breaks BACKWARD: sku was a string. */
const breakingPlaced = () => writeJson(schemas, "order/placed/1.1.json", version({ sku: { type: "integer" } }, { required: ["sku"] }));

/** `line:column` of the first match of `pattern` in registry.json as the test left it (the column of its first non-blank character). */
function at(pattern: RegExp): string {
  const lines = readFileSync(join(schemas, "registry.json"), "utf8").split("\n");
  const i = lines.findIndex((l) => pattern.test(l));
  if (i < 0) throw new Error(`no line of registry.json matches ${pattern}`);
  return `${i + 1}:${lines[i]!.search(/\S/) + 1}`;
}
const COMPATIBILITY = /^ {2}"compatibility":/;
const POLICY = /^ {2}"compatibilityPolicy":/;
/** A setting registry.json no longer names is located at its root. */
const ROOT = /^\{$/;
const SHIPPED_OVERRIDE = /^ {4}"order\.shipped": "/;
const FIRST_IGNORE = /^ {4}\{$/;

interface Want {
  severity: "error" | "warning";
  /** Where in registry.json the line points: a line pattern, and the JSON pointer. */
  line: RegExp;
  pointer: string;
  rule: string;
  includes: string[];
  excludes?: string[];
}

const envelopeLowered: Want = { severity: "error", line: COMPATIBILITY, pointer: "/compatibility", rule: ENVELOPE_RULE, includes: ["the envelope's compatibility mode", "was BACKWARD at v1", "is NONE here", "BACKWARD is no longer checked"], excludes: ["order.placed", "order.shipped"] };

const cases: { given: string; change: () => void; code: number; want: Want[]; absent?: string[] }[] = [
  {
    given: "the registry-wide mode lowered (BACKWARD → NONE) with a breaking minor: one error for the setting, naming the envelope and the events without an override",
    change: () => {
      registry((j) => (j.compatibility = "NONE"));
      breakingPlaced();
    },
    code: 1,
    want: [{ ...envelopeLowered, includes: [...envelopeLowered.includes, "also the mode of order.placed (no override), lowered with it", "or a minor BACKWARD refuses"], excludes: ["order.shipped"] }],
    absent: [RULE],
  },
  {
    given: "the registry-wide mode lowered and acknowledged once: the envelope and the events without an override",
    change: () =>
      registry((j) => {
        j.compatibility = "NONE";
        j.compatibilityIgnores = [acknowledgeSetting(ENVELOPE_RULE)];
      }),
    code: 0,
    want: [{ severity: "warning", line: COMPATIBILITY, pointer: "/compatibility", rule: ENVELOPE_RULE, includes: ["is NONE here", "order.placed", "every producer is built from this registry"], excludes: ["order.shipped"] }],
    absent: [RULE, SETTINGS],
  },
  {
    given: "an override removed and the registry-wide mode lowered: the event that had an override keeps its own error",
    change: () =>
      registry((j) => {
        delete j.compatibilityOverrides["order.shipped"];
        j.compatibility = "NONE";
      }),
    code: 1,
    want: [
      { ...envelopeLowered, includes: [...envelopeLowered.includes, "also the mode of order.placed"], excludes: ["order.shipped"] },
      { severity: "error", line: COMPATIBILITY, pointer: "/compatibility", rule: RULE, includes: ["order.shipped", "was FULL_TRANSITIVE at v1", "is NONE here"], excludes: ["order.placed"] },
    ],
  },
  {
    given: "the policy weakened (strict → open) while every mode is lowered to NONE: the policy judges nothing, the modes are the errors",
    change: () =>
      registry((j) => {
        j.compatibility = "NONE";
        j.compatibilityOverrides["order.shipped"] = "NONE";
        j.compatibilityPolicy = "open";
      }),
    code: 1,
    want: [
      { ...envelopeLowered, includes: [...envelopeLowered.includes, "also the mode of order.placed"], excludes: ["order.shipped"] },
      { severity: "error", line: SHIPPED_OVERRIDE, pointer: "/compatibilityOverrides/order.shipped", rule: RULE, includes: ["order.shipped", "is NONE here"] },
    ],
    absent: [POLICY_RULE],
  },
  {
    given: "every event overridden, the registry-wide mode lowered (BACKWARD → NONE): the envelope alone",
    change: () =>
      registry((j) => {
        everyEventOverridden(j);
        j.compatibility = "NONE";
      }),
    code: 1,
    want: [envelopeLowered],
    absent: [RULE],
  },
  {
    given: "the envelope's weakened mode acknowledged",
    change: () =>
      registry((j) => {
        everyEventOverridden(j);
        j.compatibility = "NONE";
        j.compatibilityIgnores = [acknowledgeSetting(ENVELOPE_RULE)];
      }),
    code: 0,
    want: [{ severity: "warning", line: COMPATIBILITY, pointer: "/compatibility", rule: ENVELOPE_RULE, includes: ["the envelope's compatibility mode", "is NONE here", "every producer is built from this registry"] }],
  },
  {
    given: "the policy weakened (strict → open)",
    change: () => registry((j) => (j.compatibilityPolicy = "open")),
    code: 1,
    want: [{ severity: "error", line: POLICY, pointer: "/compatibilityPolicy", rule: POLICY_RULE, includes: ["was strict at v1", "is open here", "A property was added to an open content model", "BACKWARD", "FORWARD"] }],
    absent: [RULE, ENVELOPE_RULE],
  },
  {
    given: "the policy removed: its default, open, is weaker than strict",
    change: () => registry((j) => delete j.compatibilityPolicy),
    code: 1,
    want: [{ severity: "error", line: ROOT, pointer: "/compatibilityPolicy", rule: POLICY_RULE, includes: ["was strict at v1", "is open here"] }],
  },
  {
    given: "the policy's weakening acknowledged",
    change: () =>
      registry((j) => {
        j.compatibilityPolicy = "open";
        j.compatibilityIgnores = [acknowledgeSetting(POLICY_RULE)];
      }),
    code: 0,
    want: [{ severity: "warning", line: POLICY, pointer: "/compatibilityPolicy", rule: POLICY_RULE, includes: ["was strict at v1", "is open here", "every producer is built from this registry"] }],
  },
  {
    given: "an acknowledgement of the policy with no weakening to acknowledge",
    change: () => registry((j) => (j.compatibilityIgnores = [acknowledgeSetting(POLICY_RULE)])),
    code: 0,
    want: [{ severity: "warning", line: FIRST_IGNORE, pointer: "/compatibilityIgnores/0", rule: SETTINGS, includes: ["no weakened compatibility policy", "since v1", "remove it"] }],
  },
  {
    given: "an override lowered (FULL_TRANSITIVE → BACKWARD)",
    change: () => registry((j) => (j.compatibilityOverrides["order.shipped"] = "BACKWARD")),
    code: 1,
    want: [{ severity: "error", line: SHIPPED_OVERRIDE, pointer: "/compatibilityOverrides/order.shipped", rule: RULE, includes: ["order.shipped", "was FULL_TRANSITIVE at v1", "is BACKWARD here", "FORWARD is no longer checked"], excludes: ["order.placed"] }],
  },
  {
    given: "an override removed where the registry-wide mode is weaker",
    change: () => registry((j) => delete j.compatibilityOverrides["order.shipped"]),
    code: 1,
    want: [{ severity: "error", line: COMPATIBILITY, pointer: "/compatibility", rule: RULE, includes: ["order.shipped", "was FULL_TRANSITIVE at v1", 'compatibilityOverrides["order.shipped"]', "is BACKWARD here"], excludes: ["order.placed"] }],
  },
  {
    given: "BACKWARD → FORWARD: a change in both directions gives up BACKWARD",
    change: () => registry((j) => (j.compatibilityOverrides["order.placed"] = "FORWARD")),
    code: 1,
    want: [{ severity: "error", line: /^ {4}"order\.placed": "/, pointer: "/compatibilityOverrides/order.placed", rule: RULE, includes: ["order.placed", "was BACKWARD at v1", "is FORWARD here"] }],
  },
  {
    given: "a weakening acknowledged for the event (and for the envelope)",
    change: () =>
      registry((j) => {
        j.compatibility = "NONE";
        j.compatibilityIgnores = [acknowledge("order.placed"), acknowledgeSetting(ENVELOPE_RULE)];
      }),
    code: 0,
    want: [{ severity: "warning", line: COMPATIBILITY, pointer: "/compatibility", rule: RULE, includes: ["order.placed", "was BACKWARD at v1", "is NONE here", "the consumers of this event were retired"] }],
  },
  {
    given: "an acknowledgement narrowed to another setting's pointer does not acknowledge",
    change: () =>
      registry((j) => {
        j.compatibility = "NONE";
        j.compatibilityIgnores = [acknowledge("order.placed", { pointer: "/compatibilityOverrides/order.placed" })];
      }),
    code: 1,
    want: [
      { ...envelopeLowered, includes: [...envelopeLowered.includes, "also the mode of order.placed"], excludes: ["order.shipped"] },
      { severity: "warning", line: FIRST_IGNORE, pointer: "/compatibilityIgnores/0", rule: SETTINGS, includes: ["order.placed", "remove it"] },
    ],
  },
  {
    given: "an acknowledgement with no weakening to acknowledge",
    change: () => registry((j) => (j.compatibilityIgnores = [acknowledge("order.shipped")])),
    code: 0,
    want: [{ severity: "warning", line: FIRST_IGNORE, pointer: "/compatibilityIgnores/0", rule: SETTINGS, includes: ["order.shipped", "no weakened compatibility mode", "since v1", "remove it"] }],
  },
];

/** Changes that keep every mode and the policy at least as strong: no diagnostic at all. */
const passing: { given: string; change: () => void; against?: string }[] = [
  {
    given: "the policy strengthened: no compatibilityPolicy at v0 (the default, open) → strict",
    change: () => registry(() => undefined),
    against: "v0",
  },
  {
    given: "the policy unchanged: no compatibilityPolicy at v0 → open named",
    change: () => registry((j) => (j.compatibilityPolicy = "open")),
    against: "v0",
  },
  {
    given: "every mode strengthened (BACKWARD → FULL_TRANSITIVE, FULL_TRANSITIVE kept by the override)",
    change: () => registry((j) => (j.compatibility = "FULL_TRANSITIVE")),
  },
  {
    given: "BACKWARD → BACKWARD_TRANSITIVE by a new override",
    change: () => registry((j) => (j.compatibilityOverrides["order.placed"] = "BACKWARD_TRANSITIVE")),
  },
  {
    given: "a new event with NONE",
    change: () => {
      registry((j) => (j.compatibilityOverrides["order.returned"] = "NONE"));
      writeJson(schemas, "order/returned/1.0.json", version({ why: { type: "string" } }));
    },
  },
];

const check = (...extra: string[]) => run("check", "--schemas", schemas, "--against", "v1", ...extra);

describe("check --against: an event's compatibility mode is never weakened silently", () => {
  it.each(cases)("$given: exit $code", async ({ change, code, want, absent }) => {
    change();
    const r = await check();
    expect(r.code, r.err).toBe(code);
    const lines = r.err.split("\n");
    for (const w of want) {
      const head = `${schemas}/registry.json:${at(w.line)} at #${w.pointer}: ${w.severity}: ${w.rule}: `;
      const line = lines.find((l) => l.startsWith(head));
      expect(line, `${head}\n${r.err}`).toBeDefined();
      for (const text of w.includes) expect(line).toContain(text);
      for (const text of w.excludes ?? []) expect(line).not.toContain(text);
    }
    for (const rule of absent ?? []) expect(r.err).not.toContain(`: ${rule}: `);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it.each(passing)("$given: passes with no problem", async ({ change, against = "v1" }) => {
    change();
    const r = await run("check", "--schemas", schemas, "--against", against);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/, no problems$/);
  });

  it("--format json carries the rule, the pointer and the place of the setting", async () => {
    registry((j) => (j.compatibility = "NONE"));
    const r = await check("--format", "json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    const [line, column] = at(COMPATIBILITY).split(":").map(Number);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: `${schemas}/registry.json`, pointer: "/compatibility", line, column, severity: "error", rule: ENVELOPE_RULE }));
  });

  it("--format github annotates registry.json with the rule as the title", async () => {
    registry((j) => (j.compatibility = "NONE"));
    const r = await check("--format", "github");
    expect(r.code).toBe(1);
    const [line, column] = at(COMPATIBILITY).split(":");
    const file = `${schemas}/registry.json`.replace(/:/g, "%3A").replace(/,/g, "%2C");
    expect(r.out).toContain(`::error file=${file},line=${line},col=${column},title=${ENVELOPE_RULE}::#/compatibility: `);
  });

  it("needs only registry.json at the ref: a weakening is reported when the registry there does not load", async () => {
    writeFileSync(join(schemas, "order/shipped/1.0.json"), "{ not json");
    git(repo, "commit", "-q", "-am", "a broken main");
    git(repo, "tag", "-f", "broken");
    git(repo, "reset", "-q", "--hard", "v1");
    registry((j) => (j.compatibility = "NONE"));
    const r = await run("check", "--schemas", schemas, "--against", "broken");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`registry.json:${at(COMPATIBILITY)} at #/compatibility: error: ${ENVELOPE_RULE}: the envelope's compatibility mode, registry.json compatibility`);
    expect(r.err).toMatch(/was BACKWARD at broken \([0-9a-f]+\) and is NONE here: BACKWARD is no longer checked; it is also the mode of order\.placed \(no override\)/);
    expect(r.err).toContain("error: The registry at the ref loads:");
  });

  it("plain check (no ref) accepts an acknowledgement and does not judge it", async () => {
    registry((j) => (j.compatibilityIgnores = [acknowledge("order.placed")]));
    const r = await run("check", "--schemas", schemas);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/, no problems$/);
  });
});
