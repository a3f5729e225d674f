/**
 * RFC 6901's escapes as a table of keys and the tokens they are written as: shared by the tests
 * of the generator's pointers (generator/base/json-pointer.ts) and the runtime's
 * (runtime/src/base/json-pointer.ts), which ship apart, so that both read and write alike.
 */
export const POINTER_TOKENS: ReadonlyArray<{ key: string; token: string }> = [
  { key: "plain", token: "plain" },
  { key: "a/b", token: "a~1b" },
  { key: "~", token: "~0" },
  { key: "m~n", token: "m~0n" },
  // The order of the escapes: `~` first, else `~1` would come back as `/`.
  { key: "~1", token: "~01" },
  { key: "/~", token: "~1~0" },
  { key: "", token: "" },
  { key: "__proto__", token: "__proto__" },
];
