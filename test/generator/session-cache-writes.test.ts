/**
 * A watch session writes a run's cache entries after the run's output is in place
 * (GenerateSession.writeCache): when the watch has reported the run, before the next run reads the
 * cache, or when the session settles. A run of its own writes them before it returns.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { GenerateSession } from "../../generator/generate-session.js";
import { REPO_ROOT } from "../support/bin.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-session-cache-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const packs = (cache: string) => (existsSync(cache) ? readdirSync(cache, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".pack")).length : 0);
const outputFiles = (out: string) => readdirSync(out, { recursive: true }).length;

function project() {
  const root = mkdtempSync(join(tmp, "case-"));
  const schemas = join(root, "schemas");
  cpSync(FIXTURE, schemas, { recursive: true });
  return { schemas, out: join(root, "out"), cache: join(root, "cache") };
}

const cases: Array<{ given: string; then: (session: GenerateSession, run: () => Promise<unknown>) => Promise<unknown> }> = [
  { given: "the watch reports the run (writeCache)", then: async (session) => session.writeCache() },
  { given: "the next run starts", then: async (_session, run) => run() },
  { given: "the session settles", then: async (session) => session.settle() },
];

describe("a session's cache writes follow the output", () => {
  it.each(cases)("the first run's entries are written when $given, not before", async ({ then }) => {
    const { schemas, out, cache } = project();
    const session = new GenerateSession();
    const run = () => generate({ schemas, out, cache: { dir: cache } }, session);
    await run();
    expect(outputFiles(out)).toBeGreaterThan(10);
    expect(packs(cache)).toBe(0);
    await then(session, run);
    expect(packs(cache)).toBeGreaterThan(0);
    // Another process, on what the session wrote: nothing to render.
    const later = await generate({ schemas, out, cache: { dir: cache } });
    expect(later.upToDate).toBe(true);
  });

  it("a run without a session writes its entries before it returns", async () => {
    const { schemas, out, cache } = project();
    await generate({ schemas, out, cache: { dir: cache } });
    expect(packs(cache)).toBeGreaterThan(0);
  });
});
