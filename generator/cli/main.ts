/** The `jetschema` command line: one file per command, wired here. */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { registerAsyncApi } from "./asyncapi-command.js";
import { registerBump } from "./bump-command.js";
import { registerCheck } from "./check-command.js";
import { registerDlq } from "./dlq-command.js";
import { EXIT } from "./exit-codes.js";
import { registerGenerate } from "./generate-command.js";
import type { Io } from "./io.js";
import { registerNew } from "./new-command.js";
import { registerPermissions } from "./permissions-command.js";
import { fromPackageRoot } from "../package-root.js";
import { registerStreams } from "./streams-command.js";
import { registerValidate } from "./validate-command.js";

const pkg = JSON.parse(readFileSync(fromPackageRoot("package.json"), "utf8")) as { version: string };

export async function main(argv: string[], io?: Partial<Io>): Promise<number> {
  let code: number = EXIT.OK;
  const sink: Io = {
    out: io?.out ?? ((l) => process.stdout.write(l + "\n")),
    err: io?.err ?? ((l) => process.stderr.write(l + "\n")),
    exit: (c) => {
      code = c;
    },
  };
  const program = new Command("jetschema")
    .description("JSON Schema registry -> typed NATS JetStream events")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => sink.out(s.trimEnd()), writeErr: (s) => sink.err(s.trimEnd()) })
    .exitOverride();
  registerGenerate(program, sink);
  registerValidate(program, sink);
  registerCheck(program, sink);
  registerStreams(program, sink);
  registerDlq(program, sink);
  registerNew(program, sink);
  registerBump(program, sink);
  registerPermissions(program, sink);
  registerAsyncApi(program, sink);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => sink.out(s.trimEnd()), writeErr: (s) => sink.err(s.trimEnd()) });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  }
  return code;
}
