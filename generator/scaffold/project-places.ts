/**
 * Where a project sits in its repository, for `init`: a team's registry is often one package of
 * a monorepo (`services/orders` of an npm, Yarn or pnpm workspace), and GitHub runs workflows only
 * from the repository's root, while the install runs where the lock file is, the workspace root.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { globSync } from "tinyglobby";
import { parse } from "yaml";
import { packageJsonMember } from "./package-json-member.js";

export interface ProjectPlaces {
  /** The project: where its package.json and the registry are. */
  project: string;
  /** The repository's root, where `.github/workflows` is read: the git root, else the npm workspace root, else the project. */
  repository: string;
  /** Where the install runs and the lock file is: the root of the workspaces the project is one of, else the project. */
  install: string;
}

export function projectPlaces(cwd: string): ProjectPlaces {
  const project = resolve(cwd);
  const git = gitRoot(project);
  const workspace = workspaceRoot(project, git);
  return { project, repository: git ?? workspace ?? project, install: workspace ?? project };
}

/** `to` relative to `from` with "/" (it goes into YAML and JSON read on every system); "" when they are the same folder. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join("/");
}

/** The nearest folder from `dir` up holding `.git` (a folder, or a file in a worktree or submodule). */
function gitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The nearest folder above `project` whose package.json lists it among its `workspaces` (npm,
 * Yarn), or whose pnpm-workspace.yaml among its `packages`, as they find the root they install a
 * workspace from; never above the git root, which a clone does not have. A folder whose
 * workspaces leave the project out is passed, as npm passes it.
 */
function workspaceRoot(project: string, gitRoot: string | undefined): string | undefined {
  for (let d = project; d !== gitRoot && dirname(d) !== d; ) {
    d = dirname(d);
    const patterns = workspacePatterns(join(d, "package.json")) ?? pnpmWorkspacePatterns(join(d, "pnpm-workspace.yaml"));
    if (patterns !== undefined && isWorkspace(d, patterns, project)) return d;
  }
  return undefined;
}

/** The `workspaces` of a package.json: npm's list, or yarn's `{ packages: [...] }`; undefined when it has none or does not parse (npm passes it too). */
function workspacePatterns(file: string): string[] | undefined {
  const workspaces = packageJsonMember(file, "workspaces");
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : undefined;
}

/** The `packages` of a pnpm-workspace.yaml (pnpm reads its workspaces there, not from package.json); undefined when it has none or does not parse. */
function pnpmWorkspacePatterns(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  let packages: unknown;
  try {
    packages = (parse(readFileSync(file, "utf8")) as { packages?: unknown } | null)?.packages;
  } catch {
    return undefined;
  }
  return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === "string") : undefined;
}

/** Whether the folders `patterns` match under `root` (negated patterns and node_modules left out, as npm does) include `project`. */
function isWorkspace(root: string, patterns: string[], project: string): boolean {
  const folder = posixRelative(root, project) + "/";
  return globSync(patterns, { cwd: root, onlyDirectories: true, expandDirectories: false, ignore: ["**/node_modules/**"] }).includes(folder);
}
