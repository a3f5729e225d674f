/**
 * The schema files a long-lived process (`generate --watch`) parsed and checked on its last load,
 * by path and digest of their bytes: a file whose bytes did not change is neither decoded,
 * parsed nor checked against its meta-schema again. What the per-file checks decide is a function
 * of the bytes and the registry's input limits alone, so an entry is kept only for the limits it
 * was read under, and only for a file that passed them.
 *
 * The kept values are frozen: later stages share them with the next load, and an attempt to
 * change one throws instead of changing what a later run reads.
 */
import type { JsonFile } from "./json-file.js";
import type { RegistryFiles } from "./registry-files.js";
import { deepFreeze } from "../base/deep-freeze.js";
import type { SchemaHead } from "./schema-head.js";

/** `head`: the schema's head when it is known without the value (a file restored unparsed, front-end/persisted-front-end.ts). */
export type ParsedFile = JsonFile & { digest: string; head?: SchemaHead };

export class KeptParses {
  /** `freeze`: false for a process that keeps nothing in memory past its run (front-end/persisted-front-end.ts writes what it read back as read). */
  constructor(private readonly freeze = true) {}

  private limits = "";
  private byFile = new Map<string, ParsedFile>();

  /** What the last load kept, and the limits it was read under (front-end/persisted-front-end.ts saves them). */
  kept(): { limits: string; files: ReadonlyMap<string, ParsedFile> } {
    return { limits: this.limits, files: this.byFile };
  }

  /** Files another process's load kept (front-end/persisted-front-end.ts), under the limits they were read with. */
  seed(limits: string, files: Map<string, ParsedFile>): void {
    this.limits = limits;
    this.byFile = files;
  }

  /** The view of one load: what an earlier load kept of `files`, and what this one keeps. */
  begin(files: RegistryFiles): KeptParsesOfLoad {
    const limits = JSON.stringify(files.limits);
    const earlier = limits === this.limits ? this.byFile : new Map<string, ParsedFile>();
    const next = new Map<string, ParsedFile>();
    const freeze = this.freeze;
    this.limits = limits;
    this.byFile = next;
    return {
      get(file) {
        const kept = earlier.get(file);
        return kept && kept.digest === files.digest(file) ? kept : undefined;
      },
      keep(file, parsed) {
        if (freeze) deepFreeze(parsed.value);
        next.set(file, parsed);
      },
    };
  }
}

export interface KeptParsesOfLoad {
  /** The file as parsed before, when its bytes are the same (it passed the per-file checks then). */
  get(file: string): ParsedFile | undefined;
  /** A file that passed the per-file checks, for the next load. */
  keep(file: string, parsed: ParsedFile): void;
}
