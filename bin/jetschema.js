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

process.exitCode = await main(process.argv);
