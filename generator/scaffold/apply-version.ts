/**
 * `jetschema version --against <ref>`: sets registry.json's package.version to the smallest
 * version the changes since the ref need (released/package-version.ts), keeping the file's layout.
 * A version already far enough is left alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRegistryAt } from "../released/git-registry.js";
import { bumpNeeded, describeBump, leastVersion, versionSatisfies, type Bump } from "../released/package-version.js";
import { modelAt, whyNotLoaded } from "../released/registry-at-ref.js";
import { runCheck } from "../check-run.js";
import { formatDiagnostic } from "../base/diagnostics.js";
import { setJsonValue } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";

export interface VersionResult {
  from: string;
  /** The version at the ref. */
  released: string;
  to: string;
  bump: Bump | undefined;
  changed: boolean;
  why: string;
}

export function applyVersion(schemasDir: string, ref: string): VersionResult {
  const snapshot = readRegistryAt(schemasDir, ref);
  const now = runCheck(schemasDir).model;
  if (!now) throw new ScaffoldError(`the registry ${schemasDir} does not load; run jetschema check and fix it first`);
  const from = now.config.package.version;
  // Nothing released at the ref: whatever version the registry has is its first.
  if (snapshot.list.length === 0) return { from, released: "none", to: from, bump: undefined, changed: false, why: `nothing was released at ${ref}` };
  const atRef = modelAt(snapshot, now.root);
  if ("errors" in atRef) throw new ScaffoldError(`the registry at ${ref} does not load, so there is nothing to compare with: ${whyNotLoaded(snapshot, atRef.errors)}`);
  const old = atRef.model;
  const needed = bumpNeeded(old, now);
  const released = old.config.package.version;
  const why = needed.bump ? describeBump(needed) : `nothing changed since ${ref}`;
  if (versionSatisfies(from, released, needed.bump)) return { from, released, to: from, bump: needed.bump, changed: false, why };
  const to = leastVersion(released, needed.bump);
  const path = join(schemasDir, "registry.json");
  writeFileSync(path, setJsonValue(readFileSync(path, "utf8"), ["package", "version"], to));
  const after = runCheck(schemasDir).diagnostics.filter((d) => d.rule.startsWith("registry.json follows"));
  if (after.length > 0) throw new ScaffoldError(after.map((d) => formatDiagnostic(d, schemasDir)).join("\n"));
  return { from, released, to, bump: needed.bump, changed: true, why };
}
