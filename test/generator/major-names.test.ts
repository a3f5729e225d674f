/**
 * A major's three names made at once (model/names.ts majorNames, what the model names every major
 * with) are the ones each name's own function gives: the payload type spelled once is the same.
 */
import { describe, expect, it } from "vitest";
import { eventTypeName, majorNames, minorNames, payloadTypeName, publishHelperName } from "../../generator/model/names.js";

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

/**
 * A minor's names (a major whose handler gets one type per minor): the event's PascalCase name,
 * the major always, an underscore before the minor. No other generated name has an underscore,
 * and the major spelled out keeps 1.10 apart from 11.0.
 */
const minorCases: Array<{ event: string; major: number; minor: number; want: ReturnType<typeof minorNames> }> = [
  { event: "tree.updated", major: 1, minor: 0, want: { typeName: "TreeUpdatedV1_0", eventTypeName: "TreeUpdatedV1_0Event" } },
  { event: "tree.updated", major: 2, minor: 1, want: { typeName: "TreeUpdatedV2_1", eventTypeName: "TreeUpdatedV2_1Event" } },
  { event: "tree.updated", major: 1, minor: 10, want: { typeName: "TreeUpdatedV1_10", eventTypeName: "TreeUpdatedV1_10Event" } },
  { event: "tree.updated", major: 11, minor: 0, want: { typeName: "TreeUpdatedV11_0", eventTypeName: "TreeUpdatedV11_0Event" } },
  { event: "order.line_item-2x.added", major: 1, minor: 3, want: { typeName: "OrderLineItem2XAddedV1_3", eventTypeName: "OrderLineItem2XAddedV1_3Event" } },
];

describe("minorNames", () => {
  it.each(minorCases)("$event $major.$minor: $want.typeName", ({ event, major, minor, want }) => {
    expect(minorNames(event, major, minor)).toEqual(want);
  });

  it("a major's names have no underscore, so none is a minor's", () => {
    for (const { event, major } of [...cases, ...minorCases]) expect(Object.values(majorNames(event, major)).join(" ")).not.toContain("_");
  });
});
