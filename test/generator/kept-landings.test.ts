/**
 * Where an unchanged file's `$ref`s land, taken as before without locating them again
 * (resolve/kept-resolutions.ts, landingsKept): only while the registry holds the same files, each
 * declaring the same `$id`s and anchors, and only for `$ref`s that land in unchanged files. Each
 * edit below, resolved with what the run before kept, gives what resolving from scratch gives:
 * the canonical copies, the edges and the problems.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { loadRegistry } from "../../generator/load/load-registry.js";
import { KeptParses } from "../../generator/load/kept-parses.js";
import { KeptResolutions } from "../../generator/resolve/kept-resolutions.js";
import { resolveRefs } from "../../generator/resolve/resolve-refs.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-landings-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const root = join(tmp, "schemas");
const at = (file: string) => join(root, file);
const rewrite = (file: string, change: (schema: Record<string, any>) => void) => {
  const schema = JSON.parse(readFileSync(at(file), "utf8")) as Record<string, any>;
  change(schema);
  writeFileSync(at(file), JSON.stringify(schema, null, 2));
};

const parses = new KeptParses();
const resolutions = new KeptResolutions();

function resolved(kept: boolean) {
  const diagnostics = new Diagnostics();
  const loaded = loadRegistry(root, diagnostics, kept ? { kept: parses } : {});
  const { normalized, edges } = resolveRefs(loaded, diagnostics, kept ? resolutions : undefined);
  return { normalized: [...normalized], edges, problems: diagnostics.list.map((d) => `${d.file}${d.pointer}: ${d.message}`) };
}

beforeAll(() => {
  cpSync("schemas", root, { recursive: true });
  // A file with a web `$id`: its relative `$ref`s are tried against that first, then against its own place.
  rewrite("queue/paused/1.0.json", (s) => (s.$id = "https://example.com/wr/queue-paused.json"));
  resolved(true);
});

const edits: Array<{ given: string; edit: () => void }> = [
  { given: "a description edited", edit: () => rewrite("queue/paused/1.0.json", (s) => (s.description = "Edited.")) },
  {
    given: "a definition others reach renamed (their `$ref`s now lead nowhere)",
    edit: () =>
      rewrite("defs/common.json", (s) => {
        s.$defs.QueueKey = s.$defs.QueueId;
        delete s.$defs.QueueId;
      }),
  },
  { given: "the definition put back", edit: () => rewrite("defs/common.json", (s) => ((s.$defs.QueueId = s.$defs.QueueKey), delete s.$defs.QueueKey)) },
  {
    given: "an edited file declares the `$id` an unchanged file's `$ref` now resolves to first",
    edit: () =>
      rewrite("defs/change.json", (s) => {
        s.$id = "https://example.com/defs/common.json";
        s.$defs.QueueId = { type: "string", description: "Captured." };
      }),
  },
  { given: "that `$id` taken out again", edit: () => rewrite("defs/change.json", (s) => (delete s.$id, delete s.$defs.QueueId)) },
  { given: "a file the others reach deleted", edit: () => rmSync(at("defs/change.json")) },
];

describe("an unchanged file's `$ref`s after an edit: as resolved from scratch", () => {
  for (const { given, edit } of edits) {
    it(given, () => {
      edit();
      const kept = resolved(true);
      expect(kept).toEqual(resolved(false));
    });
  }
});
