/** The rule sentences are the documentation: docs/compatibility.md must list every one of them. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMPAT_CHECK_RULES } from "../../generator/check/compatibility.js";
import { MODES } from "../../generator/compat/modes.js";
import { EDITABLE_KEYWORDS, RELEASED_RULES } from "../../generator/released/check-released.js";
import { compatRules } from "../../generator/compat/rules.js";

const doc = readFileSync("docs/compatibility.md", "utf8");

describe("docs/compatibility.md", () => {
  for (const [rule, spec] of compatRules) {
    it(`documents "${rule}" with its directions and example`, () => {
      const row = doc.split("\n").find((l) => l.startsWith(`| ${rule} |`));
      expect(row, rule).toBeDefined();
      const dirs = (d: string[]) => (d.length === 0 ? "compatible" : d.join(", "));
      expect(row).toContain(`| ${dirs(spec.breaks)}${spec.strictBreaks ? ` (strict: ${dirs(spec.strictBreaks)})` : ""} |`);
      expect(row).toContain(JSON.stringify(spec.example.old).replace(/\|/g, "\\|"));
      expect(row).toContain(JSON.stringify(spec.example.new).replace(/\|/g, "\\|"));
    });
  }
  for (const rule of [...COMPAT_CHECK_RULES, ...RELEASED_RULES]) {
    it(`documents "${rule}"`, () => expect(doc).toContain(`| ${rule} |`));
  }
  it("documents every mode and every keyword a released version may still change", () => {
    for (const mode of MODES) expect(doc).toContain(`\`${mode}\``);
    for (const k of EDITABLE_KEYWORDS) expect(doc).toContain(`\`${k}\``);
  });
});
