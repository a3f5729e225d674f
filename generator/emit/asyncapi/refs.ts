/** `$ref` values inside the AsyncAPI document: JSON pointers from its root. */

export function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function ref(...path: string[]): { $ref: string } {
  return { $ref: `#/${path.map(pointerToken).join("/")}` };
}
