/** How the docs harness reads a transcript and compares a run's output with it (test/docs/transcript.ts). */
import { describe, expect, it } from "vitest";
import { compareOutput, parseTranscript } from "./transcript.js";

describe("parseTranscript", () => {
  it("splits `$ ` commands from the lines they print", () => {
    expect(parseTranscript("$ a\nout 1\nout 2\n$ b\n")).toEqual([
      { command: "a", expected: ["out 1", "out 2"] },
      { command: "b", expected: [] },
    ]);
  });
});

describe("compareOutput", () => {
  it.each([
    { name: "the same lines", doc: ["x", "y"], run: "x\ny\n", same: true },
    { name: "a line more", doc: ["x"], run: "x\ny\n", same: false },
    { name: "a line less", doc: ["x", "y"], run: "x\n", same: false },
    { name: "`...` for any lines", doc: ["x", "...", "z"], run: "x\n1\n2\nz\n", same: true },
    { name: "`...` for no lines", doc: ["x", "...", "z"], run: "x\nz\n", same: true },
    { name: "`...` does not skip what follows it", doc: ["x", "...", "z"], run: "x\n1\n", same: false },
    { name: "a line ending in ... is a prefix", doc: ["error: a b, ..."], run: "error: a b, c d e\n", same: true },
    { name: "a prefix must still match", doc: ["error: a x, ..."], run: "error: a b, c\n", same: false },
    { name: "milliseconds and their padding are not compared", doc: ["load   512 ms", "in 2208 ms"], run: "load 1529 ms\nin 4700 ms\n", same: true },
    { name: "counts are compared", doc: ["generated 62 files in 2208 ms"], run: "generated 49 files in 4700 ms\n", same: false },
    { name: "timestamps are not compared", doc: ["#1  2025-01-31T12:00:03.120Z  x"], run: "#1  2026-12-04T14:44:05.386Z  x\n", same: true },
    { name: "commit ids are not compared", doc: ["against origin/main (1a2b3c4d5e6f): 20"], run: "against origin/main (993dad7935d3): 20\n", same: true },
    { name: "no output against no lines", doc: [], run: "", same: true },
  ])("$name", ({ doc, run, same }) => {
    expect(compareOutput(doc, run) === undefined).toBe(same);
  });

  it("says what the doc shows and what the run printed", () => {
    expect(compareOutput(["x"], "y\n")).toBe("the doc shows:\nx\n--- the run printed:\ny\n");
  });
});
