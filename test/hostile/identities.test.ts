/**
 * Two events claiming one identity, through the built bin (`jetschema check` on copies of real
 * registries): each is a lint error (exit 1) at the file that claims it, naming the file that
 * holds it first, so the user sees both.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-ids-"));
beforeAll(assertBuilt);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function editJson(path: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
}

interface Case {
  given: string;
  registry: string;
  setup: (schemas: string) => void;
  want: RegExp;
}

const CASES: Case[] = [
  {
    given: 'queue.updated declaring "x-type": "queue.paused" (the flagship registry)',
    registry: "schemas",
    setup: (s) => editJson(join(s, "queue/updated/1.0.json"), (v) => (v["x-type"] = "queue.paused")),
    want: /queue\/updated\/1\.0\.json:\d+:\d+ at #\/x-type: error: Each envelope type belongs to one event: type "queue\.paused" is already the type of queue\.paused@1 \(queue\/paused\/1\.0\.json\)/,
  },
  {
    given: "queue.updated declaring queue.paused's subject",
    registry: "schemas",
    setup: (s) => editJson(join(s, "queue/updated/1.0.json"), (v) => (v["x-subject"] = "waitingroom.queue.paused.v1")),
    want: /queue\/updated\/1\.0\.json:\d+:\d+ at #\/x-subject: error: Each subject belongs to one event: subject "waitingroom\.queue\.paused\.v1" is already used by queue\.paused@1 \(queue\/paused\/1\.0\.json\)/,
  },
  {
    given: "an event whose TypeScript name is a request-reply event's reply type (rules engine)",
    registry: "examples/rules-engine",
    setup: (s) => {
      mkdirSync(join(s, "query/metrics/usage-reply"));
      cpSync(join(s, "query/metrics/health/1.0.json"), join(s, "query/metrics/usage-reply/1.0.json"));
      editJson(join(s, "query/metrics/usage-reply/1.0.json"), (v) => {
        delete v["x-pattern"];
        delete v["x-reply"];
        v["x-delivery"] = "at-most-once";
      });
    },
    want: /query\/metrics\/usage-reply\/1\.0\.json:1:1: error: TypeScript names are unique: query\.metrics\.usage-reply@1 would generate the name QueryMetricsUsageReply, already taken by query\.metrics\.usage@1 \(query\/metrics\/usage\/1\.0\.json\)/,
  },
];

describe.each(CASES)("check given $given", (c) => {
  it("exits 1 naming both files, no stack", async () => {
    const schemas = join(tmp, `case-${CASES.indexOf(c)}`);
    cpSync(join(REPO_ROOT, c.registry), schemas, { recursive: true });
    c.setup(schemas);
    const r = await runBin(["check", "--schemas", schemas]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(c.want);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

export const CASE_COUNT = CASES.length;
