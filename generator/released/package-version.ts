/**
 * The generated package's version follows its contract: consumers pin it by semver. Compared
 * with the registry at a git ref, each change asks for a bump (a table of rules, each named by
 * its sentence); the largest wins. `check --against` reports a package.version short of it,
 * `jetschema version` sets it.
 */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import { deepEqual } from "../compat/schema-view.js";
import { definitionsChangedInPlace, nextMinorCommand, versionList, versionsEditedInPlace } from "./in-place.js";

export type Bump = "patch" | "minor" | "major";

export const RULE_PACKAGE_VERSION = "The package version moves with the contract";

interface BumpRule {
  bump: Bump;
  /** One line per change the rule finds between the registry at the ref and now. */
  find(old: RegistryModel, now: RegistryModel): string[];
}

const eventNames = (m: RegistryModel) => new Set(m.events.map((e) => e.name));
const majorKeys = (m: RegistryModel) => new Set(m.majors.map((x) => x.key));
const REFUSED = "which check --against refuses";
const versionFiles = (m: RegistryModel) => new Set(m.majors.flatMap((x) => x.versions.map((v) => v.file)));

export const VERSION_RULES: Record<string, BumpRule> = {
  // check --against refuses every removal (A released version is never deleted): the line says so,
  // and the bump is what the package needs if it is published anyway.
  "A removed event needs a new major version": {
    bump: "major",
    find: (old, now) => [...eventNames(old)].filter((e) => !eventNames(now).has(e)).map((e) => `event ${e} removed, ${REFUSED}: restore its version files`),
  },
  "A removed event major needs a new major version": {
    bump: "major",
    find: (old, now) => old.majors.filter((m) => eventNames(now).has(m.event) && !majorKeys(now).has(m.key)).map((m) => `${m.key} removed, ${REFUSED}: restore its version files`),
  },
  // The major stays, but the generated package loses the minor's exports (its type, its validator,
  // its schema), which code built against the package may import.
  "A removed event minor needs a new major version": {
    bump: "major",
    find: (old, now) =>
      old.majors
        .filter((m) => majorKeys(now).has(m.key))
        .flatMap((m) => m.versions.filter((v) => !versionFiles(now).has(v.file)).map((v) => `${m.event} ${v.version} removed while ${m.key} stays, ${REFUSED}: restore the file`)),
  },
  "A moved subject needs a new major version": {
    bump: "major",
    find: (old, now) => old.majors.flatMap((m) => {
      const cur = now.majors.find((x) => x.key === m.key);
      return cur && cur.subject !== m.subject ? [`${m.key} moved from ${m.subject} to ${cur.subject}`] : [];
    }),
  },
  "A new event needs a new minor version": {
    bump: "minor",
    find: (old, now) => [...eventNames(now)].filter((e) => !eventNames(old).has(e)).map((e) => `event ${e} added`),
  },
  "A new event major needs a new minor version": {
    bump: "minor",
    find: (old, now) => now.majors.filter((m) => eventNames(old).has(m.event) && !majorKeys(old).has(m.key)).map((m) => `${m.key} added`),
  },
  "A new event minor needs a new minor version": {
    bump: "minor",
    find: (old, now) => now.majors.filter((m) => majorKeys(old).has(m.key)).flatMap((m) => m.versions.filter((v) => !versionFiles(old).has(v.file)).map((v) => `${m.event} ${v.version} added`)),
  },
  // check --against refuses the edit (in-place.ts): what it asks for instead, the edit moved into a
  // new minor (or a new major where it breaks), is a minor of the package.
  "A released version, changed, needs a new minor version": {
    bump: "minor",
    find: (old, now) =>
      versionsEditedInPlace(old, now).map((v) => `${versionList([v])} changed, which check --against refuses in place: move the edit into a new minor or, if it breaks, a new major (check --against names the jetschema bump that moves it)`),
  },
  // check --against refuses the edit (in-place.ts): what it asks for instead, a new definition
  // referred to from a new minor (or a new major where the change breaks), is a new minor or major
  // of an event, so a minor of the package. Sized as the edit of a file it would be a patch.
  "A shared definition a released version uses, changed, needs a new minor version": {
    bump: "minor",
    find: (old, now) =>
      definitionsChangedInPlace(old, now).map((c) => {
        const commands = [...new Set(c.released.map((v) => nextMinorCommand(now, v)))].join(", ");
        return `${c.definition.file}#${c.definition.pointer} changed under the released ${versionList(c.released)}, which check --against refuses in place: leave it as it was and add the new shape as a new definition for a new minor (${commands}) or, if it breaks, a new major`;
      }),
  },
  "Any other change needs a new patch version": {
    bump: "patch",
    find: (old, now) => [...changedFiles(old, now), ...(deepEqual(withoutVersion(old), withoutVersion(now)) ? [] : ["registry.json changed"])],
  },
};

/** Schema files present in both whose content differs (documentation, since a released version may change only that). */
function changedFiles(old: RegistryModel, now: RegistryModel): string[] {
  const out: string[] = [];
  for (const [file, doc] of now.resolved.docs) {
    const before = old.resolved.docs.get(file);
    if (before && !deepEqual(before.schema, doc.schema)) out.push(`${file} changed`);
  }
  return out;
}

function withoutVersion(m: RegistryModel): unknown {
  return { ...m.config, package: { ...m.config.package, version: undefined } };
}

const ORDER: Bump[] = ["patch", "minor", "major"];

export interface BumpNeeded {
  bump: Bump | undefined;
  /** Each change found, with the rule that found it. */
  reasons: { rule: string; change: string }[];
}

export function bumpNeeded(old: RegistryModel, now: RegistryModel): BumpNeeded {
  const reasons: BumpNeeded["reasons"] = [];
  let bump: Bump | undefined;
  for (const [rule, r] of Object.entries(VERSION_RULES)) {
    const found = r.find(old, now);
    for (const change of found) reasons.push({ rule, change });
    if (found.length > 0 && (bump === undefined || ORDER.indexOf(r.bump) > ORDER.indexOf(bump))) bump = r.bump;
  }
  // A patch is for changes nothing bigger explains: with a minor or major, the file edits that come with it are part of it.
  return { bump, reasons: bump === "patch" ? reasons : reasons.filter((x) => VERSION_RULES[x.rule]!.bump !== "patch") };
}

type Triple = [number, number, number];

function parse(version: string): Triple {
  const [major, minor, patch] = version.split("-")[0]!.split(".").map(Number) as Triple;
  return [major, minor, patch];
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The smallest version `bump` allows after `from`. */
export function nextVersion(from: string, bump: Bump): string {
  const [major, minor, patch] = parse(from);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The smallest version allowed after `from` with changes that need `bump`: `from` itself when nothing changed. */
export function leastVersion(from: string, bump: Bump | undefined): string {
  return bump === undefined ? from : nextVersion(from, bump);
}

/** Whether `version` is at least the version the changes since `from` need; never lower than `from`. */
export function versionSatisfies(version: string, from: string, bump: Bump | undefined): boolean {
  return compare(parse(version), parse(leastVersion(from, bump))) >= 0;
}

export function describeBump(needed: BumpNeeded): string {
  const shown = needed.reasons.slice(0, 5).map((r) => r.change);
  return `${shown.join("; ")}${needed.reasons.length > 5 ? `; and ${needed.reasons.length - 5} more` : ""}`;
}

export function checkPackageVersion(old: RegistryModel, now: RegistryModel, ref: string, at: string, report: Diagnostics): void {
  const needed = bumpNeeded(old, now);
  const from = old.config.package.version;
  const current = now.config.package.version;
  if (versionSatisfies(current, from, needed.bump)) return;
  if (compare(parse(current), parse(from)) < 0) {
    const need = needed.bump ? `the changes since (${describeBump(needed)}) need a ${needed.bump} version, ${nextVersion(from, needed.bump)} or later` : `nothing changed since, so it stays ${from} or later`;
    report.error(
      "registry.json",
      "/package/version",
      RULE_PACKAGE_VERSION,
      `package.version ${current} is lower than ${from}, the version at ${at}: a version never goes back (services pinned to ^${from} would not take ${current}, and it may name a package published before ${from} with another contract); ${need}. Run: jetschema version --against ${ref}`,
    );
    return;
  }
  report.error(
    "registry.json",
    "/package/version",
    RULE_PACKAGE_VERSION,
    `the package was ${from} at ${at} and the registry changed since (${describeBump(needed)}): that needs a ${needed.bump} version, ${nextVersion(from, needed.bump!)} or later, and package.version is ${current}. Run: jetschema version --against ${ref}`,
  );
}
