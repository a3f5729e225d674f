/**
 * The stat record (load/stat-record.ts): a file whose stat the last run recorded is taken unread,
 * and every kind of edit is caught. Each case reads a real registry folder once keeping a record
 * (through its stored text, as the cache keeps it), changes it, and reads it again with the
 * record: the files, digests and what could not be listed must be those of a read without one,
 * and only what changed (or what the record cannot vouch for) is read from the disk.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegistryFiles, statRecordOf } from "../../generator/load/registry-files.js";
import { parseRecord, recordText, type StatRecord } from "../../generator/load/stat-record.js";
import { WHOLE_SECOND, wholeSecondTimes } from "../support/file-times.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-stat-record-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EDITED = "queue/paused/1.0.json";

/** The same number of bytes, one letter changed: a save the size cannot tell. */
function sameSizeEdit(text: string): string {
  return text.replace("Admission from a queue was paused", "Admission from a queue was halted");
}

/** The path's times put back as they were after `change` (as `cp -p`, `touch -r` or an editor keeping times do). */
function timesKept(path: string, change: () => void): void {
  change();
  utimesSync(path, WHOLE_SECOND, WHOLE_SECOND);
}

interface Case {
  given: string;
  /** Done to the registry copy before it settles (before the first read). */
  before?: (dir: string) => void;
  /** Written just before the first read rather than settled for a few seconds. */
  fresh?: boolean;
  change: (dir: string) => void;
  /** The record read at another path (a cache restored with a copy of the project). */
  movedTo?: boolean;
  /** How many files the read after the change takes from the disk: a number, every file, or those a full read refuses as too large. */
  want: { readFromDisk: number | "all" | "the files over the limit" };
}

const cases: Case[] = [
  { given: "nothing changed", change: () => undefined, want: { readFromDisk: 0 } },
  { given: "a file saved with the same size", change: (d) => writeFileSync(join(d, EDITED), sameSizeEdit(readFileSync(join(d, EDITED), "utf8"))), want: { readFromDisk: 1 } },
  {
    given: "a file saved with the same size, its modification time put back (the change time tells)",
    change: (d) => timesKept(join(d, EDITED), () => writeFileSync(join(d, EDITED), sameSizeEdit(readFileSync(join(d, EDITED), "utf8")))),
    want: { readFromDisk: 1 },
  },
  {
    given: "a file renamed over by another of the same size and times (an editor's atomic save)",
    change: (d) => {
      const temp = join(d, "queue/paused/.1.0.json.swp");
      writeFileSync(temp, sameSizeEdit(readFileSync(join(d, EDITED), "utf8")));
      utimesSync(temp, WHOLE_SECOND, WHOLE_SECOND);
      renameSync(temp, join(d, EDITED));
    },
    want: { readFromDisk: 1 },
  },
  { given: "a new file in a folder", change: (d) => writeFileSync(join(d, "queue/paused/1.1.json"), readFileSync(join(d, EDITED))), want: { readFromDisk: 1 } },
  { given: "a file deleted", change: (d) => rmSync(join(d, "session/started/1.1.json")), want: { readFromDisk: 0 } },
  {
    given: "a new folder with a file, the parent's times put back",
    change: (d) => timesKept(join(d, "queue"), () => {
      mkdirSync(join(d, "queue/archived"));
      writeFileSync(join(d, "queue/archived/1.0.json"), readFileSync(join(d, EDITED), "utf8").replace("Queue Paused", "Queue Archived"));
    }),
    want: { readFromDisk: 1 },
  },
  {
    given: "a symbolic link's target removed, its folder unchanged (the recorded listing's link followed again: reported broken)",
    before: (d) => {
      mkdirSync(join(d, ".shared"));
      writeFileSync(join(d, ".shared/extra.json"), "{}");
      symlinkSync("../.shared/extra.json", join(d, "defs/extra.json"));
    },
    change: (d) => rmSync(join(d, ".shared/extra.json")),
    want: { readFromDisk: 0 },
  },
  { given: "nothing changed, but every file written just before the first read (the same clock tick could hide a save)", fresh: true, change: () => undefined, want: { readFromDisk: "all" } },
  { given: "the registry copied elsewhere, times kept, with the record (other inodes)", movedTo: true, change: () => undefined, want: { readFromDisk: "all" } },
  {
    given: "registry.json's size limit lowered below unchanged files' sizes",
    change: (d) => writeFileSync(join(d, "registry.json"), readFileSync(join(d, "registry.json"), "utf8").replace('"namespace":', '"limits": { "maxFileSize": 1000 },\n  "namespace":')),
    want: { readFromDisk: "the files over the limit" },
  },
];

const folders = new Map<Case, string>();
const makeFolder = (c: Case) => {
  const dir = join(tmp, `case-${cases.indexOf(c)}`);
  cpSync("schemas", dir, { recursive: true });
  c.before?.(dir);
  wholeSecondTimes(dir);
  folders.set(c, dir);
};
beforeAll(async () => {
  for (const c of cases) if (!c.fresh) makeFolder(c);
  // Past the settling time: these files were not changed around the first read.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  for (const c of cases) if (c.fresh) makeFolder(c);
});

/** A read keeping a record, the record through its stored text (cache/registry-stat.ts). */
function recordedRead(dir: string, previous?: StatRecord): { record: StatRecord; files: ReturnType<typeof readRegistryFiles> } {
  const files = readRegistryFiles(dir, undefined, previous ? { previous } : {});
  return { files, record: parseRecord(recordText(statRecordOf(files)!))! };
}

describe("registry files taken unread by their recorded stat", () => {
  for (const c of cases) {
    it(`${c.given}: ${typeof c.want.readFromDisk === "number" ? `${c.want.readFromDisk} read` : c.want.readFromDisk === "all" ? "every file read" : "the files over the limit read"}, the files and digests of a full read`, () => {
      let dir = folders.get(c)!;
      const { record } = recordedRead(dir);
      c.change(dir);
      if (c.movedTo) {
        const elsewhere = `${dir}-moved`;
        cpSync(dir, elsewhere, { recursive: true, preserveTimestamps: true });
        dir = elsewhere;
      }
      const again = readRegistryFiles(dir, undefined, { previous: record });
      const full = readRegistryFiles(dir);
      expect(again.list).toEqual(full.list);
      expect(again.unlisted).toEqual(full.unlisted);
      expect(again.list.map((f) => again.digest(f))).toEqual(full.list.map((f) => full.digest(f)));
      expect(again.list.map((f) => again.text(f))).toEqual(full.list.map((f) => full.text(f)));
      // Asked for every text above: only those the record could not vouch for were read before.
      expect(again.drifted).toBe(false);
      const { files: third } = recordedRead(dir, record);
      const want = c.want.readFromDisk;
      const overLimit = full.list.filter((f) => full.failure(f)?.tooLarge).length;
      if (want === "the files over the limit") expect(overLimit).toBeGreaterThan(1);
      expect(third.readFromDisk).toBe(want === "all" ? full.list.length : want === "the files over the limit" ? overLimit : want);
      // Only a read taken whole from the record says so (saveStatRecord then makes no record), and its record is that very one.
      expect(third.asRecorded).toBe(c.given === "nothing changed");
      if (third.asRecorded) expect(recordText(statRecordOf(third)!)).toBe(recordText(record));
    });
  }

  it("a file taken unread and saved before its text was asked for: the text read then, the read marked drifted, the file left out of the next record", () => {
    const dir = folders.get(cases[0]!)!;
    const { record } = recordedRead(dir);
    const again = readRegistryFiles(dir, undefined, { previous: record });
    expect(again.readFromDisk).toBe(0);
    const recordedDigest = again.digest(EDITED);
    writeFileSync(join(dir, EDITED), sameSizeEdit(readFileSync(join(dir, EDITED), "utf8")));
    expect(again.text(EDITED)).toBe(readFileSync(join(dir, EDITED), "utf8"));
    expect(again.drifted).toBe(true);
    expect(again.digest(EDITED)).not.toBe(recordedDigest);
    expect(statRecordOf(again)!.files.has(EDITED)).toBe(false);
    expect(again.asRecorded).toBe(false);
  });
});
