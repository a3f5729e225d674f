/** Dead letters and replay results as text, for `jetschema dlq list|replay`. */
import type { DeadLetter } from "./list.js";
import type { ReplayResult } from "./replay.js";

export function formatDeadLetters(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return "No dead letters.";
  const lines = letters.map((d) =>
    [
      `#${d.seq}`,
      d.time.toISOString(),
      d.consumer,
      d.reason,
      `${d.event ?? "?"}${d.eventVersion ? ` ${d.eventVersion}` : ""}`,
      `${d.stream} #${d.streamSequence}`,
      `deliveries ${d.deliveryCount}`,
      d.subject,
    ].join("  ") + `\n    ${d.error}` + omittedLine(d) + partsLine(d),
  );
  lines.push(`${letters.length} dead letter(s).`);
  return lines.join("\n");
}

export function formatReplayResult(result: ReplayResult): string {
  const verb = result.dryRun ? "would replay" : "replayed";
  const lines = result.replayed.map(
    ({ deadLetter: d, ack }) =>
      `${verb}: #${d.seq} ${d.event ?? "?"} -> ${d.subject}${ack ? ` (${ack.stream} #${ack.seq}${ack.duplicate ? ", duplicate" : ""})` : ""}`,
  );
  for (const { deadLetter: d, error } of result.failed) lines.push(`failed: #${d.seq} ${d.event ?? "?"}: ${error.message}`);
  lines.push(
    `${result.dryRun ? "Dry run: " : ""}${result.replayed.length} ${verb}${result.dryRun ? "" : " and removed from the dead-letter stream"}, ${result.failed.length} failed.`,
  );
  return lines.join("\n");
}

/** For a reference dead letter: where its original is, since the dead letter holds no copy. */
function omittedLine(d: DeadLetter): string {
  const omitted = d.omittedOriginal;
  if (!omitted) return "";
  return `\n    original not copied (${omitted.size} bytes, sha256 ${omitted.sha256.slice(0, 12)}…): see ${d.stream} #${d.streamSequence}`;
}

/** For a dead letter written in parts: how many, how large, and whether one is missing. */
function partsLine(d: DeadLetter): string {
  const parts = d.parts;
  if (!parts) return "";
  const problem = parts.problem === undefined ? "" : `: INCOMPLETE, ${parts.problem}; not replayable`;
  return `\n    original in ${parts.count} parts, ${parts.size} bytes${problem}`;
}
