/**
 * What registry.json's `envelope.schema` may name: a JSON schema file of the registry, by a path
 * relative to the registry folder, that is no other file's role (registry.json, an event
 * version). A name that is none of these is the fault of registry.json, so it is reported there
 * (#/envelope/schema, with its line and column) and alone: without an envelope, whatever else
 * the loader said would be about the consequence (the real envelope file read as a misnamed
 * version file), not the cause.
 */
import { statSync } from "node:fs";
import { join, posix } from "node:path";
import { VERSION_FILE } from "./scan.js";

export const DEFAULT_ENVELOPE_FILE = "envelope.schema.json";
export const ENVELOPE_POINTER = "/envelope/schema";

/** The path as the registry's file list spells it: "./envelope.schema.json" is envelope.schema.json. */
export function envelopeFileOf(schema: string | undefined): string {
  return schema === undefined ? DEFAULT_ENVELOPE_FILE : posix.normalize(schema);
}

export interface RegistryListing {
  /** The registry folder (absolute), for telling a folder from a missing file. */
  root: string;
  /** Every JSON file of the registry, relative. */
  list: readonly string[];
  /** What could not be listed (reported by the loader as unreadable). */
  unlisted: ReadonlyArray<{ path: string }>;
}

/** Why registry.json's envelope.schema, `given`, cannot name the envelope; undefined when it can. */
export function envelopeFileProblem(given: string, registry: RegistryListing): string | undefined {
  const file = envelopeFileOf(given);
  const named = `envelope.schema ${JSON.stringify(given)}`;
  const how = `name the envelope's schema file by its path inside the registry folder (${DEFAULT_ENVELOPE_FILE})`;
  if (posix.isAbsolute(file)) return `${named} is an absolute path; ${how}`;
  if (file === ".." || file.startsWith("../")) return `${named} leads outside the registry folder; every schema of a registry lives in its folder: copy the envelope in and ${how}`;
  if (file === "." || file.endsWith("/")) return `${named} names the registry folder or a folder in it, not a file; ${how}`;
  if (file === "registry.json") return `${named} names registry.json itself; ${how}`;
  const version = versionOf(file);
  if (version) return `${named} is the version file of ${version}; the envelope is a schema of its own, shared by every event: ${how}`;
  if (registry.list.includes(file) || registry.unlisted.some((u) => u.path === file)) return undefined;
  const kind = kindOf(join(registry.root, file));
  if (kind === "folder") return `${named} is a folder, not a file; ${how}`;
  if (!file.toLowerCase().endsWith(".json")) return `${named} is not a JSON file (its name does not end in .json); ${how}`;
  if (kind === "file") return `${named} is a file the registry does not read (a name starting with "." or a path through node_modules); ${how}`;
  return `${named} names no file: there is no ${file} in the registry folder; create it, or ${how}`;
}

/** "position.admitted 1.0" when `file` is where an event's version file sits (an event folder, MAJOR.MINOR.json). */
function versionOf(file: string): string | undefined {
  const dir = posix.dirname(file);
  const m = VERSION_FILE.exec(posix.basename(file));
  if (!m || dir === "." || dir === "defs" || dir.startsWith("defs/")) return undefined;
  return `${dir.split("/").join(".")} ${m[1]}.${m[2]}`;
}

function kindOf(path: string): "folder" | "file" | undefined {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    return undefined;
  }
}
