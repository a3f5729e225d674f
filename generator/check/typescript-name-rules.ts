/** The lint rule of the TypeScript names the generated package exports: no two alike. */
import { indexEventTypeNames, RESERVED_EXPORTS } from "../model/reserved-names.js";
import { minorNames } from "../model/names.js";
import type { MajorModel } from "../model/registry-model.js";
import { definedBy, type LintContext, type LintRule } from "./lint-rule.js";

export const RULE_TS_NAMES = "TypeScript names are unique";

/**
 * Every name a major may add to the package. Each minor's names are listed for a major of several
 * minors, though only a major whose handler gets a type per minor (emit/minor-types.ts) declares them.
 */
function exportedNames(m: MajorModel): string[] {
  const rr = m.requestReply;
  const minors = m.versions.length > 1 ? m.versions.filter((v) => v !== m.latest).map((v) => minorNames(m.event, m.major, v.minor).typeName) : [];
  return [...new Set([m.typeName, m.eventTypeName, m.helperName, ...(rr ? [rr.requestHelper, rr.serveHelper, rr.replyTypeName] : []), ...indexEventTypeNames(m), ...minors])];
}

function typescriptNamesAreUnique({ model, report }: LintContext, rule: string): void {
  const owners = new Map<string, MajorModel | "the generated package itself">();
  for (const name of RESERVED_EXPORTS) owners.set(name, "the generated package itself");
  for (const m of model.majors) {
    for (const name of exportedNames(m)) {
      const owner = owners.get(name);
      if (owner && owner !== m) {
        // One report per major: its names clash together.
        report.error(m.versions[0]!.file, "", rule, `${m.key} would generate the name ${name}, already taken by ${typeof owner === "string" ? owner : definedBy(owner)}; rename the event folder`);
        break;
      }
      owners.set(name, m);
    }
  }
  // `subjects.order.v1` cannot be both event order's v1 subject and the folder of event order.v1.
  const events = new Map(model.events.map((e) => [e.name, e]));
  for (const e of model.events) {
    const parent = e.segments.slice(0, -1).join(".");
    const last = e.segments[e.segments.length - 1]!;
    if (parent && events.get(parent)?.majors.some((m) => `v${m.major}` === last)) {
      report.error(e.majors[0]!.versions[0]!.file, "", rule, `subjects.${e.name} would be both the subject of ${parent} v${last.slice(1)} and the folder of ${e.name}; rename the folder`);
    }
  }
}

/** The rules of the generated TypeScript names. */
export const typescriptNameRules: readonly LintRule[] = [
  { sentence: RULE_TS_NAMES, check: typescriptNamesAreUnique },
];
