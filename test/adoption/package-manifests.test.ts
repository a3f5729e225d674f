/**
 * The package.json files this project ships, read as npm reads them. JSON.parse (and so npm)
 * keeps the last of two equal keys without a word: a second `peerDependencies` block once
 * dropped the runtime's peer dependency on nats.js, which the runtime imports values from
 * (`headers`, `Match`), and nothing failed. Each manifest is parsed by the generator's own strict
 * loader, which names a duplicate key with its pointer, and what the packs promise is checked:
 * every package the shipped code loads is one its manifest declares, so an install from the
 * tarball has it (the adoption test runs the commands a project starts with; this covers every
 * command's code, loaded or not).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../generator/load/json-file.js";

const MANIFESTS = ["package.json", "runtime/package.json", "generated/package.json"];

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  files?: string[];
}

function manifest(file: string): Manifest {
  const parsed = parseJson(file, readFileSync(file, "utf8"));
  if (!("value" in parsed)) throw new Error(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}`);
  return parsed.value as Manifest;
}

describe("shipped package manifests", () => {
  it.each(MANIFESTS)("%s parses strictly, with no key given twice", (file) => {
    expect(() => manifest(file)).not.toThrow();
  });

  it("the strict parse does catch a key given twice (the check can fail)", () => {
    const text = '{ "peerDependencies": { "a": "1" }, "peerDependencies": { "b": "2" } }';
    expect(parseJson("package.json", text)).toMatchObject({ message: expect.stringMatching(/duplicate/i) });
  });

  it("the runtime declares nats.js (required) and the OpenTelemetry API (optional) as peers, at ranges the repository's own installs satisfy", () => {
    const runtime = manifest("runtime/package.json");
    const root = manifest("package.json");
    expect(Object.keys(runtime.peerDependencies ?? {}).sort()).toEqual(["@nats-io/transport-node", "@opentelemetry/api"]);
    expect(runtime.peerDependenciesMeta).toEqual({ "@opentelemetry/api": { optional: true } });
    // The root installs the copies the runtime is built and tested against.
    const installed = { ...root.dependencies, ...root.devDependencies };
    expect(installed["@nats-io/transport-node"]).toBe(runtime.peerDependencies!["@nats-io/transport-node"]);
    expect(installed["@opentelemetry/api"]).toBeDefined();
  });
});

/**
 * The packages a folder of built JavaScript loads by name: static and dynamic imports, and the
 * `require`s (esbuild renames the generator's to `require2`…) and first-use loaders
 * (base/loaded-on-first-use.ts, base/required-on-first-use.ts) the generator defers its heavy
 * libraries with, and base/backtracking.ts's `beside(copy, "package/…")`, whose second argument is
 * the installed package it falls back to. Relative paths and node's builtins aside; a package by its name, not its subpath.
 */
function packagesLoaded(dir: string): Set<string> {
  const call = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\d*(?:\.resolve)?\s*\(\s*|\b(?:loadedOnFirstUse|requireOnFirstUse)(?:<[^>]*>)?\s*\(\s*|\bbeside\s*\(\s*[\w.]+\s*,\s*)(["'])((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:\/[^"']*)?\1/g;
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.[cm]?js$/.test(entry.name)) continue;
    for (const [, , name] of readFileSync(join(entry.parentPath, entry.name), "utf8").matchAll(call)) if (!isBuiltin(name!)) names.add(name!);
  }
  return names;
}

/**
 * `bundled`: packages whose code ships inside the folder (a file the build copies beside the
 * bundle), so the manifest must not make every project install them: a dev dependency only.
 */
const SHIPPED: Array<{ manifest: string; code: string; surely: string[]; bundled?: Array<{ name: string; file: string }> }> = [
  {
    manifest: "package.json",
    code: "dist/generator",
    surely: ["commander", "ajv", "handlebars", "prettier", "esbuild", "json-schema-to-typescript", "@jetschema/runtime", "recheck"],
    // recheck's pure JavaScript build, without its ~50 MB of optional native and Java packages.
    // And its name and version, which key the verdicts the cache keeps (base/backtracking.ts judgedBy).
    bundled: [
      { name: "recheck", file: "dist/generator/bundle/recheck.cjs" },
      { name: "recheck", file: "dist/generator/bundle/recheck.json" },
    ],
  },
  { manifest: "runtime/package.json", code: "runtime/dist", surely: ["@nats-io/jetstream", "@nats-io/transport-node"] },
  { manifest: "generated/package.json", code: "generated", surely: ["@jetschema/runtime", "ajv", "ajv-formats"] },
];

describe("what the shipped code loads, its manifest declares", () => {
  it.each(SHIPPED)("$code against $manifest", ({ manifest: file, code, surely, bundled = [] }) => {
    const declared = manifest(file);
    const loaded = packagesLoaded(code);
    // The scan finds what it must, so an empty or broken scan cannot pass.
    expect([...loaded]).toEqual(expect.arrayContaining(surely));
    for (const { name, file: copy } of bundled) {
      expect(existsSync(copy), `${copy}, the bundled ${name}`).toBe(true);
      expect(declared.dependencies?.[name], `${name} is bundled: a dev dependency only`).toBeUndefined();
      expect(declared.files, `${copy} is in the package's files`).toContain(copy);
    }
    const known = new Set([...Object.keys(declared.dependencies ?? {}), ...Object.keys(declared.peerDependencies ?? {}), declared.name, ...bundled.map((b) => b.name)]);
    expect([...loaded].filter((name) => !known.has(name))).toEqual([]);
  });
});

/** The files `npm pack` puts in the folder's tarball (what an install gets), without running its build. */
function packed(dir: string): Set<string> {
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8" })) as Array<{ files: { path: string }[] }>;
  return new Set(pack!.files.map((f) => f.path));
}

/** `file -> map` for every shipped script whose `//# sourceMappingURL=` names a map the pack leaves out (tools then warn, or fail to load it). */
function danglingMaps(dir: string, files: Set<string>): string[] {
  const dangling: string[] = [];
  for (const file of files) {
    if (!/\.([cm]?js|d\.[cm]?ts)$/.test(file)) continue;
    for (const [, url] of readFileSync(join(dir, file), "utf8").matchAll(/^\/\/[#@] sourceMappingURL=(\S+)\s*$/gm)) {
      if (url!.startsWith("data:")) continue;
      const map = posix.normalize(posix.join(posix.dirname(file), decodeURI(url!)));
      if (!files.has(map)) dangling.push(`${file} -> ${map}`);
    }
  }
  return dangling;
}

describe.each([
  { pack: "jetschema (the CLI)", dir: ".", scripts: "dist/generator/cli/main.js" },
  { pack: "@jetschema/runtime", dir: "runtime", scripts: "dist/index.js" },
  { pack: "the generated package", dir: "generated", scripts: "index.js" },
])("$pack's pack (npm pack --dry-run in $dir)", ({ dir, scripts }) => {
  it("has no shipped script naming a source map the pack leaves out", () => {
    const files = packed(dir);
    // The pack lists the built code: an empty list cannot pass.
    expect(files.has(scripts), `${dir}: ${scripts} is packed`).toBe(true);
    expect(danglingMaps(dir, files)).toEqual([]);
  });
});

it("a script naming a map the pack leaves out is found (the check can fail)", () => {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-maps-"));
  try {
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist/a.js"), "export {};\n//# sourceMappingURL=a.js.map\n");
    writeFileSync(join(dir, "dist/b.js"), "export {};\n//# sourceMappingURL=data:application/json;base64,e30=\n");
    writeFileSync(join(dir, "dist/c.js"), "export {};\n//# sourceMappingURL=c.js.map\n");
    expect(danglingMaps(dir, new Set(["dist/a.js", "dist/b.js", "dist/c.js", "dist/c.js.map"]))).toEqual(["dist/a.js -> dist/a.js.map"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("the generated package's pack (npm pack --dry-run in generated/)", () => {
  const files = packed("generated");
  const pkg = manifest("generated/package.json") as Manifest & { exports: Record<string, string | Record<string, string>> };

  it("ships no file of the generator's own (the output record) and a README for npm's page", () => {
    expect(files.has(".jetschema-output.json")).toBe(false);
    expect(files.has("README.md")).toBe(true);
  });

  it("ships every file its exports name", () => {
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
    expect(targets.map((t) => t.replace(/^\.\//, "")).filter((t) => !files.has(t))).toEqual([]);
  });

  it("ships every file a shipped file imports (relative imports; a .js import's .d.ts from a .d.ts)", () => {
    const missing: string[] = [];
    for (const file of files) {
      if (!/\.(js|d\.ts)$/.test(file)) continue;
      for (const [, spec] of readFileSync(join("generated", file), "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = posix.join(posix.dirname(file), spec!);
        const wanted = file.endsWith(".d.ts") ? target.replace(/\.js$/, ".d.ts") : target;
        if (!files.has(wanted)) missing.push(`${file} -> ${wanted}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
