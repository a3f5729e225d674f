/**
 * The cache keys' prefix changes with the generator's code that runs (cache/fingerprint.ts): any
 * edit of a script or a template renews every key, while the build's declarations and source maps,
 * which change nothing the generator does, are not read at all.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { digestOfCode, generatorCodeRoot } from "../../generator/cache/fingerprint.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-fingerprint-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small build: a script with its declaration and map, a nested one, and a template. */
function build(name: string): { code: string; templates: string } {
  const code = join(tmp, name, "generator");
  const templates = join(tmp, name, "templates");
  mkdirSync(join(code, "emit"), { recursive: true });
  mkdirSync(templates, { recursive: true });
  writeFileSync(join(code, "pipeline.js"), "export const a = 1;\n");
  writeFileSync(join(code, "pipeline.d.ts"), "export declare const a = 1;\n");
  writeFileSync(join(code, "pipeline.js.map"), '{"version":3}\n');
  writeFileSync(join(code, "emit", "types.ts"), "export const b = 2;\n");
  writeFileSync(join(templates, "index.hbs"), "{{name}}\n");
  return { code, templates };
}

describe("the generator code's digest", () => {
  it.each([
    { given: "a script edited", file: "generator/pipeline.js", want: "changed" },
    { given: "a nested source edited", file: "generator/emit/types.ts", want: "changed" },
    { given: "a template edited", file: "templates/index.hbs", want: "changed" },
    { given: "a script added", file: "generator/emit/new.js", want: "changed" },
    { given: "a declaration edited", file: "generator/pipeline.d.ts", want: "the same" },
    { given: "a source map edited", file: "generator/pipeline.js.map", want: "the same" },
    { given: "a declaration added", file: "generator/emit/new.d.ts", want: "the same" },
  ])("$given: $want", ({ file, want }) => {
    const before = build(`before-${file.replace(/\W/g, "-")}`);
    const after = join(tmp, `after-${file.replace(/\W/g, "-")}`);
    cpSync(join(before.code, ".."), after, { recursive: true });
    writeFileSync(join(after, file), "// edited\n");
    const same = digestOfCode(before.code, before.templates) === digestOfCode(join(after, "generator"), join(after, "templates"));
    expect(same ? "the same" : "changed").toBe(want);
  });
});

describe("the folder of the code that runs", () => {
  it.each([
    { given: "the command line's bundle", folder: "/pkg/dist/generator/bundle", want: "/pkg/dist/generator/bundle" },
    { given: "tsc's output", folder: "/pkg/dist/generator/cache", want: "/pkg/dist/generator" },
    { given: "the source under tsx or vitest", folder: "/repo/generator/cache", want: "/repo/generator" },
  ])("$given: $want", ({ folder, want }) => {
    expect(generatorCodeRoot(folder)).toBe(want);
  });
});
