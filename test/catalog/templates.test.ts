/** `--templates <dir>` overrides any one catalog template; the others stay built in. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DOCS_TEMPLATES } from "../../generator/emit/catalog/emit-catalog.js";
import { renderPackage } from "../../generator/pipeline.js";
import { committedCatalog, relativeToDocs } from "./support/render.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-catalog-templates-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("catalog templates", () => {
  it("ship in templates/docs/", () => {
    for (const name of Object.values(DOCS_TEMPLATES)) expect(readFileSync(join("templates", name), "utf8").length).toBeGreaterThan(0);
  });

  it("an override of the event page replaces only the event pages", async () => {
    const dir = join(tmp, "templates");
    mkdirSync(join(dir, "docs"), { recursive: true });
    writeFileSync(join(dir, DOCS_TEMPLATES.event), "# {{title}}\n\nOur own page for {{name}}, subject {{#each summary}}{{subject}} {{/each}}\n");
    const files = relativeToDocs(await renderPackage({ schemas: "schemas", out: join(tmp, "out"), templates: dir }));
    expect(files.get("events/position.admitted.md")).toBe(
      "# Position Admitted\n\nOur own page for `position.admitted`, subject `waitingroom.position.admitted.v2` `waitingroom.position.admitted.v1`\n",
    );
    const builtIn = committedCatalog();
    expect(files.get("README.md")).toBe(builtIn.get("README.md"));
    expect(files.get("defs/common.md")).toBe(builtIn.get("defs/common.md"));
  });
});
