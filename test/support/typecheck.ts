/**
 * The TypeScript compiler as a user's project runs it, for tests that compile generated code or
 * code written against it: its output, "" when everything compiles (tsc prints nothing then).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** A strict consumer on Node: the options every test's project starts from. */
const STRICT_NODE = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"] };

/** `tsc -p project`: what it printed, or "" when the project compiles. */
export function typecheckProject(project: string): string {
  try {
    execFileSync(process.execPath, [TSC, "-p", project], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || String(err);
  }
}

/** Writes `dir/tsconfig.json` listing `files` (strict, NodeNext, and `options` over that), then typecheckProject. */
export function typecheckFiles(dir: string, files: string[], options: Record<string, unknown> = {}): string {
  const project = join(dir, "tsconfig.json");
  writeFileSync(project, JSON.stringify({ compilerOptions: { ...STRICT_NODE, ...options }, files }));
  return typecheckProject(project);
}
