/**
 * Templates compiled by an earlier process (emit/templates.ts, `TemplateSpecStore`): a run that
 * finds a template's precompiled code in the store evaluates it instead of compiling, and must
 * render what Handlebars' own compile renders, byte for byte, or fail with the same message; a
 * template whose text changed must never meet the code of its old text. Each case renders a
 * template three ways: compiled (no store), compiled into an empty store, served from that store.
 */
import { describe, expect, it } from "vitest";
import { createTemplates, type TemplateSpecStore } from "../../generator/emit/templates.js";
import { readTemplates } from "../../generator/load/templates.js";

/** A store in memory that counts what it serves and what it is given. */
function memoryStore(): TemplateSpecStore & { entries: Map<string, string>; served: number; set_: number } {
  const entries = new Map<string, string>();
  const store = {
    entries,
    served: 0,
    set_: 0,
    get(key: string) {
      const spec = entries.get(key);
      if (spec !== undefined) store.served++;
      return spec;
    },
    set(key: string, spec: string) {
      store.set_++;
      entries.set(key, spec);
    },
  };
  return store;
}

const sources = (text: string) => ({ texts: new Map([["t.hbs", text]]) });

/** What rendering does: its text, or its error's message. */
function outcome(render: () => unknown): unknown {
  try {
    return render();
  } catch (err) {
    return `throws: ${(err as Error).message}`;
  }
}

const data = { title: "Queue", items: [{ name: "a" }, { name: "b", deep: { x: 1 } }], table: "| a | b |\n|-|-|\n| 1 | 22 |\n" };

describe("templates served precompiled", () => {
  describe.each([
    ["fields and helpers", "# {{title}}\n{{json items}}\n{{#table}}{{{table}}}{{/table}}\n"],
    ["a block reading its parent", "{{#each items}}- {{name}} of {{../title}}\n{{/each}}"],
    ["a missing field under strict", "{{title}} {{nothing.here}}\n"],
    ["a partial nobody registered", "{{> absent}}\n"],
    ["no HTML escaping", "{{title}} <b>&amp;</b> {{json items}}\n"],
  ])("whole: %s", (_, text) => {
    it("renders what Handlebars' compile renders, compiled into the store and served from it", () => {
      const compiled = outcome(() => createTemplates(sources(text)).render("t.hbs", data));
      const store = memoryStore();
      expect(outcome(() => createTemplates(sources(text), store).render("t.hbs", data))).toEqual(compiled);
      expect(store.set_).toBe(1);
      expect(outcome(() => createTemplates(sources(text), store).render("t.hbs", data))).toEqual(compiled);
      expect([store.served, store.set_]).toEqual([1, 1]);
    });
  });

  describe.each([
    ["cut at its block", "head {{title}}\n{{#each items}}- {{name}} of {{../title}}\n{{/each}}tail\n", true],
    ["two blocks", "{{#each items}}{{name}}\n{{/each}}mid {{title}}\n{{#each items}}[{{name}}]{{/each}}\n", true],
    ["not cut: an item's place", "{{#each items}}{{@index}} {{name}}\n{{/each}}", false],
    ["not cut: text between reads the list", "{{items.length}}\n{{#each items}}{{name}}{{/each}}", false],
  ])("cut: %s", (_, text, cuttable) => {
    it("gives the blocks and the texts Handlebars' compile gives, compiled into the store and served from it", () => {
      const render = (store?: TemplateSpecStore) => {
        const segments = createTemplates(sources(text), store).segments("t.hbs", ["items"]);
        return segments && { blocks: segments.blocks, rendered: segments.render(data) };
      };
      const compiled = render();
      expect(compiled !== undefined).toBe(cuttable);
      const store = memoryStore();
      expect(render(store)).toEqual(compiled);
      expect(render(store)).toEqual(compiled);
      expect([store.served, store.set_]).toEqual([1, 1]);
    });
  });

  it("a template whose text changed is compiled from its new text, not served its old code", () => {
    const store = memoryStore();
    const before = "{{title}} v1\n{{#each items}}{{name}}{{/each}}\n";
    const after = "{{title}} v2\n{{#each items}}<{{name}}>{{/each}}\n";
    createTemplates(sources(before), store).render("t.hbs", data);
    createTemplates(sources(before), store).segments("t.hbs", ["items"])!.render(data);
    expect(createTemplates(sources(after), store).render("t.hbs", data)).toBe("Queue v2\n<a><b>\n");
    expect(createTemplates(sources(after), store).segments("t.hbs", ["items"])!.render(data)).toEqual({ between: ["Queue v2\n", "\n"], items: [["<a>", "<b>"]] });
    // The same text cut over other lists is another entry: no block over them.
    expect(createTemplates(sources(after), store).segments("t.hbs", ["others"])!.render(data)).toEqual({ between: ["Queue v2\n<a><b>\n"], items: [] });
  });

  it("every built-in template is stored as the code Handlebars' precompile makes, and evaluates", () => {
    const builtIn = readTemplates();
    const store = memoryStore();
    const templates = createTemplates(builtIn, store);
    for (const name of builtIn.texts.keys()) {
      // Rendering needs each template's data; compiling happens on first render, so ask for a render with none and keep the spec.
      outcome(() => templates.render(name, {}));
    }
    expect(store.entries.size).toBe(builtIn.texts.size);
    for (const spec of store.entries.values()) {
      expect(spec).toContain('"main":function(');
      expect(spec).toMatch(/"compiler":\[\d+,/);
    }
  });
});
