/**
 * Every problem the generator finds is a Diagnostic: which file, where in it (JSON pointer and,
 * when known, line and column), which rule, and what to do. Stages collect them instead of
 * throwing, so a user sees every error of a registry in one run, not only the first.
 */
export interface Diagnostic {
  /** Path relative to the registry root, with forward slashes. */
  file: string;
  /** JSON pointer inside the file ("" for the whole file). */
  pointer: string;
  /** The rule, named by a sentence; it is also the headline of the message. */
  rule: string;
  /** What exactly is wrong here. */
  message: string;
  line?: number;
  column?: number;
  severity: "error" | "warning";
  /** Compatibility findings: the direction(s) the change breaks, shown after the rule. */
  breaks?: Array<"BACKWARD" | "FORWARD">;
}

export function formatDiagnostic(d: Diagnostic, root = ""): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const prefix = root ? `${root.replace(/\/$/, "")}/` : "";
  const pointer = d.pointer === "" ? "" : ` at #${d.pointer}`;
  const breaks = d.breaks && d.breaks.length > 0 ? ` (${d.breaks.join(", ")})` : "";
  return `${prefix}${where}${pointer}: ${d.severity}: ${d.rule}${breaks}: ${d.message}`;
}

/** Thrown when a stage ends with errors; carries all of them. */
export class RegistryError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly root: string,
  ) {
    super(
      `${diagnostics.length} problem(s) in registry ${root}:\n` +
        diagnostics.map((d) => "  " + formatDiagnostic(d, root)).join("\n"),
    );
    this.name = "RegistryError";
  }
}

/** Collects diagnostics across stages; `throwIfErrors` stops the pipeline between stages. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  /** Maps a file to a function that turns a pointer into a line/column, when the file parsed. */
  private locators = new Map<string, (pointer: string) => { line: number; column: number } | undefined>();

  setLocator(file: string, locate: (pointer: string) => { line: number; column: number } | undefined) {
    this.locators.set(file, locate);
  }

  error(file: string, pointer: string, rule: string, message: string) {
    this.add({ file, pointer, rule, message, severity: "error" });
  }

  warn(file: string, pointer: string, rule: string, message: string) {
    this.add({ file, pointer, rule, message, severity: "warning" });
  }

  add(d: Diagnostic) {
    if (d.line === undefined) {
      const at = this.locators.get(d.file)?.(d.pointer);
      if (at) Object.assign(d, at);
    }
    this.list.push(d);
  }

  get errors() {
    return this.list.filter((d) => d.severity === "error");
  }

  throwIfErrors(root: string) {
    const errors = this.errors;
    if (errors.length > 0) throw new RegistryError(sortDiagnostics(errors), root);
  }
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.pointer.localeCompare(b.pointer) ||
      a.rule.localeCompare(b.rule),
  );
}
