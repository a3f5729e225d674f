/** How the docs harness points the docs' `nats://127.0.0.1:4222` at the test's server and back (test/docs/doc-sandbox.ts). */
import { describe, expect, it } from "vitest";
import { asDocServer, asTestServer } from "./doc-sandbox.js";

describe("asTestServer", () => {
  it.each([
    { name: "a url", given: "--server nats://127.0.0.1:4222", server: "nats://127.0.0.1:39001", want: "--server nats://127.0.0.1:39001" },
    { name: "a host and port", given: "127.0.0.1:4222", server: "nats://127.0.0.1:39001", want: "127.0.0.1:39001" },
    { name: "a port that starts with 4222", given: "nats://127.0.0.1:4222 x", server: "nats://127.0.0.1:42223", want: "nats://127.0.0.1:42223 x" },
    { name: "every place", given: "a 127.0.0.1:4222 b nats://127.0.0.1:4222", server: "nats://127.0.0.1:42220", want: "a 127.0.0.1:42220 b nats://127.0.0.1:42220" },
    { name: "another port is left", given: "nats://127.0.0.1:42225", server: "nats://127.0.0.1:39001", want: "nats://127.0.0.1:42225" },
  ])("$name", ({ given, server, want }) => {
    expect(asTestServer(given, server)).toBe(want);
  });
});

describe("asDocServer", () => {
  it.each([
    { name: "a url", given: "cannot connect to NATS at nats://127.0.0.1:42223", server: "nats://127.0.0.1:42223", want: "cannot connect to NATS at nats://127.0.0.1:4222" },
    { name: "a longer port is left", given: "nats://127.0.0.1:422231", server: "nats://127.0.0.1:42223", want: "nats://127.0.0.1:422231" },
  ])("$name", ({ given, server, want }) => {
    expect(asDocServer(given, server)).toBe(want);
  });

  it("undoes asTestServer", () => {
    const doc = "nats://127.0.0.1:4222 and 127.0.0.1:4222";
    expect(asDocServer(asTestServer(doc, "nats://127.0.0.1:42223"), "nats://127.0.0.1:42223")).toBe(doc);
  });
});
