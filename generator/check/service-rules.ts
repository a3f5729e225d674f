/** The lint rule of services: they publish and consume events the registry declares. */
import type { LintContext, LintRule } from "./lint-rule.js";

function servicesPublishAndConsumeDeclaredEvents({ model, report }: LintContext, rule: string): void {
  const names = new Set(model.events.map((e) => e.name));
  for (const [service, s] of Object.entries(model.config.services)) {
    for (const kind of ["publishes", "consumes"] as const) {
      s[kind].forEach((event, i) => {
        if (!names.has(event)) report.error("registry.json", `/services/${service}/${kind}/${i}`, rule, `"${event}" is not an event of this registry`);
      });
    }
  }
}

/** The rules of services. */
export const serviceRules: readonly LintRule[] = [
  { sentence: "Services publish and consume declared events", check: servicesPublishAndConsumeDeclaredEvents },
];
