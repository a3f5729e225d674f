/**
 * Objects: each property name is judged by what governs it on each side — its declaration, a
 * matching patternProperties entry, or additionalProperties (open, closed or a schema).
 */
import { report, type WalkContext } from "./context.js";
import { propertyPath } from "./field-path.js";
import { R } from "./rules.js";
import { expand, isObject, isTrivial, type Resolver, type Schema } from "./schema-view.js";
import { pointerToken } from "../base/json-pointer.js";
import { backtracking } from "../base/backtracking.js";

type Governs =
  | { kind: "open"; keyword: string }
  | { kind: "closed"; keyword: string }
  | { kind: "schema"; keyword: string; schema: unknown };

/** A patternProperties key that may backtrack catastrophically came first: it is not run, so what governs the name is not known. */
type Undecided = { kind: "undecided"; source: string };

/** What additionalProperties (or unevaluatedProperties) says about undeclared names. */
function additional(s: Schema, resolve: Resolver): Governs {
  const keyword = "additionalProperties" in s ? "additionalProperties" : "unevaluatedProperties" in s ? "unevaluatedProperties" : "additionalProperties";
  const value = s[keyword];
  if (value === undefined || value === true) return { kind: "open", keyword };
  if (value === false) return { kind: "closed", keyword };
  if (isTrivial(value, resolve)) return { kind: "open", keyword };
  if (expand(value, resolve).schema === false) return { kind: "closed", keyword };
  return { kind: "schema", keyword, schema: value };
}

/**
 * A patternProperties key as ajv compiles it; undefined when it does not compile (another rule
 * says so), "slow" when recheck did not find it safe to run (base/backtracking.ts): the versions
 * compared may come from git history, which the lint rule on the current tree never judged.
 */
function compiled(source: string): RegExp | "slow" | undefined {
  const verdict = backtracking(source);
  if (verdict === undefined) return undefined;
  return verdict.safe === true ? new RegExp(source, "u") : "slow";
}

/** What governs an undeclared name: the first matching patternProperties entry, else additionalProperties; undecided at a key that is not run. */
function governs(s: Schema, name: string, resolve: Resolver): Governs | Undecided {
  const patterns = isObject(s.patternProperties) ? s.patternProperties : {};
  for (const [source, schema] of Object.entries(patterns)) {
    const regex = compiled(source);
    if (regex === "slow") return { kind: "undecided", source };
    if (regex?.test(name)) return { kind: "schema", keyword: `patternProperties/${pointerToken(source)}`, schema };
  }
  return additional(s, resolve);
}

/** The finding of a name whose governing schema a pattern not run leaves open, on the `side` that holds the pattern. */
function undecided(ctx: WalkContext, at: string, what: string, governing: Undecided, side: "older" | "newer"): void {
  report(
    ctx,
    R.PROP_BESIDE_SLOW_PATTERN,
    at,
    `${what}; whether the ${side} version's patternProperties key /${governing.source}/ matches the name was not decided: the pattern may backtrack catastrophically, so it is never run`,
    { named: true },
  );
}

const props = (s: Schema): Record<string, unknown> => (isObject(s.properties) ? s.properties : {});
const required = (s: Schema): string[] => (Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : []);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function hasDefault(schema: unknown, resolve: Resolver): boolean {
  const e = expand(schema, resolve);
  return e.schema !== false && "default" in e.schema;
}

export function compareObject(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  compareProperties(ctx, o, n, ptr);
  compareRequired(ctx, o, n, ptr);
  compareAdditional(ctx, o, n, ptr);
  comparePatternProperties(ctx, o, n, ptr);
  if ("propertyNames" in o || "propertyNames" in n) ctx.walk(o.propertyNames ?? true, n.propertyNames ?? true, `${ptr}/propertyNames`);
  compareDependencies(ctx, o, n, ptr);
}

function compareProperties(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const op = props(o);
  const np = props(n);
  const names = [...Object.keys(np), ...Object.keys(op).filter((k) => !has(np, k))];
  const nReq = new Set(required(n));
  const oReq = new Set(required(o));
  for (const name of names) {
    const at = `${ptr}/properties/${pointerToken(name)}`;
    const named = { named: true };
    const full = propertyPath(ptr, name);
    if (has(op, name) && has(np, name)) {
      ctx.walk(op[name], np[name], at);
    } else if (has(np, name)) {
      const kind = nReq.has(name) ? "required" : "optional";
      const before = governs(o, name, ctx.resolveOld);
      if (before.kind === "undecided") {
        undecided(ctx, at, `${kind} property "${full}" added`, before, "older");
      } else if (before.kind === "closed") {
        report(ctx, R.PROP_ADDED_CLOSED, at, `${kind} property "${full}" added; old readers reject it (${before.keyword}: false)`, named);
      } else if (before.kind === "open") {
        const exception = ctx.policy === "strict" && isTrivial(np[name], ctx.resolveNew) ? { breaks: [] } : {};
        report(ctx, R.PROP_ADDED_OPEN, at, `${kind} property "${full}" added`, { ...exception, ...named });
      } else {
        report(ctx, R.PROP_ADDED_TYPED, at, `${kind} property "${full}" declared; ${before.keyword} described it before`, named);
        ctx.walk(before.schema, np[name], at);
      }
    } else {
      const kind = oReq.has(name) ? "required" : "optional";
      const after = governs(n, name, ctx.resolveNew);
      if (after.kind === "undecided") {
        undecided(ctx, at, `${kind} property "${full}" removed`, after, "newer");
      } else if (after.kind === "closed") {
        report(ctx, R.PROP_REMOVED_CLOSED, at, `${kind} property "${full}" removed; new readers reject it (${after.keyword}: false)`, named);
      } else if (after.kind === "open") {
        const exception = ctx.policy === "strict" && isTrivial(op[name], ctx.resolveOld) ? { breaks: [] } : {};
        report(ctx, R.PROP_REMOVED_OPEN, at, `${kind} property "${full}" removed`, { ...exception, ...named });
      } else {
        report(ctx, R.PROP_REMOVED_TYPED, at, `${kind} property "${full}" removed; ${after.keyword} describes it now`, named);
        ctx.walk(op[name], after.schema, at);
      }
    }
  }
}

function compareRequired(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const oReq = new Set(required(o));
  const nReq = new Set(required(n));
  const op = props(o);
  const np = props(n);
  required(n).forEach((name, i) => {
    if (oReq.has(name)) return;
    const at = `${ptr}/required/${i}`;
    const declared = has(np, name) ? np[name] : undefined;
    const full = propertyPath(ptr, name);
    if (declared !== undefined && hasDefault(declared, ctx.resolveNew)) report(ctx, R.REQUIRED_WITH_DEFAULT, at, `"${full}" is now required; readers fill its default`, { named: true });
    else report(ctx, R.REQUIRED_NO_DEFAULT, at, `"${full}" is now required and has no default`, { named: true });
  });
  for (const name of required(o)) {
    if (nReq.has(name)) continue;
    const at = has(np, name) ? `${ptr}/properties/${pointerToken(name)}` : `${ptr}/required`;
    const full = propertyPath(ptr, name);
    const what = has(np, name) ? `"${full}" is no longer required` : `required property "${full}" removed`;
    const declared = has(op, name) ? op[name] : undefined;
    if (declared !== undefined && hasDefault(declared, ctx.resolveOld)) report(ctx, R.OPTIONAL_WITH_DEFAULT, at, `${what}; old readers fill its default`, { named: true });
    else report(ctx, R.OPTIONAL_NO_DEFAULT, at, `${what}; old readers require it`, { named: true });
  }
}

function compareAdditional(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = additional(o, ctx.resolveOld);
  const b = additional(n, ctx.resolveNew);
  const at = `${ptr}/${b.keyword}`;
  if (a.kind === b.kind && a.kind !== "schema") return;
  if (a.kind === "open" && b.kind === "closed") report(ctx, R.MODEL_CLOSED, at, `${b.keyword}: false added`);
  else if (a.kind === "closed" && b.kind === "open") report(ctx, R.MODEL_OPENED, ptr, `${a.keyword}: false removed`);
  else if (a.kind === "open" && b.kind === "schema") report(ctx, R.ADDITIONAL_NARROWED, at, `undeclared properties must now match ${b.keyword}`);
  else if (a.kind === "schema" && b.kind === "closed") report(ctx, R.ADDITIONAL_NARROWED, at, `undeclared properties are no longer allowed (${b.keyword}: false)`);
  else if (a.kind === "schema" && b.kind === "open") report(ctx, R.ADDITIONAL_WIDENED, ptr, `undeclared properties no longer need to match ${a.keyword}`);
  else if (a.kind === "closed" && b.kind === "schema") report(ctx, R.ADDITIONAL_WIDENED, at, `undeclared properties matching ${b.keyword} are now allowed`);
  else if (a.kind === "schema" && b.kind === "schema") ctx.walk(a.schema, b.schema, at);
}

function comparePatternProperties(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const op = isObject(o.patternProperties) ? o.patternProperties : {};
  const np = isObject(n.patternProperties) ? n.patternProperties : {};
  const keys = [...Object.keys(np), ...Object.keys(op).filter((k) => !has(np, k))];
  for (const key of keys) {
    const at = `${ptr}/patternProperties/${pointerToken(key)}`;
    if (has(op, key) && has(np, key)) {
      ctx.walk(op[key], np[key], at);
    } else if (has(np, key)) {
      const before = additional(o, ctx.resolveOld);
      if (before.kind === "closed") report(ctx, R.PATTERN_PROP_ADDED_CLOSED, at, `names matching /${key}/ are now allowed`);
      else if (before.kind === "open") {
        const exception = ctx.policy === "strict" && isTrivial(np[key], ctx.resolveNew) ? { breaks: [] } : {};
        report(ctx, R.PATTERN_PROP_ADDED_OPEN, at, `names matching /${key}/ are now described`, exception);
      } else ctx.walk(before.schema, np[key], at);
    } else {
      const after = additional(n, ctx.resolveNew);
      if (after.kind === "closed") report(ctx, R.PATTERN_PROP_REMOVED_CLOSED, at, `names matching /${key}/ are no longer allowed`);
      else if (after.kind === "open") {
        const exception = ctx.policy === "strict" && isTrivial(op[key], ctx.resolveOld) ? { breaks: [] } : {};
        report(ctx, R.PATTERN_PROP_REMOVED_OPEN, at, `names matching /${key}/ are no longer described`, exception);
      } else ctx.walk(op[key], after.schema, at);
    }
  }
}

interface Dependencies {
  names: Map<string, { list: string[]; keyword: string }>;
  schemas: Map<string, { schema: unknown; keyword: string }>;
}

function dependencies(s: Schema): Dependencies {
  const out: Dependencies = { names: new Map(), schemas: new Map() };
  for (const keyword of ["dependencies", "dependentRequired", "dependentSchemas"]) {
    const value = s[keyword];
    if (!isObject(value)) continue;
    for (const [key, dep] of Object.entries(value)) {
      if (Array.isArray(dep)) out.names.set(key, { list: dep.filter((d): d is string => typeof d === "string"), keyword });
      else out.schemas.set(key, { schema: dep, keyword });
    }
  }
  return out;
}

function compareDependencies(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = dependencies(o);
  const b = dependencies(n);
  for (const [key, dep] of b.names) {
    const before = a.names.get(key)?.list ?? [];
    const added = dep.list.filter((d) => !before.includes(d));
    if (added.length > 0) report(ctx, R.DEPENDENCY_ADDED, `${ptr}/${dep.keyword}/${pointerToken(key)}`, `"${key}" now requires ${added.map((d) => `"${d}"`).join(", ")}`);
  }
  for (const [key, dep] of a.names) {
    const after = b.names.get(key);
    const removed = dep.list.filter((d) => !(after?.list ?? []).includes(d));
    if (removed.length > 0) report(ctx, R.DEPENDENCY_REMOVED, after ? `${ptr}/${after.keyword}/${pointerToken(key)}` : ptr, `"${key}" no longer requires ${removed.map((d) => `"${d}"`).join(", ")}`);
  }
  for (const [key, dep] of b.schemas) {
    const before = a.schemas.get(key);
    const at = `${ptr}/${dep.keyword}/${pointerToken(key)}`;
    if (before) ctx.walk(before.schema, dep.schema, at);
    else report(ctx, R.DEPENDENCY_ADDED, at, `a schema dependency on "${key}" added`);
  }
  for (const [key] of a.schemas) {
    if (!b.schemas.has(key)) report(ctx, R.DEPENDENCY_REMOVED, ptr, `the schema dependency on "${key}" removed`);
  }
}
