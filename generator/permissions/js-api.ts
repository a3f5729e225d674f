/**
 * The NATS subjects behind the JetStream calls a jetschema service makes, for permissions.
 * Each is what nats.js v3 sends for the runtime's calls (see docs/security.md):
 *
 * | runtime call                                  | subject                                          |
 * |-----------------------------------------------|--------------------------------------------------|
 * | `js.publish` (publish helpers, dead letters)  | the event subject; the PubAck comes to the inbox |
 * | "no responders" probe (`jsm.streams.find`)    | `$JS.API.STREAM.NAMES`                           |
 * | `jsm.streams.info`                            | `$JS.API.STREAM.INFO.<stream>`                   |
 * | consume(): bind (`jsm.consumers.info`)        | `$JS.API.CONSUMER.INFO.<stream>.<consumer>`      |
 * | consume(): pull                               | `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>`  |
 * | ack / nak / term / working                    | `$JS.ACK.<stream>.<consumer>.>`                  |
 * | ephemeral consumer (`durable: false`) create  | `$JS.API.CONSUMER.CREATE.<stream>`               |
 * | serve<Name>() of a request-reply event        | subscribe to its subject; `allow_responses`      |
 */
export const JS_API = "$JS.API";

export const streamNames = (): string => `${JS_API}.STREAM.NAMES`;
export const streamInfo = (stream: string): string => `${JS_API}.STREAM.INFO.${stream}`;
export const consumerInfo = (stream: string, consumer: string): string => `${JS_API}.CONSUMER.INFO.${stream}.${consumer}`;
export const consumerNext = (stream: string, consumer: string): string => `${JS_API}.CONSUMER.MSG.NEXT.${stream}.${consumer}`;
/** An ephemeral consumer without a name: the server picks one. */
export const consumerCreateEphemeral = (stream: string): string => `${JS_API}.CONSUMER.CREATE.${stream}`;
export const ackSubjects = (stream: string, consumer: string): string => `$JS.ACK.${stream}.${consumer}.>`;
/** Everything an administrator (provisioning, `jetschema streams`, `jetschema dlq`) needs. */
export const allApi = (): string => `${JS_API}.>`;
export const allAcks = (): string => `$JS.ACK.>`;
