/**
 * A registry that uses the rest of the format: 2020-12 next to draft-07, `$ref` by `$id` URL, by
 * relative path from a file with a web `$id`, by anchor and by local `definitions`/`$defs`,
 * tuples, nullable fields, a CloudEvents-style envelope with a const and a required context field.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typecheckFiles } from "../support/typecheck.js";
import { generate } from "../../generator/generate-run.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-features-"));
const out = join(tmp, "pkg");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await generate({ schemas: "test/fixtures/good/features", out });
});

type Registry = { events: Record<string, { subject: string; type: string; version: string; validators: Record<string, (d: unknown) => boolean> }>; envelope: { context: unknown[]; validate: (d: unknown) => boolean } };

async function registry(): Promise<Registry> {
  return ((await import(pathToFileURL(join(out, "registry.js")).href)) as { registry: Registry }).registry;
}

const placed = {
  order_id: "o-1",
  channel: "web",
  coupon: null,
  total: { currency: "EUR", minor_units: 1250 },
  lines: [{ sku: "AB-1", quantity: 2, price: { currency: "EUR", minor_units: 625 } }],
};

describe("a registry mixing dialects and reference styles", () => {
  it("emits one validator module per dialect", () => {
    const files = [...readTree(out).keys()];
    expect(files).toContain("validators/draft7.js");
    expect(files).toContain("validators/draft2020.js");
  });

  it("applies templates for subject and type", async () => {
    const r = await registry();
    expect(r.events["order.placed@1"]!.subject).toBe("shop.order.placed.v1");
    expect(r.events["order.placed@1"]!.type).toBe("com.shop.order.placed.v1");
  });

  it("2020-12 validator: $ref by $id URL, local $defs, tuples and nullable fields", async () => {
    const v = (await registry()).events["order.placed@1"]!.validators["1.0"]!;
    expect(v(placed)).toBe(true);
    expect(v({ ...placed, total: { currency: "eur", minor_units: 1 } })).toBe(false); // pattern from the shared def
    expect(v({ ...placed, lines: [{ ...placed.lines[0], sku: "ab 1" }] })).toBe(false); // local $defs/Sku
    expect(v({ ...placed, geo: [1, 2] })).toBe(true);
    expect(v({ ...placed, geo: [1, 2, 3] })).toBe(false); // items: false after prefixItems
    expect(v({ ...placed, coupon: 5 })).toBe(false);
    expect(v({ ...placed, lines: [] })).toBe(false);
  });

  it("draft-07 validator: anchors, definitions, and relative refs from a file with a web $id", async () => {
    const v = (await registry()).events["order.shipped@1"]!.validators["1.0"]!;
    expect(v({ order_id: "o", address: { country: "DE" }, carrier: "ups" })).toBe(true);
    expect(v({ order_id: "o", address: { country: "DEU" } })).toBe(false);
    expect(v({ order_id: "o", address: { country: "DE" }, carrier: "fedex" })).toBe(false);
    expect(v({ order_id: "o", address: { country: "DE" }, insured: { currency: "EUR" } })).toBe(false);
  });

  it("the envelope context: a const the runtime fills, a required field the caller supplies", async () => {
    const r = await registry();
    expect(r.envelope.context).toEqual([
      { name: "specversion", required: true, const: "1.0" },
      { name: "tenant_id", required: true },
    ]);
  });

  it("types compile, and a missing required context is a compile error", () => {
    const consumer = join(tmp, "consumer.ts");
    writeFileSync(
      consumer,
      `import { connect } from "@nats-io/transport-node";
import { createEvents, type OrderPlaced, type Amount, type Address } from "./pkg/index.js";
const events = createEvents(await connect(), { source: "checkout" });
const order: OrderPlaced = ${JSON.stringify(placed)};
await events.publishOrderPlaced(order, { tenant_id: "7d1b6f36-5d8e-4a8b-9d0e-0f5c1a2b3c4d" });
// @ts-expect-error tenant_id is required context
await events.publishOrderPlaced(order);
// @ts-expect-error a tuple of two numbers
const bad: OrderPlaced = { ...order, geo: [1, 2, 3] };
// @ts-expect-error null is allowed, a number is not
const badCoupon: OrderPlaced = { ...order, coupon: 5 };
const total: Amount = order.total;
const address: Address = { country: "DE" };
void [bad, badCoupon, total, address];
`,
    );
    expect(typecheckFiles(tmp, ["consumer.ts"])).toBe("");
  });
});
