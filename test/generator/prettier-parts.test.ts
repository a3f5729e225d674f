/**
 * The layouts' string widths and quotes (emit/print/prettier-parts.ts) answer as prettier's `util`
 * does for every kind of text, and a text of printable ASCII, or a string without a quote
 * character, never loads prettier/standalone (an edit's layouts are of such text).
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { util } from "../../generator/emit/print/prettier-parts.js";

const prettierUtil = (createRequire(import.meta.url)("prettier/standalone") as { util: typeof util }).util;

describe("the same answers as prettier's util", () => {
  const texts = ["", "plain ascii", "~!@#$%^&*()_+{}|:<>?`", "héllo", "日本語", "emoji 🎉", "tab\there", "new\nline", "del\x7f", "\u0000"];
  for (const text of texts) it(`getStringWidth(${JSON.stringify(text)})`, () => expect(util.getStringWidth(text)).toBe(prettierUtil.getStringWidth(text)));
  it("the same width for a text asked again (kept), and for each of more texts than are kept", () => {
    for (const text of ["—", "≥ 0", "日本語", "—"]) expect(util.getStringWidth(text)).toBe(prettierUtil.getStringWidth(text));
    for (let i = 0; i < 10_050; i++) expect(util.getStringWidth(`≥ ${i} 日`)).toBe(i.toString().length + 5);
    expect(util.getStringWidth("日本語")).toBe(6);
  });
  const quoted = ["no quotes", 'one "double"', "one 'single'", `both "a" 'b' 'c'`, `both 'a' "b" "c"`, ""];
  for (const text of quoted) {
    for (const single of [false, true]) {
      it(`getPreferredQuote(${JSON.stringify(text)}, ${single})`, () => expect(util.getPreferredQuote(text, single)).toBe(prettierUtil.getPreferredQuote(text, single)));
    }
  }
});

describe("prettier/standalone left unloaded", () => {
  // A process of its own: this test file loaded standalone above.
  const loads = (calls: string) =>
    execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", `const { util } = await import("./generator/emit/print/prettier-parts.ts"); ${calls}; const require = (await import("node:module")).createRequire(process.cwd() + "/"); console.log(require.resolve("prettier/standalone") in require.cache);`],
      { encoding: "utf8" },
    ).trim();
  it("for printable ASCII and unquoted strings", () => expect(loads(`util.getStringWidth("a plain row"); util.getPreferredQuote("no quote", false)`)).toBe("false"));
  it("loaded for a wide character", () => expect(loads(`util.getStringWidth("日本")`)).toBe("true"));
});
