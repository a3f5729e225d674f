/**
 * Set-up of every test file that shares its worker process with others (vitest.config.ts, the
 * "shared" project): the file must leave the process as it found it, or a later file would run in
 * what it left. Checked after the file's own hooks: the environment variables, the working folder,
 * and the globals by name (mermaid's support sets `window` and `document`, after which
 * json-schema-ref-parser takes the process for a browser) and by symbol (the OpenTelemetry API
 * registers a tracer provider under `Symbol.for("opentelemetry.js.api.1")`). A file that fails
 * here belongs in the "fresh" project, or must restore what it changed.
 */
import { afterAll } from "vitest";

const envBefore = { ...process.env };
const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
const symbolsBefore = new Set(Object.getOwnPropertySymbols(globalThis));
const cwdBefore = process.cwd();
/** tslib's helpers (`__extends`, `__awaiter`, ...), which its UMD build sets on globalThis when @asyncapi's packages load it: the same functions whoever loads them. */
const TSLIB_HELPERS = /^__[a-z][A-Za-z]*$/;

afterAll(() => {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(envBefore), ...Object.keys(process.env)])) {
    if (process.env[key] !== envBefore[key]) changed.push(`process.env.${key} ${key in envBefore ? (key in process.env ? "changed" : "deleted") : "added"}`);
  }
  for (const name of Object.getOwnPropertyNames(globalThis)) if (!globalsBefore.has(name) && !TSLIB_HELPERS.test(name)) changed.push(`global ${name} added`);
  for (const symbol of Object.getOwnPropertySymbols(globalThis)) if (!symbolsBefore.has(symbol)) changed.push(`global ${String(symbol)} added`);
  if (process.cwd() !== cwdBefore) changed.push(`working directory changed to ${process.cwd()}`);
  if (changed.length > 0) throw new Error(`this test file left the shared process changed: ${changed.join("; ")}`);
});
