/**
 * What a long-lived process (`generate --watch`) keeps of the front end between its runs: each
 * file as parsed and checked (load/kept-parses.ts) and as resolved (resolve/kept-resolutions.ts).
 * A run then parses and resolves only the files that changed, or whose `$ref`s land elsewhere;
 * the registry it hands on is the one a run of its own would build.
 */
import { KeptParses } from "../load/kept-parses.js";
import { KeptResolutions } from "../resolve/kept-resolutions.js";

export class KeptFrontEnd {
  readonly parses: KeptParses;
  readonly resolutions: KeptResolutions;

  /** `freeze`: the kept values frozen, so a run cannot change what the next one reads (KeptParses). */
  constructor(freeze = true) {
    this.parses = new KeptParses(freeze);
    this.resolutions = new KeptResolutions(freeze);
  }
}
