/**
 * The CI workflow `init` writes, placed where GitHub runs it: `.github/workflows/` at the
 * repository's root, whichever folder of it the registry's project is. A project at the root gets
 * the template as it is (`events.yml`); a package below it gets `events-<namespace>.yml`, so that
 * two registries of one monorepo each keep their own, with jetschema run in the package and
 * `npm ci` where package-lock.json is (the workspace root, or the project when it is on its own).
 */
import { join } from "node:path";
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from "yaml";
import { posixRelative, type ProjectPlaces } from "./project-places.js";

export interface InitWorkflow {
  path: string;
  text: string;
  /** The folder the jetschema steps run in, relative to the repository's root ("" at the root). */
  runsIn: string;
}

/** `template`: the workflow for a project at the root, its commands already given the registry folder. */
export function initWorkflow(places: ProjectPlaces, namespace: string, template: string): InitWorkflow {
  const workflows = join(places.repository, ".github", "workflows");
  const runsIn = posixRelative(places.repository, places.project);
  if (runsIn === "") return { path: join(workflows, "events.yml"), text: template, runsIn };
  const doc = parseDocument(template);
  doc.set("name", `events (${namespace})`);
  const installIn = posixRelative(places.repository, places.install);
  for (const step of steps(doc)) {
    const run = step.get("run");
    const uses = step.get("uses");
    if (typeof run === "string" && /\bjetschema\b/.test(run)) step.set("working-directory", runsIn);
    if (installIn === "") continue;
    if (run === "npm ci") step.set("working-directory", installIn);
    // setup-node looks for the lock file at the root; its cache is keyed on the one npm ci reads.
    if (typeof uses === "string" && uses.startsWith("actions/setup-node")) step.setIn(["with", "cache-dependency-path"], `${installIn}/package-lock.json`);
  }
  return { path: join(workflows, `events-${namespace}.yml`), text: doc.toString({ flowCollectionPadding: false }), runsIn };
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
