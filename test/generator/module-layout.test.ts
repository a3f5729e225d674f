/**
 * validators/module-layout.ts: a large registry's validators are spread over `<domain>.<n>`
 * modules by the first 32 bits of the sha256 of each event's name. The hash is kept per name for
 * the process (a watch session lays the modules out on every save): the layout must stay what
 * the hash itself gives, on the first call and on later ones, here computed apart with node:crypto.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { moduleExports, validatorModules } from "../../generator/validators/module-layout.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";

const dir = mkdtempSync(join(tmpdir(), "jetschema-module-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("validatorModules of a registry split into buckets", () => {
  it("puts each event's versions in the bucket its name's sha256 gives, every time it is asked", () => {
    writeSyntheticRegistry(dir, { events: 700 });
    const { model } = checkRegistryAt(dir);
    const eventOf = new Map(model.majors.flatMap((m) => m.versions.map((v) => [v.file, m.event] as const)));
    for (let call = 0; call < 2; call++) {
      const bucketed = validatorModules(model).filter((m) => /\.\d+$/.test(m.path));
      expect(bucketed.length).toBeGreaterThan(10);
      for (const module of bucketed) {
        const [, domain, bucket] = /\/([^/]+)\.(\d+)$/.exec(module.path)!;
        const buckets = validatorModules(model).filter((m) => m.path.startsWith(`validators/${module.dialect}/${domain}.`)).length;
        for (const file of module.files) {
          const event = eventOf.get(file)!;
          expect(event.split(".")[0]).toBe(domain);
          expect(parseInt(createHash("sha256").update(event).digest("hex").slice(0, 8), 16) % buckets).toBe(Number(bucket));
        }
      }
    }
  });
});

describe("moduleExports, kept per model and module", () => {
  it("answers each model for itself, and the same as a fresh model of the same registry", () => {
    const { model } = checkRegistryAt("schemas");
    const modules = validatorModules(model);
    const first = modules.map((module) => moduleExports(model, module));
    expect(modules.map((module) => moduleExports(model, module))).toEqual(first);
    const fresh = checkRegistryAt("schemas").model;
    expect(validatorModules(fresh).map((module) => moduleExports(fresh, module))).toEqual(first);

    // Another model, its first major now a request with a reply: the same module objects export the reply too.
    const major = model.majors[0]!;
    const withReply = { ...model, majors: model.majors.map((m) => (m === major ? { ...m, requestReply: {} } : m)) } as RegistryModel;
    const holding = modules.find((module) => module.files.includes(major.latest.file))!;
    const names = (m: RegistryModel) => moduleExports(m, holding).exports.map(([, name]) => name);
    expect(names(model).filter((name) => name.endsWith("_reply"))).toEqual([]);
    expect(names(withReply).filter((name) => name.endsWith("_reply"))).toHaveLength(1);
    expect(names(model).filter((name) => name.endsWith("_reply"))).toEqual([]);
  });
});
