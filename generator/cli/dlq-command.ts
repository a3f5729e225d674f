/**
 * `jetschema dlq list|replay --server <url>`: shows the dead letters of registry.json's dead-letter
 * stream with their reason, and republishes them to their original subject, removing each from
 * the dead-letter stream only once the original stream acked the replay (runtime listDeadLetters
 * and replayDeadLetters). Exit codes: 0 done, 1 some replay failed (those stay in the DLQ),
 * 2 bad options, unreachable server, or jetschema failed.
 */
import type { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import { withConnectionOptions } from "./connection-options.js";
import { unknownName } from "../base/unknown-name.js";
import { EXIT } from "./exit-codes.js";
import { subjectPrefixOption } from "./subject-prefix-option.js";
import type { Io } from "./io.js";
import { loadDescriptor, reportingServerErrors, withServer, type ServerOptions } from "./server-registry.js";

interface DlqOptions extends ServerOptions {
  consumer?: string;
  event?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  dryRun?: boolean;
}

export function registerDlq(program: Command, io: Io): void {
  const dlq = program.command("dlq").description("list and replay dead letters");
  const common = (cmd: Command) =>
    withConnectionOptions(cmd)
      .option("--schemas <dir>", "registry folder", "schemas")
      .option("--consumer <name>", "only this consumer's dead letters")
      .option("--event <name>", "only dead letters of this event (position.admitted)")
      .option("--since <time>", 'only those dead-lettered since an ISO time or a duration ago ("2h")')
      .option("--prefix <prefix>", "the runtime subjectPrefix the consumers run with");

  common(dlq.command("list").description("show dead letters with their reason, oldest first"))
    .option("--limit <n>", "at most this many")
    .option("--json", "one JSON object per line (headers as an object, body as text or base64)")
    .action((opts: DlqOptions) => run(io, opts, "list"));
  common(dlq.command("replay").description("republish dead letters to their original subject and remove them from the DLQ"))
    .option("--dry-run", "show what would be replayed; change nothing")
    .action((opts: DlqOptions) => run(io, opts, "replay"));
}

async function run(io: Io, opts: DlqOptions, verb: "list" | "replay"): Promise<void> {
  await reportingServerErrors(io, async () => {
    const registry = loadDescriptor(opts.schemas);
    const runtime = await import("@jetschema/runtime");
    const limit = opts.limit === undefined ? undefined : Number(opts.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      io.err(`--limit ${opts.limit}: expected a whole number >= 1`);
      io.exit(EXIT.USAGE);
      return;
    }
    if (!registry.dlq) {
      io.err(`${opts.schemas}/registry.json has no "dlq": there is no dead-letter stream`);
      io.exit(EXIT.INVALID);
      return;
    }
    const consumers = registry.consumers.map((c) => c.name);
    if (opts.consumer !== undefined && !consumers.includes(opts.consumer)) throw unknownName("consumer", opts.consumer, consumers);
    const events = [...new Set(Object.values(registry.events).map((e) => e.name))].sort();
    if (opts.event !== undefined && !events.includes(opts.event)) throw unknownName("event", opts.event, events);
    let since: Date | undefined;
    try {
      since = opts.since === undefined ? undefined : runtime.parseSince(opts.since);
    } catch (err) {
      io.err((err as Error).message);
      io.exit(EXIT.USAGE);
      return;
    }
    if (since && Number.isNaN(since.getTime())) {
      io.err(`Invalid --since ${JSON.stringify(opts.since)}: it reaches back before the earliest time a date can hold (271821 BC); use a shorter duration or an ISO time`);
      io.exit(EXIT.USAGE);
      return;
    }
    const query = {
      consumer: opts.consumer,
      event: opts.event,
      since,
      limit,
      subjectPrefix: subjectPrefixOption(runtime.normalizeSubjectPrefix, opts.prefix),
    };
    await withServer(opts, async (nc) => {
      const { jetstreamManager } = await import("@nats-io/jetstream");
      const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 5_000 });
      if (!(await streamExists(jsm, registry.dlq!.stream))) {
        io.err(`stream ${registry.dlq!.stream} (dlq in ${opts.schemas}/registry.json) does not exist on the server: create it with jetschema streams apply`);
        io.exit(EXIT.INVALID);
        return;
      }
      if (verb === "list") {
        const letters = await runtime.listDeadLetters(jsm, registry, query);
        if (opts.json) {
          for (const d of letters) io.out(JSON.stringify(d));
        } else {
          io.out(runtime.formatDeadLetters(letters));
        }
        io.exit(EXIT.OK);
        return;
      }
      const result = await runtime.replayDeadLetters(nc, registry, { ...query, dryRun: opts.dryRun ?? false });
      (result.ok ? io.out : io.err)(runtime.formatReplayResult(result));
      io.exit(result.ok ? EXIT.OK : EXIT.INVALID);
    });
  });
}

async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  const { JetStreamApiCodes, JetStreamApiError } = await import("@nats-io/jetstream");
  try {
    await jsm.streams.info(name);
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return false;
    throw err;
  }
}
