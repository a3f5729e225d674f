/**
 * The CI workflow `init` writes, placed where GitHub runs it: `.github/workflows/` at the
 * repository's root, whichever folder of it the registry's project is. A project at the root gets
 * `events.yml`; a package below it gets `events-<namespace>.yml`, so that two registries of one
 * monorepo each keep their own, with jetschema run in the package and the install run where the
 * lock file is (the workspace root, or the project when it is on its own).
 *
 * The template is npm's; a project that installs with pnpm or Yarn gets that tool's install
 * (`npm ci` fails without package-lock.json) and its way to run jetschema: under Yarn Plug'n'Play
 * there is no node_modules/.bin for `npx` to find jetschema in.
 */
import { join } from "node:path";
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from "yaml";
import { commandsOf, type PackageManager, type PackageManagerName } from "./package-manager.js";
import { posixRelative, type ProjectPlaces } from "./project-places.js";

export interface InitWorkflow {
  path: string;
  text: string;
  /** The folder the jetschema steps run in, relative to the repository's root ("" at the root). */
  runsIn: string;
}

const LOCK_FILE: Record<PackageManagerName, string> = { npm: "package-lock.json", pnpm: "pnpm-lock.yaml", yarn: "yarn.lock" };

/** `template`: npm's workflow for a project at the root, its commands already given the registry folder. */
export function initWorkflow(places: ProjectPlaces, namespace: string, template: string, pm: PackageManager): InitWorkflow {
  const workflows = join(places.repository, ".github", "workflows");
  const runsIn = posixRelative(places.repository, places.project);
  const path = join(workflows, runsIn === "" ? "events.yml" : `events-${namespace}.yml`);
  if (runsIn === "" && pm.name === "npm") return { path, text: template, runsIn };
  const doc = parseDocument(template);
  if (runsIn !== "") doc.set("name", `events (${namespace})`);
  const installIn = posixRelative(places.repository, places.install);
  const commands = commandsOf(pm);
  for (const step of steps(doc)) {
    const run = step.get("run");
    const uses = step.get("uses");
    if (typeof run === "string" && /\bjetschema\b/.test(run)) {
      step.set("run", run.replace(/^npx jetschema\b/, commands.exec("jetschema")));
      if (runsIn !== "") step.set("working-directory", runsIn);
    }
    if (run === "npm ci") {
      step.set("run", commands.install);
      if (installIn !== "") step.set("working-directory", installIn);
    }
    if (typeof uses === "string" && uses.startsWith("actions/setup-node")) setUpNode(step, pm, installIn);
  }
  const jobSteps = stepList(doc);
  const setupNode = jobSteps?.items.findIndex((s) => isMap(s) && String(s.get("uses")).startsWith("actions/setup-node")) ?? -1;
  if (jobSteps && setupNode >= 0) {
    // setup-node's pnpm cache asks pnpm for its store, so pnpm comes first; Corepack comes with Node.
    if (pm.name === "pnpm") jobSteps.items.splice(setupNode, 0, doc.createNode({ uses: "pnpm/action-setup@v4", ...(pm.declared ? {} : { with: { version: pm.major ?? "latest" } }) }));
    if (pm.name === "yarn" && pm.berry) jobSteps.items.splice(setupNode + 1, 0, doc.createNode({ run: pm.declared ? "corepack enable" : `corepack enable && corepack install -g yarn@${pm.major ?? 4}` }));
  }
  return { path, text: doc.toString({ flowCollectionPadding: false }), runsIn };
}

/**
 * setup-node's dependency cache for the package manager, keyed on its lock file (looked for at the
 * root unless named). Yarn Berry has none here: setup-node would ask the Yarn 1 of the runner, as
 * Corepack is enabled only after Node is set up.
 */
function setUpNode(step: YAMLMap, pm: PackageManager, installIn: string): void {
  if (pm.name === "yarn" && pm.berry) {
    step.deleteIn(["with", "cache"]);
    return;
  }
  step.setIn(["with", "cache"], pm.name);
  if (installIn !== "") step.setIn(["with", "cache-dependency-path"], `${installIn}/${LOCK_FILE[pm.name]}`);
}

/** The steps of the workflow's first job, as a YAML sequence to insert into. */
function stepList(doc: Document) {
  const jobs = doc.get("jobs");
  const job = isMap(jobs) ? jobs.items[0]?.value : undefined;
  const list = isMap(job) ? job.get("steps") : undefined;
  return isSeq(list) ? list : undefined;
}

/** Every step of every job of the workflow. */
function steps(doc: Document): YAMLMap[] {
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return [];
  return jobs.items.flatMap(({ value: job }) => {
    const steps = isMap(job) ? job.get("steps") : undefined;
    return isSeq(steps) ? steps.items.filter(isMap) : [];
  });
}
