/**
 * The V8 flags the command line sets for itself (base/v8-flag.ts): set unless the user gave node
 * the flag, spelled with dashes or underscores; a flag whose name merely starts the same is not it.
 */
import { describe, expect, it } from "vitest";
import { setV8FlagUnlessGiven } from "../../generator/base/v8-flag.js";

describe("setV8FlagUnlessGiven", () => {
  it.each([
    ["node given no such flag", "interrupt-budget", ["--import", "tsx"], "--interrupt-budget=7"],
    ["node given its own", "interrupt-budget", ["--interrupt-budget=1000"], undefined],
    ["node given it with underscores", "heap-growing-percent", ["--heap_growing_percent=20"], undefined],
    ["node given it without a value", "heap-growing-percent", ["--heap-growing-percent"], undefined],
    ["a longer flag starting with its name", "interrupt-budget", ["--interrupt-budget-for-feedback-allocation=900"], "--interrupt-budget=7"],
    ["a flag of a similar name", "heap-growing-percent", ["--heap-growing-percentile"], "--heap-growing-percent=7"],
  ])("%s", (_given, name, execArgv, want) => {
    const set: string[] = [];
    expect(setV8FlagUnlessGiven(name, 7, execArgv, (flags) => set.push(flags))).toBe(want);
    expect(set).toEqual(want ? [want] : []);
  });

  it.each([
    ["turned off, node given no such flag", false, ["--import", "tsx"], "--no-turbo-inlining"],
    ["turned on, node given no such flag", true, [], "--turbo-inlining"],
    ["node given it on", false, ["--turbo-inlining"], undefined],
    ["node given it off", false, ["--no-turbo-inlining"], undefined],
    ["node given it off with underscores", false, ["--no_turbo_inlining"], undefined],
    ["a longer flag starting with its name", false, ["--turbo-inlining-threshold=3"], "--no-turbo-inlining"],
  ])("a boolean flag, %s", (_given, value, execArgv, want) => {
    const set: string[] = [];
    expect(setV8FlagUnlessGiven("turbo-inlining", value, execArgv, (flags) => set.push(flags))).toBe(want);
    expect(set).toEqual(want ? [want] : []);
  });
});
