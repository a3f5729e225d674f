/**
 * Golden docs for schemas/: the committed catalog (generated/docs/) is exactly what the generator
 * produces, has a page for every event and shared-definitions file, and its code is valid: JSON
 * examples are the schemas' examples, TypeScript snippets parse.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { renderPackage } from "../../generator/pipeline.js";
import { checkCatalog, type ParsedPage } from "./support/markdown-check.js";
import { committedCatalog, relativeToDocs } from "./support/render.js";

let fresh: Map<string, string>;
let committed: Map<string, string>;
let pages: Map<string, ParsedPage>;

beforeAll(async () => {
  fresh = relativeToDocs(await renderPackage({ schemas: "schemas", out: "generated" }));
  committed = committedCatalog();
  pages = checkCatalog(committed).pages;
});

const EVENTS = [
  "position.admitted",
  "position.cancelled",
  "position.enqueued",
  "position.expired",
  "position.heartbeat",
  "queue.created",
  "queue.maintenance",
  "queue.paused",
  "queue.resumed",
  "queue.updated",
  "session.active",
  "session.expired",
  "session.started",
  "session.terminated",
  "system.error",
  "system.health",
  "system.metrics",
];

describe("the catalog of schemas/", () => {
  it("is committed exactly as the generator renders it", () => {
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, content] of fresh) expect(committed.get(path), `generated/docs/${path} is stale: run npm run generate`).toBe(content);
  });

  it("has the index, the AsyncAPI document, a page per event and a page per definitions file", () => {
    expect([...committed.keys()].sort()).toEqual(["README.md", "asyncapi.yaml", "defs/change.md", "defs/common.md", ...EVENTS.map((e) => `events/${e}.md`)].sort());
  });

  it("indexes every event with its subject, and every section is there", () => {
    const readme = pages.get("README.md")!;
    for (const e of EVENTS) expect(readme.links.some((l) => l.href === `events/${e}.md`), e).toBe(true);
    expect(committed.get("README.md")).toContain("`waitingroom.position.admitted.v2`<br>`waitingroom.position.admitted.v1`");
    expect(readme.headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual([
      "Events",
      "Subject hierarchy",
      "Streams",
      "Consumers",
      "Dead letters",
      "Services",
      "Event flow",
      "Shared definitions",
    ]);
    expect(readme.mermaid.length).toBe(1);
  });

  it("gives an event page its sections, latest major first", () => {
    const page = pages.get("events/position.admitted.md")!;
    expect(page.headings.map((h) => `${"#".repeat(h.level)} ${h.text}`)).toEqual([
      "# Position Admitted",
      "## Version 2",
      "### Payload (v2)",
      "### Examples (v2)",
      "## Version 1",
      "### Payload (v1)",
      "### Examples (v1)",
      "## Streams and consumers",
      "## Version history",
      "## Usage",
      "## Envelope",
    ]);
  });

  it("classifies every change in the version history, with the compatibility engine", () => {
    const rows = (event: string) =>
      committed
        .get(`events/${event}.md`)!
        .split("\n")
        .filter((l) => /^\| \d+\.\d+ /.test(l))
        .map((l) => l.split("|").map((c) => c.trim()));
    const admitted = rows("position.admitted");
    expect(admitted.map((r) => r[1])).toContain("2.0");
    expect(admitted.filter((r) => r[1] === "2.0").some((r) => r[3]!.startsWith("breaking: BACKWARD"))).toBe(true);
    expect(admitted.filter((r) => r[1] === "1.1").every((r) => r[3] === "compatible" && r[2]!.includes("admission_token"))).toBe(true);
    expect(rows("session.started").find((r) => r[1] === "1.1")![2]).toContain("user_agent");
    expect(rows("queue.paused").map((r) => r[2])).toEqual(["First version."]);
  });

  it("shows every example of the schemas, as JSON", () => {
    for (const e of EVENTS) {
      const shown = pages.get(`events/${e}.md`)!.fences.filter((f) => f.info === "json").map((f) => JSON.parse(f.content) as unknown);
      const folder = `schemas/${e.replace(/\./g, "/")}`;
      const files = e === "position.admitted" ? ["1.0", "1.1", "2.0"] : e === "session.started" ? ["1.0", "1.1"] : ["1.0"];
      const examples = files.flatMap((v) => (JSON.parse(readFileSync(`${folder}/${v}.json`, "utf8")) as { examples?: unknown[] }).examples ?? []);
      for (const ex of examples) expect(shown, e).toContainEqual(ex);
    }
  });

  it("has usage snippets that parse as TypeScript and call the helper", () => {
    for (const e of EVENTS) {
      const snippets = pages.get(`events/${e}.md`)!.fences.filter((f) => f.info === "ts");
      expect(snippets.length, e).toBe(1);
      const sf = ts.createSourceFile("x.ts", snippets[0]!.content, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, e).toEqual([]);
    }
    expect(committed.get("events/position.admitted.md")).toContain("events.publishPositionAdmittedV2(");
  });
});
