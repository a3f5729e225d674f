import { Option, type Command } from "commander";
import { initRegistry, type EnvelopeKind } from "../scaffold/init-registry.js";
import { ScaffoldError } from "../scaffold/scaffold-error.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

interface InitFlags {
  schemas: string;
  namespace?: string;
  package?: string;
  envelope: EnvelopeKind;
  force?: boolean;
}

export function registerInit(program: Command, io: Io): void {
  program
    .command("init")
    .description(
      "start a registry in this repository: schemas/ (registry.json, envelope, an example event and a stream), package.json scripts, .gitignore lines and a CI workflow; existing files are listed and nothing is written unless --force",
    )
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--namespace <name>", "first subject token (default: from package.json's name, else the folder name)")
    .option("--package <name>", "name of the generated npm package (default: <scope>/<namespace>-events)")
    .addOption(new Option("--envelope <kind>", "the base event every event is wrapped in").choices(["default", "cloudevents"]).default("default"))
    .option("--force", "replace files that exist already")
    .action((opts: InitFlags) => {
      try {
        const r = initRegistry({
          cwd: process.cwd(),
          schemas: opts.schemas,
          envelope: opts.envelope,
          force: Boolean(opts.force),
          ...(process.env.npm_config_user_agent !== undefined ? { userAgent: process.env.npm_config_user_agent } : {}),
          ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
          ...(opts.package !== undefined ? { package: opts.package } : {}),
        });
        io.out(`started the ${r.namespace} registry (package ${r.packageName}):`);
        for (const file of r.written) io.out(`  ${file}`);
        if (r.workflow.runsIn !== "") io.out(`the CI workflow ${r.workflow.path} is at the repository's root (GitHub runs workflows from there only); its jetschema steps run in ${r.workflow.runsIn}`);
        if (!r.editorSchema) io.out(`registry.json has no "$schema": Yarn Plug'n'Play keeps jetschema in a zip archive, which editors cannot read a schema from (nodeLinker: node-modules in .yarnrc.yml installs it where they can)`);
        if (r.replaced.length > 0) io.out(`replaced (--force): ${r.replaced.join(", ")}`);
        io.out(`next: ${r.commands.runScript("generate")}, or add your first event: ${r.commands.exec("jetschema new order.placed")}`);
      } catch (err) {
        if (err instanceof ScaffoldError) {
          io.err(`jetschema init: ${err.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        reportFailure(io, err);
      }
    });
}
