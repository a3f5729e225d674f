/**
 * `jetschema init`: starts a registry in a repository, new or existing. It plans every file it
 * would write (schemas/, package.json scripts, .gitignore lines, the CI workflow), refuses when
 * one exists already unless `force`, then writes them all through writeChecked, so the registry
 * it leaves behind passes `jetschema check` or nothing is written at all.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fromPackageRoot } from "../base/package-root.js";
import { formatDiagnostic } from "../base/diagnostics.js";
import { setJsonValue } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";
import { writeChecked, type FileWrite } from "./transaction.js";

export type EnvelopeKind = "default" | "cloudevents";

export interface InitOptions {
  /** The repository root (where package.json is). */
  cwd: string;
  /** The registry folder, relative to cwd. */
  schemas: string;
  namespace?: string;
  package?: string;
  envelope: EnvelopeKind;
  force: boolean;
}

export interface InitResult {
  namespace: string;
  packageName: string;
  /** Paths written or changed, relative to cwd. */
  written: string[];
  /** Paths that existed and were replaced (only with force). */
  replaced: string[];
}

export const EXAMPLE_EVENT = "example.created";
export const SCRIPTS = { generate: "jetschema generate", check: "jetschema check" } as const;
const GITIGNORE_LINES = ["node_modules/", ".generated.new-*/", ".generated.old-*/"];
const NAMESPACE = /^[A-Za-z0-9_-]+$/;

/** What init writes, decided before anything is touched. */
interface Plan {
  namespace: string;
  packageName: string;
  /** Files init owns: refused when present, unless force. */
  owned: FileWrite[];
  /** Files init edits in place: package.json scripts, .gitignore lines. */
  edits: FileWrite[];
  conflicts: string[];
}

export function initRegistry(options: InitOptions): InitResult {
  const plan = planInit(options);
  if (plan.conflicts.length > 0 && !options.force) {
    throw new ScaffoldError(`nothing written; these exist already (run again with --force to replace them):\n${plan.conflicts.map((c) => "  " + c).join("\n")}`);
  }
  const schemasDir = join(options.cwd, options.schemas);
  const outcome = writeChecked(schemasDir, [], [...plan.owned, ...plan.edits]);
  if (outcome.introduced.length > 0) {
    throw new ScaffoldError(`nothing written; the registry init would write does not check:\n${outcome.introduced.map((d) => "  " + formatDiagnostic(d, schemasDir)).join("\n")}`);
  }
  const rel = (w: FileWrite) => relative(options.cwd, w.path);
  return {
    namespace: plan.namespace,
    packageName: plan.packageName,
    written: [...plan.owned, ...plan.edits].map(rel),
    replaced: plan.conflicts,
  };
}

function planInit(options: InitOptions): Plan {
  const cwd = resolve(options.cwd);
  const schemas = join(cwd, options.schemas);
  const pkgPath = join(cwd, "package.json");
  const pkgText = existsSync(pkgPath) ? readFileSync(pkgPath, "utf8") : undefined;
  const repoName = pkgText !== undefined ? packageNameIn(pkgPath, pkgText) : undefined;
  const namespace = options.namespace ?? namespaceFrom(repoName ?? basename(cwd));
  if (!NAMESPACE.test(namespace)) throw new ScaffoldError(`--namespace "${namespace}" is not a namespace: letters, digits, _ and - only (it is the first subject token)`);
  const packageName = options.package ?? defaultPackageName(repoName, namespace);

  const owned: FileWrite[] = [
    { path: join(schemas, "registry.json"), text: json(registryJson(cwd, schemas, namespace, packageName, options.envelope)) },
    { path: join(schemas, "envelope.schema.json"), text: readFileSync(fromPackageRoot("templates", "init", options.envelope === "cloudevents" ? "cloudevents.schema.json" : "envelope.schema.json"), "utf8") },
    { path: join(schemas, ...EXAMPLE_EVENT.split("."), "1.0.json"), text: json(exampleSchema()) },
    { path: join(cwd, ".github", "workflows", "events.yml"), text: readFileSync(fromPackageRoot("templates", "init", "events.yml"), "utf8") },
  ];
  const conflicts = owned.filter((w) => existsSync(w.path)).map((w) => relative(cwd, w.path));

  let scripts = pkgText ?? json({ name: packageNameFor(basename(cwd)), version: "1.0.0", private: true });
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const current = scriptIn(scripts, name);
    if (current === command) continue;
    if (current !== undefined) conflicts.push(`package.json scripts.${name} ("${current}")`);
    scripts = setJsonValue(scripts, ["scripts", name], command);
  }
  const edits: FileWrite[] = [{ path: pkgPath, text: scripts }];
  const gitignore = join(cwd, ".gitignore");
  const ignored = existsSync(gitignore) ? readFileSync(gitignore, "utf8") : "";
  const missing = GITIGNORE_LINES.filter((line) => !ignored.split(/\r?\n/).includes(line));
  if (missing.length > 0) {
    const sep = ignored === "" || ignored.endsWith("\n") ? "" : "\n";
    edits.push({ path: gitignore, text: `${ignored}${sep}# jetschema: its cache (node_modules/.cache/jetschema) and the staging folders of generate\n${missing.join("\n")}\n` });
  }
  return { namespace, packageName, owned, edits, conflicts };
}

function registryJson(cwd: string, schemas: string, namespace: string, packageName: string, envelope: EnvelopeKind): Record<string, unknown> {
  // Through the project's node_modules, not wherever this jetschema runs from: the path stays
  // right for everyone who clones the repository and runs npm ci.
  const schemaPath = relative(schemas, join(cwd, "node_modules", "jetschema", "generator", "load", "registry.schema.json")).split("\\").join("/");
  return {
    $schema: schemaPath,
    namespace,
    package: { name: packageName, version: "0.1.0" },
    envelope:
      envelope === "cloudevents"
        ? { schema: "envelope.schema.json", fields: { id: "id", type: "type", time: "time", version: "version", source: "source", data: "data" }, cloudevents: { mode: "structured" } }
        : { schema: "envelope.schema.json" },
    streams: {
      EVENTS: { description: `Every event of the ${namespace} namespace.`, subjects: [`${namespace}.>`], max_age: "168h", duplicate_window: "2m" },
    },
    consumers: {
      "example-reader": { description: `Reads ${EXAMPLE_EVENT}: the consumer of the example.`, stream: "EVENTS", filter_subject: `${namespace}.example.>` },
    },
  };
}

function exampleSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Example Created",
    description: "An example event written by jetschema init: publish it, consume it, then replace it with your own (jetschema new <event>).",
    type: "object",
    required: ["id", "name"],
    properties: {
      id: { type: "string", minLength: 1, description: "Identifier of the example." },
      name: { type: "string", description: "A name to show." },
    },
    additionalProperties: false,
    examples: [{ id: "ex-1", name: "first example" }],
  };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

function packageNameIn(path: string, text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    throw new ScaffoldError(`${path} is not valid JSON; fix it first`);
  }
}

function scriptIn(text: string, name: string): string | undefined {
  const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts;
  const value = scripts?.[name];
  return typeof value === "string" ? value : undefined;
}

/** The namespace a package or folder name suggests: its last part, without an -events suffix. */
export function namespaceFrom(name: string): string {
  const last = name.split("/").pop()!.replace(/-events$/, "");
  return last.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "events";
}

/** The generated package's name: `<scope>/<namespace>-events`, never the repository's own name. */
export function defaultPackageName(repoName: string | undefined, namespace: string): string {
  const scope = repoName?.startsWith("@") ? repoName.split("/")[0] + "/" : "";
  const name = `${scope}${namespace.toLowerCase()}-events`;
  return name === repoName ? `${name}-generated` : name;
}

function packageNameFor(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+/, "") || "events";
}
