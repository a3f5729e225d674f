/**
 * `jetschema permissions [--format authorization|accounts] [--prefix p] [--nkeys] [--admin [user]] [--out file]`:
 * nats-server configuration giving every service of the registry exactly its declared traffic
 * (generator/permissions/, docs/security.md). Prints to stdout, or writes --out (whole or not at all).
 * Exit codes: 0 written; 1 the registry cannot be granted (a service without a consumer, ...);
 * 2 usage or jetschema failure.
 */
import type { Command } from "commander";
import { checkRegistryAt } from "../front-end/front-end.js";
import { computePermissions } from "../permissions/compute-permissions.js";
import { renderConfig, type ConfigFormat } from "../permissions/render-config.js";
import { EXIT } from "./exit-codes.js";
import { subjectPrefixOption } from "./subject-prefix-option.js";
import { reportFailure, type Io } from "./io.js";
import { writeWhole } from "../write/whole-file.js";

interface PermissionsOptions {
  schemas: string;
  format: string;
  prefix: string[];
  nkeys?: boolean;
  admin?: string | boolean;
  out?: string;
}

const FORMATS: readonly ConfigFormat[] = ["authorization", "accounts"];

export function registerPermissions(program: Command, io: Io): void {
  program
    .command("permissions")
    .description("emit nats-server users and permissions: each service may publish and consume exactly what registry.json declares")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--format <format>", "authorization (users in the global account) or accounts (one account per registry)", "authorization")
    .option(
      "--prefix <prefix>",
      "the runtime subjectPrefix (\"prod\" → prod.<subject>, stream prod_<STREAM>, user prod-<service>); repeat it for several environments in one account",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--nkeys", "nkey users (public keys from $<SERVICE>_NKEY) instead of passwords ($<SERVICE>_PASSWORD)")
    .option("--admin [user]", "add an administrator user (default jetschema-admin) for provisioning (ensureStreams, jetschema streams apply) and jetschema dlq")
    .option("--out <file>", "write the configuration to this file instead of stdout")
    .action(async (opts: PermissionsOptions) => {
      if (!FORMATS.includes(opts.format as ConfigFormat)) {
        io.err(`--format ${opts.format}: expected ${FORMATS.join(" or ")}`);
        io.exit(EXIT.USAGE);
        return;
      }
      try {
        const { environmentNames, normalizeSubjectPrefix } = await import("@jetschema/runtime");
        const prefixes: string[] = [];
        for (const prefix of opts.prefix.length > 0 ? new Set(opts.prefix) : [""]) prefixes.push(subjectPrefixOption(normalizeSubjectPrefix, prefix));
        const { model } = checkRegistryAt(opts.schemas);
        const admin = opts.admin === true ? "jetschema-admin" : typeof opts.admin === "string" ? opts.admin : undefined;
        // One environment per prefix; their users side by side in one configuration (one account).
        const environments = prefixes.map((subjectPrefix) =>
          computePermissions(model, {
            subjectPrefix,
            names: environmentNames(subjectPrefix),
            ...(admin !== undefined ? { admin } : {}),
          }),
        );
        const perms = { ...environments[0]!, users: environments.flatMap((e) => e.users) };
        const text = renderConfig(perms, { format: opts.format as ConfigFormat, nkeys: opts.nkeys ?? false, source: opts.schemas });
        if (opts.out) {
          writeWhole(opts.out, text);
          io.out(`wrote permissions for ${perms.users.length} user(s) to ${opts.out}`);
        } else {
          io.out(text.trimEnd());
        }
      } catch (err) {
        reportFailure(io, err);
      }
    });
}
