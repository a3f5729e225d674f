/**
 * Writes the bench's synthetic registry to a folder, for measuring by hand what the bench measures:
 *   npx tsx bench/write-synthetic-registry.ts /tmp/reg1000 1000
 */
import { writeSyntheticRegistry } from "./synthetic-registry.js";

const [dir, events] = process.argv.slice(2);
if (!dir || !/^[1-9][0-9]*$/.test(events ?? "")) {
  console.error("usage: npx tsx bench/write-synthetic-registry.ts <dir> <events>");
  process.exit(2);
}
writeSyntheticRegistry(dir, { events: Number(events) });
console.log(`wrote a ${events}-event synthetic registry to ${dir}`);
