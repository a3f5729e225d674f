/**
 * The runtime's one tracer, and whether it can only hand out non-recording spans.
 *
 * With `@opentelemetry/api` installed and no SDK registered, the API's tracer is a proxy
 * (`ProxyTracer`) forwarding to whatever provider is registered behind the API's
 * `ProxyTracerProvider`; while none is, it starts a no-op tracer's span, which never records.
 * A publish then starts that span, finds it not recording, ends it and sends the message
 * unchanged: the same as not tracing at all, at the price of the span's name, attributes and
 * object. `onlyNoopSpans` tells the callers so beforehand, so they skip all of it; it asks the
 * proxy on every call, so a provider registered later (an SDK started after the client) is
 * traced from its next message on, as before.
 */
import type { OtelApi, Tracer, TracerProvider } from "./otel-api.js";

const TRACER_NAME = "@jetschema/runtime";

interface Cached {
  tracer: Tracer;
  /** The API's proxy provider `tracer` forwards through; undefined when `tracer` is not the API's proxy. */
  proxy: { getDelegate(): TracerProvider } | undefined;
  /** What `proxy.getDelegate()` returns while nothing is registered: the API's no-op provider. */
  noop: TracerProvider | undefined;
}

/**
 * One tracer for the process. Without an SDK the API hands out a proxy that forwards to whatever
 * provider is registered later, so caching it never misses a late `register()`.
 */
let cached: Cached | undefined;

export function tracer(api: OtelApi): Tracer {
  return (cached ??= cacheTracer(api)).tracer;
}

/**
 * True when `tracer(api)` can only start non-recording spans: it is the API's proxy and no tracer
 * provider is registered behind it. Then a span would be started, found not recording and ended,
 * with nothing injected or made active; skipping it changes nothing but the cost.
 */
export function onlyNoopSpans(api: OtelApi): boolean {
  const { proxy, noop } = (cached ??= cacheTracer(api));
  return proxy !== undefined && proxy.getDelegate() === noop;
}

/**
 * `api.trace.getTracer(name)` is `getTracerProvider().getTracer(name)`; taken in two steps to keep
 * the provider. The no-op provider is recognised by identity: a fresh `ProxyTracerProvider` hands
 * out the same module-wide no-op instance the registered one does while it has no delegate. A
 * tracer or provider of another copy of the API (or an API without these classes) fails the
 * `instanceof` checks, and is then always asked for a span, as before.
 */
function cacheTracer(api: OtelApi): Cached {
  const provider = api.trace.getTracerProvider();
  const t = provider.getTracer(TRACER_NAME);
  const { ProxyTracer, ProxyTracerProvider } = api;
  const isProxy = typeof ProxyTracer === "function" && typeof ProxyTracerProvider === "function" && t instanceof ProxyTracer && provider instanceof ProxyTracerProvider;
  return isProxy ? { tracer: t, proxy: provider, noop: new ProxyTracerProvider().getDelegate() } : { tracer: t, proxy: undefined, noop: undefined };
}
