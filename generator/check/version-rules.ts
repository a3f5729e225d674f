/** The lint rules of version numbering: majors and minors count up from their start without a gap. */
import type { LintContext, LintRule } from "./lint-rule.js";

function versionsHaveNoGaps({ model, report }: LintContext, rule: string): void {
  for (const e of model.events) {
    // A stray major 0 is its own mistake: counted, it would make every later major look misplaced.
    for (const m of e.majors.filter((m) => m.major === 0)) {
      report.error(m.versions[0]!.file, "", rule, `event ${e.name} has a major 0, but majors start at 1; rename it to 1.x.json or remove it`);
    }
    e.majors.filter((m) => m.major > 0).forEach((m, i) => {
      if (m.major !== i + 1) {
        report.error(m.versions[0]!.file, "", rule, `event ${e.name} has major ${m.major} but no major ${i + 1}; majors start at 1 and go up by one`);
      }
    });
    e.majors.forEach((m) => {
      m.versions.forEach((v, j) => {
        if (v.minor !== j) report.error(v.file, "", rule, `version ${v.version} of ${e.name} has no ${m.major}.${j} before it; minors start at 0 and go up by one`);
      });
    });
  }
}

/** The rules of version numbering. */
export const versionRules: readonly LintRule[] = [
  { sentence: "Versions have no gaps", check: versionsHaveNoGaps },
];
