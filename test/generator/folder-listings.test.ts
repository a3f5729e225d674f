import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FolderListings } from "../../generator/load/folder-listings.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-folder-listings-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The folder's times put back as they were after a change (as `cp -p` or `rsync -a` do). */
const keepTimes = (dir: string, change: () => void) => {
  const { atime, mtime } = statSync(dir);
  change();
  utimesSync(dir, atime, mtime);
};

/** given: the folder listed once, then changed; want: whether the next listing is the one kept, and what it says. */
interface Case {
  given: string;
  /** Made just before the first listing, rather than settled for a few seconds. */
  fresh?: boolean;
  change: (dir: string) => void;
  named?: string[];
  want: { listing: "kept" | "read again"; names: string[] };
}
const cases: Case[] = [
  { given: "a folder unchanged since it was listed", change: () => undefined, want: { listing: "kept", names: ["1.0.json"] } },
  { given: "a file in it rewritten", change: (d) => writeFileSync(join(d, "1.0.json"), "{ }"), want: { listing: "kept", names: ["1.0.json"] } },
  { given: "an entry added", change: (d) => writeFileSync(join(d, "1.1.json"), "{}"), want: { listing: "read again", names: ["1.0.json", "1.1.json"] } },
  { given: "an entry removed", change: (d) => rmSync(join(d, "1.0.json")), want: { listing: "read again", names: [] } },
  { given: "an entry added and the modification time put back", change: (d) => keepTimes(d, () => writeFileSync(join(d, "1.1.json"), "{}")), want: { listing: "read again", names: ["1.0.json", "1.1.json"] } },
  {
    given: "the folder replaced by another of the same modification time",
    change: (d) =>
      keepTimes(d, () => {
        rmSync(d, { recursive: true });
        mkdirSync(d);
        writeFileSync(join(d, "2.0.json"), "{}");
      }),
    want: { listing: "read again", names: ["2.0.json"] },
  },
  { given: "unchanged, but the watcher named a file in it", change: () => undefined, named: ["order/1.1.json"], want: { listing: "read again", names: ["1.0.json"] } },
  { given: "unchanged, but the watcher named a file further down", change: () => undefined, named: ["order/placed/1.0.json"], want: { listing: "read again", names: ["1.0.json"] } },
  { given: "unchanged, the watcher naming a file elsewhere", change: () => undefined, named: ["payment/1.0.json"], want: { listing: "kept", names: ["1.0.json"] } },
  { given: "unchanged, but changed just before it was listed (the same clock tick could hide a change)", fresh: true, change: () => undefined, want: { listing: "read again", names: ["1.0.json"] } },
];

const folders = new Map<Case, string>();
const makeFolder = (c: Case) => {
  const dir = mkdtempSync(join(tmp, "case-"));
  writeFileSync(join(dir, "1.0.json"), "{}");
  folders.set(c, dir);
};
beforeAll(async () => {
  for (const c of cases) if (!c.fresh) makeFolder(c);
  // Past the settling time: these folders were not changed around their first listing.
  await new Promise((resolve) => setTimeout(resolve, 2100));
});

describe("the registry's folders listed again only when changed (a watch session)", () => {
  it.each(cases)("$given: $want.listing", (c) => {
    if (c.fresh) makeFolder(c);
    const dir = folders.get(c)!;
    const first = new FolderListings();
    const listed = first.entries(dir, "order");
    expect(listed.map((e) => e.name)).toEqual(["1.0.json"]);
    c.change(dir);
    const again = new FolderListings(first.listed, c.named).entries(dir, "order");
    expect(again === listed ? "kept" : "read again").toBe(c.want.listing);
    expect(again.map((e) => e.name)).toEqual(c.want.names);
  });

  it("hands on only the folders this read listed", () => {
    const first = new FolderListings();
    first.entries(folders.get(cases[0]!)!, "order");
    expect([...new FolderListings(first.listed).listed.keys()]).toEqual([]);
  });
});
