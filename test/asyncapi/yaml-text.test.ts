import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { asyncApiDocument, asyncApiYaml, YAML_OPTIONS } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { yamlText } from "../../generator/emit/asyncapi/yaml-text.js";
import { exportAll } from "./registries.js";

const library = (value: Record<string, unknown>) => stringify(value, YAML_OPTIONS);

/** given: a value under key `k`; written: whether yaml-text writes it (else it leaves it to the library). */
const values: Array<{ given: string; value: unknown; written: boolean }> = [
  { given: "a plain word", value: "string", written: true },
  { given: "words with inner punctuation", value: 'Use a,b [x] {y} x"y and -a, ~b', written: true },
  { given: "a string with both quote kinds inside", value: `it's "quoted"`, written: true },
  { given: "the empty string", value: "", written: true },
  { given: "YAML 1.1 booleans and null", value: ["yes", "No", "ON", "off", "y", "N", "true", "False", "null", "~", "NULL"], written: true },
  { given: "numbers and dates as strings", value: ["1", "-2", "+3", "0x1F", "0b101", "017", "1_000", "1.5", ".5", "1e5", "e5", "E+10", ".inf", "-.Inf", ".NaN", "1:30", "1:30.5", "2025-06-01", "2025-06-01T09:00:00Z"], written: true },
  { given: "indicators first", value: ["-", "?", "- a", "? a", "-a", "?a", ":a", "#a", "&a", "*a", "!a", "|a", ">a", "'a", '"a', "%a", "@a", "`a", ",a", "[a", "{a", "]a", "}a"], written: true },
  { given: "`: ` and ` #` inside, a space or `:` last", value: ["a: b", "a #b", "a#b", "a:b", "a ", "a:", " a"], written: true },
  { given: "a merge key and a value indicator", value: ["<<", "="], written: true },
  { given: "non-ASCII letters and a no-break space", value: ["é ü 日本", "\u00a0x"], written: true },
  { given: "integers, -0 and floats", value: [0, -0, 1, -3, 2 ** 53, 1e21, 1.5, 0.1, 1e-7, -2.5e-300], written: true },
  { given: "booleans and null", value: [true, false, null], written: true },
  { given: "empty collections at every depth", value: { a: {}, b: [], c: [{}, [], [[]]], d: { e: { f: {} } } }, written: true },
  { given: "sequences of sequences and of mappings", value: [[1, [2, 3]], [{ a: 1, b: [{ c: [] }] }, {}], { d: [[{ e: null }]] }], written: true },
  { given: "keys that need quotes", value: { "a: b": 1, "#c": 2, "- d": 3, "": 4, yes: 5, "1": 6, "x y": { "'q'": true, '"r"': false } }, written: true },
  { given: "a multi-line string", value: "one\ntwo", written: false },
  { given: "a tab", value: "a\tb", written: false },
  { given: "a control character", value: "a\u0007b", written: false },
  { given: "a line separator", value: "a\u2028b", written: false },
  { given: "a document marker", value: "--- a", written: false },
  { given: "a lone surrogate", value: "a\ud800", written: false },
  { given: "an undefined member", value: { a: undefined }, written: false },
  { given: "a key longer than an implicit key may be", value: { ["k".repeat(1100)]: 1 }, written: false },
  { given: "a Date", value: new Date(0), written: false },
  { given: "NaN", value: Number.NaN, written: false },
];

describe("yaml-text: the library's text for the AsyncAPI emitter's options, written directly", () => {
  it.each(values)("$given", ({ value, written }) => {
    const doc = { k: value };
    const text = yamlText(doc);
    if (written) expect(text).toBe(library(doc));
    else expect(text).toBeUndefined();
  });

  it("an empty mapping", () => {
    expect(yamlText({})).toBe(library({}));
  });

  it("random documents: the library's text wherever it writes one, and most of them", () => {
    const random = seeded(20261205);
    let written = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = randomMapping(random, 0);
      const text = yamlText(doc);
      if (text === undefined) continue;
      written++;
      expect(text, JSON.stringify(doc)).toBe(library(doc));
    }
    expect(written).toBeGreaterThan(1500);
  });

  it.each(exportAll())("$dir: the whole document and each of its sections as the library writes them", ({ model, yaml }) => {
    const doc = asyncApiDocument(model);
    expect(yaml).toBe(asyncApiYaml(model));
    expect(yaml.slice(yaml.indexOf("\n") + 1)).toBe(library(doc));
    for (const section of sections(doc)) {
      const text = yamlText(section);
      if (text !== undefined) expect(text).toBe(library(section));
    }
  });
});

/** The document's entries three mappings deep, each as its own `{ key: value }`, as YamlSections splits it. */
function sections(doc: Record<string, unknown>, depth = 3): Array<Record<string, unknown>> {
  return Object.entries(doc).flatMap(([key, value]) =>
    depth > 1 && typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 ? sections(value as Record<string, unknown>, depth - 1) : [{ [key]: value }],
  );
}

/** A small deterministic generator (mulberry32), so a failure is found again. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces strings are made of: words, YAML's indicators and keywords, digits, quotes, spaces, non-ASCII, now and then a newline or a tab. */
const PIECES = ["a", "type", "Yes", "no", "on", "null", "~", "e", "E", "1", "0x", "0b", "_", ".", "-", "+", ":", "#", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "<<", "=", " ", " ", "é", "日", "\u00a0", "---", "...", "2025-06-01", "T09:00:00Z", "inf", "nan"];
const RARE = ["\n", "\t", "\u2028", "\u0001"];

function randomString(random: () => number): string {
  const parts: string[] = [];
  const length = Math.floor(random() * 5);
  for (let i = 0; i < length; i++) parts.push(random() < 0.01 ? RARE[Math.floor(random() * RARE.length)]! : PIECES[Math.floor(random() * PIECES.length)]!);
  return parts.join("");
}

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth < 4 && pick < 0.2) return randomMapping(random, depth + 1);
  if (depth < 4 && pick < 0.35) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  if (pick < 0.45) return [0, -0, 1, -7, 1.5, 1e21, 1e-7, 123456789][Math.floor(random() * 8)];
  if (pick < 0.5) return [true, false, null][Math.floor(random() * 3)];
  return randomString(random);
}

function randomMapping(random: () => number, depth: number): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  const size = Math.floor(random() * 4);
  for (let i = 0; i < size; i++) mapping[randomString(random)] = randomValue(random, depth);
  return mapping;
}
