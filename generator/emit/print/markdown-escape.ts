/**
 * Registry text (titles, descriptions, names, enum values, patterns) placed into Markdown safely.
 *
 * Descriptions are plain text with one convention schema authors rely on: `backtick` spans show
 * as code. Everything else shows as written: emphasis, link and math characters, raw HTML and
 * unmatched backticks are escaped, nothing can start a block (heading, list, quote, fence) and
 * nothing can end a table cell. Names and titles are shown as written too. Code spans and
 * fences pick a backtick run longer than any inside the text, so no value can close them early.
 */

/**
 * Characters that could start inline syntax (emphasis, code, links, strikethrough, GitHub math,
 * entities, a heading's closing hashes, images); a backslash makes each one literal. An
 * underscore inside a word (snake_case) cannot open emphasis and stays as it is. Block syntax
 * cannot start where this text goes: it never begins a line (see proseBlock).
 */
function escapeInline(text: string): string {
  const word = /[\p{L}\p{N}]/u;
  return text.replace(/[\\`*[\]#~$&!_<>]/g, (c, i: number) => {
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    if (c === "_" && word.test(text[i - 1] ?? "") && word.test(text[i + 1] ?? "")) return c;
    return `\\${c}`;
  });
}

interface Segment {
  code: boolean;
  text: string;
}

/** Splits text into CommonMark code spans and the plain text around them. */
export function splitCodeSpans(text: string): Segment[] {
  const out: Segment[] = [];
  let plainStart = 0;
  let i = 0;
  const runEnd = (from: number) => {
    let j = from;
    while (text[j] === "`") j++;
    return j;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch !== "`") {
      i++;
      continue;
    }
    const open = runEnd(i);
    const n = open - i;
    let k = open;
    let close = -1;
    while (k < text.length) {
      if (text[k] === "`") {
        const end = runEnd(k);
        if (end - k === n) {
          close = k;
          break;
        }
        k = end;
      } else k++;
    }
    if (close < 0) {
      i = open; // an unmatched run is literal text
      continue;
    }
    if (i > plainStart) out.push({ code: false, text: text.slice(plainStart, i) });
    out.push({ code: true, text: text.slice(i, close + n) });
    i = close + n;
    plainStart = i;
  }
  if (plainStart < text.length) out.push({ code: false, text: text.slice(plainStart) });
  return out;
}

/** Prose on one line: code spans kept, everything else shown as written, whitespace collapsed. */
export function prose(text: string | undefined): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return splitCodeSpans(flat)
    .map((s) => (s.code ? canonicalCodeSpan(s.text) : escapeInline(s.text)))
    .join("");
}

/** Prose as paragraphs (blank lines separate them); no paragraph can start a block construct. */
export function proseBlock(text: string | undefined): string {
  if (!text) return "";
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => neutraliseBlockStart(prose(p)))
    .filter(Boolean)
    .join("\n\n");
}

function neutraliseBlockStart(line: string): string {
  // Headings, quotes, lists, thematic breaks, fences, tables, link reference definitions.
  if (/^[#>+\-*_=~|[]/.test(line)) return `\\${line}`;
  if (/^`{3}/.test(line)) return `\\${line}`;
  return line.replace(/^(\d{1,9})([.)])/, "$1\\$2");
}

/** Text shown exactly as written (names, titles): all Markdown syntax and HTML escaped. */
export function literal(text: string | undefined): string {
  if (!text) return "";
  return escapeInline(text.replace(/\s+/g, " ").trim());
}

/**
 * An inline code span holding `text` exactly (on one line), written as prettier writes code spans
 * (its markdown printer, "inlineCode"), so the catalog needs no prettier pass: the shortest
 * backtick fence whose length no backtick run inside has, and a space on both sides when the
 * content starts or ends with a backtick, or starts and ends with a space (CommonMark strips one
 * from each side then) and is not all spaces.
 */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const runs = new Set((flat.match(/`+/g) ?? []).map((r) => r.length));
  let n = 1;
  while (runs.has(n)) n++;
  const fence = "`".repeat(n);
  const pad = flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" ") && /[^ ]/.test(flat)) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A code span found in registry text (fences included), rewritten as `code()` writes the same content. */
function canonicalCodeSpan(span: string): string {
  const n = span.match(/^`+/)![0].length;
  let inner = span.slice(n, span.length - n);
  // CommonMark: one space is stripped from both sides when both are spaces and not all is space.
  if (inner.startsWith(" ") && inner.endsWith(" ") && /[^ ]/.test(inner)) inner = inner.slice(1, -1);
  return code(inner);
}

/** A fenced code block whose fence no line of `content` can close. */
export function fence(content: string, lang = ""): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${content.replace(/\n$/, "")}\n${ticks}`;
}

const CELL_SPECIAL = /[\r\n|]/;

/**
 * A table cell: one line, every pipe escaped (GFM splits cells before any inline parsing, even
 * inside code spans). A pipe must end up behind an odd run of backslashes: cmark-gfm (GitHub)
 * treats any backslash before a pipe as escaping it, remark (prettier) counts the run, and the
 * two only agree on odd runs. So a pipe the text already escaped gets two more backslashes.
 */
export function cell(markdown: string): string {
  // Most cells hold neither: no pattern run over them (a catalog has hundreds of thousands of cells).
  if (!CELL_SPECIAL.test(markdown)) return markdown;
  return markdown
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/(\\*)\|/g, (_m, run: string) => `${run}${run.length % 2 === 0 ? "\\" : "\\\\"}|`);
}

/** A Markdown link whose text is shown literally. */
export function link(text: string, href: string): string {
  return `[${literal(text)}](${encodeHref(href)})`;
}

/** A link whose text is already Markdown (e.g. a code span). */
export function linkMd(markdown: string, href: string): string {
  return `[${markdown}](${encodeHref(href)})`;
}

function encodeHref(href: string): string {
  return href.replace(/[\s()<>|]/g, (c) => encodeURIComponent(c));
}

const ABBREVIATION = /(?:^|\s|\()(?:e\.g|i\.e|etc|vs|cf|approx|incl|no)\.$/i;

/** The first sentence of a description, at most `max` characters, for one-line summaries. */
export function firstSentence(text: string | undefined, max = 160): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  let s = flat;
  const end = /[.!?](?=\s+[A-Z])/g;
  for (let m = end.exec(flat); m; m = end.exec(flat)) {
    if (ABBREVIATION.test(flat.slice(0, m.index + 1))) continue;
    s = flat.slice(0, m.index + 1);
    break;
  }
  if (s.length > max) {
    const cut = s.slice(0, max);
    s = `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[\s,;:]+$/, "")}…`;
  }
  return s;
}
