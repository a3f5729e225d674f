/** The names a user types: derived from the event name and major, never chosen by hand. */

export function pascalCase(text: string): string {
  return (
    text
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join("")
      // json-schema-to-typescript upper-cases a letter after digits in every name it declares
      // (`X1y` → `X1Y`); do the same, or references would miss the declaration.
      .replace(/\d[a-z]/g, (m) => m.toUpperCase())
  );
}

/** `position.admitted` major 2 -> `PositionAdmittedV2`; major 1 has no suffix. */
export function payloadTypeName(event: string, major: number): string {
  const base = pascalCase(event);
  return major === 1 ? base : `${base}V${major}`;
}

export function eventTypeName(event: string, major: number): string {
  return majorNames(event, major).eventTypeName;
}

export function publishHelperName(event: string, major: number): string {
  return majorNames(event, major).helperName;
}

/** A major's payload type, event type and publish helper names, the payload type's spelled once (the model names every major). */
export function majorNames(event: string, major: number): { typeName: string; eventTypeName: string; helperName: string } {
  const typeName = payloadTypeName(event, major);
  return { typeName, eventTypeName: `${typeName}Event`, helperName: `publish${typeName}` };
}

/**
 * Minor 1.0 of `tree.updated` -> `TreeUpdatedV1_0` (payload) and `TreeUpdatedV1_0Event` (envelope),
 * for a major whose handler gets one type per minor (compat/latest-reads.ts). Every other name
 * is PascalCase words and digits (pascalCase, the type rules' path names, the shared names), so
 * the underscore keeps these apart from them; the major always spelled out keeps 1.10 apart from 11.0.
 */
export function minorNames(event: string, major: number, minor: number): { typeName: string; eventTypeName: string } {
  const typeName = `${pascalCase(event)}V${major}_${minor}`;
  return { typeName, eventTypeName: `${typeName}Event` };
}

export function eventKey(event: string, major: number): string {
  return `${event}@${major}`;
}
