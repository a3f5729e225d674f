/** The catalog's building blocks: anchors, escaping, the subject tree, field tables. */
import { posix } from "node:path";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { linkPath, slug, Slugger } from "../../generator/emit/catalog/anchors.js";
import { flattenSchema } from "../../generator/emit/catalog/field-table.js";
import { cell, code, fence, firstSentence, literal, prose, proseBlock, splitCodeSpans } from "../../generator/emit/print/markdown-escape.js";
import type { Schema, TypeContext } from "../../generator/emit/catalog/schema-text.js";
import { subjectTree } from "../../generator/emit/catalog/subject-tree.js";

const md = new MarkdownIt({ html: true });
const inline = (s: string) => md.renderInline(s);

describe("anchors", () => {
  const headings = [
    "Version 2",
    "Payload (v2)",
    "Payload (v2)",
    "waitingroom event catalog",
    "position.admitted",
    "Odd | key `x`",
    "Ünïcødé key",
    "Émoji 😀 here",
    "snake_case and kebab-case",
    "a  b",
    "",
    "Q&A: what's new?",
  ];
  it("match github-slugger, repeats included", () => {
    const ours = new Slugger();
    const theirs = new GithubSlugger();
    for (const h of headings) expect(ours.slug(h), h).toBe(theirs.slug(h));
    expect(slug("Payload (v2)")).toBe("payload-v2");
  });

  it("link relatively between pages", () => {
    expect(linkPath("README.md", "events/a.b.md")).toBe("events/a.b.md");
    expect(linkPath("events/a.b.md", "defs/common.md", "positionid")).toBe("../defs/common.md#positionid");
    expect(linkPath("defs/sub/x.md", "events/a.md")).toBe("../../events/a.md");
    expect(linkPath("events/a.md", "events/a.md", "version-1")).toBe("#version-1");
  });

  // From a page in the top folder a plain path is its own link; any other path is what posix.relative makes of it.
  it.each([
    ["README.md", "events/a.b.md"],
    ["README.md", "defs/sub/x.md"],
    ["README.md", "x.md"],
    ["README.md", "events/../defs/x.md"],
    ["README.md", "./events/a.md"],
    ["README.md", "events/./a.md"],
    ["README.md", "events//a.md"],
    ["README.md", "events/"],
    ["README.md", "../x.md"],
    ["README.md", ".."],
    ["README.md", "/abs/x.md"],
    ["README.md", "events/.hidden.md"],
    ["README.md", "events/a..b.md"],
    ["events/a.md", "events/b.md"],
    ["defs/common.md", "events/a.b.md"],
    ["defs/sub/x.md", "defs/y.md"],
    ["a/b/c.md", "a/b/d.md"],
    ["a/b/c.md", "a/b"],
    ["a/b/c.md", "a"],
    ["a/b.md", "a/b.md/c.md"],
    ["a/b/c.md", "a/bb/c.md"],
    ["events/a.md", "../x.md"],
    ["events/./a.md", "defs/x.md"],
    ["events//a.md", "defs/x.md"],
  ])("links %s to %s as posix.relative does", (from, to) => {
    expect(linkPath(from, to)).toBe(posix.relative(posix.dirname(from), to));
  });

  it("links random plain paths as posix.relative does", () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const path = () => Array.from({ length: 1 + next(4) }, () => ["a", "b", "events", "defs", "x.md", "a.b"][next(6)]!).join("/");
    for (let i = 0; i < 5000; i++) {
      const [from, to] = [path(), path()];
      expect(linkPath(from, to), `${from} -> ${to}`).toBe(from === to ? "" : posix.relative(posix.dirname(from), to));
    }
  });
});

describe("markdown escaping", () => {
  it("splits code spans as CommonMark does", () => {
    expect(splitCodeSpans("a `b` c")).toEqual([
      { code: false, text: "a " },
      { code: true, text: "`b`" },
      { code: false, text: " c" },
    ]);
    expect(splitCodeSpans("` x `` y").every((s) => !s.code)).toBe(true);
    expect(splitCodeSpans("``a ` b`` c")[0]).toEqual({ code: true, text: "``a ` b``" });
    expect(splitCodeSpans("\\`a` b`")).toEqual([
      { code: false, text: "\\`a" },
      { code: true, text: "` b`" },
    ]);
  });

  it("prose keeps code spans and shows everything else as written", () => {
    expect(inline(prose("use `expires_at`, *not* <b>this</b> [x](y) ~~z~~"))).toBe(
      "use <code>expires_at</code>, *not* &lt;b&gt;this&lt;/b&gt; [x](y) ~~z~~",
    );
    expect(inline(prose('masked, e.g. "192.168.1.***" or "2001:db8::****".'))).toBe("masked, e.g. &quot;192.168.1.***&quot; or &quot;2001:db8::****&quot;.");
    expect(inline(prose("a ` b"))).toBe("a ` b");
    expect(inline(prose("line\nbreak"))).toBe("line break");
    expect(prose("queue_length_after and _x_ cost $5")).toBe("queue_length_after and \\_x\\_ cost \\$5");
  });

  it("prose paragraphs cannot open a block", () => {
    const out = md.render(proseBlock("# no\n\n- no\n\n> no\n\n1. no\n\n```\n\nok"));
    expect(out).not.toMatch(/<h1|<ul|<blockquote|<ol|<pre/);
    expect(out.match(/<p>/g)?.length).toBe(6);
  });

  it("literal text renders exactly as written", () => {
    for (const t of ["a*b*c", "_x_", "[l](u)", "`c`", "<b>", "# h", "a\\b", "~~s~~", "$m$", "&amp;", "![i](x)"]) {
      const html = inline(literal(t));
      expect(html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&quot;/g, '"')).toBe(t);
    }
  });

  it("code spans and fences hold any text", () => {
    expect(inline(code("a`b"))).toBe("<code>a`b</code>");
    expect(inline(code("``x"))).toBe("<code>``x</code>");
    expect(inline(code(" y "))).toBe("<code> y </code>");
    const block = fence("```\nx\n````", "json");
    expect(md.render(block)).toBe('<pre><code class="language-json">```\nx\n````\n</code></pre>\n');
  });

  it("table cells escape pipes behind an odd run of backslashes", () => {
    expect(cell("a|b")).toBe("a\\|b");
    expect(cell("a\\|b")).toBe("a\\\\\\|b");
    expect(cell("a\\\\|b")).toBe("a\\\\\\|b");
    expect(cell("x\ny")).toBe("x y");
  });

  it("summaries stop at the first sentence, not at e.g.", () => {
    expect(firstSentence('Identifier of a place, e.g. "pos-1". More text.')).toBe('Identifier of a place, e.g. "pos-1".');
    expect(firstSentence("One. Two.")).toBe("One.");
    expect(firstSentence("x ".repeat(200)).length).toBeLessThanOrEqual(161);
  });
});

describe("subject tree", () => {
  it("draws the seeds' style, skipping single-child levels, with aligned comments", () => {
    const tree = subjectTree(
      [
        { subject: "rules.domain.rule.created", comment: "created" },
        { subject: "rules.domain.rule.updated" },
        { subject: "rules.domain.coupon.fraud.detected", comment: "fraud" },
        { subject: "rules.query.audit.trail" },
        { subject: "rules.query.audit.v10" },
        { subject: "rules.query.audit.v2" },
      ],
      { groupComment: (filter) => (filter === "rules.query.audit.>" ? "stream AUDIT" : undefined) },
    );
    expect(tree).toBe(
      [
        "rules.>",
        "├── rules.domain.>",
        "│   ├── rules.domain.coupon.fraud.detected  # fraud",
        "│   └── rules.domain.rule.>",
        "│       ├── rules.domain.rule.created       # created",
        "│       └── rules.domain.rule.updated",
        "└── rules.query.audit.>                     # stream AUDIT",
        "    ├── rules.query.audit.trail",
        "    ├── rules.query.audit.v2",
        "    └── rules.query.audit.v10",
      ].join("\n"),
    );
  });

  it("handles several roots and a subject that is also a prefix", () => {
    const tree = subjectTree([{ subject: "a.b" }, { subject: "a.b.c" }, { subject: "z" }]);
    expect(tree).toBe(["a.b", "└── a.b.c", "z"].join("\n"));
  });
});

const BASE = "https://jetschema.local/";
function ctxFor(docs: Record<string, Schema>): TypeContext {
  return {
    resolve(ref) {
      const [file, pointer = ""] = ref.slice(BASE.length).split("#");
      let node: unknown = docs[file!];
      for (const t of pointer.split("/").filter(Boolean)) node = (node as Record<string, unknown>)[t];
      return node as Schema;
    },
    label(ref) {
      const name = ref.split("/").pop()!;
      return ref.includes("defs/") ? { name, href: `../defs/x.md#${name.toLowerCase()}` } : { name };
    },
  };
}

describe("field table", () => {
  const defs: Schema = {
    $defs: {
      Money: { type: "object", required: ["currency"], properties: { currency: { type: "string", pattern: "^[A-Z]{3}$" }, total_discount: { type: "number", minimum: 0 } } },
      Node: { type: "object", properties: { child: { $ref: `${BASE}defs/x.json#/$defs/Node` }, label: { type: "string" } } },
      Email: { type: "string", format: "email", "x-pii": true },
    },
  };
  const schema: Schema = {
    type: "object",
    required: ["final_result", "items"],
    properties: {
      final_result: { $ref: `${BASE}defs/x.json#/$defs/Money`, description: "The result." },
      items: { type: "array", minItems: 1, items: { type: "object", required: ["sku"], properties: { sku: { type: "string", minLength: 1, maxLength: 32 } } } },
      kind: { enum: ["a", "b"] },
      maybe: { type: ["string", "null"] },
      contact: { $ref: `${BASE}defs/x.json#/$defs/Email` },
      tree: { $ref: `${BASE}defs/x.json#/$defs/Node` },
      tags: { type: "object", additionalProperties: { type: "object", properties: { since: { type: "string", format: "date" } } } },
      pay: { oneOf: [{ title: "Card", type: "object", properties: { pan: { type: "string" } } }, { type: "string" }] },
      both: { allOf: [{ $ref: `${BASE}defs/x.json#/$defs/Money` }, { properties: { extra: { type: "boolean" } } }] },
    },
  };
  const flat = flattenSchema(schema, ctxFor({ "defs/x.json": defs }));
  const row = (path: string) => flat.rows.find((r) => r.path === path)!;

  it("flattens nested paths through $ref, arrays, maps, unions and allOf", () => {
    expect(flat.rows.map((r) => r.path)).toEqual([
      "final_result",
      "final_result.currency",
      "final_result.total_discount",
      "items",
      "items[].sku",
      "kind",
      "maybe",
      "contact",
      "tree",
      "tree.child",
      "tree.label",
      "tags",
      "tags.*.since",
      "pay",
      "pay.pan",
      "both",
      "both.currency",
      "both.total_discount",
      "both.extra",
    ]);
  });

  it("describes types, required, constraints, descriptions and PII", () => {
    expect(row("final_result").type.md).toBe("[Money](../defs/x.md#money)");
    expect(row("final_result").description).toBe("The result.");
    expect(row("final_result.currency").required).toBe(true);
    expect(row("final_result.total_discount").constraints.map((c) => c.plain)).toEqual(["≥ 0"]);
    expect(row("items").type.plain).toBe("array of object");
    expect(row("items").constraints.map((c) => c.plain)).toEqual(["at least 1 item"]);
    expect(row("items[].sku").constraints.map((c) => c.plain)).toEqual(["length 1–32"]);
    expect(row("kind").type.md).toBe('`"a"` | `"b"`');
    expect(row("maybe").type.plain).toBe("string | null");
    expect(row("contact").type.plain).toBe("Email (string (email))");
    expect(row("contact").pii).toBe(true);
    expect(row("tree.child").type.md).toContain("(recursive)");
    expect(row("tags").type.plain).toBe("map of object");
    expect(row("tags.*.since").type.plain).toBe("string (date)");
    expect(row("pay").type.plain).toBe("object (Card) | string");
    expect(row("pay.pan").variant).toBe("variant 1 of 2 (Card)");
    expect(row("both").constraints.map((c) => c.plain)).toEqual(["includes Money"]);
    expect(flat.open).toBe(true);
  });
});
