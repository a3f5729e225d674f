/**
 * `@opentelemetry/api`, if the application installed it (an optional peer dependency): loaded
 * once with a guarded dynamic import when the first client is created, never on a hot path. Not
 * installed: tracing is off, and nothing fails.
 *
 * The shapes below are the few parts of the API the runtime uses, declared here so the runtime's
 * own types never name the package (a user without it must still compile against them).
 */
import type { MsgHdrs } from "@nats-io/transport-node";

export type Attributes = Record<string, string | number | boolean>;
export interface Span {
  isRecording(): boolean;
  setAttribute(key: string, value: string | number | boolean): Span;
  setStatus(status: { code: number; message?: string }): Span;
  recordException(exception: Error | string): void;
  end(): void;
}
export type OtelContext = object;
export interface Tracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }, context?: OtelContext): Span;
}
export interface TextMapGetter<C> {
  keys(carrier: C): string[];
  get(carrier: C, key: string): string | string[] | undefined;
}
export interface TracerProvider {
  getTracer(name: string, version?: string): Tracer;
}
export interface OtelApi {
  trace: { getTracerProvider(): TracerProvider; setSpan(context: OtelContext, span: Span): OtelContext };
  context: { active(): OtelContext; with<A extends unknown[], R>(context: OtelContext, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R };
  propagation: {
    inject(context: OtelContext, carrier: Record<string, string>): void;
    extract<C>(context: OtelContext, carrier: C, getter: TextMapGetter<C>): OtelContext;
  };
  SpanKind: { PRODUCER: number; CONSUMER: number };
  SpanStatusCode: { ERROR: number };
  /** The proxies the API hands out while no SDK is registered (tracing/tracer.ts). */
  ProxyTracer?: abstract new (...args: never[]) => Tracer;
  ProxyTracerProvider?: new () => TracerProvider & { getDelegate(): TracerProvider };
}

/** A variable, not a literal: the runtime neither depends on the package nor lets bundlers require it. */
const API_PACKAGE = "@opentelemetry/api";
/** undefined until the import settled; then the API, or null when it is not installed. */
let api: OtelApi | null | undefined;
let loading: Promise<OtelApi | null> | undefined;

export function loadOtelApi(): Promise<OtelApi | null> {
  return (loading ??= import(API_PACKAGE).then(
    (module: { default?: OtelApi } & Partial<OtelApi>) => (api = (module.trace ? module : module.default) as OtelApi),
    () => (api = null),
  ));
}

/** The API if the import has settled: undefined while it has not, null when it is not installed. */
export function otelApiIfLoaded(): OtelApi | null | undefined {
  return api;
}

/** Reads NATS headers for the propagator; header names are case-insensitive (NATS ADR-4). */
export const msgHdrsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (h) => (h ? h.keys() : []),
  get: (h, key) => {
    if (!h) return undefined;
    for (const name of h.keys()) if (name.toLowerCase() === key) return h.get(name);
    return undefined;
  },
};
