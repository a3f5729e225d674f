import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
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
  },
});
