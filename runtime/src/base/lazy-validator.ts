/**
 * A validator that loads its code on first use. The validators of a large registry are megabytes
 * of ajv code split into modules by domain; a service validates a few events, so the generated
 * registry loads a module only when one of its validators first runs. Loading is synchronous
 * (the generated package `require()`s the ES module, which Node 20.19+ does without a flag), so
 * validation stays a plain synchronous call.
 */
import type { CompiledValidator } from "./descriptor.js";

export function lazyValidator(load: () => CompiledValidator): CompiledValidator {
  let loaded: CompiledValidator | undefined;
  const validate = ((data: unknown) => {
    loaded ??= load();
    const valid = loaded(data);
    // ajv reports through the function's `errors`: hand them on, as callers read them from this one.
    validate.errors = loaded.errors ?? null;
    return valid;
  }) as CompiledValidator;
  validate.errors = null;
  return validate;
}
