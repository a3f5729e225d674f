/**
 * Routing: which registry event a message is (envelope type + the major of its version), which
 * events a consumer can receive at all, which handler runs, and which minor's validator applies.
 * Built once per consume() call; lookups on the hot path are two Map/array reads.
 */
import type { CompiledValidator, ConsumerSpec, EventDescriptor, RegistryDescriptor } from "../../base/descriptor.js";
import { subjectMatches } from "../../base/subjects.js";
import type { EventHandler, HandlerMap } from "../chain/types.js";

/** The registry events a consumer can be delivered: in its stream, and matching its filter. */
export function receivableEvents(registry: RegistryDescriptor, consumer: ConsumerSpec): EventDescriptor[] {
  const stream = registry.streams.find((s) => s.name === consumer.stream);
  const filters = consumer.filter_subject ? [consumer.filter_subject] : (stream?.subjects ?? []);
  return Object.values(registry.events).filter(
    (e) => e.stream === consumer.stream && filters.some((f) => subjectMatches(f, e.subject)),
  );
}

export interface ValidatorChoice {
  validator: CompiledValidator;
  /** The minor it validates, `"1.1"`. */
  version: string;
}

export class RouteTable {
  /** Envelope type → registry events indexed by major. */
  private readonly byType = new Map<string, Array<EventDescriptor | undefined>>();
  private readonly handlers = new Map<string, EventHandler<any>>();
  private readonly choices = new Map<EventDescriptor, Map<string, ValidatorChoice | null>>();
  readonly receivable: EventDescriptor[];

  constructor(registry: RegistryDescriptor, consumer: ConsumerSpec, handlers: HandlerMap) {
    for (const event of Object.values(registry.events)) {
      const majors = this.byType.get(event.type) ?? [];
      majors[event.major] = event;
      this.byType.set(event.type, majors);
    }
    this.receivable = receivableEvents(registry, consumer);
    const types = new Set(this.receivable.map((e) => e.type));
    for (const [type, handler] of Object.entries(handlers ?? {})) {
      if (handler === undefined) continue;
      if (typeof handler !== "function") {
        throw new TypeError(`consume("${consumer.name}"): the handler for "${type}" is not a function`);
      }
      if (!types.has(type)) {
        const known = [...types].sort().join(", ") || "none";
        throw new TypeError(
          `consume("${consumer.name}"): no "${type}" event can reach this consumer ` +
            `(stream ${consumer.stream}${consumer.filter_subject ? `, filter ${consumer.filter_subject}` : ""}); ` +
            `it receives: ${known}`,
        );
      }
      this.handlers.set(type, handler);
    }
  }

  /** The registry event of `type` at the major of `version` ("1.3" → major 1), if known. */
  lookup(type: string, version: string): EventDescriptor | undefined {
    const majors = this.byType.get(type);
    return majors === undefined ? undefined : majors[parseInt(version, 10)];
  }

  knowsType(type: string): boolean {
    return this.byType.has(type);
  }

  knownMajors(type: string): number[] {
    return (this.byType.get(type) ?? []).flatMap((e, major) => (e ? [major] : []));
  }

  handler(type: string): EventHandler<any> | undefined {
    return this.handlers.get(type);
  }

  /**
   * The validator for a message of `version`: that minor's own when the package knows it. A
   * minor this package does not know yet (1.3 read by code built for 1.1) is validated with the
   * highest known minor below it: minors only add optional fields, so an open content model
   * accepts the newer fields and a closed one (additionalProperties: false) rejects them.
   */
  validatorFor(event: EventDescriptor, version: string): ValidatorChoice | undefined {
    const exact = event.validators[version];
    if (exact !== undefined) return { validator: exact, version };
    let memo = this.choices.get(event);
    if (memo === undefined) this.choices.set(event, (memo = new Map()));
    const cached = memo.get(version);
    if (cached !== undefined) return cached ?? undefined;
    const choice = fallbackChoice(event, version);
    if (memo.size < 64) memo.set(version, choice ?? null);
    return choice;
  }
}

function fallbackChoice(event: EventDescriptor, version: string): ValidatorChoice | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m || Number(m[1]) !== event.major) return undefined;
  const wanted = Number(m[2]);
  const minors = Object.keys(event.validators)
    .map((v) => ({ v, minor: Number(v.split(".")[1]) }))
    .filter((x) => Number.isInteger(x.minor))
    .sort((a, b) => a.minor - b.minor);
  const below = minors.filter((x) => x.minor <= wanted);
  const pick = below[below.length - 1] ?? minors[0];
  return pick ? { validator: event.validators[pick.v] as CompiledValidator, version: pick.v } : undefined;
}
