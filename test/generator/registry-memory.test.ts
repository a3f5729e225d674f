/**
 * What the load stage keeps of each registry file for the whole run: its bytes, each in a buffer of
 * its own size (a small buffer cut from node's 8 KiB pool keeps the whole slab: 18.7 MiB of files
 * held 41.5 MiB at 5000 events), and, once parsed, no copy of its text (asked of the registry
 * again when a diagnostic needs a position: 18.7 MiB more of the run's live set otherwise).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { collectGarbageAbove } from "../../generator/base/collect-garbage.js";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { readBounded } from "../../generator/load/input-limits.js";
import { parseJson } from "../../generator/load/json-file.js";
import { readJson } from "../../generator/load/load-registry.js";
import { readRegistryFiles } from "../../generator/load/registry-files.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-registry-memory-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("readBounded", () => {
  it.each([
    ["a small file (node would cut it from its pool)", 300],
    ["a file of one read", 40_000],
    ["a file of several reads", 200_000],
    ["a file of exactly one full read", 65_536],
    ["a file one byte past a full read", 65_537],
    ["an empty file", 0],
  ])("%s: its bytes, in a buffer of exactly their size, copied once", (_given, size) => {
    const path = join(tmp, `f${size}.json`);
    const content = Buffer.from(Array.from({ length: size }, (_, i) => 97 + (i % 26)));
    writeFileSync(path, content);
    const concat = vi.spyOn(Buffer, "concat");
    try {
      const read = readBounded(path, 1_000_000);
      if (!("bytes" in read)) throw new Error("refused");
      expect(read.bytes.equals(content)).toBe(true);
      expect(read.bytes.buffer.byteLength).toBe(size);
      expect(concat).not.toHaveBeenCalled();
    } finally {
      concat.mockRestore();
    }
  });

  it("reads a device without a size (/dev/zero) no further than the limit", () => {
    expect(readBounded("/dev/zero", 200_000)).toEqual({ tooLarge: true });
  });

  it("refuses a file past the limit", () => {
    const path = join(tmp, "big.json");
    writeFileSync(path, "y".repeat(70_000));
    expect(readBounded(path, 69_999)).toEqual({ tooLarge: true });
  });
});

describe("readJson", () => {
  it("holds no copy of a parsed file's text, and still locates its pointers", () => {
    const dir = mkdtempSync(join(tmp, "registry-"));
    // ~6 MB of one-byte text; its parsed value is the same either way, so what differs is the text held.
    const text = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ id: `item-${i}`, note: "n".repeat(120) })) }, null, 1);
    writeFileSync(join(dir, "big.json"), text);
    const files = readRegistryFiles(dir);
    const heldAfter = (read: () => unknown) => {
      collectGarbageAbove(0);
      const before = process.memoryUsage().heapUsed;
      const kept = read();
      collectGarbageAbove(0);
      expect(kept).toBeTruthy();
      return process.memoryUsage().heapUsed - before;
    };
    const withText = heldAfter(() => parseJson("big.json", files.text("big.json")!));
    const diagnostics = new Diagnostics();
    let parsed: ReturnType<typeof readJson>;
    const withoutText = heldAfter(() => (parsed = readJson(files, "big.json", diagnostics)));
    expect(withText - withoutText).toBeGreaterThan(text.length * 0.8);
    expect(parsed!.locate("/items/2/note")).toEqual({ line: 13, column: 4 });
  });
});
