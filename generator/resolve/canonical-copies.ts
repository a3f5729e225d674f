/**
 * Each file's canonical copy, by file (resolve-refs.ts), read as a map. A copy kept from another
 * process's run is parsed from its stored JSON when first read (front-end/persisted-front-end.ts):
 * an edit's stages read the copies of the files it touches, not every file's. Iteration reads
 * (and so makes) every copy, as a stage that walks the registry needs them all.
 */
export interface CopySource {
  readonly copy: Record<string, unknown>;
  /** False while the copy is still unparsed (reading `copy` parses it); absent: made. */
  readonly copyMade?: boolean;
}

export class CanonicalCopies implements ReadonlyMap<string, Record<string, unknown>> {
  private readonly byFile = new Map<string, CopySource>();

  /** A copy made now, or one kept (made when first read). */
  set(file: string, source: Record<string, unknown> | CopySource, kept = false): this {
    this.byFile.set(file, kept ? (source as CopySource) : { copy: source as Record<string, unknown> });
    return this;
  }

  get(file: string): Record<string, unknown> | undefined {
    return this.byFile.get(file)?.copy;
  }

  /** The copy when it is an object already, without parsing a kept one (a memo by object can only know a made one). */
  ifMade(file: string): Record<string, unknown> | undefined {
    const source = this.byFile.get(file);
    return source && source.copyMade !== false ? source.copy : undefined;
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  get size(): number {
    return this.byFile.size;
  }

  keys(): MapIterator<string> {
    return this.byFile.keys();
  }

  *values(): MapIterator<Record<string, unknown>> {
    for (const source of this.byFile.values()) yield source.copy;
  }

  *entries(): MapIterator<[string, Record<string, unknown>]> {
    for (const [file, source] of this.byFile) yield [file, source.copy];
  }

  [Symbol.iterator](): MapIterator<[string, Record<string, unknown>]> {
    return this.entries();
  }

  forEach(callback: (copy: Record<string, unknown>, file: string, map: ReadonlyMap<string, Record<string, unknown>>) => void, thisArg?: unknown): void {
    for (const [file, copy] of this.entries()) callback.call(thisArg, copy, file, this);
  }
}
