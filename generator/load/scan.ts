/**
 * Walks the registry folder and sorts every JSON file into its role: registry.json, the envelope,
 * a shared definition under defs/, or an event version file. A JSON file that fits no role is an
 * error, so a typo such as `1.0.0.json` is never silently ignored.
 */
import { readdirSync } from "node:fs";
import { join, posix } from "node:path";
import type { Diagnostics } from "../diagnostics.js";

export type FileRole =
  | { role: "registry" }
  | { role: "envelope" }
  | { role: "def" }
  | { role: "version"; event: string; segments: string[]; major: number; minor: number };

export interface ScannedFile {
  file: string;
  role: FileRole;
}

const VERSION_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.json$/;
const EVENT_SEGMENT = /^[a-z][a-z0-9_-]*$/;
export const RULE_VERSION_NAME = "Version files are named MAJOR.MINOR.json";
export const RULE_EVENT_FOLDER = "Event folders are lowercase names";

export function listJsonFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && e.name.endsWith(".json")) out.push(path);
    }
  };
  walk("");
  return out;
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
