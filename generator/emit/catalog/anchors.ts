/**
 * Links inside the catalog: GitHub's heading anchors and relative paths between pages.
 *
 * GitHub turns a heading into an anchor by lowercasing its text, dropping punctuation and symbols
 * (everything but letters, marks, digits, `-`, `_` and spaces), and turning spaces into `-`; a
 * repeated anchor on one page gets `-1`, `-2`, ... (the algorithm of github-slugger, which the
 * catalog tests use to check these).
 */
import { posix } from "node:path";

const DROPPED = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;

/** The anchor GitHub gives a heading whose rendered text is `text`, ignoring repeats. */
export function slug(text: string): string {
  return text.toLowerCase().replace(DROPPED, "").replace(/ /g, "-");
}

/** The text of a heading as GitHub sees it once the Markdown is rendered (one line, trimmed). */
export function headingText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Anchors of one page, in heading order, with GitHub's numbering of repeats. */
export class Slugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    const base = slug(text);
    let result = base;
    while (this.seen.has(result)) {
      const n = this.seen.get(base)! + 1;
      this.seen.set(base, n);
      result = `${base}-${n}`;
    }
    this.seen.set(result, 0);
    return result;
  }
}

/** A relative link from page `from` to page `to` (both relative to docs/), with an optional anchor. */
export function linkPath(from: string, to: string, anchor?: string): string {
  const rel = to === from ? "" : isPlainPath(to) && (!from.includes("/") || isPlainPath(from)) ? plainRelative(from, to) : posix.relative(posix.dirname(from), to);
  return anchor ? `${rel}#${anchor}` : rel;
}

/**
 * What `posix.relative(posix.dirname(from), to)` gives for two plain paths: up from `from`'s folder
 * to the folders both share, then down to `to`. README.md links every event's page and a shared
 * definitions page every event that uses it (1000 links each at 1000 events), and `posix.relative`
 * resolves both paths against the working folder for each (~13 ms of an edit's main thread).
 */
function plainRelative(from: string, to: string): string {
  const fromFolders = from.split("/");
  fromFolders.pop();
  if (fromFolders.length === 0) return to;
  const toParts = to.split("/");
  let shared = 0;
  while (shared < fromFolders.length && shared < toParts.length && fromFolders[shared] === toParts[shared]) shared++;
  return [...Array<string>(fromFolders.length - shared).fill(".."), ...toParts.slice(shared)].join("/");
}

/** A path as `posix.relative` gives it back: relative, no `.` or `..` segment, no empty one. */
function isPlainPath(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.endsWith("/") && !path.includes("//") && !/(^|\/)\.\.?(\/|$)/.test(path);
}

/** Page of an event: `events/position.admitted.md`. */
export function eventPage(event: string): string {
  return `events/${event}.md`;
}

/** Page of a shared-definitions file: `defs/common.json` → `defs/common.md`. */
export function defsPage(file: string): string {
  return file.replace(/\.json$/, ".md");
}

export const INDEX_PAGE = "README.md";
