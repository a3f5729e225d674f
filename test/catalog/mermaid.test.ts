/**
 * Every Mermaid diagram of the catalog is parsed by the real mermaid library (in Node, with jsdom
 * for the DOMPurify it needs); a syntax error fails the test. Diagrams also stay within the limits
 * GitHub renders with (mermaid's defaults: 50,000 characters, 500 edges).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { flowDiagrams, mermaidText } from "../../generator/emit/catalog/mermaid.js";
import { checkCatalog } from "./support/markdown-check.js";
import { GITHUB_LIMITS, loadMermaid } from "./support/mermaid.js";
import { committedCatalog, renderCatalog } from "./support/render.js";
import { writeHostileRegistry } from "./support/hostile-registry.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-mermaid-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function diagramsOf(files: Map<string, string>): Array<{ page: string; source: string }> {
  const { pages } = checkCatalog(files);
  return [...pages.values()].flatMap((p) => p.mermaid.map((source) => ({ page: p.path, source })));
}

async function expectAllParse(diagrams: Array<{ page: string; source: string }>) {
  const mermaid = await loadMermaid();
  expect(diagrams.length).toBeGreaterThan(0);
  for (const d of diagrams) {
    await expect(mermaid.parse(d.source), `${d.page}:\n${d.source}`).resolves.toMatchObject({ diagramType: expect.stringMatching(/^flowchart/) });
    expect(d.source.length).toBeLessThanOrEqual(GITHUB_LIMITS.maxTextSize);
    expect(d.source.split("\n").filter((l) => l.includes("-->")).length).toBeLessThanOrEqual(GITHUB_LIMITS.maxEdges);
  }
}

describe("Mermaid diagrams parse with the real mermaid library", () => {
  it("rejects a diagram with a syntax error (the check is real)", async () => {
    const mermaid = await loadMermaid();
    await expect(mermaid.parse('flowchart LR\n  s0["a" --> e0\n')).rejects.toThrow(/Parse error/);
    await expect(mermaid.parse("flowchart LR\n  s0 -->> e0\n")).rejects.toThrow();
  });

  it("the committed catalog of schemas/", async () => {
    await expectAllParse(diagramsOf(committedCatalog()));
  });

  it("the features fixture", async () => {
    await expectAllParse(diagramsOf(await renderCatalog("test/fixtures/good/features")));
  });

  it("a registry with hostile service and event names", async () => {
    const dir = join(tmp, "hostile");
    writeHostileRegistry(dir);
    await expectAllParse(diagramsOf(await renderCatalog(dir)));
  });

  it("per-domain diagrams of a large registry", async () => {
    const dir = join(tmp, "large");
    writeSyntheticRegistry(dir, { events: 300, ...CATALOG_SHAPE });
    const diagrams = diagramsOf(await renderCatalog(dir));
    expect(diagrams.length).toBeGreaterThan(1);
    await expectAllParse(diagrams);
  });

  it("labels: any text becomes a label mermaid accepts and shows as written", async () => {
    const mermaid = await loadMermaid();
    const names = ['a"b', "x]y[z", "back`tick`", "semi;colon", "#quot; hash", "<b>html</b>", "end", "graph", "new\nline", "ünï 😀", "a|b", "(paren)", "{brace}"];
    const [d] = flowDiagrams([{ name: "svc.event", producers: names, consumers: ["end"], deprecated: true }]);
    await expect(mermaid.parse(d!.source)).resolves.toBeTruthy();
    for (const n of names) expect(d!.source).toContain(`["${mermaidText(n)}"]`);
    expect(mermaidText('a"b')).toBe("a#34;b");
  });

  it("never puts more than the limits into one diagram", () => {
    const events = Array.from({ length: 2000 }, (_, i) => ({ name: `only.one.e${i}`, producers: ["p1", "p2"], consumers: ["c1"], deprecated: false }));
    const diagrams = flowDiagrams(events);
    expect(diagrams.length).toBeGreaterThan(1);
    for (const d of diagrams) {
      expect(d.events).toBeLessThanOrEqual(30);
      expect(d.edges).toBeLessThanOrEqual(90);
    }
    expect(diagrams.reduce((n, d) => n + d.events, 0)).toBe(2000);
  });
});
