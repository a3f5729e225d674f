/**
 * The code blocks of the user docs, as markdown-it parses them, with what the docs' source says
 * about each: an HTML comment right before a fence holds `key: value` lines for the harness.
 *
 *   <!-- illustrative: why it cannot run as written -->
 *   <!-- given: a shell command run in the sandbox first (repeatable) -->
 *   <!-- file: path the block is written to in the sandbox -->
 *   <!-- then: a shell command run after, which must exit 0 (repeatable) -->
 *   <!-- output of: the command whose output the block shows -->
 *   <!-- tree: folder the listing is relative to ("partial": only what is listed must exist) -->
 *   <!-- prelude: TypeScript put before a fragment so it type-checks (repeatable) -->
 */
import MarkdownIt from "markdown-it";
import { readFileSync } from "node:fs";

export interface Directives {
  illustrative?: string;
  given: string[];
  file?: string;
  then: string[];
  outputOf?: string;
  tree?: string;
  prelude: string[];
}

export interface DocBlock {
  /** `docs/cli.md:137`: the fence's line, for failure messages. */
  where: string;
  file: string;
  line: number;
  info: string;
  content: string;
  /** The headings above the block, outermost first. */
  sections: string[];
  directives: Directives;
}

const md = new MarkdownIt({ html: true });

export function docBlocks(file: string): DocBlock[] {
  const tokens = md.parse(readFileSync(file, "utf8"), {});
  const blocks: DocBlock[] = [];
  const sections: string[] = [];
  let comment: string | undefined;
  tokens.forEach((token, i) => {
    if (token.type === "heading_open") {
      const level = Number(token.tag.slice(1));
      sections.length = level - 1;
      sections[level - 1] = tokens[i + 1]!.content;
      comment = undefined;
      return;
    }
    if (token.type === "html_block" && /^<!--[\s\S]*-->\s*$/.test(token.content.trim())) {
      comment = token.content.trim().slice(4, -3);
      return;
    }
    if (token.type === "fence" || token.type === "code_block") {
      const line = token.map![0] + 1;
      blocks.push({
        where: `${file}:${line}`,
        file,
        line,
        info: token.info.trim(),
        content: token.content,
        sections: sections.filter(Boolean),
        directives: parseDirectives(comment ?? "", `${file}:${line}`),
      });
    }
    if (token.type !== "html_block") comment = undefined;
  });
  return blocks;
}

const KEYS = new Set(["illustrative", "given", "file", "then", "output of", "tree", "prelude"]);

function parseDirectives(comment: string, where: string): Directives {
  const d: Directives = { given: [], then: [], prelude: [] };
  for (const raw of comment.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    const key = colon < 0 ? line : line.slice(0, colon).trim();
    const value = colon < 0 ? "" : line.slice(colon + 1).trim();
    if (!KEYS.has(key)) throw new Error(`${where}: unknown docs-harness directive "${key}" in the comment before the block (known: ${[...KEYS].join(", ")})`);
    if (key === "illustrative") d.illustrative = value || "illustrative";
    else if (key === "given") d.given.push(value);
    else if (key === "then") d.then.push(value);
    else if (key === "prelude") d.prelude.push(value);
    else if (key === "file") d.file = value;
    else if (key === "output of") d.outputOf = value;
    else if (key === "tree") d.tree = value;
  }
  return d;
}
