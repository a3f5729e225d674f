/**
 * A registry released in a real git repository, for the `check --against` suites: the files are
 * committed and tagged `v1` before the first test, and every test starts from v1's working tree
 * with nothing else in it, so a test edits the registry and compares it with the release.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { git, registryJson, writeRegistry } from "../compat/support.js";

export interface ReleasedRegistryOptions {
  /** The version and definition files (path → JSON) besides registry.json and the envelope. */
  files: Record<string, unknown>;
  /** registry.json as released; the compatibility suites' small registry by default. */
  registry?: Record<string, unknown>;
  /** Commits made before the release (tags on them name points in history older than v1). */
  history?: (repo: string) => void;
}

/**
 * Registers the suite's hooks. The paths are known at once (the folder is made before the first
 * test), so a test file can name them as constants.
 */
export function releasedRegistry(name: string, options: ReleasedRegistryOptions): { repo: string; schemas: string } {
  const repo = join(tmpdir(), `jetschema-${name}-${randomUUID()}`);
  const schemas = join(repo, "schemas");
  beforeAll(() => {
    mkdirSync(repo);
    git(repo, "init", "-q", "-b", "main");
    options.history?.(repo);
    writeRegistry(schemas, options.files, options.registry ?? registryJson());
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "release 1");
    git(repo, "tag", "v1");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  beforeEach(() => {
    git(repo, "reset", "-q", "--hard", "v1");
    git(repo, "clean", "-q", "-fd");
  });
  return { repo, schemas };
}
