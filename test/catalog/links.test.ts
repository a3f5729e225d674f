/**
 * The link and anchor checker over whole catalogs: every relative link resolves to a page, every
 * #anchor to a heading (GitHub's slugs, computed by github-slugger), every table is well formed,
 * no raw HTML. Run over the committed catalog of schemas/, the features fixture (dialect mix,
 * $id and local refs, tuples, unions) and a registry large enough to split the event flow.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { checkCatalog, parsePage } from "./support/markdown-check.js";
import { committedCatalog, renderCatalog } from "./support/render.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-links-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("link and anchor checker", () => {
  it("finds nothing wrong in the committed catalog of schemas/", () => {
    const files = committedCatalog();
    expect(files.size).toBeGreaterThan(0);
    const { problems, pages } = checkCatalog(files);
    expect(problems).toEqual([]);
    // It did look: the index links every event page and some anchors.
    const readme = pages.get("README.md")!;
    expect(readme.links.filter((l) => l.href.startsWith("events/")).length).toBeGreaterThanOrEqual(17);
    expect(readme.links.some((l) => l.href.startsWith("#"))).toBe(true);
    const admitted = pages.get("events/position.admitted.md")!;
    expect(admitted.links.some((l) => l.href === "../defs/common.md#positionid")).toBe(true);
  });

  it("finds nothing wrong in the catalog of the features fixture", async () => {
    const { problems } = checkCatalog(await renderCatalog("test/fixtures/good/features"));
    expect(problems).toEqual([]);
  });

  it("finds nothing wrong when the event flow is split per domain", async () => {
    const dir = join(tmp, "split");
    const { events } = writeSyntheticRegistry(dir, { events: 60, ...CATALOG_SHAPE });
    const groups = new Set(events.map((e) => e.split(".").slice(0, -1).join("."))).size;
    const files = await renderCatalog(dir, { flowLimits: { maxEvents: 8, maxEdges: 20 } });
    const { problems, pages } = checkCatalog(files);
    expect(problems).toEqual([]);
    const readme = pages.get("README.md")!;
    expect(readme.mermaid.length).toBeGreaterThan(1);
    // Each diagram has its heading, and the contents and events link to headings that exist.
    expect(readme.headings.filter((h) => h.level === 3).length).toBe(groups + readme.mermaid.length);
  });

  it("reports dangling links, missing anchors and broken tables (the checker itself)", () => {
    const files = new Map([
      ["README.md", "# T\n\n## Streams\n\n[a](events/x.md) [b](#nope) [c](#streams) [d](other.md#there)\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n\n| stray |\n"],
      ["other.md", "# O\n\n## Here\n\n<b>bold</b>\n"],
    ]);
    const { problems } = checkCatalog(files);
    const text = problems.map((p) => p.problem).join("\n");
    expect(text).toContain("dangling link events/x.md");
    expect(text).toContain("dangling anchor #nope");
    expect(text).toContain("dangling anchor other.md#there");
    expect(text).not.toContain("#streams");
    expect(text).toContain("table row has 3 cells, its header 2");
    expect(text).toContain("a table row outside any table");
    expect(text).toContain("raw HTML in the page: <b>");
  });

  it("computes anchors the way GitHub does, repeats numbered", () => {
    const page = parsePage("x.md", "# Title\n\n## Payload (v2)\n\n## Payload (v2)\n\n## `code` & Ünïcødé: stuff!\n");
    expect(page.headings.map((h) => h.anchor)).toEqual(["title", "payload-v2", "payload-v2-1", "code--ünïcødé-stuff"]);
  });
});
