/** load/envelope-file.ts: which envelope.schema values name the envelope, and why the others do not. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envelopeFileOf, envelopeFileProblem } from "../../generator/load/envelope-file.js";

const root = mkdtempSync(join(tmpdir(), "jetschema-envelope-file-"));
mkdirSync(join(root, "defs"));
mkdirSync(join(root, "node_modules/shared"), { recursive: true });
writeFileSync(join(root, "notes.txt"), "not a schema\n");
writeFileSync(join(root, "node_modules/shared/envelope.json"), "{}\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const registry = {
  root,
  list: ["registry.json", "envelope.schema.json", "defs/envelope.json", "defs/money.json", "order/placed/1.0.json"],
  unlisted: [{ path: "linked.json" }],
};

const CASES: Array<{ given: string; file?: string; problem?: RegExp }> = [
  { given: "envelope.schema.json", file: "envelope.schema.json" },
  { given: "./envelope.schema.json", file: "envelope.schema.json" },
  { given: "defs/../envelope.schema.json", file: "envelope.schema.json" },
  { given: "defs/envelope.json", file: "defs/envelope.json" },
  // Reported by the loader as unreadable (a link leading outside): not a second time here.
  { given: "linked.json", file: "linked.json" },
  { given: "../outside.json", problem: /^envelope\.schema "\.\.\/outside\.json" leads outside the registry folder/ },
  { given: "defs/../../outside.json", problem: /^envelope\.schema "defs\/\.\.\/\.\.\/outside\.json" leads outside the registry folder/ },
  { given: "/srv/envelope.schema.json", problem: /^envelope\.schema "\/srv\/envelope\.schema\.json" is an absolute path/ },
  { given: "", problem: /^envelope\.schema "" names the registry folder or a folder in it, not a file/ },
  { given: "defs/", problem: /names the registry folder or a folder in it, not a file/ },
  { given: "defs", problem: /^envelope\.schema "defs" is a folder, not a file/ },
  { given: "registry.json", problem: /names registry\.json itself/ },
  { given: "order/placed/1.0.json", problem: /is the version file of order\.placed 1\.0/ },
  { given: "notes.txt", problem: /is not a JSON file/ },
  { given: "node_modules/shared/envelope.json", problem: /is a file the registry does not read/ },
  { given: "envelopes/base.json", problem: /^envelope\.schema "envelopes\/base\.json" names no file: there is no envelopes\/base\.json in the registry folder/ },
];

describe.each(CASES)("envelope.schema $given", ({ given, file, problem }) => {
  it(problem ? "is refused, saying why" : `names ${file}`, () => {
    const found = envelopeFileProblem(given, registry);
    if (problem) expect(found).toMatch(problem);
    else {
      expect(found).toBeUndefined();
      expect(envelopeFileOf(given)).toBe(file);
    }
  });
});
