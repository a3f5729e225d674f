/**
 * Reading ajv's error object literals without a JavaScript parser: which values become constants
 * of the module's error table, which stay expressions given at the report site, and which
 * literals are left as ajv wrote them. A value wrongly read as a constant would change an error
 * object; one left as an expression only costs bytes.
 */
import { describe, expect, it } from "vitest";
import { readErrorLiteral, type ErrorProperty } from "../../generator/validators/error-literal.js";

const schemas: Record<string, unknown> = {
  schema3: { properties: { kind: { enum: ["a", "b"], type: ["string", "null"] }, "x-y": { const: 1 } } },
};
const schemaValue = (name: string) => schemas[name];

const constant = (key: string, value: unknown): ErrorProperty => ({ key, value });
const given = (key: string, source: string): ErrorProperty => ({ key, source });

describe("readErrorLiteral", () => {
  const cases: Array<{ given: string; literal: string; want: ErrorProperty[] | undefined }> = [
    {
      given: "ajv's usual report: instancePath computed, the rest constant",
      literal: `{instancePath:instancePath+"/a",schemaPath:"#/properties/a/type",keyword:"type",params:{type: "string"},message:"must be string"}`,
      want: [
        given("instancePath", `instancePath+"/a"`),
        constant("schemaPath", "#/properties/a/type"),
        constant("keyword", "type"),
        constant("params", { type: "string" }),
        constant("message", "must be string"),
      ],
    },
    {
      given: "a shorthand property and a message joined from strings",
      literal: `{instancePath,message:"must have required property "+"'"+"id"+"'"}`,
      want: [given("instancePath", "instancePath"), constant("message", "must have required property 'id'")],
    },
    {
      given: "numbers, a negative number, booleans, null, arrays and nested objects",
      literal: `{params:{comparison: ">=", limit: -1.5e2, a: [true, false, null, [0]], b: {"c": {}}}}`,
      want: [constant("params", { comparison: ">=", limit: -150, a: [true, false, null, [0]], b: { c: {} } })],
    },
    {
      given: "a path into an embedded schema, dotted and bracketed",
      literal: `{params:{allowedValues: schema3.properties.kind.enum},other:schema3.properties["x-y"]}`,
      want: [constant("params", { allowedValues: ["a", "b"] }), constant("other", { const: 1 })],
    },
    {
      given: "values computed at run time stay expressions, with their source as written",
      literal: `{instancePath:instancePath+"/items/" + i0,params:{missingProperty: missing0},a:schema3.nope,b:schema9.x,c:-0,d:"a"+1,e:undefined,f:(x, y),g:{__proto__: 1}}`,
      want: [
        given("instancePath", `instancePath+"/items/" + i0`),
        given("params", "{missingProperty: missing0}"),
        given("a", "schema3.nope"),
        given("b", "schema9.x"),
        given("c", "-0"),
        given("d", `"a"+1`),
        given("e", "undefined"),
        given("f", "(x, y)"),
        given("g", "{__proto__: 1}"),
      ],
    },
    {
      given: "strings JSON cannot read (escapes, control characters) stay expressions",
      literal: `{a:"\\x41",b:"ok \\" \\u2028"}`,
      want: [given("a", `"\\x41"`), constant("b", 'ok " \u2028')],
    },
    {
      given: "commas, braces and colons inside strings do not split properties",
      literal: `{message:"a, b} c: {",params:{pattern: "^[a-z]{2,3}$"}}`,
      want: [constant("message", "a, b} c: {"), constant("params", { pattern: "^[a-z]{2,3}$" })],
    },
    { given: "a spread", literal: `{...x,a:1}`, want: undefined },
    { given: "a computed key", literal: `{[k]:1}`, want: undefined },
    { given: "a method", literal: `{get a(){return 1}}`, want: undefined },
    { given: "a string key at the top level", literal: `{"a":1}`, want: undefined },
    { given: "a template literal", literal: "{a:`x${y}`}", want: undefined },
    { given: "a single-quoted string", literal: `{a:'x'}`, want: undefined },
    {
      given: "regular expressions (ajv's escaped property names) and division stay expressions",
      literal: `{instancePath:instancePath+"/m/" + key0.replace(/~/g, "~0").replace(/\\//g, "~1"),b:x/2,c:f(/[,}\\]]/)}`,
      want: [
        given("instancePath", `instancePath+"/m/" + key0.replace(/~/g, "~0").replace(/\\//g, "~1")`),
        given("b", "x/2"),
        given("c", "f(/[,}\\]]/)"),
      ],
    },
    { given: "a comment", literal: `{a:1/*,*/}`, want: undefined },
    { given: "an unterminated regular expression", literal: `{a:f(/x)}`, want: undefined },
    { given: "text after the literal", literal: `{a:1}.b`, want: undefined },
    { given: "an unterminated literal", literal: `{a:"x}`, want: undefined },
    { given: "unbalanced brackets", literal: `{a:f(1]}`, want: undefined },
  ];
  for (const c of cases) {
    it(c.given, () => {
      expect(readErrorLiteral(c.literal, schemaValue)).toEqual(c.want);
    });
  }
});
