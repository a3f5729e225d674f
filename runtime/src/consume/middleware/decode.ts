/**
 * Decode (always first inside the dead-letter middleware): bytes → JSON object → envelope type
 * and version → registry event. Anything that fails here can never succeed as it is, so it throws
 * a PoisonMessageError (undecodable, invalid, unknown-type) for the dead-letter middleware.
 * Synchronous and allocation-light: one string, one parsed object.
 * For a CloudEvents registry (`binary` set, decided once per consume() call), a message with a
 * `ce-specversion` header is a binary-mode event: its envelope is rebuilt from the headers and
 * body, and everything after this point sees the same object a structured message would give; a
 * structured event's `data_base64` is read as its data (envelope/cloudevents-structured.ts).
 */
import { Match } from "@nats-io/transport-node";
import type { EnvelopeFields } from "../../base/descriptor.js";
import { decodeBinary, isBinaryMessage, type BinaryCodec } from "../../envelope/cloudevents-binary.js";
import { inlineBase64Data } from "../../envelope/cloudevents-structured.js";
import { PoisonMessageError } from "../chain/errors.js";
import { parseJsonBytes } from "../../base/utf8-json.js";
import type { RouteTable } from "../routing/route-table.js";
import type { Middleware } from "../chain/types.js";

/** A binary message that cannot be decoded is still dead-lettered under its event id. */
const CE_ID_HEADER = "ce-id";

export function decode(fields: EnvelopeFields, routes: RouteTable, binary?: BinaryCodec): Middleware {
  const { id: idField, type: typeField, version: versionField } = fields;
  return (next) => (ctx) => {
    let event: unknown;
    if (binary !== undefined && isBinaryMessage(ctx.msg.headers)) {
      try {
        event = decodeBinary(binary, ctx.msg.headers, ctx.msg.data);
      } catch (err) {
        const id = ctx.msg.headers.get(CE_ID_HEADER, Match.IgnoreCase);
        if (id !== "") ctx.eventId = id;
        throw new PoisonMessageError("undecodable", (err as Error).message);
      }
    } else {
      try {
        event = parseJsonBytes(ctx.msg.data, "the body");
      } catch (err) {
        throw new PoisonMessageError("undecodable", (err as Error).message);
      }
    }
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
      throw new PoisonMessageError("undecodable", `the body is JSON but not an object (an envelope)`);
    }
    const envelope = event as Record<string, unknown>;
    const type = envelope[typeField];
    const version = envelope[versionField];
    const id = envelope[idField];
    ctx.event = envelope;
    if (typeof id === "string") ctx.eventId = id;
    if (binary !== undefined) {
      try {
        inlineBase64Data(binary, envelope);
      } catch (err) {
        throw new PoisonMessageError("undecodable", (err as Error).message);
      }
    }
    if (typeof type !== "string" || typeof version !== "string") {
      throw new PoisonMessageError(
        "invalid",
        `the envelope has no string "${typeof type !== "string" ? typeField : versionField}" field`,
        [{ pointer: `/${typeof type !== "string" ? typeField : versionField}`, keyword: "required", message: "is required" }],
      );
    }
    ctx.type = type;
    ctx.version = version;
    const descriptor = routes.lookup(type, version);
    if (descriptor === undefined) {
      const majors = routes.knownMajors(type);
      throw new PoisonMessageError(
        "unknown-type",
        majors.length === 0
          ? `unknown event type "${type}": not in this package's registry`
          : `unknown version ${version} of "${type}": this package knows major(s) ${majors.join(", ")}`,
      );
    }
    ctx.descriptor = descriptor;
    return next(ctx);
  };
}
