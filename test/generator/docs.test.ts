/** The rule sentences are the documentation: docs/lint-rules.md must list every one of them. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../generator/check/all-rules.js";

describe("docs/lint-rules.md", () => {
  const doc = readFileSync("docs/lint-rules.md", "utf8");
  for (const rule of ALL_RULES) {
    it(`documents "${rule}"`, () => {
      expect(doc).toContain(`| ${rule} |`);
    });
  }
});
