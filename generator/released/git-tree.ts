/**
 * A folder of a commit listed the way the loader lists a folder of the working tree
 * (load/scan.ts): every JSON file, hidden entries and node_modules left out, and a symbolic link
 * (mode 120000, whose blob holds the link's text) followed inside the commit's tree when it leads
 * to a file or folder inside the folder. A link leading outside it, to nothing, or round in a loop
 * is returned in `unlisted` with the loader's reason, never read as the text of its target's name.
 */
import type { UnlistedEntry } from "../load/scan.js";

/** One line of `git ls-tree -r -t -l`. */
export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  oid: string;
  /** Bytes of a blob; 0 for a tree or a submodule. */
  size: number;
}

/** A JSON file of the folder: its path in the folder (through links, as listed) and the blob that holds it. */
export interface CommittedFile {
  path: string;
  oid: string;
  size: number;
}

const SYMLINK = "120000";
/** As many links as Linux follows resolving one path (ELOOP past it). */
const MAX_HOPS = 40;

/** Parses `git ls-tree -r -t -l -z --full-name` output: repository path → entry. */
export function parseLsTree(output: string): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  for (const record of output.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/) as [string, TreeEntry["type"], string, string];
    entries.set(record.slice(tab + 1), { mode, type, oid, size: size === "-" ? 0 : Number(size) });
  }
  return entries;
}

/** The blobs of the links listed: their text has to be read before the folder can be listed. */
export function linkBlobs(entries: ReadonlyMap<string, TreeEntry>): Array<{ oid: string; size: number }> {
  return [...entries.values()].filter((e) => e.mode === SYMLINK);
}

/**
 * The JSON files of `folder` (a repository path, "" for the root) in `entries` (its listing),
 * given the text of every link blob.
 */
export function listCommittedFolder(entries: ReadonlyMap<string, TreeEntry>, folder: string, linkText: ReadonlyMap<string, string>): { files: CommittedFile[]; unlisted: UnlistedEntry[] } {
  const files: CommittedFile[] = [];
  const unlisted: UnlistedEntry[] = [];
  const children = new Map<string, string[]>();
  for (const path of entries.keys()) {
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 ? "" : path.slice(0, slash);
    let names = children.get(dir);
    if (!names) children.set(dir, (names = []));
    names.push(path.slice(slash + 1));
  }
  for (const names of children.values()) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const inFolder = (path: string) => folder === "" || path === folder || path.startsWith(folder + "/");
  const join = (dir: string, name: string) => (dir === "" ? name : `${dir}/${name}`);

  /** The path a repository path leads to with every link on the way followed, as realpath does. */
  const follow = (path: string): { path: string } | { reason: string } => {
    const pending = path.split("/");
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (done.length === 0) return { reason: "the symbolic link leads outside the repository; copy the file into the registry instead" };
        done.pop();
        continue;
      }
      done.push(part);
      const entry = entries.get(done.join("/"));
      if (entry?.mode !== SYMLINK) continue;
      if (++hops > MAX_HOPS) return { reason: "the symbolic link cannot be followed: too many levels of symbolic links (ELOOP)" };
      const text = linkText.get(entry.oid) ?? "";
      if (text.startsWith("/")) return { reason: `the symbolic link leads to an absolute path (${text}), which is not part of the commit; link relative to the link, inside the registry` };
      done.pop();
      pending.unshift(...text.split("/"));
    }
    return { path: done.join("/") };
  };

  const walk = (rel: string, real: string, above: ReadonlySet<string>) => {
    if (above.has(real)) {
      unlisted.push({ path: rel, reason: "the symbolic link loops back to a folder that contains it" });
      return;
    }
    const chain = new Set(above).add(real);
    for (const name of children.get(real) ?? []) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const path = rel ? `${rel}/${name}` : name;
      let target = join(real, name);
      let entry = entries.get(target);
      if (entry?.mode === SYMLINK) {
        const followed = follow(target);
        if ("reason" in followed) {
          unlisted.push({ path, reason: followed.reason });
          continue;
        }
        if (!inFolder(followed.path)) {
          unlisted.push({ path, reason: `the symbolic link leads outside the registry (to ${followed.path} in the repository); copy the file into the registry instead` });
          continue;
        }
        target = followed.path;
        entry = target === folder ? { mode: "040000", type: "tree", oid: "", size: 0 } : entries.get(target);
        if (!entry) {
          unlisted.push({ path, reason: "the symbolic link cannot be followed: its target does not exist (ENOENT)" });
          continue;
        }
      }
      if (entry?.type === "tree") walk(path, target, chain);
      else if (entry?.type === "blob" && name.toLowerCase().endsWith(".json")) files.push({ path, oid: entry.oid, size: entry.size });
    }
  };
  walk("", folder, new Set());
  return { files, unlisted };
}
