/**
 * A CloudEvents registry's event pages say how the envelope travels in each content mode and
 * which one publishers use; other registries' pages say nothing about it.
 */
import { describe, expect, it } from "vitest";
import { committedCatalog, renderCatalog } from "./support/render.js";

describe("content modes in the catalog", () => {
  it("a CloudEvents registry (SlotWise): every event page names both modes and the default", async () => {
    const pages = [...(await renderCatalog("examples/slotwise")).entries()].filter(([path]) => path.startsWith("events/"));
    expect(pages.length).toBeGreaterThan(0);
    for (const [path, text] of pages) {
      expect(text, path).toContain("It is a CloudEvents 1.0 envelope, published in **structured** content mode");
      expect(text, path).toContain('`contentMode: "binary"`');
      expect(text, path).toContain("`ce-<field>` header");
    }
  });

  it("a registry without CloudEvents (the waiting room): no word of it", () => {
    for (const [path, text] of committedCatalog()) expect(text, path).not.toContain("content mode");
  });
});
