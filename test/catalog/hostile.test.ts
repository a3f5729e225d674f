/**
 * Hostile text (pipes, backticks, HTML, newlines followed by block syntax, code fences in
 * examples) neither breaks the catalog's tables, headings and code blocks nor injects markup; and
 * what the registry says is still what the reader sees.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCatalog, tableCells, type ParsedPage } from "./support/markdown-check.js";
import { PLAIN, HOSTILE_DEF_KEY, HOSTILE_ENUM, HOSTILE_EXAMPLE, HOSTILE_FIELDS, HOSTILE_SERVICE, writeHostileRegistry } from "./support/hostile-registry.js";
import { renderCatalog } from "./support/render.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-hostile-"));
let files: Map<string, string>;
let pages: Map<string, ParsedPage>;

beforeAll(async () => {
  const dir = join(tmp, "registry");
  writeHostileRegistry(dir);
  files = await renderCatalog(dir);
  pages = checkCatalog(files).pages;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const html = new MarkdownIt({ html: true });

describe("hostile registry text in the catalog", () => {
  it("leaves every link, anchor and table intact and injects no HTML", () => {
    expect(checkCatalog(files).problems).toEqual([]);
  });

  it("renders no tag from the registry's text", () => {
    // The Markdown pages; asyncapi.yaml carries descriptions as the CommonMark AsyncAPI defines them.
    for (const [path, source] of [...files].filter(([p]) => p.endsWith(".md"))) {
      const out = html.render(source);
      for (const tag of ["<img", "<script", "<b>", "<!-- comment"]) expect(out, `${path} renders ${tag}`).not.toContain(tag);
    }
  });

  it("creates no heading, list, quote, fence or definition out of descriptions", () => {
    for (const page of pages.values()) {
      expect(page.headings.filter((h) => /^Not a heading/.test(h.text)), page.path).toEqual([]);
      expect(page.fences.filter((f) => f.content.trim() === "not a fence"), page.path).toEqual([]);
      const kinds = new Set(page.tokens.map((t) => t.type));
      expect(kinds.has("ordered_list_open"), page.path).toBe(false);
      // The only quotes are the catalog's own deprecation warnings.
      const quotes = page.tokens.filter((t, i) => t.type === "blockquote_open" && !page.tokens[i + 2]!.content.startsWith("[!WARNING]"));
      expect(quotes, page.path).toEqual([]);
    }
    // The only bullet list is the README's contents.
    expect(pages.get("events/hostile.event.md")!.tokens.some((t) => t.type === "bullet_list_open")).toBe(false);
  });

  it("keeps one table row per field, with the paths as written", () => {
    const page = files.get("events/hostile.event.md")!;
    const lines = page.split("\n");
    const header = lines.findIndex((l) => /^\| Field +\|.*\| PII +\|/.test(l));
    const rows = [];
    for (let i = header + 2; lines[i]?.startsWith("|"); i++) rows.push(tableCells(lines[i]!)[0]!.trim());
    expect(rows).toEqual(HOSTILE_FIELDS.map((f) => `\`${f}\``));
  });

  it("shows enum values, patterns and names exactly, inside code spans", () => {
    const out = html.render(files.get("events/hostile.event.md")!);
    const decoded = out.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    for (const value of HOSTILE_ENUM) expect(decoded).toContain(`<code>${JSON.stringify(value)}</code>`);
    expect(decoded).toContain("<code>^a|b$</code>");
    expect(decoded).toContain(`<code>${HOSTILE_SERVICE}</code>`);
    const defs = html.render(files.get("defs/odd.md")!);
    expect(defs).toContain("<code>^(a|b)`+$</code>");
    expect(defs).toContain(`<h2>${HOSTILE_DEF_KEY}</h2>`);
  });

  it("shows descriptions as written: no emphasis, link, strikethrough, math or tag", () => {
    const line = files.get("events/hostile.event.md")!.split("\n").find((l) => l.startsWith("| `plain`"))!;
    const description = tableCells(line)[5]!.trim().replace(/\\\|/g, "|");
    const tokens = new MarkdownIt({ html: true }).parseInline(description, {})[0]!.children!;
    expect(tokens.map((t) => t.type)).toEqual(["text"]);
    expect(tokens[0]!.content).toBe(PLAIN);
  });

  it("keeps examples inside their code block, byte for byte", () => {
    const page = pages.get("events/hostile.event.md")!;
    const json = page.fences.filter((f) => f.info === "json");
    expect(json.length).toBe(1);
    expect(JSON.parse(json[0]!.content)).toEqual(HOSTILE_EXAMPLE);
  });

  it("writes usage snippets that are valid TypeScript", () => {
    for (const page of pages.values()) {
      for (const f of page.fences.filter((x) => x.info === "ts")) {
        const sf = ts.createSourceFile("snippet.ts", f.content, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
        const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
        expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), page.path).toEqual([]);
        const strings: string[] = [];
        const visit = (n: ts.Node): void => {
          if (ts.isStringLiteral(n)) strings.push(n.text);
          ts.forEachChild(n, visit);
        };
        visit(sf);
        if (page.path === "events/hostile.event.md") expect(strings).toContain(HOSTILE_SERVICE);
      }
    }
  });

  it("marks the deprecated event and the PII definition", () => {
    const readme = files.get("README.md")!;
    expect(readme).toMatch(/\[hostile\.other\]\(events\/hostile\.other\.md\) \*\*\(deprecated\)\*\*/);
    expect(files.get("events/hostile.other.md")!).toContain("> [!WARNING]");
    const odd = files.get("events/hostile.event.md")!.split("\n").find((l) => l.startsWith("| `odd`"))!;
    expect(tableCells(odd).map((c) => c.trim())[4]).toBe("**PII**");
  });
});
