/**
 * withTraceExtension takes the generator's verdict on the extension's members
 * (`cloudEvents.traceExtension`) instead of validating the envelope again on every traced publish:
 * "accepted" adds them without a validation, "refused" never adds them, and without a verdict (a
 * hand-written descriptor, members whose acceptance depends on their values) the envelope's
 * validator decides each time, as before. The validator is counted.
 */
import { describe, expect, it } from "vitest";
import type { CompiledValidator, EnvelopeDescriptor, TraceExtensionVerdict } from "../../runtime/src/index.js";
import { withTraceExtension } from "../../runtime/src/envelope/trace-extension.js";
import { cloudEventsRegistry } from "../support/cloudevents-registry.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACESTATE = "rojo=00f067aa0ba902b7";
const PLAIN = { specversion: "1.0", id: "e-1", data: {} };

function descriptor(verdict: TraceExtensionVerdict | undefined, accepts: boolean): { envelope: EnvelopeDescriptor; calls: () => number } {
  let calls = 0;
  const validate = ((() => {
    calls += 1;
    return accepts;
  }) as unknown) as CompiledValidator;
  const base = cloudEventsRegistry("structured").envelope;
  const cloudEvents = { ...base.cloudEvents!, ...(verdict ? { traceExtension: verdict } : {}) };
  return { envelope: { ...base, cloudEvents, validate }, calls: () => calls };
}

// given: the verdict, what the validator would say, the trace; want: the members sent, validations.
const cases = [
  { given: "accepted", verdict: "accepted", accepts: true, trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { members: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, validations: 0 } },
  { given: "accepted, no tracestate", verdict: "accepted", accepts: true, trace: { traceparent: TRACEPARENT }, want: { members: { traceparent: TRACEPARENT }, validations: 0 } },
  { given: "refused", verdict: "refused", accepts: false, trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { members: {}, validations: 0 } },
  { given: "no verdict, the validator accepts", verdict: undefined, accepts: true, trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { members: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, validations: 1 } },
  { given: "no verdict, the validator refuses", verdict: undefined, accepts: false, trace: { traceparent: TRACEPARENT }, want: { members: {}, validations: 1 } },
  { given: "accepted, no trace context", verdict: "accepted", accepts: true, trace: {}, want: { members: {}, validations: 0 } },
] as const;

describe("the trace extension by the generator's verdict", () => {
  it.each(cases)("$given", ({ verdict, accepts, trace, want }) => {
    const { envelope, calls } = descriptor(verdict, accepts);
    const sent = withTraceExtension(envelope, { ...PLAIN }, trace);
    const members = Object.fromEntries(Object.entries(sent).filter(([key]) => !(key in PLAIN)));
    expect({ members, validations: calls() }).toEqual(want);
    expect(sent).toMatchObject(PLAIN);
  });

  it("an envelope that sets traceparent itself keeps it, whatever the verdict", () => {
    const { envelope, calls } = descriptor("accepted", true);
    const own = { ...PLAIN, traceparent: "00-own" };
    expect(withTraceExtension(envelope, own, { traceparent: TRACEPARENT, tracestate: TRACESTATE })).toBe(own);
    expect(calls()).toBe(0);
  });
});
