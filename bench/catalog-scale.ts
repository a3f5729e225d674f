/**
 * Catalog scale: how long the event catalog (generated/docs/) takes for registries of growing
 * size, to show it grows linearly and not quadratically with the number of events.
 *
 * `measureCatalogScale()` is meant to be called from the bench harness (`npm run bench`); it
 * writes synthetic registries to a temporary folder, runs the real pipeline stages on them and
 * returns one row per size. The registries are bench/synthetic-registry.ts's in its catalog shape
 * (`CATALOG_SHAPE`), the same test/catalog renders and checks, without timing it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRegistryAt } from "../generator/front-end/front-end.js";
import { emitDocs } from "../generator/emit/catalog/emit-catalog.js";
import { createTemplates } from "../generator/emit/templates.js";
import { readTemplates } from "../generator/load/templates.js";
import { formatFiles } from "../generator/write/format.js";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "./synthetic-registry.js";

export interface CatalogScaleRow {
  events: number;
  /** Building the catalog pages in memory (emitDocs). */
  renderMs: number;
  /** formatFiles over the catalog pages: nothing since the catalog is written in prettier's layout (emit/catalog/). */
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
      writeSyntheticRegistry(dir, { events, ...CATALOG_SHAPE });
      const { model, schemas } = checkRegistryAt(dir, { standalone: true });
      const templates = createTemplates(readTemplates());
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
