/**
 * A 400-event registry renders a complete, well-formed catalog. Timing is measured by
 * bench/catalog-scale.ts (npm run bench), never asserted here. Kept at 400 events: the render and
 * the Markdown checks are synchronous, and a worker that blocks its event loop for a minute loses
 * vitest's RPC on a loaded two-core machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { checkCatalog } from "./support/markdown-check.js";
import { renderCatalog } from "./support/render.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-scale-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a 400-event registry (1000 and more are measured by npm run bench)", () => {
  it("gets every page, an index row per event and readable, split event flows", async () => {
    const dir = join(tmp, "registry");
    const { events } = writeSyntheticRegistry(dir, { events: 400, ...CATALOG_SHAPE });
    const files = await renderCatalog(dir);
    // The event pages, the index, the shared definitions' page and asyncapi.yaml.
    expect(files.size).toBe(400 + 3);
    expect(files.has("asyncapi.yaml")).toBe(true);
    const { problems, pages } = checkCatalog(files);
    expect(problems).toEqual([]);
    const readme = pages.get("README.md")!;
    expect(new Set(readme.links.filter((l) => l.href.startsWith("events/")).map((l) => l.href)).size).toBe(events.length);
    expect(readme.mermaid.length).toBeGreaterThan(10);
    for (const m of readme.mermaid) expect(m.split("\n").filter((l) => l.includes("-->")).length).toBeLessThanOrEqual(90);
  }, 240_000);
});
