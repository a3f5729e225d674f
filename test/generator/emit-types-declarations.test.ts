/**
 * Where an edit's types are declared (emit/types/emit-types.ts, `declarations`): a run with few
 * event type files left to make (an edit) hands each of their types to `declarations` (the compile
 * worker started ahead, validators/precompile.ts's declaredOn) before it first waits; a run with more
 * (a cold one) declares them on this thread, one after another. The files are the same either way,
 * and the same as declaring every type on a worker thread.
 */
import { describe, expect, it } from "vitest";
import { schemaDeclarations } from "../../generator/base/schema-to-typescript.js";
import { emitTypes, FEW_EVENT_FILES } from "../../generator/emit/types/emit-types.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { handle } from "../../generator/validators/compile-worker.js";
import { compileWorkerAhead, declaredOn, stoppedOnceAnswered } from "../../generator/validators/precompile.js";
import { SPLIT_MODULES_ABOVE } from "../../generator/validators/module-layout.js";
import { WARM_UP_DECLARATIONS } from "../../generator/validators/warm-up-job.js";

const { model } = checkRegistryAt("schemas");

/** Every event's type file as a first run keyed them, the run's files, and its types by name (the memo a cache gives). */
async function firstRun() {
  const declared = new Map<string, string>();
  const memo = async (_prepared: Record<string, unknown>, name: string, compile: () => Promise<string>) => declared.get(name) ?? (declared.set(name, await compile()), declared.get(name)!);
  const types = await emitTypes(model, { eventFiles: { get: () => undefined }, memo });
  return { keys: types.eventKeys, files: types.files, declared };
}

describe("an edit's types declared elsewhere", () => {
  it.each([
    { given: "every event file served", unserved: 0, want: "none declared" },
    { given: "one event file to make (an edit)", unserved: 1, want: "declared elsewhere" },
    { given: `${FEW_EVENT_FILES} event files to make`, unserved: FEW_EVENT_FILES, want: "declared elsewhere" },
    { given: `${FEW_EVENT_FILES + 1} event files to make`, unserved: FEW_EVENT_FILES + 1, want: "declared here" },
    { given: "every event file to make (a cold run)", unserved: Infinity, want: "declared here" },
  ])("$given: $want, the same files", async ({ unserved, want }) => {
    const first = await firstRun();
    const paths = [...first.keys.keys()].sort();
    expect(paths.length).toBeGreaterThan(FEW_EVENT_FILES + 1);
    const toMake = new Set(paths.slice(0, unserved));
    const served = new Map([...first.keys].filter(([path]) => !toMake.has(path)).map(([path, key]) => [key, first.files.get(path)!]));
    // The shared types and the envelope are served; each event file to make declares its majors' types again.
    const edited = new Set([...toMake].flatMap((path) => model.events.find((e) => `types/${e.name}.d.ts` === path)!.majors.flatMap((m) => [m.typeName, ...(m.requestReply ? [m.requestReply.replyTypeName] : [])])));
    const memo = async (_prepared: Record<string, unknown>, name: string, compile: () => Promise<string>) => (edited.has(name) ? compile() : first.declared.get(name)!);
    let elsewhere = 0;
    let waited = false;
    const emitting = emitTypes(model, {
      memo,
      eventFiles: { get: (key) => served.get(key) },
      declarations: (schema, name) => {
        // Sent before emitTypes first waits: the caller sends the compile's modules after it returns.
        expect(waited).toBe(false);
        elsewhere++;
        return schemaDeclarations(schema, name);
      },
    });
    waited = true;
    const types = await emitting;
    expect(elsewhere).toBe(want === "declared elsewhere" ? edited.size : 0);
    expect([...types.files.keys()]).toEqual([...first.files.keys()]);
    for (const [path, text] of first.files) expect(types.files.get(path), path).toBe(text);
  });

  it("the compile worker declares a type as this thread does, and this thread declares it when the worker is closed", async () => {
    const { schema, name } = WARM_UP_DECLARATIONS.declare;
    const here = await schemaDeclarations(schema, name);
    expect(here).toMatch(/^export interface WarmUp \{/m);
    expect(await handle(WARM_UP_DECLARATIONS)).toBe(here);
    const pool = compileWorkerAheadForced();
    try {
      expect(await declaredOn(pool)(schema, name)).toBe(here);
    } finally {
      await pool.close();
    }
    // Closed: the job fails on the worker, the type is declared here.
    expect(await declaredOn(pool)(schema, name)).toBe(here);
  });

  it("the compile stops its worker once the declarations asked of it are answered: the worker answers, this thread declares nothing", async () => {
    const { schema, name } = WARM_UP_DECLARATIONS.declare;
    const pool = compileWorkerAheadForced();
    let declaredHere = 0;
    // Asked as an edit asks, and the compile done at once (an edit whose module the cache holds):
    // stopped under it, the worker's answer would be lost and the type declared here.
    const declaration = declaredOn(pool, (s, n) => (declaredHere++, schemaDeclarations(s, n)))(schema, name);
    await stoppedOnceAnswered(pool);
    expect(pool.stopped).toBe(true);
    expect(await declaration).toBe(await schemaDeclarations(schema, name));
    expect(declaredHere).toBe(0);
  });

  it("a worker started ahead declares a type sent to it as this thread would", async () => {
    const pool = compileWorkerAheadForced();
    try {
      const { schema, name } = WARM_UP_DECLARATIONS.declare;
      expect(await pool.run(WARM_UP_DECLARATIONS)).toBe(await schemaDeclarations(schema, name));
    } finally {
      await pool.close();
    }
  });
});

function compileWorkerAheadForced() {
  const env = process.env.JETSCHEMA_COMPILE_WORKERS;
  process.env.JETSCHEMA_COMPILE_WORKERS = "1";
  try {
    return compileWorkerAhead(SPLIT_MODULES_ABOVE + 1, true)!;
  } finally {
    if (env === undefined) delete process.env.JETSCHEMA_COMPILE_WORKERS;
    else process.env.JETSCHEMA_COMPILE_WORKERS = env;
  }
}
