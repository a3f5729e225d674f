/**
 * The copy of the `yaml` library's type tests (emit/asyncapi/yaml-type-tests.ts) is the installed
 * library's: when an upgrade changes them, this fails and the copy is taken again (its version
 * and tests). Whichever is used, strings are judged alike.
 */
import { describe, expect, it } from "vitest";
import { COPIED_TYPE_TESTS, libraryTypeTests, yamlTypeTests } from "../../generator/emit/asyncapi/yaml-type-tests.js";
import { installedVersion } from "../../generator/base/installed-version.js";

const spelled = (tests: readonly RegExp[]) => tests.map((test) => `/${test.source}/${test.flags}`);

describe("yaml-type-tests: the library's YAML 1.1 type tests, kept as of one version", () => {
  it("the copy is of the installed version, and its tests are the library's, in order", () => {
    expect(installedVersion("yaml")).toBe(COPIED_TYPE_TESTS.version);
    expect(spelled(COPIED_TYPE_TESTS.tests)).toEqual(spelled(libraryTypeTests()));
  });

  it("the installed version is served the copy, without loading the library", () => {
    expect(yamlTypeTests()).toBe(COPIED_TYPE_TESTS.tests);
  });

  const given: Array<{ text: string; typed: boolean }> = [
    { text: "yes", typed: true },
    { text: "OFF", typed: true },
    { text: "~", typed: true },
    { text: "", typed: true },
    { text: "0x1F", typed: true },
    { text: "1_000", typed: true },
    { text: "1:30.5", typed: true },
    { text: "2025-06-01T09:00:00Z", typed: true },
    { text: ".NaN", typed: true },
    { text: "string", typed: false },
    { text: "yess", typed: false },
    { text: "1.2.3", typed: false },
    { text: "2025-6", typed: false },
  ];
  it.each(given)("$text: typed $typed by the copy and by the library alike", ({ text, typed }) => {
    expect(COPIED_TYPE_TESTS.tests.some((test) => test.test(text))).toBe(typed);
    expect(libraryTypeTests().some((test) => test.test(text))).toBe(typed);
  });
});

describe("installed-version: a dependency's version from its package.json", () => {
  it("reads an installed package's version, and says so of one that is not installed", () => {
    expect(installedVersion("yaml")).toMatch(/^\d+\.\d+\.\d+/);
    expect(installedVersion("no-such-package-jetschema-test")).toBe("missing");
  });
});
