/**
 * The warm-up of a compile worker started ahead (compile-worker.ts's warmUp) gives way to the
 * jobs that come while it runs: the edit's own types, which the main thread waits for before it
 * emits anything, are declared before the warm-up's module compiles, and once a real module came
 * the warm-up's module is left out. The jobs are handed to `handle` in this thread, in the order
 * the worker's messages would arrive. The cases run in this order: the thread's state (whether a
 * real module came) is the worker's, kept for its life.
 */
import { describe, expect, it } from "vitest";
import { handle } from "../../generator/validators/compile-worker.js";
import { WARM_UP_DECLARATIONS, WARM_UP_JOB } from "../../generator/validators/warm-up-job.js";
import { schemaDeclarations } from "../../generator/base/schema-to-typescript.js";

const TYPE = { type: "object", title: "Edited", required: ["id"], properties: { id: { type: "string" }, note: { type: "string", maxLength: 64 } } };

describe("the warm-up of a compile worker started ahead", () => {
  it("the edit's type, sent while the warm-up runs: declared before the warm-up's module, as declared alone", async () => {
    const done: string[] = [];
    const warm = handle({ warmUp: { declare: WARM_UP_DECLARATIONS, compile: WARM_UP_JOB } }).then((did) => void done.push(`warm-up ${did}`));
    const declared = handle({ declare: { schema: TYPE, name: "Edited" } }).then((text) => {
      done.push("type");
      return text;
    });
    await Promise.all([warm, declared]);
    // Only a type came: the warm-up's module still compiles, after it.
    expect(done).toEqual(["type", "warm-up compiled"]);
    expect(await declared).toBe(await schemaDeclarations(TYPE, "Edited"));
  });

  it("the edit's type and its module, sent while the warm-up runs: both before, and the warm-up's module left out", async () => {
    const done: string[] = [];
    const warm = handle({ warmUp: { declare: WARM_UP_DECLARATIONS, compile: WARM_UP_JOB } }).then((did) => void done.push(`warm-up ${did}`));
    const declared = handle({ declare: { schema: TYPE, name: "Edited" } }).then(() => void done.push("type"));
    const compiled = handle(WARM_UP_JOB).then((result) => {
      done.push("module");
      return result;
    });
    await Promise.all([warm, declared, compiled]);
    expect(done.indexOf("warm-up gave way")).toBe(2);
    // The module's result is the module's, whatever the warm-up did.
    expect((await compiled)?.code.js).toContain("warmUp");
  });
});
