/**
 * `jetschema init`: starts a registry in a repository, new or existing, or in one package of it.
 * It plans every file it would write (schemas/, package.json scripts, .gitignore lines, the CI
 * workflow at the repository's root), refuses when one exists already unless `force`, then
 * writes them all through writeChecked, so the registry it leaves behind passes `jetschema check`
 * or nothing is written at all.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../base/usage-error.js";
import { fromPackageRoot } from "../base/package-root.js";
import { formatDiagnostic } from "../base/diagnostics.js";
import { initWorkflow } from "./init-workflow.js";
import { installedRegistrySchema } from "./installed-registry-schema.js";
import { commandsOf, packageManagerOf, type PackageManager } from "./package-manager.js";
import { posixRelative, projectPlaces } from "./project-places.js";
import { setJsonValue } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";
import { writeChecked, type FileWrite } from "./transaction.js";

export type EnvelopeKind = "default" | "cloudevents";

export interface InitOptions {
  /** The project (where package.json is): the repository's root, or a package below it. */
  cwd: string;
  /** The registry folder, relative to cwd. */
  schemas: string;
  namespace?: string;
  package?: string;
  envelope: EnvelopeKind;
  force: boolean;
  /** `npm_config_user_agent` of the package manager running init, when the project does not say which it uses. */
  userAgent?: string;
}

export interface InitResult {
  namespace: string;
  packageName: string;
  /** Paths written or changed, relative to cwd. */
  written: string[];
  /** Paths that existed and were replaced (only with force). */
  replaced: string[];
  /** The CI workflow: its path relative to cwd, and the folder its jetschema steps run in, relative to the repository's root ("" when cwd is the root). */
  workflow: { path: string; runsIn: string };
  /** How the project runs a package.json script and an installed bin, for the next steps init suggests. */
  commands: { runScript: (script: string) => string; exec: (command: string) => string };
  /** Whether registry.json has a `$schema` for editors (not under Yarn Plug'n'Play, which keeps jetschema in a zip archive). */
  editorSchema: boolean;
}

export const EXAMPLE_EVENT = "example.created";
export const SCRIPTS = { generate: "jetschema generate", check: "jetschema check" } as const;
/** The registry folder `init` writes when not told otherwise: the commands' default, so its scripts need no flag. */
const DEFAULT_SCHEMAS = "schemas";
/** What a --schemas path may hold: it goes unquoted into package.json's scripts and the CI workflow. */
const PLAIN_PATH = /^[A-Za-z0-9._/-]+$/;
const BOM = "\uFEFF";
const GITIGNORE_LINES = ["node_modules/", ".generated.new-*/", ".generated.old-*/"];
const NAMESPACE = /^[A-Za-z0-9_-]+$/;

/** What init writes, decided before anything is touched. */
interface Plan {
  namespace: string;
  packageName: string;
  workflow: { path: string; runsIn: string };
  packageManager: PackageManager;
  editorSchema: boolean;
  /** Files init owns: refused when present, unless force. */
  owned: FileWrite[];
  /** Files init edits in place: package.json scripts, .gitignore lines. */
  edits: FileWrite[];
  conflicts: string[];
}

export function initRegistry(given: InitOptions): InitResult {
  const options = { ...given, schemas: registryFolder(given.cwd, given.schemas) };
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
    workflow: { path: relative(options.cwd, plan.workflow.path), runsIn: plan.workflow.runsIn },
    commands: commandsOf(plan.packageManager),
    editorSchema: plan.editorSchema,
  };
}

/**
 * --schemas as a path inside the project, relative to it ("reg", "events/schemas"). The scripts
 * and the CI workflow init writes name it, and they run in every clone of the repository: a
 * folder outside it (an absolute path elsewhere, "../shared") would be a path of this machine
 * only, so it is refused (exit 2) rather than written somewhere else.
 */
function registryFolder(cwd: string, schemas: string): string {
  const inside = relative(resolve(cwd), resolve(cwd, schemas));
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new UsageError(`--schemas ${schemas}: the registry folder must be inside the project (${resolve(cwd)}): package.json's scripts and the CI workflow name it, and they run in every clone`);
  }
  const path = inside.split(sep).join("/");
  if (!PLAIN_PATH.test(path)) throw new UsageError(`--schemas ${schemas}: use letters, digits, ".", "_", "-" and "/" only: the path goes unquoted into package.json's scripts and the CI workflow`);
  return path;
}

/** The text of `path` when it is a file, undefined when it does not exist; a folder in its place is the user's to move. */
function readIfFile(cwd: string, path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) throw new ScaffoldError(`${relative(cwd, path)} is a folder, not a file; nothing written`);
  return readFileSync(path, "utf8");
}

function planInit(options: InitOptions): Plan {
  const cwd = resolve(options.cwd);
  const schemas = join(cwd, options.schemas);
  if (existsSync(schemas) && !statSync(schemas).isDirectory()) throw new ScaffoldError(`${options.schemas} is a file, not a folder; nothing written (move it, or choose another folder with --schemas)`);
  const pkgPath = join(cwd, "package.json");
  const pkgFile = readIfFile(cwd, pkgPath);
  // npm reads a package.json that starts with a byte order mark; so does init, and keeps the mark.
  const bom = pkgFile?.startsWith(BOM) ? BOM : "";
  const pkgText = pkgFile?.slice(bom.length);
  const repoName = pkgText !== undefined ? packageNameIn(pkgText) : undefined;
  const namespace = options.namespace ?? namespaceFrom(repoName ?? basename(cwd));
  if (!NAMESPACE.test(namespace)) throw new ScaffoldError(`--namespace "${namespace}" is not a namespace: letters, digits, _ and - only (it is the first subject token)`);
  const packageName = options.package ?? defaultPackageName(repoName, namespace);
  const places = projectPlaces(cwd);
  const packageManager = packageManagerOf(places.install, options.userAgent);
  const registrySchema = installedRegistrySchema(places);
  const workflow = initWorkflow(places, namespace, withSchemas(readFileSync(fromPackageRoot("templates", "init", "events.yml"), "utf8"), options.schemas), packageManager);

  const owned: FileWrite[] = [
    { path: join(schemas, "registry.json"), text: json(registryJson(registrySchema, schemas, namespace, packageName, options.envelope)) },
    { path: join(schemas, "envelope.schema.json"), text: readFileSync(fromPackageRoot("templates", "init", options.envelope === "cloudevents" ? "cloudevents.schema.json" : "envelope.schema.json"), "utf8") },
    { path: join(schemas, ...EXAMPLE_EVENT.split("."), "1.0.json"), text: json(exampleSchema()) },
    { path: workflow.path, text: workflow.text },
  ];
  const conflicts = owned.filter((w) => existsSync(w.path)).map((w) => relative(cwd, w.path));

  let scripts = pkgText ?? json({ name: packageNameFor(basename(cwd)), version: "1.0.0", private: true });
  for (const [name, plain] of Object.entries(SCRIPTS)) {
    const command = withSchemas(plain, options.schemas);
    const current = scriptIn(scripts, name);
    if (current === command) continue;
    if (current !== undefined) conflicts.push(`package.json scripts.${name} ("${current}")`);
    scripts = setJsonValue(scripts, ["scripts", name], command);
  }
  const edits: FileWrite[] = [{ path: pkgPath, text: pkgFile === undefined ? scripts : bom + scripts }];
  const gitignore = join(cwd, ".gitignore");
  const ignored = readIfFile(cwd, gitignore) ?? "";
  const missing = GITIGNORE_LINES.filter((line) => !ignored.split(/\r?\n/).includes(line));
  if (missing.length > 0) {
    const sep = ignored === "" || ignored.endsWith("\n") ? "" : "\n";
    edits.push({ path: gitignore, text: `${ignored}${sep}# jetschema: its cache (node_modules/.cache/jetschema) and the staging folders of generate\n${missing.join("\n")}\n` });
  }
  return { namespace, packageName, workflow, packageManager, editorSchema: registrySchema !== undefined, owned, edits, conflicts };
}

function registryJson(registrySchema: string | undefined, schemas: string, namespace: string, packageName: string, envelope: EnvelopeKind): Record<string, unknown> {
  return {
    // Relative, through the repository's node_modules: right for everyone who clones it and runs npm ci.
    ...(registrySchema !== undefined ? { $schema: posixRelative(schemas, registrySchema) } : {}),
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

/** Every `jetschema <command>` in `text` with `--schemas folder` when it is not the commands' default. */
function withSchemas(text: string, folder: string): string {
  return folder === DEFAULT_SCHEMAS ? text : text.replace(/\bjetschema (generate|check)\b/g, `jetschema $1 --schemas ${folder}`);
}

function packageNameIn(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScaffoldError(`package.json is not valid JSON; fix it first`);
  }
  // The scripts go into it: an array or a string has no place for them.
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ScaffoldError(`package.json is not an object (it holds ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}); fix it first`);
  const name = (parsed as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
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
