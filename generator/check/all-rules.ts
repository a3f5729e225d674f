/** Every rule sentence the generator can report, in the order a registry meets them. */
import { RULE_DIALECT, RULE_JSON, RULE_META_SCHEMA, RULE_READABLE, RULE_REGISTRY_SCHEMA, RULE_REQUIRED_FILE, RULE_SCHEMA_OBJECT } from "../load/load-registry.js";
import { RULE_INPUT_LIMITS } from "../load/input-limits.js";
import { RULE_EVENT_FOLDER, RULE_VERSION_NAME } from "../load/scan.js";
import { RULE_REF } from "../resolve/resolve-refs.js";
import { LINT_RULES } from "./lint-rules.js";

export const ALL_RULES: string[] = [
  RULE_REQUIRED_FILE,
  RULE_READABLE,
  RULE_INPUT_LIMITS,
  RULE_JSON,
  RULE_REGISTRY_SCHEMA,
  RULE_VERSION_NAME,
  RULE_EVENT_FOLDER,
  RULE_SCHEMA_OBJECT,
  RULE_DIALECT,
  RULE_META_SCHEMA,
  RULE_REF,
  ...LINT_RULES.map((rule) => rule.sentence),
];
