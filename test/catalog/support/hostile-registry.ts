/**
 * A valid registry whose every free-text value is hostile to Markdown: pipes, backticks (matched,
 * unmatched, runs), raw HTML, HTML comments, newlines and blank lines followed by heading, list,
 * quote, fence and table syntax, `$` math, entities and trailing backslashes. Service names carry
 * quotes, pipes, brackets and backticks; a definition key has spaces and a pipe; an example holds a
 * code fence. Built at test time (like the synthetic registries) so the catalog tests own it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const PROSE = [
  "Pipes | in | text, `code | with pipe`, an unmatched ` backtick and ``a `tick` run``.",
  "<img src=x onerror=alert(1)> <script>alert(1)</script> <b>bold</b> <!-- comment --> &amp; &",
  "line one",
  "line two",
  "",
  "# Not a heading",
  "- not a list",
  "> not a quote",
  "```",
  "not a fence",
  "```",
  "| not | a | table |",
  "1. not an ordered list",
  "[ref]: https://example.com/not-a-definition",
  "costs $5 and $10, trailing backslash \\",
].join("\n");

/** Text with Markdown syntax but no code span: the reader must see exactly this. */
export const PLAIN = "*not emphasis* _nor this_ [nor](a-link) ~~strike~~ $x$ <b>tag</b> &amp; \\* ![img](x) 192.168.1.*** snake_case_name";
export const HOSTILE_SERVICE = 'svc "quoted" | pipe [x] `tick`';
export const HOSTILE_ENUM = ["a|b", "`tick`", "```", "<b>x</b>", "line\nbreak", " ", "$x$"];
export const HOSTILE_DEF_KEY = "Odd | key `x`";
export const HOSTILE_EXAMPLE = { text: "```\n# heading in a fence\n```", pipe: "a | b", html: "<script>x</script>", code: "``` ````" };
/** The payload fields of hostile.event v1 (1.1), in table order. */
export const HOSTILE_FIELDS = ["text", "plain", "pipe", "html", "code", "mood", "nested", "nested.deep", "odd"];

export function writeHostileRegistry(dir: string): void {
  const write = (file: string, value: unknown) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  write("registry.json", {
    namespace: "hostile",
    description: PROSE,
    package: { name: "@hostile/events", version: "1.0.0" },
    streams: {
      HOSTILE: { subjects: ["hostile.>"], description: PROSE, max_age: "1h" },
      DLQ: { subjects: ["dlq.>"], description: PROSE },
    },
    consumers: { "reader-1": { stream: "HOSTILE", description: PROSE, ack_wait: "30s", max_deliver: 2, filter_subject: "hostile.hostile.>" } },
    dlq: { stream: "DLQ", subject: "dlq.{consumer}" },
    services: {
      [HOSTILE_SERVICE]: { description: PROSE, publishes: ["hostile.event"], consumes: [] },
      "reader-1": { consumes: ["hostile.event", "hostile.other"] },
    },
  });
  write("envelope.schema.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: PROSE,
    type: "object",
    required: ["id", "type", "timestamp", "version", "source", "data"],
    properties: {
      id: { type: "string", description: PROSE },
      type: { type: "string" },
      timestamp: { type: "string", format: "date-time" },
      version: { type: "string" },
      source: { type: "string" },
      data: { type: "object" },
    },
  });
  write("defs/odd.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `Odd ${PROSE}`,
    description: PROSE,
    $defs: {
      [HOSTILE_DEF_KEY]: { title: PROSE, description: PROSE, type: "string", pattern: "^(a|b)`+$", "x-pii": true },
    },
  });
  const v = (minor: number) => ({
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `Hostile ${PROSE}`,
    description: PROSE,
    type: "object",
    required: ["text"],
    properties: {
      text: { type: "string", description: PROSE },
      plain: { type: "string", description: PLAIN },
      pipe: { type: "string", pattern: "^a|b$", description: PROSE },
      html: { type: "string", description: "<b>not bold</b>" },
      code: { type: "string", description: "```" },
      mood: { enum: HOSTILE_ENUM, description: PROSE },
      nested: {
        type: "object",
        title: PROSE,
        properties: { deep: { type: "string", description: PROSE } },
      },
      ...(minor > 0 ? { odd: { $ref: `../../defs/odd.json#/$defs/${encodeURIComponent(HOSTILE_DEF_KEY)}`, description: PROSE } } : {}),
    },
    examples: [HOSTILE_EXAMPLE],
    "x-producers": [HOSTILE_SERVICE],
  });
  write("hostile/event/1.0.json", v(0));
  write("hostile/event/1.1.json", v(1));
  write("hostile/other/1.0.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    description: PROSE,
    deprecated: true,
    type: "string",
    maxLength: 10,
    examples: ["`|`"],
  });
}
