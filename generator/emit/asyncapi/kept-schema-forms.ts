/**
 * Each registry schema's AsyncAPI form (schema-rules.ts) as a long-lived process (`generate
 * --watch`) last made it, so a save rewrites only the schemas that changed.
 *
 * A form depends on the schema and on the component name each of its `$ref`s points at. The
 * schema is known unchanged when it is the very same frozen object: the front end hands a file's
 * canonical copy on unchanged only when the file's bytes (by digest) and where each `$ref` lands
 * are unchanged (resolve/kept-resolutions.ts), and freezes it. Each reuse asks for the component
 * name of every `$ref` again, and makes the form again when one moved (a shared definition added
 * or renamed can take a name first). A schema that is not frozen (a run of its own) is always
 * rewritten. Forms are frozen, so the YAML of their section is kept by identity too
 * (yaml-sections.ts). What a run did not use is let go.
 */
import { deepFreeze } from "../../base/deep-freeze.js";
import { asyncApiSchema, type SchemaRuleContext } from "./schema-rules.js";

interface KeptForm {
  form: unknown;
  /** Each canonical `$ref` the schema holds and the component it pointed at. */
  refs: Array<[canonical: string, component: string]>;
}

export class KeptSchemaForms {
  private lastRun = new Map<object, KeptForm>();
  private thisRun = new Map<object, KeptForm>();

  /** asyncApiSchema(schema, ctx), reused when `schema` is the frozen object of an earlier run and its `$ref`s point where they did. */
  formOf(schema: unknown, ctx: SchemaRuleContext): unknown {
    if (typeof schema !== "object" || schema === null || !Object.isFrozen(schema)) return asyncApiSchema(schema, ctx);
    const kept = this.thisRun.get(schema) ?? this.lastRun.get(schema);
    if (kept && kept.refs.every(([canonical, component]) => ctx.componentRef(canonical) === component)) {
      this.thisRun.set(schema, kept);
      return kept.form;
    }
    const refs: KeptForm["refs"] = [];
    const form = asyncApiSchema(schema, {
      componentRef(canonical) {
        const component = ctx.componentRef(canonical);
        refs.push([canonical, component]);
        return component;
      },
    });
    const made = { form: deepFreeze(form), refs };
    this.thisRun.set(schema, made);
    return made.form;
  }

  /**
   * The form of `schema` is kept for this run without being asked for: its section's text was
   * taken as kept (event-sections.ts), and an edit that reaches the event later (a shared file)
   * reuses the form rather than making it again.
   */
  carry(schema: unknown): void {
    const kept = typeof schema === "object" && schema !== null ? this.lastRun.get(schema) : undefined;
    if (kept && !this.thisRun.has(schema as object)) this.thisRun.set(schema as object, kept);
  }

  /** The document is built: what it did not use is let go. */
  endRun(): void {
    this.lastRun = this.thisRun;
    this.thisRun = new Map();
  }
}
