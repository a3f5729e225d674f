/**
 * Catalog scale: how long the event catalog (generated/docs/) takes for registries of growing
 * size, to show it grows linearly and not quadratically with the number of events.
 *
 * `measureCatalogScale()` is meant to be called from the bench harness (`npm run bench`); it
 * writes synthetic registries to a temporary folder, runs the real pipeline stages on them and
 * returns one row per size. `writeSyntheticRegistry()` is shared with test/catalog (which renders
 * the 1000-event registry and checks the result, without timing it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkRegistryAt } from "../generator/pipeline.js";
import { emitDocs } from "../generator/emit/docs/emit-docs.js";
import { createTemplates } from "../generator/emit/templates.js";
import { formatFiles } from "../generator/write/format.js";

export interface SyntheticRegistryOptions {
  /** Number of events; spread over 10 domains and entities of 5 events each. */
  events: number;
  /** Every `minorEvery`-th event gets a second minor version (1.1); default 4. */
  minorEvery?: number;
  /** Every `majorEvery`-th event gets a second major (2.0); default 10. */
  majorEvery?: number;
}

const ACTIONS = ["created", "updated", "deleted", "approved", "rejected"];

/** Writes a valid registry with `events` events, shared definitions, streams, consumers and services. */
export function writeSyntheticRegistry(dir: string, options: SyntheticRegistryOptions): { events: string[] } {
  const { events: count, minorEvery = 4, majorEvery = 10 } = options;
  const write = (file: string, value: unknown) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  const domains = Array.from({ length: Math.min(10, Math.max(1, Math.ceil(count / 5))) }, (_, i) => `domain${i}`);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const domain = domains[i % domains.length]!;
    const entity = `entity${Math.floor(i / domains.length / ACTIONS.length)}`;
    names.push(`${domain}.${entity}.${ACTIONS[Math.floor(i / domains.length) % ACTIONS.length]}`);
  }
  const services: Record<string, { publishes: string[]; consumes: string[] }> = {};
  for (const d of domains) {
    services[`${d}-api`] = { publishes: names.filter((n) => n.startsWith(`${d}.`)), consumes: [] };
    services[`${d}-worker`] = { publishes: [], consumes: names.filter((n) => n.startsWith(`${d}.`)) };
  }
  write("registry.json", {
    namespace: "bench",
    package: { name: "@bench/events", version: "1.0.0" },
    streams: Object.fromEntries([
      ...domains.map((d) => [d.toUpperCase(), { subjects: [`bench.${d}.>`], max_age: "168h", storage: "file", replicas: 1 }]),
      ["DLQ", { subjects: ["bench.dlq.>"], max_age: "168h" }],
    ]),
    consumers: Object.fromEntries(domains.map((d) => [`${d}-worker`, { stream: d.toUpperCase(), ack_policy: "explicit", ack_wait: "30s", max_deliver: 5 }])),
    dlq: { stream: "DLQ", subject: "bench.dlq.{consumer}" },
    services,
  });
  write("envelope.schema.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["id", "type", "timestamp", "version", "source", "data"],
    properties: {
      id: { type: "string" },
      type: { type: "string" },
      timestamp: { type: "string", format: "date-time" },
      version: { type: "string" },
      source: { type: "string" },
      trace_id: { type: "string", description: "Distributed trace id." },
      data: { type: "object" },
    },
  });
  write("defs/common.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Common definitions",
    $defs: {
      Id: { title: "Id", description: "An identifier.", type: "string", minLength: 1, maxLength: 64 },
      Money: {
        title: "Money",
        description: "An amount in minor units of a currency.",
        type: "object",
        required: ["currency", "minor_units"],
        properties: { currency: { type: "string", pattern: "^[A-Z]{3}$" }, minor_units: { type: "integer" } },
        additionalProperties: false,
      },
    },
  });
  names.forEach((name, i) => {
    const base = (extra: Record<string, unknown>, required: string[]) => ({
      $schema: "http://json-schema.org/draft-07/schema#",
      title: name,
      description: `Synthetic event ${name}, number ${i}. Used to measure how the catalog scales.`,
      type: "object",
      required: ["id", "amount", ...required],
      properties: {
        id: { $ref: "../../../defs/common.json#/$defs/Id", description: "Identifier of the thing." },
        amount: { $ref: "../../../defs/common.json#/$defs/Money" },
        status: { type: "string", enum: ["open", "closed"], description: "Status." },
        items: {
          type: "array",
          items: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } } },
        },
        ...extra,
      },
      examples: [{ id: "x-1", amount: { currency: "EUR", minor_units: 100 }, ...(required.includes("count") ? { count: 1 } : {}) }],
    });
    const folder = name.replace(/\./g, "/");
    write(`${folder}/1.0.json`, base({}, []));
    if (i % minorEvery === 0) write(`${folder}/1.1.json`, base({ note: { type: "string", description: "Added in 1.1." } }, []));
    if (i % majorEvery === 0) write(`${folder}/2.0.json`, base({ count: { type: "integer", minimum: 0 } }, ["count"]));
  });
  return { events: names };
}

export interface CatalogScaleRow {
  events: number;
  /** Building the catalog pages in memory (emitDocs). */
  renderMs: number;
  /** formatFiles over the catalog pages: nothing since the catalog is written in prettier's layout (emit/docs/). */
  formatMs: number;
  files: number;
  bytes: number;
  /** renderMs per event, to compare sizes: roughly constant when growth is linear. */
  renderMsPerEvent: number;
}

export interface CatalogScaleResult {
  rows: CatalogScaleRow[];
  /**
   * Per-event render time at the largest size divided by that at the smallest: about 1 when the
   * catalog grows linearly, about largest/smallest when it grows quadratically.
   */
  growth: number;
}

/** Renders the catalog of synthetic registries of each size and times the stages. */
export async function measureCatalogScale(sizes: number[] = [250, 500, 1000]): Promise<CatalogScaleResult> {
  const rows: CatalogScaleRow[] = [];
  const root = mkdtempSync(join(tmpdir(), "jetschema-catalog-scale-"));
  try {
    for (const events of sizes) {
      const dir = join(root, String(events));
      writeSyntheticRegistry(dir, { events });
      const { model, schemas } = checkRegistryAt(dir, { standalone: true });
      const templates = createTemplates();
      emitDocs(model, schemas, templates); // warm-up: template compilation and ajv validators
      const t0 = performance.now();
      const files = emitDocs(model, schemas, templates);
      const t1 = performance.now();
      const formatted = await formatFiles(files);
      const t2 = performance.now();
      const bytes = [...formatted.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);
      rows.push({ events, renderMs: t1 - t0, formatMs: t2 - t1, files: formatted.size, bytes, renderMsPerEvent: (t1 - t0) / events });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  return { rows, growth: last.renderMsPerEvent / first.renderMsPerEvent };
}
