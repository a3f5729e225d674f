/** emit/package/override-package-json.ts: what an override's package.json gains, keeps, and is refused for. */
import { describe, expect, it } from "vitest";
import { withLoadImports } from "../../generator/emit/package/override-package-json.js";

const LOAD = { module: "./load/bundled.js", default: "./load/node.js" };
const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

const CASES: Array<{ given: string; pkg: unknown; want?: unknown; refused?: RegExp }> = [
  { given: "no imports, no files", pkg: { name: "a" }, want: { name: "a", imports: { "#load": LOAD } } },
  { given: "files without load/", pkg: { name: "a", files: ["index.js"] }, want: { name: "a", files: ["index.js", "load/"], imports: { "#load": LOAD } } },
  { given: "files with load (any spelling npm reads as the folder)", pkg: { files: ["./load"], imports: { "#load": LOAD } }, want: { files: ["./load"], imports: { "#load": LOAD } } },
  { given: "imports of its own", pkg: { imports: { "#x": "./x.js" } }, want: { imports: { "#x": "./x.js", "#load": LOAD } } },
  { given: "a #load of its own, one loader", pkg: { imports: { "#load": "./load/node.js" } }, want: { imports: { "#load": "./load/node.js" } } },
  { given: "a #load of its own, nested conditions and a null", pkg: { imports: { "#load": { browser: null, node: { import: "./load/node.js" }, default: ["./load/bundled.js"] } } }, want: { imports: { "#load": { browser: null, node: { import: "./load/node.js" }, default: ["./load/bundled.js"] } } } },
  { given: "a #load naming a file the package does not have", pkg: { imports: { "#load": { module: "./load/bundled.js", default: "./lib/load.js" } } }, refused: /"#load" names "\.\/lib\/load\.js", which the package does not have/ },
  { given: "a #load naming no file", pkg: { imports: { "#load": null } }, refused: /"#load" names no file/ },
];

describe.each(CASES)("an override's package.json with $given", ({ pkg, want, refused }) => {
  it(refused ? "is refused, saying which file" : "gives a package that imports", () => {
    if (refused) expect(() => withLoadImports(json(pkg))).toThrow(refused);
    else expect(JSON.parse(withLoadImports(json(pkg)))).toEqual(want);
  });
});

it("text that is not a JSON object is left for prettier to report", () => {
  for (const text of ["not json", "[1]", "null"]) expect(withLoadImports(text)).toBe(text);
});

it("a package.json that needs nothing is kept byte for byte", () => {
  const text = '{ "imports": { "#load": "./load/node.js" } }\n';
  expect(withLoadImports(text)).toBe(text);
});
