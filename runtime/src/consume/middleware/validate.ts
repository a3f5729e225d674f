/**
 * Validate: the envelope against the registry's envelope schema, and the payload against the
 * validator of the message's OWN minor (a 1.0 message read by code built for 1.1 is checked as
 * 1.0). A minor newer than the package knows is checked with the newest known one below it (see
 * RouteTable.validatorFor). A failure is a PoisonMessageError("invalid") naming JSON pointers
 * and the values received there.
 * Validators are called directly; nothing is allocated for a valid message.
 */
import type { EnvelopeDescriptor } from "../../base/descriptor.js";
import { shownIssues, type ValidationIssue } from "../../base/errors.js";
import { toValidationIssues } from "../../envelope/issues.js";
import { PoisonMessageError } from "../chain/errors.js";
import type { RouteTable } from "../routing/route-table.js";
import type { Middleware, ValidateOptions } from "../chain/types.js";

export function validate(envelope: EnvelopeDescriptor, routes: RouteTable, options: ValidateOptions = {}): Middleware {
  const checkEnvelope = options.envelope !== false;
  const dataField = envelope.fields.data;
  const validateEnvelope = envelope.validate;
  return (next) => (ctx) => {
    const event = ctx.descriptor;
    if (event === undefined) return next(ctx); // decode did not run: nothing to validate against
    if (checkEnvelope && !validateEnvelope(ctx.event)) {
      const issues = toValidationIssues(validateEnvelope.errors, ctx.event);
      throw new PoisonMessageError("invalid", `invalid envelope for ${event.name} ${ctx.version}: ${describe(issues)}`, issues);
    }
    const choice = routes.validatorFor(event, ctx.version as string);
    if (choice === undefined) {
      throw new PoisonMessageError("invalid", `no validator for ${event.name} ${ctx.version}`);
    }
    if (!choice.validator(ctx.event[dataField])) {
      const issues = toValidationIssues(choice.validator.errors, ctx.event[dataField]);
      throw new PoisonMessageError(
        "invalid",
        `invalid payload for ${event.name} ${ctx.version}${choice.version !== ctx.version ? ` (checked as ${choice.version})` : ""}: ${describe(issues)}`,
        issues,
      );
    }
    ctx.validatedAs = choice.version;
    return next(ctx);
  };
}

function describe(issues: ValidationIssue[]): string {
  if (issues.length === 0) return "(no details)";
  return shownIssues(issues).map((i) => `${i.pointer === "" ? "(root)" : i.pointer} ${i.message}`).join("; ");
}
