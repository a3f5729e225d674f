import { describe, expect, it } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";

describe("waiting-room registry", () => {
  it("loads and lints clean", () => {
    const { model } = checkRegistryAt("schemas");
    expect(model.events.length).toBe(17);
  });
});
