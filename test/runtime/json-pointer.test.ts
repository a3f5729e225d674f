/**
 * The runtime's JSON pointers (runtime/src/base/json-pointer.ts, RFC 6901): a key becomes one
 * token and comes back from it unchanged, whatever `~` and `/` it holds (the table the generator's
 * pointers are tested with, test/support/pointer-tokens.ts); and a validation issue about such a
 * key names the value it received there.
 */
import { describe, expect, it } from "vitest";
import { escapePointerToken, pointerKeys } from "../../runtime/src/base/json-pointer.js";
import { toValidationIssues } from "../../runtime/src/envelope/issues.js";
import { POINTER_TOKENS } from "../support/pointer-tokens.js";

describe("escapePointerToken and pointerKeys", () => {
  it.each(POINTER_TOKENS)("the key $key is the token $token, and back", ({ key, token }) => {
    expect(escapePointerToken(key)).toBe(token);
    expect(pointerKeys(`/${token}`)).toEqual([key]);
  });

  it("reads a pointer of several tokens, and none for the document itself", () => {
    expect(pointerKeys("/a~1b/0/~01")).toEqual(["a/b", "0", "~1"]);
    expect(pointerKeys("")).toEqual([]);
  });
});

describe("a validation issue under an escaped key", () => {
  it("names the value received at that key", () => {
    const payload = { "a/b": { "~1": 42 } };
    const errors = [{ keyword: "type", instancePath: "/a~1b/~01", schemaPath: "#/type", params: { type: "string" }, message: "must be string" }];
    expect(toValidationIssues(errors, payload)).toEqual([{ pointer: "/a~1b/~01", keyword: "type", message: "must be string (received 42)" }]);
  });

  it("points a missing property's issue at the escaped key", () => {
    const errors = [{ keyword: "required", instancePath: "/x", schemaPath: "#/required", params: { missingProperty: "c/d~" }, message: "x" }];
    expect(toValidationIssues(errors, {})).toEqual([{ pointer: "/x/c~1d~0", keyword: "required", message: "is required" }]);
  });
});
