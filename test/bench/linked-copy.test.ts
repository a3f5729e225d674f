/**
 * bench/linked-copy.ts: an output folder put back by linkTree keeps every file's identity (what the
 * cache's output record compares), and removing the copy, as a generate run's swap does with the
 * old tree, leaves the original whole.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileIdentity } from "../../generator/base/file-identity.js";
import { linkTree } from "../../bench/linked-copy.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-linked-copy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("linkTree", () => {
  const from = join(tmp, "from");
  mkdirSync(join(from, "docs", "events"), { recursive: true });
  writeFileSync(join(from, "index.js"), "export {};\n");
  writeFileSync(join(from, "docs", "events", "a.md"), "# a\n");

  it.each([{ path: "index.js" }, { path: "docs/events/a.md" }])("keeps the identity of $path", ({ path }) => {
    const to = join(tmp, `to-${path.replace(/\W/g, "-")}`);
    linkTree(from, to);
    expect(fileIdentity(join(to, path))).toBe(fileIdentity(join(from, path)));
  });

  it("leaves the original whole when the copy is removed", () => {
    const to = join(tmp, "removed");
    linkTree(from, to);
    rmSync(to, { recursive: true });
    expect(readFileSync(join(from, "docs", "events", "a.md"), "utf8")).toBe("# a\n");
  });
});
