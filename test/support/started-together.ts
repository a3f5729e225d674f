/**
 * Starts several things at once, as `Promise.all` does, without leaking them: when one fails, every
 * one that did start is disposed before the first failure is thrown. `Promise.all` rejects at the
 * first failure and leaves the rest running where no `afterAll` can reach them.
 */
export interface Disposable {
  dispose(): unknown;
}

export async function startedTogether<T extends readonly Disposable[]>(starts: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return settled.map((r) => (r as PromiseFulfilledResult<Disposable>).value) as unknown as T;
  await Promise.allSettled(settled.map(async (r) => (r.status === "fulfilled" ? r.value.dispose() : undefined)));
  throw failed.reason;
}
