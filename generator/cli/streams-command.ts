/**
 * `jetschema streams diff|apply --server <url>`: compares the server's streams and consumers
 * with registry.json (diff) and makes them match (apply), through the runtime's planStreams /
 * applyStreams / formatPlan. Exit codes: diff 0 = the server matches, 1 = something would change
 * (or is refused); apply 0 = applied (or, with --dry-run, could be), 1 = an item failed or was
 * refused; 2 = the server could not be reached or jetschema failed.
 */
import type { Command } from "commander";
import { withConnectionOptions } from "./connection-options.js";
import { EXIT } from "./exit-codes.js";
import { subjectPrefixOption } from "./subject-prefix-option.js";
import type { Io } from "./io.js";
import { loadDescriptor, reportingServerErrors, withServer, type ServerOptions } from "./server-registry.js";

interface StreamsOptions extends ServerOptions {
  replicas?: string;
  dryRun?: boolean;
}

export function registerStreams(program: Command, io: Io): void {
  const streams = program.command("streams").description("compare the server's streams and consumers with registry.json, or make them match");
  const common = (cmd: Command) =>
    withConnectionOptions(cmd)
      .option("--schemas <dir>", "registry folder", "schemas")
      .option("--replicas <n>", "override every stream's replicas (1 on a single dev server)")
      .option("--prefix <prefix>", "the runtime subjectPrefix, the environment (\"prod\" → prod.<subject>, stream prod_<STREAM>, consumer prod-<consumer>)");

  common(streams.command("diff").description("show what apply would create or change (exit 1 when the server differs)")).action(
    (opts: StreamsOptions) => run(io, opts, false),
  );
  common(streams.command("apply").description("create or update streams and durable consumers to match registry.json"))
    .option("--dry-run", "report what would be applied; change nothing")
    .action((opts: StreamsOptions) => run(io, opts, true));
}

async function run(io: Io, opts: StreamsOptions, apply: boolean): Promise<void> {
  let replicas: number | undefined;
  if (opts.replicas !== undefined) {
    replicas = Number(opts.replicas);
    if (!Number.isInteger(replicas) || replicas < 1) {
      io.err(`--replicas ${opts.replicas}: expected a whole number >= 1`);
      io.exit(EXIT.USAGE);
      return;
    }
  }
  await reportingServerErrors(io, async () => {
    const registry = loadDescriptor(opts.schemas);
    const runtime = await import("@jetschema/runtime");
    const subjectPrefix = subjectPrefixOption(runtime.normalizeSubjectPrefix, opts.prefix);
    await withServer(opts, async (nc) => {
      const { jetstreamManager } = await import("@nats-io/jetstream");
      const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 5_000 });
      const plan = await runtime.planStreams(jsm, registry, { ...(replicas ? { replicas } : {}), subjectPrefix });
      if (!apply) {
        io.out(forTheCommandLine(runtime.formatPlan(plan)));
        io.exit(plan.items.every((i) => i.action === "unchanged") ? EXIT.OK : EXIT.INVALID);
        return;
      }
      const result = await runtime.applyStreams(jsm, plan, { dryRun: opts.dryRun ?? false });
      if (opts.dryRun) io.out(forTheCommandLine(runtime.formatPlan(plan)));
      (result.ok ? io.out : io.err)(forTheCommandLine(runtime.formatApplyResult(result)));
      io.exit(result.ok ? EXIT.OK : EXIT.INVALID);
    });
  });
}

/** The runtime's hints name its API; on the command line the same fix is a flag. */
function forTheCommandLine(text: string): string {
  return text.replaceAll("ensureStreams({ replicas: 1 })", "--replicas 1");
}
