/**
 * `jetschema asyncapi [--schemas dir] [--out file]`: the registry as an AsyncAPI 3.0.0 document
 * (emit/asyncapi/), printed to stdout or written to --out (whole or not at all). The same document
 * `generate` writes to docs/asyncapi.yaml in the package.
 * Exit codes: 0 written; 1 the registry has errors; 2 usage or jetschema failure.
 */
import type { Command } from "commander";
import { statSync } from "node:fs";
import { asyncApiYaml } from "../emit/asyncapi/emit-asyncapi.js";
import { checkRegistryAt } from "../front-end/front-end.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";
import { writeWhole } from "../write/whole-file.js";

interface AsyncApiOptions {
  schemas: string;
  out?: string;
}

export function registerAsyncApi(program: Command, io: Io): void {
  program
    .command("asyncapi")
    .description("write the registry as an AsyncAPI 3.0.0 document (YAML)")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--out <file>", "write the document to this file instead of stdout")
    .action((opts: AsyncApiOptions) => {
      if (opts.out !== undefined && isDirectory(opts.out)) {
        io.err(`--out ${opts.out}: is a folder; name the file to write, e.g. ${opts.out}/asyncapi.yaml`);
        io.exit(EXIT.USAGE);
        return;
      }
      try {
        const text = asyncApiYaml(checkRegistryAt(opts.schemas).model);
        if (opts.out === undefined) {
          io.out(text.trimEnd());
          return;
        }
        writeWhole(opts.out, text);
        io.out(`wrote the AsyncAPI 3.0.0 document of ${opts.schemas} to ${opts.out}`);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
