/**
 * Which folders `generate` may replace. Replacing is a delete, so only a folder that is missing,
 * empty (node_modules aside) or jetschema's own output qualifies: its own output carries a marker
 * file listing every file written, and holds nothing else. A folder that is, contains or lies
 * inside the registry, or contains the working directory, is refused whatever it holds.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileSystemReason, UsageError } from "../base/usage-error.js";

/** The marker file, at the top of every output folder. */
export const OUTPUT_MARKER = ".jetschema-output.json";
const MARKER_WRITER = "jetschema generate";
/** Never written by the generator, always kept (an npm workspace's installs). */
export const FOREIGN = new Set(["node_modules"]);
/** How many foreign files a refusal names before it says "and N more". */
const NAMED = 5;

interface Marker {
  writtenBy: string;
  files: string[];
}

/** The marker file's content for an output of these files: it lets a later run recognise the folder as its own. */
export function outputMarker(paths: Iterable<string>): string {
  const marker = {
    writtenBy: MARKER_WRITER,
    about: "jetschema replaces this folder only while it holds these files and nothing else of yours; keep your own files elsewhere.",
    files: [...paths].sort(),
  };
  return JSON.stringify(marker, null, 2) + "\n";
}

export interface OutputPlace {
  out: string;
  schemas: string;
  cwd?: string;
}

/** Throws a UsageError saying why `out` must not be replaced and what to do instead. */
export function assertReplaceable(place: OutputPlace): void {
  const out = realPath(place.out);
  const registry = realPath(place.schemas);
  const cwd = realPath(place.cwd ?? process.cwd());
  const named = `--out ${place.out}`;
  const elsewhere = "point --out at a folder of its own (the default is generated/)";
  if (out === registry) refuse(`${named} is the registry folder ${place.schemas}: generate replaces the whole output folder and would delete the registry; ${elsewhere}`);
  if (inside(registry, out)) refuse(`${named} contains the registry ${place.schemas}: generate replaces the whole output folder and would delete the registry; ${elsewhere}`);
  if (inside(out, registry)) refuse(`${named} lies inside the registry ${place.schemas}: the generated files would be read as schemas; ${elsewhere}`);
  if (out === cwd || inside(cwd, out)) refuse(`${named} contains the working directory: generate replaces the whole output folder and would delete it; ${elsewhere}`);
  const stat = statSync(out, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) refuse(`${named} is a file, not a folder: generate writes a folder there; move the file away or ${elsewhere}`);
  const marker = readMarker(out);
  const foreign = filesNotListed(out, marker);
  if (foreign.length === 0) return;
  const list = foreign.slice(0, NAMED).join(", ") + (foreign.length > NAMED ? ` and ${foreign.length - NAMED} more` : "");
  const deletes = "generate replaces the whole output folder and would delete them";
  if (marker) refuse(`${named} holds files jetschema did not write: ${list}. ${deletes}; move them out, or point --out at another folder`);
  refuse(
    `${named} holds files jetschema did not write: ${list} (the folder has no ${OUTPUT_MARKER}, the mark of jetschema's output). ${deletes}; ` +
      `point --out at an empty or new folder, or, if it is the output of a jetschema release from before the mark, delete it and generate again`,
  );
}

function refuse(message: string): never {
  throw new UsageError(`generate refused: ${message}`);
}

/** Files under `dir` (node_modules at the top aside) that `marker` does not list. */
function filesNotListed(dir: string, marker: Marker | undefined): string[] {
  const listed = new Set(marker?.files ?? []);
  listed.add(OUTPUT_MARKER);
  return listFiles(dir).filter((f) => !listed.has(f));
}

function readMarker(dir: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(dir, OUTPUT_MARKER), "utf8")) as Partial<Marker>;
    if (marker.writtenBy !== MARKER_WRITER || !Array.isArray(marker.files)) return undefined;
    return { writtenBy: marker.writtenBy, files: marker.files.filter((f): f is string => typeof f === "string") };
  } catch {
    return undefined;
  }
}

function listFiles(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (rel === "" && FOREIGN.has(entry.name)) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, path));
    else out.push(path);
  }
  return out.sort();
}

/**
 * Staging (`.<out>.new-<pid>-<time>`) and retired (`.<out>.old-<pid>-<time>`) folders beside
 * the output whose run is over: a run killed between writing and swapping leaves them behind.
 * A live run's are kept, so two concurrent runs never pull the floor from under each other.
 * Returns those that could not be removed, each with why (a folder in them made read-only): they
 * are not this run's business, which goes on, but the user is told (removing them needs a hand).
 */
export function removeAbandonedStaging(outDir: string): string[] {
  const target = resolve(outDir);
  const parent = dirname(target);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(new|old)-(\\d+)-\\d+$`);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const left: string[] = [];
  for (const name of names) {
    const pid = pattern.exec(name)?.[2];
    if (pid === undefined || isRunning(Number(pid))) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch (err) {
      left.push(`${join(parent, name)}: ${fileSystemReason(err) ?? String(err)}`);
    }
  }
  return left;
}

/** Whether the process `pid` is running (a leftover of one that is not can be removed). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The real path of `p`: symlinks of its existing part resolved, the missing rest appended. */
function realPath(p: string): string {
  const full = resolve(p);
  let existing = full;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(basename(existing));
    existing = up;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return full;
  }
}

/** Whether `child` lies strictly inside `parent`. */
function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
