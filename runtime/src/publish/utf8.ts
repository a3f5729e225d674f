/**
 * UTF-8 bytes of an encoded event. `Buffer.from` slices small strings out of Node's shared pool;
 * `TextEncoder.encode` allocates a fresh ArrayBuffer in C++ every call, which for an event of a
 * few hundred bytes costs several times as much (figures in docs/performance.md, "Encoding").
 * A Buffer is a Uint8Array, which is all nats.js asks of a payload (it copies it into its own
 * outbound buffer), and nothing writes to a published body afterwards.
 */
export const utf8Encoder = {
  encode(text: string): Uint8Array {
    return Buffer.from(text, "utf8");
  },
};
