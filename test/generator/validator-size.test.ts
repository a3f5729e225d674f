/**
 * The emitted validators stay small (issue 17, target 3: ≤ 10 KB per event on the synthetic
 * registry) without losing a check: shared definitions compile to one function per module, error
 * reports share one table, and the module is minified. Verdicts and errors are checked against
 * ajv by the conformance, differential and fuzz suites; this checks the size and the shape.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { emitValidators, validatorExports } from "../../generator/emit/validators.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-validator-size-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function validatorCode(events: number): string {
  return emitted(events).code;
}

function emitted(events: number): { code: string; exports: number } {
  const dir = join(tmp, `registry-${events}`);
  writeSyntheticRegistry(dir, { events });
  const { model, schemas } = checkRegistryAt(dir, { standalone: true });
  const validators = emitValidators(model, schemas);
  const code = [...validators.files].filter(([path]) => path.endsWith(".js")).map(([, js]) => js).join("\n");
  return { code, exports: validatorExports(model, schemas.modules()).exportOf.size };
}

describe("emitted validator size", () => {
  const cases = [{ given: "60 synthetic events (one module)", events: 60, wantBytesPerEventAtMost: 10_000 }];
  for (const { given, events, wantBytesPerEventAtMost } of cases) {
    it(`${given}: at most ${wantBytesPerEventAtMost} bytes per event`, () => {
      const code = validatorCode(events);
      expect(Buffer.byteLength(code) / events).toBeLessThanOrEqual(wantBytesPerEventAtMost);
    }, 120_000);
  }

  it("compiles a shared definition once, however many events refer to it", () => {
    const { code, exports } = emitted(60);
    // One function per exported validator, one per definition of defs/common.json the events use
    // (at most three), and the error helpers (two); not one copy of Money per event using it.
    expect(code.match(/\bfunction\b/g)!.length).toBeLessThanOrEqual(exports + 3 + 2);
  }, 120_000);

  it("keeps every error's constants in one table, the report sites pass only what varies", () => {
    const code = validatorCode(60);
    expect(code).not.toMatch(/schemaPath:/);
    expect(code).toMatch(/"#\/required","required",\{"missingProperty":"field_0"\},"must have required property 'field_0'"/);
  }, 120_000);
});
