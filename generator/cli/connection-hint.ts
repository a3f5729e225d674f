/**
 * What to do about a failed connection, when the failure is one a flag fixes: TLS errors come
 * from OpenSSL as `...:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:...`, which says
 * nothing of jetschema's flags. The raw reason stays in the message; the hint follows it.
 */
const HINTS: Array<{ when: RegExp; hint: string }> = [
  {
    when: /alert (bad certificate|certificate required)|alert number (42|116)\b/i,
    hint: "the server wants a client certificate: pass --tlscert <file> and --tlskey <file>",
  },
  {
    when: /self[- ]signed certificate|unable to (verify|get local issuer)|certificate has expired|hostname\/ip does not match/i,
    hint: "the server's certificate is not trusted: pass the CA that signed it with --tlsca <file>",
  },
];

/** The reason on one line, with a hint appended when one applies. */
export function explainConnectionFailure(reason: string): string {
  const line = reason.replace(/\s*\n\s*/g, " ").trim();
  const hint = HINTS.find((h) => h.when.test(line))?.hint;
  return hint ? `${line} (${hint})` : line;
}
