/** The `jetschema` command line: one file per command (listed in commands.ts), wired here. */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { COMMANDS, commandNamed } from "./commands.js";
import { EXIT } from "./exit-codes.js";
import type { Io } from "./io.js";
import { fromPackageRoot } from "../base/package-root.js";

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
  // Only the command being run is loaded; the others are listed for --help and usage errors.
  const running = commandNamed(argv.slice(2));
  if (running) (await running.load())(program, sink);
  else for (const c of COMMANDS) program.command(c.usage).summary(c.summary);
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
