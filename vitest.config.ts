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
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
