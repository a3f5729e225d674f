/**
 * writeChecked (generator/scaffold/transaction.ts) when a write fails: the error that made it fail
 * reaches the caller as one line naming the path (a UsageError, exit 2), every file is back as it
 * was and every folder the writes made is gone; the rollback itself never throws over it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../generator/base/usage-error.js";
import { writeChecked, type FileWrite } from "../../generator/scaffold/transaction.js";
import { tempDir } from "./support.js";

const tmp = tempDir("transaction");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES: Array<{ given: string; writes: (schemas: string) => FileWrite[]; reason: RegExp }> = [
  {
    given: "a folder name too long for the disk, below a folder the writes make",
    writes: (s) => [{ path: join(s, "a", "b".repeat(300), "1.0.json"), text: "{}" }],
    reason: /^cannot write in .*: .*\(ENAMETOOLONG: /,
  },
  {
    given: "a path through a file, after a write that succeeded",
    writes: (s) => [
      { path: join(s, "new", "1.0.json"), text: "{}" },
      { path: join(s, "registry.json", "x.json"), text: "{}" },
    ],
    reason: /^cannot write in .*: a file stands where a folder must be \(EEXIST: /,
  },
  {
    given: "a path whose folder is a file the writes cannot replace (the rollback cannot remove it either)",
    writes: (s) => [{ path: join(s, "registry.json", "deeper", "x.json"), text: "{}" }],
    reason: /^cannot write in .*: a part of the path is a file, not a folder/,
  },
];

describe.each(CASES)("writeChecked: $given", ({ writes, reason }) => {
  it("throws the write's failure in words, and leaves the registry folder as it was", () => {
    const schemas = join(tmp, `case-${CASES.findIndex((c) => c.writes === writes)}`);
    mkdirSync(schemas, { recursive: true });
    writeFileSync(join(schemas, "registry.json"), "{}\n");
    let thrown: unknown;
    try {
      writeChecked(schemas, [], writes(schemas));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(reason);
    expect(readdirSync(schemas)).toEqual(["registry.json"]);
  });
});
