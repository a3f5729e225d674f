/**
 * The `yaml` library's YAML 1.1 type tests: a string scalar the library writes plain unless one
 * of them matches (a boolean, a number, a date, null). yaml-text.ts takes its quoting from them.
 *
 * They are the library's own, kept here as of the version below, so that a process that writes
 * a few AsyncAPI sections (an edit) need not load the library to read them: its ~40 modules cost
 * ~15 ms of an edit's main thread. Another installed version is asked instead, and
 * test/asyncapi/yaml-type-tests.test.ts fails when the installed library's tests differ from the
 * copy, so an upgrade updates both.
 */
import { installedVersion } from "../../base/installed-version.js";
import { loadedOnFirstUse } from "../../base/loaded-on-first-use.js";

/** The library's version the copy was taken from, and its tests (default tags but `str`, in the schema's order). */
export const COPIED_TYPE_TESTS = {
  version: "2.9.1",
  tests: [
    /^(?:~|[Nn]ull|NULL)?$/,
    /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    /^[-+]?0b[0-1_]+$/,
    /^[-+]?0[0-7_]+$/,
    /^[-+]?[0-9][0-9_]*$/,
    /^[-+]?0x[0-9a-fA-F_]+$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
  ],
} as const;

/** The installed library's tests, read from its YAML 1.1 schema (loading the library). */
export function libraryTypeTests(): RegExp[] {
  const { Document } = yaml();
  return new Document(null, { version: "1.1" }).schema.tags.flatMap((tag) => (tag.default === true && tag.tag !== "tag:yaml.org,2002:str" && tag.test ? [tag.test] : []));
}

const yaml = loadedOnFirstUse<typeof import("yaml")>("yaml");

let tests: readonly RegExp[] | undefined;

/** The tests of the installed library: the copy when it is the copy's version. */
export function yamlTypeTests(): readonly RegExp[] {
  tests ??= installedVersion("yaml") === COPIED_TYPE_TESTS.version ? COPIED_TYPE_TESTS.tests : libraryTypeTests();
  return tests;
}
