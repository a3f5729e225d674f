import { pointerKeys } from "../base/json-pointer.js";

/**
 * The data path a schema pointer describes, for messages a reader understands without the
 * schema at hand: /properties/lines/items/properties/price → lines[].price.
 */
export function fieldPath(pointer: string): string {
  const tokens = pointerKeys(pointer);
  let out = "";
  const dot = (name: string) => (out = out === "" ? name : `${out}.${name}`);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const isIndex = next !== undefined && /^\d+$/.test(next);
    switch (t) {
      case "properties":
        if (next !== undefined) dot(next);
        i++;
        break;
      case "patternProperties":
        if (next !== undefined) dot(`/${next}/`);
        i++;
        break;
      case "additionalProperties":
      case "unevaluatedProperties":
        dot("*");
        break;
      case "items":
      case "prefixItems":
        if (isIndex) {
          out += `[${next}]`;
          i++;
        } else out += "[]";
        break;
      case "additionalItems":
      case "contains":
        out += "[]";
        break;
      case "anyOf":
      case "oneOf":
      case "allOf":
      case "required":
      case "dependencies":
      case "dependentRequired":
      case "dependentSchemas":
      case "enum":
        i++; // skip the index or key that follows
        break;
      default:
        break; // keywords (not, if, then, type, maxLength, ...) name no data
    }
  }
  return out;
}

/** The full data name of property `name` of the object at `pointer`. */
export function propertyPath(pointer: string, name: string): string {
  const parent = fieldPath(pointer);
  return parent === "" ? name : `${parent}.${name}`;
}
