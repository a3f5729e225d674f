/**
 * The names of shared definitions: every schema a `$ref` points at gets one name, used by the
 * TypeScript types (`types/_shared.d.ts`) and the AsyncAPI document (`components.schemas`) alike,
 * so a model generated from either reads the same.
 */
import { pascalCase } from "../model/names.js";
import type { RegistryModel } from "../model/registry-model.js";
import { BASE_URI } from "../resolve/resolve-refs.js";
import { getAtPointer } from "../base/json-pointer.js";
import { RESERVED_EXPORTS } from "../model/reserved-names.js";

/** The names given for each model: the types and the AsyncAPI document both ask, on every run. */
const named = new WeakMap<RegistryModel, ReadonlyMap<string, string>>();

/** Gives each `$ref` target a TypeScript name: its title, else its key, else its file name. */
export function nameSharedTargets(model: RegistryModel): ReadonlyMap<string, string> {
  let targets = named.get(model);
  if (!targets) named.set(model, (targets = namesOf(model)));
  return targets;
}

function namesOf(model: RegistryModel): Map<string, string> {
  const targets = new Map<string, string>();
  const taken = new Set<string>([...model.majors.flatMap((m) => [m.typeName, m.eventTypeName]), ...RESERVED_EXPORTS]);
  const refs = [...new Set(model.resolved.edges.map((e) => `${BASE_URI}${e.toFile}#${e.toPointer}`))].sort();
  for (const ref of refs) {
    const { file, pointer } = splitRef(ref);
    const target = schemaAt(model, ref);
    const lastKey = pointer.split("/").filter(Boolean).pop();
    const fileBase = file.replace(/\.json$/, "").split("/").pop()!;
    const candidates = [
      typeof target.title === "string" ? pascalCase(target.title) : undefined,
      lastKey ? pascalCase(lastKey) : undefined,
      pascalCase(fileBase),
    ].filter((c): c is string => !!c && /^[A-Za-z]/.test(c));
    let name = candidates.find((c) => !taken.has(c)) ?? `${pascalCase(file.replace(/\.json$/, ""))}${pascalCase(pointer)}`;
    for (let i = 2; taken.has(name); i++) name = `${candidates[0] ?? "Shared"}${i}`;
    taken.add(name);
    targets.set(ref, name);
  }
  return targets;
}

export function splitRef(ref: string): { file: string; pointer: string } {
  const [uri, pointer = ""] = ref.split("#");
  return { file: uri!.slice(BASE_URI.length), pointer };
}

export function schemaAt(model: RegistryModel, ref: string): Record<string, unknown> {
  const { file, pointer } = splitRef(ref);
  return getAtPointer(model.resolved.normalized.get(file), pointer) as Record<string, unknown>;
}
