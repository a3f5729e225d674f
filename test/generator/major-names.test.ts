/**
 * A major's three names made at once (model/names.ts majorNames, what the model names every major
 * with) are the ones each name's own function gives: the payload type spelled once is the same.
 */
import { describe, expect, it } from "vitest";
import { eventTypeName, majorNames, payloadTypeName, publishHelperName } from "../../generator/model/names.js";

const cases: Array<{ event: string; major: number; want: ReturnType<typeof majorNames> }> = [
  { event: "position.admitted", major: 1, want: { typeName: "PositionAdmitted", eventTypeName: "PositionAdmittedEvent", helperName: "publishPositionAdmitted" } },
  { event: "position.admitted", major: 2, want: { typeName: "PositionAdmittedV2", eventTypeName: "PositionAdmittedV2Event", helperName: "publishPositionAdmittedV2" } },
  { event: "order.line_item-2x.added", major: 12, want: { typeName: "OrderLineItem2XAddedV12", eventTypeName: "OrderLineItem2XAddedV12Event", helperName: "publishOrderLineItem2XAddedV12" } },
];

describe("majorNames", () => {
  it.each(cases)("$event v$major: $want.typeName", ({ event, major, want }) => {
    expect(majorNames(event, major)).toEqual(want);
    expect([payloadTypeName(event, major), eventTypeName(event, major), publishHelperName(event, major)]).toEqual([want.typeName, want.eventTypeName, want.helperName]);
  });
});
