/**
 * The real mermaid library, parsing in Node. mermaid's parser needs DOMPurify, which needs a
 * window: jsdom provides one. `parse` throws on a syntax error (with mermaid's own message).
 */
import { JSDOM } from "jsdom";

type Mermaid = (typeof import("mermaid"))["default"];
let loaded: Promise<Mermaid> | undefined;

export function loadMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const { window } = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    g.window ??= window;
    g.document ??= window.document;
    const mermaid = (await import("mermaid")).default;
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    return mermaid;
  })();
  return loaded;
}

/** GitHub renders with mermaid's defaults: a diagram over these limits shows an error instead. */
export const GITHUB_LIMITS = { maxTextSize: 50_000, maxEdges: 500 };
