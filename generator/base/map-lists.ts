/**
 * A map of lists filled one value at a time (services by event, owners by type name, `$ref` edges
 * by file): the value appended to the key's list, the list made on the key's first value. One
 * list per key, grown in place: copying it per value made a key of k values cost k arrays.
 */
export function appendTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
