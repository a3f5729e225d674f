/**
 * What a type file declares (emit/types/declared-names.ts): the root type json-schema-to-typescript
 * may leave out (a schema that simplifies to `unknown`), and every exported name in order.
 */
import { describe, expect, it } from "vitest";
import { declaredIn, declaresType } from "../../generator/emit/types/declared-names.js";

describe("declaresType", () => {
  it.each([
    { given: "an interface on the first line", text: "export interface Order {\n  id: string;\n}\n", name: "Order", want: true },
    { given: "a type after a comment", text: "/** An order. */\nexport type Order = string;\n", name: "Order", want: true },
    { given: "a line that starts after \\r", text: "// x\rexport type Order = string;", name: "Order", want: true },
    { given: "a line that starts after U+2028", text: "// x\u2028export type Order = string;", name: "Order", want: true },
    { given: "the name at the end of the text", text: "export type Order", name: "Order", want: true },
    { given: "a name with $", text: "export type Order$1 = string;\n", name: "Order$1", want: true },
    { given: "only a longer name", text: "export interface OrderPlaced {}\n", name: "Order", want: false },
    { given: "only the name followed by $", text: "export type Order$1 = string;\n", name: "Order", want: false },
    { given: "only a declaration indented", text: "  export type Order = string;\n", name: "Order", want: false },
    { given: "the declaration inside a line", text: "// see export type Order = string\n", name: "Order", want: false },
    { given: "an enum of the name", text: "export enum Order {}\n", name: "Order", want: false },
    { given: "a later declaration after a longer one", text: "export type OrderPlaced = 1;\nexport type Order = 2;\n", name: "Order", want: true },
    { given: "nothing", text: "", name: "Order", want: false },
  ])("$given: $want", ({ text, name, want }) => {
    expect(declaresType(text, name)).toBe(want);
  });
});

describe("declaredIn", () => {
  it.each([
    { given: "each kind of declaration, in order", text: "export type B = 1;\nexport interface A {}\nexport declare const C: 1;\nexport enum D {}\n", want: ["B", "A", "C", "D"] },
    { given: "declarations not at a line's start", text: "  export type A = 1;\n// export type B = 2;\n", want: [] },
    { given: "names with $ and digits", text: "export type $a1 = 1;\nexport interface B$2 {}\n", want: ["$a1", "B$2"] },
  ])("$given", ({ text, want }) => {
    expect(declaredIn(text)).toEqual(want);
  });
});
