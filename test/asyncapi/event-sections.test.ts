/**
 * An event's AsyncAPI sections kept by its inputs (emit/asyncapi/event-sections.ts): after an edit
 * of anything a section is made from, a process with the cache writes the document an uncached one
 * writes, and makes again the sections of the events the edit reaches, taking the rest as kept.
 * Each part of the key is needed: with any one taken out, some edit below is served stale.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";
import { asyncApiYaml, cachedAsyncApi } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { eventSectionKeyParts, type EventSectionStore } from "../../generator/emit/asyncapi/event-sections.js";

const REGISTRY = "examples/slotwise";
const EVENTS = 8;
const tmp = mkdtempSync(join(tmpdir(), "jetschema-event-sections-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

interface Case {
  given: string;
  edit: (dir: string) => void;
  /** How many events' sections the process after the edit makes again. */
  rebuilt: number;
}

const cases: Case[] = [
  {
    given: "the event's schema edited",
    edit: (dir) => editJson(join(dir, "payment/transaction/failed/1.0.json"), (s) => (s.properties.retryable = { type: "boolean", description: "Whether to try again." })),
    rebuilt: 1,
  },
  {
    given: "the event's title edited (its message's title)",
    edit: (dir) => editJson(join(dir, "payment/transaction/failed/1.0.json"), (s) => (s.title = "Payment Declined")),
    rebuilt: 1,
  },
  {
    given: "a shared definition it references edited",
    edit: (dir) => editJson(join(dir, "defs/common.json"), (s) => (s.$defs.Id.maxLength = 64)),
    rebuilt: EVENTS,
  },
  {
    given: "another event's file gives a shared definition's name to a definition of its own",
    edit: (dir) =>
      editJson(join(dir, "auth/user/created/1.0.json"), (s) => {
        s.$defs = { Ident: { title: "Id", type: "string", minLength: 3 } };
        s.properties.handle = { $ref: "#/$defs/Ident" };
      }),
    rebuilt: EVENTS,
  },
  {
    given: "the subject setting changed",
    edit: (dir) => editJson(join(dir, "registry.json"), (r) => (r.subject = "{event}.major{major}")),
    rebuilt: EVENTS,
  },
  {
    given: "the subject prefix's parameter renamed",
    edit: (dir) => editJson(join(dir, "registry.json"), (r) => (r.subjectPrefix.parameter = "environment")),
    rebuilt: EVENTS,
  },
  {
    given: "a stream renamed (the channel's x-jetstream-stream)",
    edit: (dir) =>
      editJson(join(dir, "registry.json"), (r) => {
        r.streams = Object.fromEntries(Object.entries(r.streams).map(([name, stream]) => [name === "AUTH_EVENTS" ? "USER_EVENTS" : name, stream]));
        for (const consumer of Object.values<any>(r.consumers)) if (consumer.stream === "AUTH_EVENTS") consumer.stream = "USER_EVENTS";
      }),
    rebuilt: EVENTS,
  },
  {
    given: "the envelope's content mode changed to binary",
    edit: (dir) => editJson(join(dir, "registry.json"), (r) => (r.envelope.cloudevents.mode = "binary")),
    rebuilt: EVENTS,
  },
  {
    given: "the envelope schema edited",
    edit: (dir) => editJson(join(dir, "envelope.schema.json"), (s) => (s.description = "Edited.")),
    rebuilt: EVENTS,
  },
  {
    given: "the registry's AsyncAPI info (its description) edited",
    edit: (dir) => editJson(join(dir, "registry.json"), (r) => (r.description = "Edited description.")),
    rebuilt: EVENTS,
  },
];

/** A cold process writes the cache, `edit` changes the registry, a warm process writes the document again. */
function afterEdit(name: string, edit: (dir: string) => void): { cached: string; uncached: string; rebuilt: number } {
  const root = join(tmp, name.replace(/\W+/g, "-"));
  const dir = join(root, "registry");
  cpSync(REGISTRY, dir, { recursive: true });
  const cold = new GeneratorCache({ dir: join(root, "cache") });
  asyncApiYaml(checkRegistryAt(dir).model, cachedAsyncApi(cold.asyncApiYaml, cold.asyncApiEvents));
  cold.store.flush();
  edit(dir);
  const { model } = checkRegistryAt(dir);
  const warm = new GeneratorCache({ dir: join(root, "cache") });
  const cached = asyncApiYaml(model, cachedAsyncApi(warm.asyncApiYaml, warm.asyncApiEvents));
  rmSync(root, { recursive: true, force: true });
  return { cached, uncached: asyncApiYaml(model), rebuilt: warm.store.stats.misses["asyncapi-events"] ?? 0 };
}

describe("an event's AsyncAPI sections kept by its inputs", () => {
  it("a process with nothing edited makes no event's sections and writes the same document", () => {
    const { cached, uncached, rebuilt } = afterEdit("nothing", () => undefined);
    expect(cached).toBe(uncached);
    expect(rebuilt).toBe(0);
  });

  it.each(cases)("$given: the document is the uncached one, $rebuilt event(s) made again", ({ given, edit, rebuilt }) => {
    const after = afterEdit(given, edit);
    expect(after.cached).toBe(after.uncached);
    expect(after.rebuilt).toBe(rebuilt);
  });

  it.each([
    { given: "a truncated entry", damage: (entry: string) => entry.slice(0, -1) },
    { given: "an entry with text after the last section", damage: (entry: string) => entry + "x" },
    { given: "an index line that is not JSON", damage: (entry: string) => "{" + entry },
    { given: "an index naming a part that is not one", damage: (entry: string) => entry.replace('"schemas"', '"operations"') },
    { given: "no index line", damage: (entry: string) => entry.replace(/\n/g, " ") },
  ])("$given is not served: the sections are made again", ({ damage }) => {
    const { model } = checkRegistryAt(REGISTRY);
    const entries = new Map<string, string>();
    const store: EventSectionStore = { get: (key) => entries.get(key), set: (key, text) => entries.set(key, text) };
    asyncApiYaml(model, cachedAsyncApi(undefined, store));
    expect(entries.size).toBe(EVENTS);
    for (const [key, entry] of entries) entries.set(key, damage(entry));
    const damaged = new Map(entries);
    expect(asyncApiYaml(model, cachedAsyncApi(undefined, store))).toBe(asyncApiYaml(model));
    expect([...entries].filter(([key, entry]) => entry !== damaged.get(key))).toHaveLength(EVENTS);
  });

  it.each([...eventSectionKeyParts.keys()])("without the part %s, some edit is served stale", (part) => {
    const taken = eventSectionKeyParts.get(part)!;
    eventSectionKeyParts.delete(part);
    try {
      const stale = cases.filter(({ given, edit }) => {
        const after = afterEdit(`without ${part} ${given}`, edit);
        return after.cached !== after.uncached;
      });
      expect(stale.length).toBeGreaterThan(0);
    } finally {
      eventSectionKeyParts.set(part, taken);
    }
  });
});
