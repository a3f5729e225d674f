/**
 * `jetschema check --against <git-ref>` on a real temporary git repository: released versions may
 * change only in documentation, may not be deleted, may not change meaning through a shared
 * definition, keep their subjects; new versions go through the ordinary compatibility check.
 */
import { execFile } from "node:child_process";
import { rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_DEFS, RULE_DELETED, RULE_EDITED, RULE_ENVELOPE, RULE_SUBJECT } from "../../generator/released/check-released.js";
import { R } from "../../generator/compat/rules.js";
import { releasedRegistry } from "../support/released-registry.js";
import { editJson, git, registryJson, run, tempDir, version, writeJson, writeRegistry } from "./support.js";

const placed = version({ sku: { $ref: "../../defs/common.json#/$defs/Sku" }, note: { type: "string", description: "free text" } }, { required: ["sku"], examples: [{ sku: "AB-1" }] });
const shipped = version({ carrier: { type: "string", maxLength: 64 } });
const common = { $schema: "http://json-schema.org/draft-07/schema#", $defs: { Sku: { type: "string", minLength: 1, maxLength: 32 } } };

const { repo, schemas } = releasedRegistry("against", {
  files: { "defs/common.json": common, "order/placed/1.0.json": placed, "order/shipped/1.0.json": shipped },
  history: (dir) => {
    writeFileSync(join(dir, "README.md"), "registry\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "before the registry");
    git(dir, "tag", "empty");
  },
});

const edit = (file: string, change: (json: any) => void) => editJson(schemas, file, change);

/** The package version bump each passing change needs (test/compat/package-version.test.ts covers the policy). */
const setPackageVersion = (v: string) => edit("registry.json", (j) => (j.package.version = v));

const check = (...extra: string[]) => run("check", "--schemas", schemas, "--against", "v1", ...extra);

describe("jetschema check --against", () => {
  it("an untouched registry passes and the summary counts the released versions", async () => {
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/against v1 \([0-9a-f]{12}\): 2 released version\(s\), 0 new, no problems/);
  });

  it("documentation edits of a released version are allowed", async () => {
    edit("order/placed/1.0.json", (j) => {
      j.title = "Order placed";
      j.description = "An order was placed.";
      j.examples = [{ sku: "ZZ-9", note: "gift" }];
      j.properties.note.description = "Free text from the buyer.";
      j.properties.note.title = "Note";
    });
    setPackageVersion("1.0.1");
    expect((await check()).code).toBe(0);
  });

  it("any other edit of a released version is an error at the first changed pointer", async () => {
    edit("order/shipped/1.0.json", (j) => (j.properties.carrier.maxLength = 32));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/order\/shipped\/1\.0\.json:\d+:\d+ at #\/properties\/carrier\/maxLength: error: A released version is never edited in place: /);
    expect(r.err).toContain("carrier: maxLength 64 → 32 (A length limit was tightened, breaks BACKWARD)");
    expect(r.err).toContain("jetschema bump order.shipped --minor");
  });

  it("even a compatible edit of a released version is an error", async () => {
    edit("order/shipped/1.0.json", (j) => (j.properties.tracking = { type: "string" }));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.err).toContain(RULE_EDITED);
  });

  it("deleting a released version is an error", async () => {
    unlinkSync(join(schemas, "order/shipped/1.0.json"));
    setPackageVersion("2.0.0");
    const r = await check("--format", "json");
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { diagnostics: Array<{ file: string; rule: string }> };
    expect(doc.diagnostics.map((d) => [d.file, d.rule])).toEqual([[`${schemas}/order/shipped/1.0.json`, RULE_DELETED]]);
  });

  it("a new compatible minor passes; a new breaking minor fails with the ordinary rule", async () => {
    writeJson(schemas, "order/shipped/1.1.json", version({ carrier: { type: "string", maxLength: 64 }, tracking: { type: "string" } }));
    setPackageVersion("1.1.0");
    const ok = await check();
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("2 released version(s), 1 new");
    writeJson(schemas, "order/shipped/1.1.json", version({ carrier: { type: "string", maxLength: 64 }, tracking: { type: "string" } }, { required: ["tracking"] }));
    const bad = await check();
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`order/shipped/1.1.json`);
    expect(bad.err).toContain(`${R.REQUIRED_NO_DEFAULT} (BACKWARD)`);
    expect(bad.err).not.toContain(RULE_EDITED);
  });

  const definitions: Array<{ given: string; defs: Record<string, unknown>; want?: { pointer: string; change: string } }> = [
    { given: "a definition a released version uses, tightened", defs: { Sku: { type: "string", minLength: 1, maxLength: 16 } }, want: { pointer: "/$defs/Sku/maxLength", change: "sku: maxLength 32 → 16 (in defs/common.json#/$defs/Sku) (A length limit was tightened, breaks BACKWARD)" } },
    { given: "a definition a released version uses, loosened (compatible in BACKWARD, still another validator)", defs: { Sku: { type: "string", minLength: 1, maxLength: 64 } }, want: { pointer: "/$defs/Sku/maxLength", change: "sku: maxLength 32 → 64 (in defs/common.json#/$defs/Sku) (A length limit was loosened, breaks FORWARD)" } },
    { given: "a definition a released version uses, given a pattern", defs: { Sku: { type: "string", minLength: 1, maxLength: 32, pattern: "^[A-Z]" } }, want: { pointer: "/$defs/Sku/pattern", change: "A pattern was added" } },
    { given: "a definition's documentation", defs: { Sku: { type: "string", minLength: 1, maxLength: 32, description: "Stock keeping unit.", examples: ["AB-1"] } } },
    { given: "a new definition beside the released one", defs: { Sku: { type: "string", minLength: 1, maxLength: 32 }, SkuV2: { type: "string", maxLength: 64 } } },
    { given: "the definition moved behind a $ref to an equal one", defs: { Sku: { $ref: "#/$defs/Code" }, Code: { type: "string", minLength: 1, maxLength: 32 } } },
  ];
  it.each(definitions)("$given: $want.pointer", async ({ defs, want }) => {
    writeJson(schemas, "defs/common.json", { ...common, $defs: defs });
    setPackageVersion("1.0.1");
    const r = await check();
    if (!want) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      return;
    }
    expect(r.code).toBe(1);
    const line = new RegExp(`defs/common\\.json:\\d+:\\d+ at #${want.pointer.replace(/\$/g, "\\$")}: error: ${RULE_DEFS}: defs/common\\.json#/\\$defs/Sku changed since v1 \\([0-9a-f]{12}\\), and the released order\\.placed 1\\.0 uses it`);
    expect(r.err).toMatch(line);
    expect(r.err).toContain(want.change);
    expect(r.err).toContain("add the new shape as a new definition (a new name in defs/common.json, or a new file under defs/) and refer to it from a new minor: jetschema bump order.placed --minor");
  });

  it("a definition several released versions use is one error naming each of them", async () => {
    writeJson(schemas, "order/shipped/1.1.json", version({ carrier: { type: "string", maxLength: 64 }, sku: { $ref: "../../defs/common.json#/$defs/Sku" } }));
    setPackageVersion("1.1.0");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "release 1.1");
    git(repo, "tag", "-f", "v1.1");
    writeJson(schemas, "defs/common.json", { ...common, $defs: { Sku: { type: "string", minLength: 1, maxLength: 64 } } });
    const r = await run("check", "--schemas", schemas, "--against", "v1.1", "--format", "json");
    const doc = JSON.parse(r.out) as { diagnostics: Array<{ file: string; pointer: string; rule: string; message: string }> };
    const found = doc.diagnostics.filter((d) => d.rule === RULE_DEFS);
    expect(found.map((d) => [d.file, d.pointer])).toEqual([[`${schemas}/defs/common.json`, "/$defs/Sku/maxLength"]]);
    expect(found[0]!.message).toContain("the released order.placed 1.0 and order.shipped 1.1 use it");
  });

  it("a subject template change moves released majors: an error", async () => {
    writeJson(schemas, "registry.json", registryJson({ subject: "{namespace}.{event}.{major}", streams: { ORDER_EVENTS: { subjects: ["shop.order.*.1"] } } }));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/registry\.json:\d+:\d+ at #\/subject: error: A released major keeps its subject: order\.placed@1 was published on "shop\.order\.placed\.v1"/);
    expect(r.err).toContain(RULE_SUBJECT);
  });

  it("the envelope may change compatibly, not otherwise", async () => {
    edit("envelope.schema.json", (j) => (j.properties.trace_id = { type: "string" }));
    setPackageVersion("1.0.1");
    expect((await check()).code).toBe(0);
    edit("envelope.schema.json", (j) => j.required.push("trace_id"));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/envelope\.schema\.json:\d+:\d+ at #\/required\/6: error: The envelope changes only compatibly \(BACKWARD\): "trace_id" is now required/);
  });

  it("against a ref before the registry existed, nothing is released", async () => {
    const r = await run("check", "--schemas", schemas, "--against", "empty");
    expect(r.code).toBe(0);
    expect(r.out).toContain("0 released version(s), 2 new");
  });

  it("an unknown ref is a usage error (exit 2)", async () => {
    const r = await run("check", "--schemas", schemas, "--against", "no-such-ref");
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown git ref "no-such-ref"');
  });

  it("outside a git repository, --against is a usage error", async () => {
    const outside = tempDir("no-git");
    writeRegistry(outside, { "order/placed/1.0.json": placed, "defs/common.json": common });
    const r = await run("check", "--schemas", outside, "--against", "HEAD");
    rmSync(outside, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.err).toContain("not inside a git repository");
  });

  it("the compiled bin annotates a pull request with --format github", async () => {
    edit("order/shipped/1.0.json", (j) => (j.properties.carrier.maxLength = 32));
    const bin = resolve("bin/jetschema.js");
    const result = await new Promise<{ code: number | null; stdout: string }>((done) => {
      execFile(process.execPath, [bin, "check", "--schemas", "schemas", "--against", "v1", "--format", "github"], { cwd: repo }, (err, stdout) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=schemas\/order\/shipped\/1\.0\.json,line=\d+,col=\d+,title=A released version is never edited in place::#\/properties\/carrier\/maxLength: /m);
  });
});
