/**
 * Lint rules for request-reply events (`"x-pattern": "request-reply"` with an `x-reply` schema).
 * They join the same table as every other lint rule.
 */
import type { LintContext, LintRule } from "./lint-rule.js";
import { subjectMatches } from "../model/subjects.js";

function aRequestReplyEventDeclaresItsReplySchema({ model, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    for (const v of m.versions) {
      const s = v.doc.head;
      const pattern = s["x-pattern"];
      if (pattern !== undefined && pattern !== "request-reply") {
        report.error(v.file, "/x-pattern", rule, `x-pattern must be "request-reply" (or absent), got ${JSON.stringify(pattern)}`);
      } else if (pattern === "request-reply" && (s["x-reply"] === null || typeof s["x-reply"] !== "object" || Array.isArray(s["x-reply"]))) {
        report.error(v.file, "/x-reply", rule, 'a request-reply event needs "x-reply": a schema (or a {"$ref": ...}) describing the reply');
      } else if (pattern === undefined && s["x-reply"] !== undefined) {
        report.error(v.file, "/x-reply", rule, 'x-reply only means something with "x-pattern": "request-reply"');
      }
    }
  }
}

function aStreamThatCapturesRequestsDoesNotAcknowledgeThem({ model, report }: LintContext, rule: string): void {
  // A stream answers every message it stores with a PubAck on the reply subject: the requester
  // would take that ack for the reply. Such a stream must be declared no_ack.
  for (const m of model.majors) {
    if (!m.requestReply) continue;
    for (const stream of model.streams) {
      const i = stream.subjects.findIndex((f) => subjectMatches(f, m.subject));
      if (i >= 0 && !stream.no_ack) {
        report.error("registry.json", `/streams/${stream.name}`, rule, `stream ${stream.name} captures the request subject "${m.subject}" of ${m.key}; set "no_ack": true on it, or leave requests out of its subjects`);
      }
    }
  }
}

/** The request-reply rules, in the order they run. */
export const requestReplyRules: readonly LintRule[] = [
  { sentence: "A request-reply event declares its reply schema", check: aRequestReplyEventDeclaresItsReplySchema },
  { sentence: "A stream that captures requests does not acknowledge them", check: aStreamThatCapturesRequestsDoesNotAcknowledgeThem },
];
