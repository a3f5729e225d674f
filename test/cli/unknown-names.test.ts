/**
 * A name typed on the command line that the registry does not declare (an event, a version, a
 * major, a stream, a consumer) is a wrong command: exit 2 (docs/cli.md "Exit codes"), one line
 * naming what was given and listing what the registry declares (at most 20, nearest first), no
 * stack trace, and nothing written. Every command that takes such a name, run as a user runs it
 * (the built bin) in a project holding a copy of the flagship registry, outside git.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-unknown-names-"));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Nothing listens there: a command that got as far as connecting would fail differently. */
const NO_SERVER = "nats://127.0.0.1:1";

const STREAMS = "POSITION_EVENTS, SESSION_EVENTS, QUEUE_EVENTS, SYSTEM_EVENTS, DEAD_LETTER_QUEUE";

interface Case {
  given: string;
  args: string[];
  setup?: (project: string) => void;
  /** The one line on stderr. */
  want: RegExp;
}

function manyStreams(project: string): void {
  const path = join(project, "schemas/registry.json");
  const registry = JSON.parse(readFileSync(path, "utf8")) as { streams: Record<string, unknown> };
  for (let i = 0; i < 40; i++) registry.streams[`EXTRA_${String(i).padStart(2, "0")}`] = { subjects: [`waitingroom.extra${i}.>`] };
  writeFileSync(path, JSON.stringify(registry, null, 2) + "\n");
}

const CASES: Case[] = [
  {
    given: "validate of an event the registry does not declare",
    args: ["validate", "position.admited", "payload.json"],
    want: /^unknown event "position\.admited"; events: position\.admitted, position\.cancelled, .*, system\.metrics$/,
  },
  {
    given: "validate of a version the event does not have",
    args: ["validate", "position.admitted@1.7", "payload.json"],
    want: /^unknown version "1\.7" of position\.admitted; versions: 1\.0, 1\.1, 2\.0; or a major, for its latest minor: 1, 2$/,
  },
  {
    given: "validate --envelope of a major the event does not have",
    args: ["validate", "--envelope", "position.admitted@9", "payload.json"],
    want: /^unknown version "9" of position\.admitted; versions: 1\.0, 1\.1, 2\.0; or a major, for its latest minor: 1, 2$/,
  },
  {
    given: "new --stream naming a stream the registry does not declare",
    args: ["new", "billing.sent", "--stream", "NOPE"],
    want: new RegExp(`^jetschema new: unknown stream "NOPE"; streams: ${STREAMS}$`),
  },
  {
    given: "new --stream in a registry of 45 streams: 20 listed, the nearest, the rest counted",
    setup: manyStreams,
    args: ["new", "billing.sent", "--stream", "EXTRA_7"],
    want: /^jetschema new: unknown stream "EXTRA_7"; streams: EXTRA_\d\d(, EXTRA_\d\d){19} and 25 more$/,
  },
  {
    given: "bump of an event the registry does not declare",
    args: ["bump", "session.begun", "--minor"],
    want: /^jetschema bump: unknown event "session\.begun"; events: .*session\.started.*; to create it: jetschema new session\.begun$/,
  },
  {
    given: "bump event@major of a major the event does not have",
    args: ["bump", "position.admitted@7", "--minor"],
    want: /^jetschema bump: unknown major "7" of position\.admitted; majors: 1, 2$/,
  },
  {
    given: "bump event@major of something that is no major",
    args: ["bump", "position.admitted@x", "--minor"],
    want: /^jetschema bump: unknown major "x" of position\.admitted; majors: 1, 2$/,
  },
  {
    given: "bump --from a major the event does not have",
    args: ["bump", "position.admitted", "--major", "--from", "7"],
    want: /^jetschema bump: unknown major "7" of position\.admitted; majors: 1, 2$/,
  },
  {
    given: "bump --major --stream naming a stream the registry does not declare",
    args: ["bump", "session.started", "--major", "--stream", "NOPE"],
    want: new RegExp(`^jetschema bump: unknown stream "NOPE"; streams: ${STREAMS}$`),
  },
  {
    given: "dlq list --consumer the registry does not declare",
    args: ["dlq", "list", "--server", NO_SERVER, "--consumer", "nobody"],
    want: /^unknown consumer "nobody"; consumers: analytics-processor, .*$/,
  },
  {
    given: "dlq replay --event the registry does not declare",
    args: ["dlq", "replay", "--server", NO_SERVER, "--event", "no.such.event"],
    want: /^unknown event "no\.such\.event"; events: position\.admitted, .*$/,
  },
];

describe.each(CASES)("given $given", (c) => {
  it("exits 2 with one line naming it and what the registry declares, writing nothing", async () => {
    const project = mkdtempSync(join(tmp, "project-"));
    cpSync(join(REPO_ROOT, "schemas"), join(project, "schemas"), { recursive: true });
    writeFileSync(join(project, "payload.json"), "{}\n");
    c.setup?.(project);
    const before = readTree(project);
    const r = await runBin(c.args, { cwd: project });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(c.want);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe("");
    expect(readTree(project)).toEqual(before);
  });
});
