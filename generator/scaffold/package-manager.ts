/**
 * The package manager a project installs with, for what `init` writes: the CI workflow must
 * install as the project does (`npm ci` fails without package-lock.json, and pnpm and Yarn keep
 * lock files of their own), and the commands it suggests must be the ones the team types.
 *
 * Read, in this order, from the folder the project installs from (the workspace root): its
 * package.json `packageManager` (what Corepack and pnpm/action-setup obey), its lock file, a
 * `pnpm-workspace.yaml`; else from the package manager running `init` (its user agent, as
 * `pnpm exec` and `yarn` set it); else npm.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageJsonMember } from "./package-json-member.js";

export type PackageManagerName = "npm" | "pnpm" | "yarn";

export interface PackageManager {
  name: PackageManagerName;
  /** Yarn 2 and later (Berry: `--immutable`, Plug'n'Play), as opposed to Yarn 1. */
  berry: boolean;
  /** The major version, when known (from `packageManager` or the user agent). */
  major?: number;
  /** Whether package.json names it in `packageManager`, which Corepack and pnpm/action-setup read. */
  declared: boolean;
}

const NAMES: readonly PackageManagerName[] = ["npm", "pnpm", "yarn"];

/** `installDir`: where the lock file is; `userAgent`: `npm_config_user_agent` of the process running init. */
export function packageManagerOf(installDir: string, userAgent: string | undefined): PackageManager {
  const declared = declaredIn(join(installDir, "package.json"));
  if (declared) return { ...declared, berry: isBerry(declared.name, declared.major, installDir), declared: true };
  const running = fromUserAgent(userAgent);
  const name = fromFiles(installDir) ?? running?.name ?? "npm";
  const major = running?.name === name ? running.major : undefined;
  return { name, berry: isBerry(name, major, installDir), ...(major !== undefined ? { major } : {}), declared: false };
}

/** `"pnpm@10.4.1+sha512..."` → pnpm, 10; undefined when package.json has none or names another tool. */
function declaredIn(file: string): { name: PackageManagerName; major?: number } | undefined {
  const value = packageJsonMember(file, "packageManager");
  return typeof value === "string" ? nameAndMajor(value, "@") : undefined;
}

/** `"pnpm/10.4.1 npm/? node/v20.19.0 linux x64"` → pnpm, 10. */
function fromUserAgent(userAgent: string | undefined): { name: PackageManagerName; major?: number } | undefined {
  return userAgent ? nameAndMajor(userAgent.split(" ")[0]!, "/") : undefined;
}

function nameAndMajor(text: string, separator: string): { name: PackageManagerName; major?: number } | undefined {
  const [name, version = ""] = text.split(separator);
  if (!NAMES.includes(name as PackageManagerName)) return undefined;
  const major = /^(\d+)\./.exec(version)?.[1];
  return { name: name as PackageManagerName, ...(major !== undefined ? { major: Number(major) } : {}) };
}

function fromFiles(dir: string): PackageManagerName | undefined {
  if (existsSync(join(dir, "pnpm-lock.yaml")) || existsSync(join(dir, "pnpm-workspace.yaml"))) return "pnpm";
  if (existsSync(join(dir, "yarn.lock")) || existsSync(join(dir, ".yarnrc.yml"))) return "yarn";
  if (existsSync(join(dir, "package-lock.json")) || existsSync(join(dir, "npm-shrinkwrap.json"))) return "npm";
  return undefined;
}

function isBerry(name: PackageManagerName, major: number | undefined, dir: string): boolean {
  return name === "yarn" && (major !== undefined ? major >= 2 : isBerryProject(dir));
}

/** Yarn Berry leaves `.yarnrc.yml`, or a yarn.lock with its `__metadata` block; Yarn 1 neither. */
function isBerryProject(dir: string): boolean {
  if (existsSync(join(dir, ".yarnrc.yml"))) return true;
  const lock = join(dir, "yarn.lock");
  return existsSync(lock) && /^__metadata:/m.test(readFileSync(lock, "utf8"));
}

/** The commands a user types with this package manager: a package.json script, and a bin of an installed package. */
export function commandsOf(pm: PackageManager): { runScript: (script: string) => string; exec: (command: string) => string; install: string } {
  switch (pm.name) {
    case "pnpm":
      return { runScript: (s) => `pnpm run ${s}`, exec: (c) => `pnpm exec ${c}`, install: "pnpm install --frozen-lockfile" };
    case "yarn":
      return { runScript: (s) => `yarn ${s}`, exec: (c) => `yarn ${c}`, install: pm.berry ? "yarn install --immutable" : "yarn install --frozen-lockfile" };
    default:
      return { runScript: (s) => `npm run ${s}`, exec: (c) => `npx ${c}`, install: "npm ci" };
  }
}
