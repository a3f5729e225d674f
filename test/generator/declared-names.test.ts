/**
 * emit/types/emit-types.ts checks that no two type files export one name. A long-lived process
 * keeps the names each file exported on its last run with the file's text (`declaredNames`), and
 * searches again only a file whose text changed: a file that comes to declare another file's
 * name must be reported on the run it does, and no more once it stops. What a file's text declares
 * is read by emit/types/declared-names.ts, tested first as tables.
 */
import { describe, expect, it } from "vitest";
import { declaredIn, declaresType } from "../../generator/emit/types/declared-names.js";
import { emitTypes, type DeclaredNames } from "../../generator/emit/types/emit-types.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";

const { model } = checkRegistryAt("schemas");

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

describe("the type names a session keeps per file", () => {
  it("reports a name declared twice on the run a file's text comes to declare it, and keeps each file's names with its text", async () => {
    const declared = new Map<string, string>();
    const memo = async (_prepared: Record<string, unknown>, name: string, compile: () => Promise<string>) => declared.get(name) ?? (declared.set(name, await compile()), declared.get(name)!);
    const kept: DeclaredNames = new Map();
    const first = await emitTypes(model, { eventFiles: { get: () => undefined }, memo, declaredNames: kept });
    const [path, other] = [...first.eventKeys.keys()].sort();
    const otherName = kept.get(other!)!.names[0]!;
    expect(kept.get(path!)!.names).not.toContain(otherName);
    expect([...kept.keys()].sort()).toEqual([...first.files.keys()].sort());

    // The same run again, one event's file served with one more declaration: the other file's first name.
    const text = `${first.files.get(path!)!}export type ${otherName} = string;\n`;
    const served = (withClash: boolean) => new Map([...first.eventKeys].map(([p, key]) => [key, p === path && withClash ? text : first.files.get(p)!]));
    const clashing = served(true);
    await expect(emitTypes(model, { eventFiles: { get: (key) => clashing.get(key) }, memo, declaredNames: kept })).rejects.toThrow(`the type name ${otherName} is declared by`);
    expect(kept.get(path!)).toEqual({ text, names: [...kept.get(path!)!.names.slice(0, -1), otherName] });
    expect(kept.get(path!)!.names.slice(0, -1)).not.toContain(otherName);

    const plain = served(false);
    const again = await emitTypes(model, { eventFiles: { get: (key) => plain.get(key) }, memo, declaredNames: kept });
    expect([...again.files]).toEqual([...first.files]);
    expect(kept.get(path!)!.names).not.toContain(otherName);
  });

  it("an event file taken in place (not read) declares the names kept by its key: a clash with it is reported as with its text", async () => {
    const first = await emitTypes(model, { eventFiles: { get: () => undefined } });
    const texts = new Map([...first.eventKeys].map(([path, key]) => [key, first.files.get(path)!]));
    // A run that reads every file: the names table is given each event file's names, by its key.
    const table = new Map<string, string[]>();
    let saved = 0;
    const inPlace = (reuse: (path: string) => boolean) => ({
      digest: (key: string) => (texts.has(key) ? `digest of ${key}` : undefined),
      reuse: (path: string, digest: string) => digest === `digest of ${first.eventKeys.get(path)}` && reuse(path),
      names: { get: (key: string) => table.get(key), set: (key: string, names: string[]) => void table.set(key, names), save: () => void saved++ },
    });
    await emitTypes(model, { eventFiles: { get: (key) => texts.get(key) }, inPlace: inPlace(() => false) });
    expect([...table].sort()).toEqual([...texts].map(([key, text]) => [key, declaredIn(text)]).sort());
    expect(saved).toBe(1);

    // Every event file taken in place: none read, none in `files`, each in `served`.
    const read: string[] = [];
    const inPlaceRun = await emitTypes(model, { eventFiles: { get: (key) => (read.push(key), texts.get(key)) }, inPlace: inPlace(() => true) });
    expect(read).toEqual([]);
    expect([...inPlaceRun.files.keys()].filter((path) => first.eventKeys.has(path))).toEqual([]);
    expect([...inPlaceRun.served].sort()).toEqual([...first.eventKeys.keys()].sort());

    // One taken in place comes to declare an earlier file's name (its names by its key say so): the
    // same report as when its text, declaring it, is read.
    const [path, other] = [...first.eventKeys.keys()].sort().reverse();
    const otherName = declaredIn(first.files.get(other!)!)[0]!;
    const key = first.eventKeys.get(path!)!;
    const byText = await emitTypes(model, { eventFiles: { get: (k) => (k === key ? `${texts.get(k)!}export type ${otherName} = string;\n` : texts.get(k)) } }).then(
      () => "no failure",
      (err: Error) => err.message,
    );
    expect(byText).toContain(`the type name ${otherName} is declared by`);
    table.set(key, [...table.get(key)!, otherName]);
    const inPlaceFailure = await emitTypes(model, { eventFiles: { get: (k) => texts.get(k) }, inPlace: inPlace(() => true) }).then(
      () => "no failure",
      (err: Error) => err.message,
    );
    expect(inPlaceFailure).toBe(byText);
  });

  it("reports two names declared twice in the order of the names, not of the files that first declared them", async () => {
    const first = await emitTypes(model, { eventFiles: { get: () => undefined } });
    // The last event's file comes to declare two earlier files' names (both then reported against it),
    // the one sorting last met first.
    const target = [...first.eventKeys.keys()].at(-1)!;
    const others = [...first.files.keys()].slice(0, [...first.files.keys()].indexOf(target));
    const declaredBy = (p: string) => [...first.files.get(p)!.matchAll(/^export (?:interface|type) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
    const pairs = others.flatMap((a, i) => others.slice(i + 1).flatMap((b) => declaredBy(a).flatMap((x) => declaredBy(b).filter((y) => y.localeCompare(x) < 0).map((y) => [x, y] as const))));
    const [later, earlier] = pairs[0]!;
    const text = `${first.files.get(target!)!}export type ${later} = string;\nexport type ${earlier} = string;\n`;
    const served = new Map([...first.eventKeys].map(([p, key]) => [key, p === target ? text : first.files.get(p)!]));
    const failure = await emitTypes(model, { eventFiles: { get: (key) => served.get(key) } }).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failure).toContain(`the type name ${later} is declared by`);
    expect(failure!.indexOf(`the type name ${earlier} is declared by`)).toBeGreaterThanOrEqual(0);
    expect(failure!.indexOf(`the type name ${earlier} is declared by`)).toBeLessThan(failure!.indexOf(`the type name ${later} is declared by`));
  });
});
