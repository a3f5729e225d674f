#!/usr/bin/env node
import { main } from "../dist/generator/bundle/main.js";

// A reader that stops early (`jetschema dlq list --json | head -1`) closes the pipe: what it
// did not read is not wanted, so end quietly with 0, as `cat` piped to `head` does in effect.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

// Once the event loop is empty every write, worker and child process has ended: exit then, as node
// would, but without freeing the heap page by page first (V8's teardown, ~30-60 ms after a
// generate at 1000 events), which nothing waits for. Unless something else listens for
// beforeExit (a module loaded with --import, a library): it may start more work then, and node
// ends as it always does once that is done.
let othersListen = process.listenerCount("beforeExit") > 0;
process.on("newListener", (event, listener) => {
  if (event === "beforeExit" && listener !== exitWithoutTeardown) othersListen = true;
});
function exitWithoutTeardown() {
  if (!othersListen) process.exit();
}

process.exitCode = await main(process.argv);
process.once("beforeExit", exitWithoutTeardown);
