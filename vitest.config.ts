import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that change what a process holds for good, or measure it, each run in a fresh process:
 * - mermaid's support sets a jsdom `window` and `document` on globalThis (mermaid's DOMPurify needs
 *   them), after which json-schema-ref-parser takes the process for a browser;
 * - `vi.mock("node:v8")`, and the V8 flags `generate` sets through it, apply to the whole process;
 * - the OpenTelemetry API's global tracer provider, propagator and context manager are the
 *   process's: one file asserts that none is registered before it registers its own;
 * - the compile worker's module keeps, for the worker's life, whether a real module came (its
 *   warm-up then gives way), and one file runs its handler in the test's own process;
 * - whether V8 holds a string as one-byte text depends on what the process interned before;
 * - one file measures a waiting main thread's own CPU, which in a shared worker includes whatever
 *   earlier files left running or left to collect (69 ms in one CI run, against a 25 ms bound).
 */
const FRESH_PROCESS = [
  "test/catalog/mermaid.test.ts",
  "test/generator/optimize-later.test.ts",
  "test/runtime/tracing.test.ts",
  "test/runtime/tracing-late-sdk.test.ts",
  "test/generator/warm-up-gives-way.test.ts",
  "test/generator/interned-strings.test.ts",
  "test/bench/interleaved.test.ts",
];

export default defineConfig({
  test: {
    // Integration suites start real nats-server processes; two cores, so keep parallelism modest.
    // Vitest 4's forks pool waits for its workers without a time limit: a test file that blocks
    // its event loop (a synchronous child process under a loaded machine) no longer fails the run
    // with "Timeout calling onTaskUpdate", as 3.x's 60-second RPC limit did.
    pool: "forks",
    maxWorkers: 2,
    // The runtime's built modules run in Node itself, as they do in a user's node_modules: the
    // generated package require()s "@jetschema/runtime" when a client is made, and a test that
    // imports it too must get the same module, so that `instanceof PublishError` holds. (Here it
    // is a workspace link outside node_modules, which Vite would otherwise load a second time.)
    server: { deps: { external: [/\/runtime\/dist\//] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // Most files share their worker process, one file after another: the libraries they import
      // (prettier, ajv, json-schema-to-typescript, the NATS client) load once per worker, not once
      // per file, ~18% of the suite's time. A file here must leave the process as it found it
      // (environment variables restored, servers and workers stopped), as every test already must;
      // the set-up file fails one that leaves environment variables, globals or the working folder changed.
      // Work a test starts in the background (a publishing loop, a consumer) it stops in
      // onTestFinished, so a failed assertion does not leave it running in the worker the next files share.
      {
        extends: true,
        test: { name: "shared", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...FRESH_PROCESS], isolate: false, setupFiles: ["test/support/leaves-process-as-found.ts"] },
      },
      { extends: true, test: { name: "fresh", include: FRESH_PROCESS, isolate: true } },
    ],
  },
});
