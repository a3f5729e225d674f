/** `$ref` values inside the AsyncAPI document: JSON pointers from its root. */
import { pointerToken } from "../../base/json-pointer.js";

export function ref(...path: string[]): { $ref: string } {
  return { $ref: `#/${path.map(pointerToken).join("/")}` };
}
