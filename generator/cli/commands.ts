/**
 * Every `jetschema` command: its name, the one-line summary `jetschema --help` lists, and how to
 * load the module that registers it. A run loads only the command it runs, so `--version`,
 * `--help` and a no-op `generate` do not pay for the compiler, ajv, prettier or nats.js.
 */
import type { Command } from "commander";
import type { Io } from "./io.js";

type Register = (program: Command, io: Io) => void;

export interface CommandEntry {
  name: string;
  /** Name and arguments as `jetschema --help` lists them. */
  usage: string;
  summary: string;
  load: () => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "init", usage: "init", summary: "start a registry in this repository: schemas/, scripts, .gitignore, CI workflow", load: async () => (await import("./init-command.js")).registerInit },
  { name: "generate", usage: "generate", summary: "generate the typed event package from a registry", load: async () => (await import("./generate-command.js")).registerGenerate },
  { name: "validate", usage: "validate <event> <files...>", summary: "validate JSON documents against an event's schema", load: async () => (await import("./validate-command.js")).registerValidate },
  { name: "check", usage: "check", summary: "lint and compatibility, optionally against a git ref", load: async () => (await import("./check-command.js")).registerCheck },
  { name: "streams", usage: "streams", summary: "compare the server's streams and consumers with registry.json, or make them match", load: async () => (await import("./streams-command.js")).registerStreams },
  { name: "dlq", usage: "dlq", summary: "list and replay dead letters", load: async () => (await import("./dlq-command.js")).registerDlq },
  { name: "new", usage: "new <event>", summary: "scaffold version 1.0 of a new event", load: async () => (await import("./new-command.js")).registerNew },
  { name: "bump", usage: "bump <event>", summary: "start the next minor or major of an event; an unreleased edit of the latest minor moves into it", load: async () => (await import("./bump-command.js")).registerBump },
  { name: "version", usage: "version", summary: "set package.version to the bump the changes since a git ref need", load: async () => (await import("./version-command.js")).registerVersion },
  { name: "permissions", usage: "permissions", summary: "emit nats-server users and permissions from registry.json", load: async () => (await import("./permissions-command.js")).registerPermissions },
  { name: "asyncapi", usage: "asyncapi", summary: "write the registry as an AsyncAPI 3.0.0 document (YAML)", load: async () => (await import("./asyncapi-command.js")).registerAsyncApi },
];

/** The command a command line runs (`help <command>` included), if it names one. */
export function commandNamed(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}
