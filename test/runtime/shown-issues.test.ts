/**
 * What the runtime prints of schema issues when ajv reports a failed then/else: the branch's own
 * issues, not the `if` keyword's summary of them (`must match "then" schema`), in a
 * ValidationError's message and in a consumed message's PoisonMessageError (the dead letter's
 * reason). The `issues` arrays keep every issue ajv reported. (A responder's error reply:
 * request-reply.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { toValidationIssues, ValidationError } from "../../runtime/src/index.js";
import { validate } from "../../runtime/src/consume/middleware/validate.js";
import { RouteTable } from "../../runtime/src/consume/routing/route-table.js";
import type { MessageContext } from "../../runtime/src/consume/chain/types.js";
import { compile, testRegistry } from "../support/registry.js";

/** A card payment names its card, any other its IBAN; the kind is a string. */
const payment = compile({
  type: "object",
  properties: { kind: { type: "string" } },
  if: { properties: { kind: { const: "card" } } },
  then: { required: ["card"] },
  else: { required: ["iban"] },
});

// want: the issues a ValidationError's message lists, and those a PoisonMessageError's lists.
const cases = [
  { given: "a value failing the then branch", value: { kind: "card" }, wantError: "/card is required (required)", wantPoison: "/card is required" },
  { given: "a value failing the else branch", value: { kind: "sepa" }, wantError: "/iban is required (required)", wantPoison: "/iban is required" },
  {
    given: "a value failing the else branch and a type",
    value: { kind: 7 },
    wantError: "/iban is required (required); /kind must be string (received 7) (type)",
    wantPoison: "/iban is required; /kind must be string (received 7)",
  },
];

describe("ValidationError's message", () => {
  it.each(cases)("$given: the branch's own issues only; issues keeps the summary", ({ value, wantError }) => {
    expect(payment(value)).toBe(false);
    const error = new ValidationError("payment.chosen", "1.0", toValidationIssues(payment.errors, value));
    expect(error.message).toBe(`Invalid payload for payment.chosen 1.0: ${wantError}`);
    expect(error.issues.map((i) => i.keyword)).toContain("if");
  });
});

describe("a consumed message's PoisonMessageError (validate middleware)", () => {
  const registry = testRegistry();
  const event = registry.events["position.admitted@1"]!;
  event.validators = { ...event.validators, "1.0": payment };
  const routes = new RouteTable(registry, registry.consumers.find((c) => c.name === "analytics-processor")!, {});
  const check = validate(registry.envelope, routes, { envelope: false })(() => undefined);

  it.each(cases)("$given: the branch's own issues only; issues keeps the summary", ({ value, wantPoison }) => {
    const ctx = { descriptor: event, version: "1.0", event: { data: value } } as unknown as MessageContext;
    let thrown: unknown;
    try {
      void check(ctx);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: "PoisonMessageError", reason: "invalid", message: `invalid payload for position.admitted 1.0: ${wantPoison}` });
    expect((thrown as { issues: { keyword: string }[] }).issues.map((i) => i.keyword)).toContain("if");
  });
});
