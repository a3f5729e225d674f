/** base/unknown-name.ts: the one line naming a name the registry does not declare, its list bounded. */
import { describe, expect, it } from "vitest";
import { LISTED, UnknownNameError, unknownName } from "../../generator/base/unknown-name.js";
import { UsageError } from "../../generator/base/usage-error.js";

const events = (n: number) => Array.from({ length: n }, (_, i) => `domain${String(i).padStart(4, "0")}.thing.happened`);

const CASES: Array<{ given: string; args: Parameters<typeof unknownName>; want: string | RegExp }> = [
  {
    given: "a few declared names: all of them, in their order",
    args: ["stream", "NOPE", ["B_EVENTS", "A_EVENTS"]],
    want: 'unknown stream "NOPE"; streams: B_EVENTS, A_EVENTS',
  },
  {
    given: "nothing declared",
    args: ["consumer", "reader", []],
    want: 'unknown consumer "reader"; consumers: none',
  },
  {
    given: "whose name it is and what to do instead",
    args: ["major", "7", ["1", "2"], { of: "position.admitted", hint: "to start one: jetschema bump position.admitted --major" }],
    want: 'unknown major "7" of position.admitted; majors: 1, 2; to start one: jetschema bump position.admitted --major',
  },
  {
    given: "5000 declared and a one-letter typo: 20 listed, the intended one among them, the rest counted",
    args: ["event", "domain2345.thing.hapened", events(5000)],
    want: /^(?=.*domain2345\.thing\.happened[, ])unknown event "domain2345\.thing\.hapened"; events: (domain\d{4}\.thing\.happened, ){19}domain\d{4}\.thing\.happened and 4980 more$/,
  },
  {
    given: "a typo in the first letter still finds the name by its end",
    args: ["event", "xomain2345.thing.happened", events(5000)],
    want: /domain2345\.thing\.happened/,
  },
  {
    given: "a given name that is a pasted document, not a name: cut, and on one line",
    args: ["event", `{\n"a": "${"x".repeat(500)}"}`, ["a.b"]],
    want: /^unknown event "\{\\n\\"a\\": \\"x{92}\.\.\."; events: a\.b$/,
  },
];

describe.each(CASES)("unknownName, given $given", ({ args, want }) => {
  it("says what was given and what is declared, in one line", () => {
    const err = unknownName(...args);
    expect(err).toBeInstanceOf(UnknownNameError);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).not.toContain("\n");
    if (typeof want === "string") expect(err.message).toBe(want);
    else expect(err.message).toMatch(want);
  });
});

it(`lists at most ${LISTED} names`, () => {
  const listed = unknownName("event", "x", events(LISTED + 1)).message.split("; events: ")[1]!;
  expect(listed.split(", ")).toHaveLength(LISTED);
  expect(listed).toMatch(/ and 1 more$/);
});
