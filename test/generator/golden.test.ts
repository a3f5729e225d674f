/**
 * Golden output: generated/ is committed and must be exactly what the generator produces from
 * schemas/. A diff here means either a generator change (regenerate and review the diff) or a
 * hand edit of generated/ (never).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-golden-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("golden output for schemas/", () => {
  it("regenerating schemas/ into a temp dir reproduces the committed generated/ byte for byte", async () => {
    const out = join(tmp, "generated");
    await generate({ schemas: "schemas", out });
    const fresh = readTree(out);
    const committed = readTree("generated");
    expect([...fresh.keys()]).toEqual([...committed.keys()]);
    for (const [path, content] of fresh) {
      expect(content, `generated/${path} differs from what the generator produces`).toBe(committed.get(path));
    }
  });

  it("is deterministic: two renders are identical", async () => {
    const a = await renderPackage({ schemas: "schemas", out: tmp });
    const b = await renderPackage({ schemas: "schemas", out: tmp });
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it("emits the package shape services import", () => {
    const committed = readTree("generated");
    for (const f of ["package.json", "index.js", "index.d.ts", "registry.js", "subjects.js", "subjects.d.ts", "streams.js", "streams.d.ts", "validators/draft7.js", "types/_shared.d.ts", "types/position.admitted.d.ts"]) {
      expect(committed.has(f), f).toBe(true);
    }
    const validators = committed.get("validators/draft7.js")!;
    expect(validators).not.toMatch(/\brequire\(/);
    expect(validators).not.toMatch(/module\.exports/);
    // Shared definitions are declared once and imported, not copied into each event file.
    const admitted = committed.get("types/position.admitted.d.ts")!;
    expect(admitted).toMatch(/import type \{[^}]*PositionID[^}]*\} from "\.\/_shared\.js"/);
    expect(admitted).not.toMatch(/export (type|interface) PositionID\b/);
    expect(committed.get("types/_shared.d.ts")).toMatch(/export type PositionID = string;/);
  });
});
