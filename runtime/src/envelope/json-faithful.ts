/**
 * Where JSON would not send the value that was validated. A validator checks the JavaScript value
 * it is given, but what leaves is JSON.stringify's text of it, and for a few values the two differ:
 * NaN and ±Infinity are sent as null; in an array, undefined, a function, a symbol or a hole is
 * sent as null; in an object, a function or a symbol value drops its key (the validator saw the
 * key present); an object with a toJSON() method (a Date) is sent as whatever that returns; a
 * bigint or a cycle makes stringify throw. Such a value could pass its schema and still arrive
 * invalid, or not as the publisher meant it, so publish refuses it with an issue at its pointer,
 * before anything is sent. An `undefined` property is not one: the validator and the text both
 * treat it as absent.
 *
 * The walk is the cost of one more pass over a value that already passed its schema: no
 * allocation on a clean value but the ancestors' set for deep ones (a cycle is found by that set,
 * and a chain deeper than MAX_DEPTH is refused as such: stringify would overflow the stack first).
 */
import type { ValidationIssue } from "../base/errors.js";
import { escapePointerToken } from "../base/json-pointer.js";

/** Deeper than this, a value is refused (JSON.stringify's own recursion fails near ~5000 levels). */
export const MAX_DEPTH = 1000;
/** Above this depth the ancestors are tracked for cycles; a cycle shallower than it fails the depth check. */
const TRACK_CYCLES_BELOW = 64;

const KEYWORD = "json";

/** Every place in `value` JSON would send differently; empty for a value it sends as it is. */
export function unfaithfulToJson(value: unknown): ValidationIssue[] {
  const walk = new Walk();
  walk.value(value, 0);
  return walk.issues;
}

class Walk {
  issues: ValidationIssue[] = [];
  private readonly path: string[] = [];
  private ancestors: Set<object> | undefined = undefined;

  value(value: unknown, depth: number): void {
    switch (typeof value) {
      case "number":
        if (!Number.isFinite(value)) this.issue(`is ${value}, which JSON cannot carry (it would be sent as null)`);
        return;
      case "bigint":
        this.issue("is a bigint, which JSON cannot carry: send it as a string or a number");
        return;
      case "object":
        if (value !== null) this.object(value, depth);
        return;
      default:
        return;
    }
  }

  private object(value: object, depth: number): void {
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      this.issue(
        value instanceof Date
          ? "is a Date, which JSON sends as its toJSON() text: pass that text (toISOString()) instead"
          : "has a toJSON() method, so JSON would send what it returns, not the value that was validated: pass that value instead",
      );
      return;
    }
    if (depth >= MAX_DEPTH) {
      this.issue(`is nested deeper than ${MAX_DEPTH} levels (or refers back to itself)`);
      return;
    }
    if (depth >= TRACK_CYCLES_BELOW) {
      this.ancestors ??= new Set();
      if (this.ancestors.has(value)) {
        this.issue("refers back to an object that contains it (a cycle), which JSON cannot carry");
        return;
      }
      this.ancestors.add(value);
    }
    if (Array.isArray(value)) this.items(value, depth);
    else this.properties(value as Record<string, unknown>, depth);
    if (depth >= TRACK_CYCLES_BELOW) this.ancestors!.delete(value);
  }

  private items(array: unknown[], depth: number): void {
    for (let i = 0; i < array.length; i++) {
      this.path.push(String(i));
      const item = array[i];
      if (item === undefined || typeof item === "function" || typeof item === "symbol") {
        this.issue(`is ${i in array ? describe(item) : "a hole"} in an array, which JSON sends as null`);
      } else {
        this.value(item, depth + 1);
      }
      this.path.pop();
    }
  }

  private properties(object: Record<string, unknown>, depth: number): void {
    for (const key of Object.keys(object)) {
      const item = object[key];
      if (typeof item === "function" || typeof item === "symbol") {
        this.path.push(key);
        this.issue(`is ${describe(item)}, which JSON drops with its key`);
        this.path.pop();
      } else if (typeof item === "object" || typeof item === "number" || typeof item === "bigint") {
        this.path.push(key);
        this.value(item, depth + 1);
        this.path.pop();
      }
    }
  }

  private issue(message: string): void {
    const pointer = this.path.map((key) => `/${escapePointerToken(key)}`).join("");
    this.issues.push({ pointer, message, keyword: KEYWORD });
  }
}

function describe(value: unknown): string {
  return value === undefined ? "undefined" : `a ${typeof value}`;
}
