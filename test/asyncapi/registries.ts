/**
 * Every registry in the repository, exported to AsyncAPI, plus two temporary copies: SlotWise
 * switched to CloudEvents binary mode, the one content mode no registry here publishes by default,
 * and the minor-unions fixture with a service consuming every event (AsyncAPI tools such as
 * Modelina make models of the messages operations carry, and the fixture declares no service).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";
import { asyncApiYaml } from "../../generator/emit/asyncapi/emit-asyncapi.js";

export const BINARY_SLOTWISE = "examples/slotwise in binary mode";
export const SERVED_MINOR_UNIONS = "test/fixtures/good/minor-unions with a service";
export const REGISTRIES = ["schemas", "examples/slotwise", "examples/rules-engine", "examples/giia", "test/fixtures/good/features", SERVED_MINOR_UNIONS, BINARY_SLOTWISE] as const;

type Config = Record<string, any>;

/** Each temporary copy: the registry it copies and its registry.json edit. */
const COPIES: Record<string, { from: string; edit: (config: Config) => void }> = {
  [BINARY_SLOTWISE]: { from: "examples/slotwise", edit: (config) => void (config.envelope.cloudevents.mode = "binary") },
  [SERVED_MINOR_UNIONS]: {
    from: "test/fixtures/good/minor-unions",
    edit: (config) => void (config.services = { gardener: { consumes: ["tree.grown", "tree.planted", "tree.pruned", "tree.updated"] } }),
  },
};

export interface Exported {
  dir: string;
  model: RegistryModel;
  yaml: string;
}

export function exportAll(): Exported[] {
  return REGISTRIES.map((dir) => {
    const copy = COPIES[dir];
    const { model } = copy ? withCopy(copy.from, copy.edit, (at) => checkRegistryAt(at)) : checkRegistryAt(dir);
    return { dir, model, yaml: asyncApiYaml(model) };
  });
}

function withCopy<T>(from: string, edit: (config: Config) => void, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-asyncapi-"));
  try {
    cpSync(from, dir, { recursive: true });
    const path = join(dir, "registry.json");
    const config = JSON.parse(readFileSync(path, "utf8")) as Config;
    edit(config);
    writeFileSync(path, JSON.stringify(config));
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
