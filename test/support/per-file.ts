/**
 * What the tests of one file share, made once for the file and let go after its last test. Each
 * call registers its own vitest hooks, so a file states what it needs in one line, and can never
 * forget to stop a server or remove a folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startNatsServer, type NatsServer } from "./nats-server.js";

/** A nats-server on a free loopback port, started before the file's first test, disposed of after its last; call the result inside a test or hook. */
export function serverPerFile(): () => NatsServer {
  let server: NatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return () => {
    if (!server) throw new Error("the file's nats-server is asked for before its beforeAll ran");
    return server;
  };
}

/** A temporary folder made now (its path can be named at the file's top level), removed with all it holds after the file's last test. */
export function folderPerFile(prefix: string, under = tmpdir()): string {
  const dir = mkdtempSync(join(under, prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
