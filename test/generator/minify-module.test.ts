/**
 * minify-module.ts: esbuild's Go service is started with GOGC at ESBUILD_GOGC (less of its CPU
 * spent collecting), unless the user set GOGC; and the minified module is the same code either
 * way, and the process's own environment is left as it was. Each case runs in a fresh process (the service inherits the environment of the thread that
 * starts it, once), which reads its esbuild child's environment from /proc.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ESBUILD_GOGC } from "../../generator/validators/minify-module.js";
import { REPO_ROOT } from "../support/bin.js";

const MODULE = join(REPO_ROOT, "dist/generator/validators/minify-module.js");
const CODE = "const longLocalName = 1; export function validate(value) { return value === longLocalName; }";

/** In a fresh node: the minified code, and the GOGC its esbuild service was started with. */
function minifyInProcess(env: NodeJS.ProcessEnv, sync: boolean): { code: string; gogc: string | null; after: string | null } {
  const script = `
    import { execFileSync } from "node:child_process";
    import { readFileSync } from "node:fs";
    import { minifyModule, minifyModuleAsync } from ${JSON.stringify(MODULE)};
    const code = ${sync} ? minifyModule(${JSON.stringify(CODE)}) : await minifyModuleAsync(${JSON.stringify(CODE)});
    const children = execFileSync("pgrep", ["-f", "esbuild --service"]).toString().trim().split("\\n");
    const envs = children.map((pid) => { try { return readFileSync("/proc/" + pid + "/environ", "utf8"); } catch { return ""; } });
    const mine = envs.find((e) => e.includes("JETSCHEMA_TEST_MARK=" + process.pid)) ?? "";
    const gogc = mine.split("\\0").find((v) => v.startsWith("GOGC="))?.slice(5) ?? null;
    console.log(JSON.stringify({ code, gogc, after: process.env.GOGC ?? null }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `process.env.JETSCHEMA_TEST_MARK = String(process.pid);${script}`], { env, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!) as { code: string; gogc: string | null; after: string | null };
}

const withoutGogc = () => {
  const env = { ...process.env };
  delete env.GOGC;
  return env;
};

describe.runIf(process.platform === "linux")("esbuild's collector", () => {
  it.each([
    { given: "no GOGC, the asynchronous call", env: withoutGogc(), sync: false, want: ESBUILD_GOGC },
    { given: "no GOGC, the synchronous call", env: withoutGogc(), sync: true, want: ESBUILD_GOGC },
    { given: "the user's GOGC", env: { ...withoutGogc(), GOGC: "150" }, sync: false, want: "150" },
  ])("$given: the service runs with GOGC=$want, and the process's environment is as it was", ({ env, sync, want }) => {
    const { code, gogc, after } = minifyInProcess(env, sync);
    expect(gogc).toBe(want);
    expect(after).toBe(env.GOGC ?? null);
    expect(code).not.toContain("longLocalName");
    expect(code).toContain("export");
  });
});
