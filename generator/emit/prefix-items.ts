/**
 * 2020-12 `prefixItems` in the draft-07 spelling that json-schema-to-typescript and AsyncAPI's
 * Schema Object know: `items` as the list, the old `items` as `additionalItems`.
 */
export function prefixItemsAsDraft7Items(node: Record<string, unknown>): void {
  if (!Array.isArray(node.prefixItems)) return;
  const rest = node.items;
  node.items = node.prefixItems;
  delete node.prefixItems;
  if (rest !== undefined) node.additionalItems = rest;
}
