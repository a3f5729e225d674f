/**
 * The three outputs of `jetschema check`: text for people, JSON for tools, and GitHub Actions
 * workflow commands (`::error file=...,line=...::...`) that annotate the pull request.
 */
import { formatDiagnostic, type Diagnostic } from "../base/diagnostics.js";

export type ReportFormat = "text" | "json" | "github";
export const REPORT_FORMATS: ReportFormat[] = ["text", "json", "github"];

export interface Report {
  /** Lines for stdout. */
  out: string[];
  /** Lines for stderr. */
  err: string[];
}

/** `root` is the registry folder as the user named it, so paths are clickable from the working directory. */
export function formatReport(diagnostics: Diagnostic[], format: ReportFormat, root: string, summary: string): Report {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const path = (d: Diagnostic) => `${root.replace(/\/$/, "")}/${d.file}`;
  if (format === "json") {
    const body = {
      ok: errors === 0,
      errors,
      warnings,
      summary,
      diagnostics: diagnostics.map((d) => ({
        file: path(d),
        pointer: d.pointer,
        ...(d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : {}),
        severity: d.severity,
        rule: d.rule,
        ...(d.breaks ? { breaks: d.breaks } : {}),
        message: d.message,
      })),
    };
    return { out: [JSON.stringify(body, null, 2)], err: [] };
  }
  if (format === "github") {
    const out = diagnostics.map((d) => {
      const props = [`file=${property(path(d))}`];
      if (d.line !== undefined) props.push(`line=${d.line}`, `col=${d.column ?? 1}`);
      const breaks = d.breaks?.length ? ` (${d.breaks.join(", ")})` : "";
      props.push(`title=${property(`${d.rule}${breaks}`)}`);
      const where = d.pointer === "" ? "" : `#${d.pointer}: `;
      return `::${d.severity === "error" ? "error" : "warning"} ${props.join(",")}::${data(`${where}${d.message}`)}`;
    });
    return { out: [...out, summary], err: [] };
  }
  const lines = diagnostics.map((d) => formatDiagnostic(d, root));
  return errors > 0 ? { out: [], err: [...lines, summary] } : { out: [summary], err: lines };
}

/** Workflow command escaping (the runner's own rules). */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
