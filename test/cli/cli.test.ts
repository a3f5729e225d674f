/**
 * The jetschema command line, run in process through main() (same code as the bin) with a
 * captured output, plus one real subprocess run of bin/jetschema.js.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function json(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const admitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };

describe("jetschema generate --check", () => {
  it("exits 0 when the output is up to date", async () => {
    const r = await run("generate", "--check");
    expect(r.code).toBe(0);
    expect(r.out).toContain("up to date");
  });

  it("exits 1, lists the differing files and writes nothing when the output is stale", async () => {
    const out = join(tmp, "stale");
    cpSync("generated", out, { recursive: true });
    writeFileSync(join(out, "index.js"), "// edited by hand\n");
    writeFileSync(join(out, "extra.txt"), "left over\n");
    rmSync(join(out, "subjects.d.ts"));
    const before = readTree(out);
    const r = await run("generate", "--check", "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("index.js");
    expect(r.err).toContain("extra.txt");
    expect(r.err).toContain("subjects.d.ts");
    expect(r.err).not.toContain("registry.js");
    expect(readTree(out)).toEqual(before);
  });
});

describe("jetschema generate --timings", () => {
  it("prints each stage's wall time and memory to stderr, after the summary, and the output is the same", async () => {
    const out = join(tmp, "timed");
    const r = await run("generate", "--no-cache", "--timings", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^generated \d+ files/);
    const stages = [...r.err.matchAll(/^ {2}(.+?) +(\d+) ms +(\d+) MiB +(\d+) MiB$/gm)].map((m) => m[1]);
    expect(stages).toEqual(["load, resolve, model", "types", "asyncapi", "package files", "compile, check", "validators", "catalog", "format", "write"]);
    expect(r.err).toMatch(/^ {2}total +\d+ ms +\d+ MiB peak$/m);
    expect(readTree(out)).toEqual(readTree("generated"));
  });
});

describe("jetschema validate", () => {
  it("accepts a valid payload of the latest version and exits 0", async () => {
    const r = await run("validate", "position.admitted@1", json("ok.json", admitted));
    expect(r.code).toBe(0);
    expect(r.out).toContain("valid position.admitted 1.1");
  });

  it("rejects an invalid payload, naming each JSON pointer, and exits 1", async () => {
    const r = await run("validate", "position.admitted@1.0", json("bad.json", { ...admitted, wait_time_seconds: -1, session_id: 7 }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json#\/wait_time_seconds: must be >= 0/);
    expect(r.err).toMatch(/bad\.json#\/session_id: must be string/);
  });

  it("picks the version: @2 is the v2 schema, which the v1 payload does not satisfy", async () => {
    const r = await run("validate", "position.admitted@2", json("v1-as-v2.json", admitted));
    expect(r.code).toBe(1);
    expect(r.err).toContain("wait_time_ms");
  });

  it("--envelope checks the whole event and the data against the version the event names", async () => {
    const event = { id: "evt-1", version: "1.0", type: "position.admitted", timestamp: "2024-01-01T12:05:00Z", source: "waitingroom-api", queue_id: "concert-tickets", data: admitted };
    expect((await run("validate", "--envelope", "position.admitted", json("event.json", event))).code).toBe(0);
    const broken = { ...event, timestamp: "yesterday", data: { ...admitted, position_id: "" } };
    const r = await run("validate", "--envelope", "position.admitted", json("event-bad.json", broken));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/#\/timestamp: must match format "date-time" \(envelope\)/);
    expect(r.err).toMatch(/#\/data\/position_id: must NOT have fewer than 1 characters/);
  });

  it("reports a syntax error in the data file with line and column", async () => {
    const path = join(tmp, "syntax.json");
    writeFileSync(path, '{\n  "position_id": "p",\n}\n');
    const r = await run("validate", "position.admitted", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/syntax\.json:3:1: invalid JSON/);
  });

  it("names the known events when the event is unknown (a wrong command: exit 2)", async () => {
    const r = await run("validate", "position.admited", json("x.json", {}));
    expect(r.code).toBe(2);
    expect(r.err).toContain("position.admitted");
  });
});

describe("usage", () => {
  it("--help lists every command and exits 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    for (const c of ["generate", "validate", "check"]) expect(r.out).toContain(c);
  });

  it("version --help says which change needs which bump, as docs/cli.md does", async () => {
    const r = await run("version", "--help");
    expect(r.code).toBe(0);
    const doc = readFileSync("docs/cli.md", "utf8").replace(/\s+/g, " ");
    const rule = "documentation only → patch; a new event, minor or major, or released content changed in place (which check --against refuses) → minor; a removed event, major or minor (the package loses its exports, even when the major stays), or a moved subject → major";
    expect(doc).toContain(rule);
    expect(r.out.replace(/\s+/g, " ")).toContain(rule);
  });

  it("an unknown option exits 2", async () => {
    const r = await run("generate", "--no-such-flag");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option");
  });

  it("check lints the flagship registry clean", async () => {
    const r = await run("check");
    expect(r.code).toBe(0);
    expect(r.out).toContain("17 events");
  });

  it("the installed bin runs as a real process", () => {
    const out = execFileSync(process.execPath, ["bin/jetschema.js", "generate", "--check"], { encoding: "utf8" });
    expect(out).toContain("up to date");
    expect(JSON.parse(readFileSync("package.json", "utf8")).bin.jetschema).toBe("bin/jetschema.js");
  });
});

describe("jetschema generate --templates: a folder that overrides nothing is an error, not ignored", () => {
  it("a missing folder, and a template whose name matches no built-in one, exit 2 naming them", async () => {
    const missing = await run("generate", "--templates", "no/such/folder", "--out", join(tmpdir(), "jetschema-never-written"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("templates folder no/such/folder does not exist");

    const dir = mkdtempSync(join(tmpdir(), "jetschema-templates-"));
    try {
      mkdirSync(join(dir, "docs"), { recursive: true });
      writeFileSync(join(dir, "docs", "events.md.hbs"), "{{title}}\n");
      writeFileSync(join(dir, "README.md"), "notes about our templates\n");
      const typo = await run("generate", "--templates", dir, "--out", join(dir, "out"));
      expect(typo.code).toBe(2);
      expect(typo.err).toContain(`${join(dir, "docs", "events.md.hbs")} overrides no built-in template`);
      expect(typo.err).toContain("docs/event.md.hbs");
      expect(typo.err).not.toContain("README.md overrides");
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
