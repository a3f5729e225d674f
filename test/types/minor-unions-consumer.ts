/**
 * Type tests: a service using the package generated from test/fixtures/good/minor-unions, whose
 * registry lets minors break BACKWARD (FORWARD and NONE modes). test/generator/minor-unions.test.ts
 * copies this file beside the package (`./pkg/`) and compiles it under strict TypeScript; each
 * @ts-expect-error line is a mistake the types must catch (an unused directive is itself an error).
 * test/examples/minor-unions-roundtrip.test.ts runs the compiled `describeUpdate` against a real
 * nats-server with messages written with 1.0 and 1.1.
 */
import type {
  AnyEvent,
  EventMap,
  Events,
  TreeGrownEvent,
  TreePlanted,
  TreePlantedEvent,
  TreePruned,
  TreeUpdated,
  TreeUpdatedEvent,
  TreeUpdatedV1_0,
  TreeUpdatedV1_0Event,
  TreeUpdatedV1_1Event,
  TreeUpdatedV2,
  TreeUpdatedV2_0,
} from "./pkg/index.js";
// @ts-expect-error tree.planted 1.1 reads 1.0 data (FORWARD mode, but compatible both ways): no per-minor types
import type { TreePlantedV1_0 } from "./pkg/index.js";
// @ts-expect-error tree.pruned is BACKWARD: its handler's data is the latest minor, as ever
import type { TreePrunedV1_0Event } from "./pkg/index.js";

/** A handler of tree.updated v1 that narrows on the version before reading `rev`: run by the roundtrip test. */
export function describeUpdate(e: TreeUpdatedEvent): string {
  if (e.version === "1.1") return `${e.data.name} rev ${e.data.rev} next ${e.data.rev + 1}`;
  const unrevised: TreeUpdatedV1_0 = e.data;
  return `${unrevised.name} unrevised (${e.version})`;
}

/** Compile-time checks only; never called. */
export async function typeChecks(events: Events): Promise<void> {
  // The publish side is the latest minor: rev is required.
  await events.publishTreeUpdated({ name: "oak", rev: 2 });
  // @ts-expect-error the publish helper takes the latest minor, which requires rev
  await events.publishTreeUpdated({ name: "oak" });
  await events.publish("tree.updated@1", { name: "oak", rev: 2 });
  // @ts-expect-error publish by key takes the latest minor too
  await events.publish("tree.updated@1", { name: "oak" });
  const latest: TreeUpdated = { name: "oak", rev: 2 };
  void latest;

  await events.consume("updates-v1", {
    "tree.updated": (e) => {
      // @ts-expect-error a 1.0 message has no rev: reading it needs the version checked first
      const unchecked: number = e.data.rev;
      void unchecked;
      const name: string = e.data.name;
      void name;
      if (e.version === "1.1") {
        const next: number = e.data.rev + 1;
        void next;
      } else {
        const version: "1.0" = e.version;
        // @ts-expect-error narrowed to 1.0: no rev at all
        void e.data.rev;
        void version;
      }
    },
  });

  await events.consume("gardener", {
    // One handler for both majors: four minors, each with its own data.
    "tree.updated": (e) => {
      // @ts-expect-error 2.0 data may say "max", which 2.1 no longer allows
      const anyLevel: "low" | "high" = e.version === "2.0" || e.version === "2.1" ? e.data.level : "low";
      void anyLevel;
      if (e.version === "2.1") {
        const level: "low" | "high" = e.data.level;
        const v2: TreeUpdatedV2 = e.data;
        void [level, v2];
      }
      if (e.version === "2.0") {
        const level: "low" | "high" | "max" = e.data.level;
        const v20: TreeUpdatedV2_0 = e.data;
        void [level, v20];
      }
    },
    "tree.grown": (e) => {
      // @ts-expect-error NONE: 1.0 wrote height as a string
      const height: number = e.data.height;
      void height;
      const either: string | number = e.data.height;
      void either;
      if (e.version === "1.1") {
        const metres: number = e.data.height;
        void metres;
      }
    },
    // Majors the latest minor reads whole: data is the latest minor's type, no narrowing needed.
    "tree.planted": (e) => {
      const data: TreePlanted = e.data;
      const species: string | undefined = e.data.species;
      const version: "1.0" | "1.1" = e.version;
      void [data, species, version];
    },
    "tree.pruned": (e) => {
      const data: TreePruned = e.data;
      const branches: number | undefined = e.data.branches;
      void [data, branches];
    },
  });
}

// The union is what EventMap and AnyEvent hold, and its members are named.
const fromMap: EventMap["tree.updated@1"] = {} as TreeUpdatedV1_0Event | TreeUpdatedV1_1Event;
const member: Extract<AnyEvent, { version: "1.0"; type: "tree.updated" }> = {} as TreeUpdatedV1_0Event;
// @ts-expect-error a 1.0 envelope is not a 1.1 one
const wrongMember: TreeUpdatedV1_1Event = {} as TreeUpdatedV1_0Event;
const planted: TreePlantedEvent = {} as EventMap["tree.planted@1"];
const grown: TreeGrownEvent["version"] = "1.0";
void [fromMap, member, wrongMember, planted, grown];
