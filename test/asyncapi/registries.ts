/**
 * Every registry in the repository, exported to AsyncAPI, plus SlotWise switched to CloudEvents
 * binary mode (a temporary copy), the one content mode no registry here publishes by default.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";
import { asyncApiYaml } from "../../generator/emit/asyncapi/emit-asyncapi.js";

export const BINARY_SLOTWISE = "examples/slotwise in binary mode";
export const REGISTRIES = ["schemas", "examples/slotwise", "examples/rules-engine", "examples/giia", "test/fixtures/good/features", BINARY_SLOTWISE] as const;

export interface Exported {
  dir: string;
  model: RegistryModel;
  yaml: string;
}

export function exportAll(): Exported[] {
  return REGISTRIES.map((dir) => {
    const { model } = dir === BINARY_SLOTWISE ? withBinarySlotWise((copy) => checkRegistryAt(copy)) : checkRegistryAt(dir);
    return { dir, model, yaml: asyncApiYaml(model) };
  });
}

function withBinarySlotWise<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-asyncapi-"));
  try {
    cpSync("examples/slotwise", dir, { recursive: true });
    const path = join(dir, "registry.json");
    const config = JSON.parse(readFileSync(path, "utf8")) as { envelope: { cloudevents: { mode: string } } };
    config.envelope.cloudevents.mode = "binary";
    writeFileSync(path, JSON.stringify(config));
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
