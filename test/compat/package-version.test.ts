/**
 * The package version follows the contract: compared with the registry at a git ref, each change
 * needs a bump (documentation patch; new event, minor or major minor; removed event, major or minor, or a
 * moved subject major). `check --against` reports a version short of it; `jetschema version`
 * applies it. On a real temporary git repository.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRegistryAt } from "../../generator/released/git-registry.js";
import { bumpNeeded, nextVersion, RULE_PACKAGE_VERSION, VERSION_RULES, versionSatisfies, type Bump } from "../../generator/released/package-version.js";
import { modelAt } from "../../generator/released/registry-at-ref.js";
import { RULE_DEFS, RULE_DELETED, RULE_EDITED } from "../../generator/released/check-released.js";
import { releasedRegistry } from "../support/released-registry.js";
import { DRAFT7, editJson, git, loadModel, registryJson, run, version, writeJson } from "./support.js";

const STREAMS = { ORDER_EVENTS: { subjects: ["shop.order.*.v1", "shop.order.*.v2"] } };
const base = () => registryJson({ package: { name: "@shop/events", version: "1.4.2" }, streams: STREAMS });

const edit = (file: string, change: (json: any) => void) => editJson(schemas, file, change);

const { schemas } = releasedRegistry("package-version", {
  files: {
    "order/placed/1.0.json": version({ sku: { type: "string" }, code: { $ref: "../../defs/common.json#/$defs/Code" } }),
    "defs/common.json": { $schema: DRAFT7, $defs: { Code: { type: "string", maxLength: 32 } } },
    "order/shipped/1.0.json": version({ carrier: { type: "string" } }),
    "order/cancelled/1.0.json": version({ reason: { type: "string" } }),
    "order/cancelled/2.0.json": version({ reason: { type: "string" }, by: { type: "string" } }, { required: ["by"] }),
    "order/paid/1.0.json": version({ amount: { type: "integer" } }),
    "order/paid/1.1.json": version({ amount: { type: "integer" }, currency: { type: "string" } }),
  },
  registry: base(),
});

function needed() {
  const atRef = modelAt(readRegistryAt(schemas, "v1"), schemas);
  if (!("model" in atRef)) throw new Error("the registry at v1 does not load");
  return bumpNeeded(atRef.model, loadModel(schemas));
}

const RULE_VERSION_BUMP = "A released version, changed, needs a new minor version";
const RULE_DEFINITION_BUMP = "A shared definition a released version uses, changed, needs a new minor version";
const RULE_MINOR_REMOVED = "A removed event minor needs a new major version";

const changes: { change: string; make: () => void; want: Bump | undefined; rule?: string }[] = [
  { change: "nothing", make: () => undefined, want: undefined },
  { change: "a description of a released version", make: () => edit("order/placed/1.0.json", (j) => (j.description = "An order was placed.")), want: "patch", rule: "Any other change needs a new patch version" },
  { change: "a stream setting in registry.json", make: () => edit("registry.json", (j) => (j.streams.ORDER_EVENTS.max_age = "24h")), want: "patch", rule: "Any other change needs a new patch version" },
  { change: "a new event", make: () => writeJson(schemas, "order/returned/1.0.json", version({ why: { type: "string" } })), want: "minor", rule: "A new event needs a new minor version" },
  { change: "a new minor", make: () => writeJson(schemas, "order/placed/1.1.json", version({ sku: { type: "string" }, note: { type: "string" } })), want: "minor", rule: "A new event minor needs a new minor version" },
  { change: "a new major", make: () => writeJson(schemas, "order/placed/2.0.json", version({ sku: { type: "integer" } })), want: "minor", rule: "A new event major needs a new minor version" },
  { change: "a removed event", make: () => unlinkSync(join(schemas, "order/shipped/1.0.json")), want: "major", rule: "A removed event needs a new major version" },
  { change: "a removed major", make: () => unlinkSync(join(schemas, "order/cancelled/2.0.json")), want: "major", rule: "A removed event major needs a new major version" },
  // The generated package loses 1.1's exports (its type, its validator), though order.paid@1 stays.
  { change: "a removed minor, its major still there", make: () => unlinkSync(join(schemas, "order/paid/1.1.json")), want: "major", rule: RULE_MINOR_REMOVED },
  { change: "a released version, changed other than in documentation", make: () => edit("order/shipped/1.0.json", (j) => (j.properties.carrier.maxLength = 8)), want: "minor", rule: RULE_VERSION_BUMP },
  { change: "a shared definition's documentation", make: () => edit("defs/common.json", (j) => (j.$defs.Code.description = "The order's code.")), want: "patch", rule: "Any other change needs a new patch version" },
  { change: "a shared definition a released version uses, widened", make: () => edit("defs/common.json", (j) => (j.$defs.Code.maxLength = 64)), want: "minor", rule: RULE_DEFINITION_BUMP },
  { change: "a shared definition a released version uses, narrowed", make: () => edit("defs/common.json", (j) => (j.$defs.Code.maxLength = 16)), want: "minor", rule: RULE_DEFINITION_BUMP },
  {
    change: "a moved subject",
    make: () => writeJson(schemas, "registry.json", { ...base(), subject: "{namespace}.{event}.{major}", streams: { ORDER_EVENTS: { subjects: ["shop.order.*.1", "shop.order.*.2"] } } }),
    want: "major",
    rule: "A moved subject needs a new major version",
  },
];

describe("the bump each change needs", () => {
  it.each(changes)("$change → $want", ({ make, want, rule }) => {
    make();
    const r = needed();
    expect(r.bump).toBe(want);
    if (rule) expect(r.reasons.map((x) => x.rule)).toContain(rule);
  });

  it.each([
    ["1.4.2", "patch", "1.4.3"],
    ["1.4.2", "minor", "1.5.0"],
    ["1.4.2", "major", "2.0.0"],
    ["0.1.0-beta.1", "minor", "0.2.0"],
  ] as const)("after %s a %s is %s", (from, bump, to) => {
    expect(nextVersion(from, bump)).toBe(to);
    expect(versionSatisfies(to, from, bump)).toBe(true);
    expect(versionSatisfies(from, from, bump)).toBe(false);
  });
});

describe("docs/versioning.md", () => {
  const doc = readFileSync("docs/versioning.md", "utf8");
  it.each(Object.entries(VERSION_RULES))("lists %s with its bump", (rule, { bump }) => expect(doc).toContain(`| ${rule} | ${bump} |`));
  it("names the check's rule", () => expect(doc).toContain(RULE_PACKAGE_VERSION));
});

describe("check --against and jetschema version", () => {
  it.each(changes.filter((c) => c.want !== undefined && !c.change.startsWith("a removed") && c.change !== "a moved subject" && c.rule !== RULE_DEFINITION_BUMP && c.rule !== RULE_VERSION_BUMP))(
    "$change without a bump fails check; jetschema version applies the $want and check passes",
    async ({ make, want }) => {
      make();
      const before = await run("check", "--schemas", schemas, "--against", "v1");
      expect(before.code).toBe(1);
      const target = nextVersion("1.4.2", want!);
      expect(before.err).toContain(`error: ${RULE_PACKAGE_VERSION}: the package was 1.4.2 at v1`);
      expect(before.err).toContain(`needs a ${want} version, ${target} or later, and package.version is 1.4.2. Run: jetschema version --against v1`);

      const applied = await run("version", "--schemas", schemas, "--against", "v1");
      expect(applied.code, applied.err).toBe(0);
      expect(applied.out).toContain(`package.version 1.4.2 → ${target} (${want}:`);
      expect(JSON.parse(readFileSync(join(schemas, "registry.json"), "utf8")).package.version).toBe(target);
      expect((await run("check", "--schemas", schemas, "--against", "v1")).code).toBe(0);
      const again = await run("version", "--schemas", schemas, "--against", "v1");
      expect(again.out).toContain(`package.version ${target} is right`);
    },
  );

  const removals = [
    {
      given: "a removed event",
      file: "order/shipped/1.0.json",
      change: "event order.shipped removed, which check --against refuses: restore its version files",
      deleted: ["order.shipped 1.0 was released at v1 ("],
    },
    {
      given: "a removed minor, its major still there",
      file: "order/paid/1.1.json",
      change: "order.paid 1.1 removed while order.paid@1 stays, which check --against refuses: restore the file",
      deleted: ["order.paid 1.1 was released at v1 (", "order.paid@1 is still here", "the generated package would lose 1.1's exports"],
    },
  ];
  it.each(removals)("$given: check refuses the deletion and names the major it needs; version sets the major; the released-version error stays until the file is restored", async ({ file, change, deleted }) => {
    unlinkSync(join(schemas, file));
    const deletedLine = (err: string) => err.split("\n").find((l) => l.startsWith(`${schemas}/${file}: error: ${RULE_DELETED}: `));
    const before = await run("check", "--schemas", schemas, "--against", "v1");
    expect(before.code).toBe(1);
    const line = deletedLine(before.err);
    expect(line, before.err).toBeDefined();
    for (const text of [...deleted, `Restore it (git checkout v1 -- <registry>/${file})`]) expect(line).toContain(text);
    expect(before.err).toContain(`error: ${RULE_PACKAGE_VERSION}: the package was 1.4.2 at v1 (`);
    expect(before.err).toContain(`and the registry changed since (${change}): that needs a major version, 2.0.0 or later`);
    const applied = await run("version", "--schemas", schemas, "--against", "v1");
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toBe(`package.version 1.4.2 → 2.0.0 (major: ${change}; 1.4.2 at v1)`);
    const after = await run("check", "--schemas", schemas, "--against", "v1");
    expect(deletedLine(after.err), after.err).toBeDefined();
    expect(after.err).not.toContain(RULE_PACKAGE_VERSION);
  });

  it.each([
    { given: "widened", maxLength: 64 },
    { given: "narrowed", maxLength: 16 },
  ])("a shared definition a released version uses, $given: version sets the minor a new definition and a new minor need, and says check refuses the edit in place", async ({ maxLength }) => {
    edit("defs/common.json", (j) => (j.$defs.Code.maxLength = maxLength));
    const before = await run("check", "--schemas", schemas, "--against", "v1");
    expect(before.err).toContain(`error: ${RULE_DEFS}: defs/common.json#/$defs/Code changed since v1`);
    expect(before.err).toContain("needs a minor version, 1.5.0 or later, and package.version is 1.4.2");
    const applied = await run("version", "--schemas", schemas, "--against", "v1");
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toBe(
      "package.version 1.4.2 → 1.5.0 (minor: defs/common.json#/$defs/Code changed under the released order.placed 1.0, which check --against refuses in place: " +
        "leave it as it was and add the new shape as a new definition for a new minor (jetschema bump order.placed --minor) or, if it breaks, a new major; 1.4.2 at v1)",
    );
    const after = await run("check", "--schemas", schemas, "--against", "v1");
    expect(after.err).toContain(`error: ${RULE_DEFS}: `);
    expect(after.err).not.toContain(RULE_PACKAGE_VERSION);
  });

  it("a released version changed other than in documentation: version sets the minor its move into a new version needs, and says check refuses the edit in place", async () => {
    edit("order/shipped/1.0.json", (j) => (j.properties.carrier.maxLength = 8));
    const before = await run("check", "--schemas", schemas, "--against", "v1");
    expect(before.err).toContain(`error: ${RULE_EDITED}: order.shipped 1.0 was released at v1`);
    const applied = await run("version", "--schemas", schemas, "--against", "v1");
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toBe(
      "package.version 1.4.2 → 1.5.0 (minor: order.shipped 1.0 changed, which check --against refuses in place: " +
        "move the edit into a new minor or, if it breaks, a new major (check --against names the jetschema bump that moves it); 1.4.2 at v1)",
    );
    const after = await run("check", "--schemas", schemas, "--against", "v1");
    expect(after.err).toContain(`error: ${RULE_EDITED}: `);
    expect(after.err).not.toContain(RULE_PACKAGE_VERSION);
  });

  const backwards: Array<{ given: string; version: string; make: () => void; error: string; want: string }> = [
    { given: "nothing changed", version: "1.4.0", make: () => undefined, error: "package.version 1.4.0 is lower than 1.4.2, the version at v1", want: "1.4.2" },
    { given: "a documentation change", version: "0.9.0", make: () => edit("order/placed/1.0.json", (j) => (j.description = "Placed.")), error: "package.version 0.9.0 is lower than 1.4.2, the version at v1", want: "1.4.3" },
    { given: "a new event", version: "1.3.9", make: () => writeJson(schemas, "order/returned/1.0.json", version({ why: { type: "string" } })), error: "package.version 1.3.9 is lower than 1.4.2, the version at v1", want: "1.5.0" },
  ];
  it.each(backwards)("a version lower than the ref's ($given) fails check; jetschema version counts from the ref's", async ({ version: v, make, error, want }) => {
    make();
    edit("registry.json", (j) => (j.package.version = v));
    const before = await run("check", "--schemas", schemas, "--against", "v1");
    expect(before.code).toBe(1);
    expect(before.err).toContain(`error: ${RULE_PACKAGE_VERSION}: `);
    expect(before.err).toContain(error);
    const applied = await run("version", "--schemas", schemas, "--against", "v1");
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain(`package.version ${v} → ${want}`);
    expect((await run("check", "--schemas", schemas, "--against", "v1")).code).toBe(0);
  });

  it("a version already past the bump is left alone; a bad ref is a usage error", async () => {
    edit("registry.json", (j) => (j.package.version = "3.0.0"));
    writeJson(schemas, "order/returned/1.0.json", version({ why: { type: "string" } }));
    const r = await run("version", "--schemas", schemas, "--against", "v1");
    expect(r.out).toContain("package.version 3.0.0 is right (minor since 1.4.2 at v1: event order.returned added)");
    const bad = await run("version", "--schemas", schemas, "--against", "no-such-ref");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown git ref "no-such-ref"');
  });
});
