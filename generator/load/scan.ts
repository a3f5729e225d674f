/**
 * Walks the registry folder and sorts every JSON file into its role: registry.json, the envelope,
 * a shared definition under defs/, or an event version file. A JSON file that fits no role is an
 * error, so a typo such as `1.0.0.json` is never silently ignored.
 */
import { realpathSync, statSync } from "node:fs";
import { join, posix, sep } from "node:path";
import type { Diagnostics } from "../base/diagnostics.js";
import { listFolder, type FolderListings } from "./folder-listings.js";

export type FileRole =
  | { role: "registry" }
  | { role: "envelope" }
  | { role: "def" }
  | { role: "version"; event: string; segments: string[]; major: number; minor: number };

export interface ScannedFile {
  file: string;
  role: FileRole;
}

export const VERSION_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.json$/;
const EVENT_SEGMENT = /^[a-z][a-z0-9_-]*$/;
export const RULE_VERSION_NAME = "Version files are named MAJOR.MINOR.json";
export const RULE_EVENT_FOLDER = "Event folders are lowercase names";

/** A file or folder the listing could not take in, and why (reported by the loader, never skipped silently). */
export interface UnlistedEntry {
  path: string;
  reason: string;
}

/**
 * Every JSON file under `root` (".json" in any case: `1.1.JSON` is then reported as a misnamed
 * version file, not skipped). A symbolic link is followed when it leads to a file or folder inside
 * the registry (a link back to a folder above it is reported, so a loop ends); one leading outside, broken, or
 * unreadable is returned in `unlisted`. `listings`: folders a long-lived process listed before,
 * read again only when changed (folder-listings.ts).
 */
export function listJsonFiles(root: string, listings?: FolderListings): { files: string[]; unlisted: UnlistedEntry[] } {
  const files: string[] = [];
  const unlisted: UnlistedEntry[] = [];
  const realRoot = realpathSync(root);
  const walk = (rel: string, real: string, above: ReadonlySet<string>) => {
    if (above.has(real)) {
      unlisted.push({ path: rel, reason: "the symbolic link loops back to a folder that contains it" });
      return;
    }
    const chain = new Set(above).add(real);
    let entries;
    try {
      entries = listings ? listings.entries(join(root, rel), rel) : listFolder(join(root, rel));
    } catch (err) {
      unlisted.push({ path: rel || ".", reason: `the folder cannot be read: ${errnoText(err)}` });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      let isDirectory = e.isDirectory();
      let isFile = e.isFile();
      // The real path of a folder, to walk it (a file's is never asked for).
      let target: string | undefined;
      if (e.isSymbolicLink()) {
        try {
          target = realpathSync(join(root, path));
          const st = statSync(target);
          isDirectory = st.isDirectory();
          isFile = st.isFile();
        } catch (err) {
          unlisted.push({ path, reason: `the symbolic link cannot be followed: ${errnoText(err)}` });
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          unlisted.push({ path, reason: `the symbolic link leads outside the registry (to ${target}); copy the file into the registry instead` });
          continue;
        }
      }
      if (isDirectory) walk(path, target ?? join(real, e.name), chain);
      else if (isFile && e.name.toLowerCase().endsWith(".json")) files.push(path);
    }
  };
  walk("", realRoot, new Set());
  return { files, unlisted };
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === "EACCES" ? "permission denied (EACCES)" : e.code === "ELOOP" ? "too many levels of symbolic links (ELOOP)" : e.code === "ENOENT" ? "its target does not exist (ENOENT)" : (e.message ?? String(err));
}

export function classify(files: string[], envelopeFile: string, diagnostics: Diagnostics): ScannedFile[] {
  const out: ScannedFile[] = [];
  for (const file of files) {
    if (file === "registry.json") out.push({ file, role: { role: "registry" } });
    else if (file === envelopeFile) out.push({ file, role: { role: "envelope" } });
    else if (file.startsWith("defs/")) out.push({ file, role: { role: "def" } });
    else {
      const role = versionRole(file, diagnostics);
      if (role) out.push({ file, role });
    }
  }
  return out;
}

function versionRole(file: string, diagnostics: Diagnostics): FileRole | undefined {
  const dir = posix.dirname(file);
  const base = posix.basename(file);
  const m = VERSION_FILE.exec(base);
  if (!m) {
    diagnostics.error(
      file,
      "",
      RULE_VERSION_NAME,
      `"${base}" is not a version file name; rename it to MAJOR.MINOR.json (e.g. 1.0.json), move shared schemas to defs/, or remove it`,
    );
    return undefined;
  }
  if (dir === ".") {
    diagnostics.error(file, "", RULE_VERSION_NAME, "a version file must sit in its event's folder (position/admitted/1.0.json), not at the registry root");
    return undefined;
  }
  const segments = dir.split("/");
  const bad = segments.filter((s) => !EVENT_SEGMENT.test(s));
  if (bad.length > 0) {
    diagnostics.error(file, "", RULE_EVENT_FOLDER, `folder name(s) ${bad.map((b) => `"${b}"`).join(", ")} must match ${EVENT_SEGMENT.source}`);
    return undefined;
  }
  return { role: "version", event: segments.join("."), segments, major: Number(m[1]), minor: Number(m[2]) };
}
