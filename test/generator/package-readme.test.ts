/**
 * The generated package's README (emit/package/package-readme.ts): how a service installs the
 * package with each package manager the adoption tests run, and text prettier leaves as it is when
 * the emitter says it is in prettier's layout.
 */
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { packageReadme } from "../../generator/emit/package/package-readme.js";

const cases: { given: string; name: string; want: string[]; laidOut: boolean }[] = [
  {
    given: "a scoped name",
    name: "@acme/shop-events",
    want: ["npm i @acme/shop-events @nats-io/transport-node", "pnpm add @acme/shop-events @nats-io/transport-node", "yarn add @acme/shop-events @nats-io/transport-node", "`overrides` in `pnpm-workspace.yaml` or `resolutions` in `package.json`"],
    laidOut: true,
  },
  { given: "an unscoped name", name: "shop-events", want: ["pnpm add shop-events @nats-io/transport-node", 'from "shop-events/runtime"'], laidOut: true },
  { given: "a name prettier would escape (through prettier then)", name: "shop_events*", want: ["yarn add shop_events* @nats-io/transport-node"], laidOut: false },
];

describe("the generated package's README", () => {
  it.each(cases)("$given: names every install line, laid out by construction: $laidOut", async ({ name, want, laidOut }) => {
    const readme = packageReadme({ name, description: "Typed events of the shop registry.", namespace: "shop" });
    for (const line of want) expect(readme.text).toContain(line);
    expect(readme.laidOut).toBe(laidOut);
    if (laidOut) expect(await format(readme.text, { parser: "markdown", printWidth: 100 })).toBe(readme.text);
  });
});
