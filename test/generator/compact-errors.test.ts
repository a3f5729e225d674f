/**
 * Finding ajv's error report sites: replaceReportSites searches for `const err` and tries the
 * site's expression there, instead of a multiline expression tried at every line. It must find
 * exactly what that expression finds (`^...$` with the `m` flag: a site is whole lines, and a line
 * ends at \n, \r, U+2028 or U+2029), and a repeated literal must give the same call and entry.
 */
import { describe, expect, it } from "vitest";
import { compactErrorReports, replaceReportSites } from "../../generator/validators/compact-errors.js";

/** The definition replaceReportSites implements. */
const MULTILINE_SITE = /^const (err\d+) = (\{.*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;$/gm;

const site = (n: number, literal = `{instancePath,keyword:"type"}`) =>
  `const err${n} = ${literal};\nif(vErrors === null){\nvErrors = [err${n}];\n}\nelse {\nvErrors.push(err${n});\n}\nerrors++;`;

/** Replaces each literal by a call naming it, except literals holding `keep` (declined). */
const replacement = (literal: string) => (literal.includes("keep") ? undefined : `report(${literal.length});\nerrors++;`);

describe("replaceReportSites", () => {
  const cases: Array<{ given: string; code: string }> = [
    { given: "no site", code: "let errors = 0;\nconst _errs0 = errors;\n" },
    { given: "a site at the very start, nothing after it", code: site(0) },
    { given: "two sites back to back", code: `${site(0)}\n${site(1)}\n` },
    { given: "a site inside a line is not one", code: `x = 1; ${site(0)}\n` },
    { given: "a site after \\r, U+2028 and U+2029 line ends", code: `a\r${site(0)}\u2028${site(1)}\u2029${site(2)}\r\n` },
    { given: "a site followed by more on its last line is not one", code: `${site(0)} y();\n${site(1)}\n` },
    { given: "a declined literal stays, the next site is still found", code: `${site(0, `{keep:1}`)}\n${site(1)}\n` },
    { given: "a name pushed that is not the declared one is not a site", code: `${site(0).replace("vErrors.push(err0)", "vErrors.push(err9)")}\n${site(1)}\n` },
    { given: "`const err` that starts no site", code: `const errorsSeen = 1;\n${site(3)}\nconst err4 = {};\n` },
  ];
  it.each(cases)("$given: as the multiline expression", ({ code }) => {
    const want = code.replace(MULTILINE_SITE, (whole: string, _name: string, literal: string) => replacement(literal) ?? whole);
    expect(replaceReportSites(code, replacement)).toBe(want);
  });
});

describe("compactErrorReports", () => {
  it("reads a repeated literal once: the same call and one table entry for every site", () => {
    const literal = `{instancePath:instancePath+"/a",schemaPath:"#/properties/a/type",keyword:"type",params:{type: "string"},message:"must be string"}`;
    const other = `{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "a"},message:"must have required property 'a'"}`;
    const code = compactErrorReports(`function validate0(data){\nlet vErrors = null;\nlet errors = 0;\n${site(0, literal)}\n${site(1, other)}\n${site(2, literal)}\nreturn errors === 0;\n}\n`);
    expect(code.match(/__jetschema_error\(vErrors, \d+[^)]*\)/g)).toEqual([
      `__jetschema_error(vErrors, 0, instancePath+"/a")`,
      `__jetschema_error(vErrors, 1, instancePath)`,
      `__jetschema_error(vErrors, 0, instancePath+"/a")`,
    ]);
    expect(code).toContain(
      `const __jetschema_errors = [[0,"#/properties/a/type","type",{"type":"string"},"must be string"],[0,"#/required","required",{"missingProperty":"a"},"must have required property 'a'"]];`,
    );
  });
});
