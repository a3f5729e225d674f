/**
 * The output record's one rule (write/recorded-output.ts), as a table: what the record says of a
 * file, the identity the file has now, and what each question is told. The identity is asked for
 * only when the record's digest already decides the question: a file the record cannot answer for
 * costs no `stat`.
 */
import { describe, expect, it } from "vitest";
import { recordSaysDiffers, recordSaysHolds, type RecordedFile } from "../../generator/write/recorded-output.js";

const RECORDED: RecordedFile = { digest: "d1", identity: "10 100 7" };

const cases: Array<{ given: string; recorded?: RecordedFile; digest: string; identityNow: string; holds: boolean; differs: boolean; asked: boolean }> = [
  { given: "no entry", digest: "d1", identityNow: "10 100 7", holds: false, differs: false, asked: false },
  { given: "this digest, still as recorded", recorded: RECORDED, digest: "d1", identityNow: "10 100 7", holds: true, differs: false, asked: true },
  { given: "this digest, touched since (another mtime)", recorded: RECORDED, digest: "d1", identityNow: "10 101 7", holds: false, differs: false, asked: true },
  { given: "this digest, replaced since (another inode)", recorded: RECORDED, digest: "d1", identityNow: "10 100 8", holds: false, differs: false, asked: true },
  { given: "this digest, gone since", recorded: RECORDED, digest: "d1", identityNow: "missing", holds: false, differs: false, asked: true },
  { given: "another digest, still as recorded", recorded: RECORDED, digest: "d2", identityNow: "10 100 7", holds: false, differs: true, asked: true },
  { given: "another digest, edited since", recorded: RECORDED, digest: "d2", identityNow: "11 105 7", holds: false, differs: false, asked: true },
];

describe("the output record's rule", () => {
  it.each(cases)("$given", ({ recorded, digest, identityNow, holds, differs, asked }) => {
    let asks = 0;
    const now = () => (asks++, identityNow);
    expect(recordSaysHolds(recorded, digest, now)).toBe(holds);
    expect(recordSaysDiffers(recorded, digest, now)).toBe(differs);
    // Each question asks once at most; neither asks when the record has no entry. The digest picks
    // which one of the two may ask at all.
    expect(asks).toBe(asked ? 1 : 0);
  });
});
