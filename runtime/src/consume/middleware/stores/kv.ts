/**
 * JetStream KV idempotency store: processed keys live in a KV bucket (default
 * `jetschema_idempotency`, keys expire after `ttl`, default 24 h), so every instance of a service,
 * and its next incarnation after a crash, skips what any of them processed.
 *
 * KV keys allow `[-/_=.a-zA-Z0-9]`; a key with other characters is stored base64url-encoded.
 */
import { Kvm, type KV, type KvOptions } from "@nats-io/kv";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { parseDuration } from "../../../base/durations.js";
import type { IdempotencyStore } from "../../chain/types.js";

export interface KvStoreOptions {
  bucket?: string;
  /** How long a processed id is remembered (default "24h"). */
  ttl?: string | number;
  replicas?: number;
  storage?: "file" | "memory";
}

export const DEFAULT_IDEMPOTENCY_BUCKET = "jetschema_idempotency";
const SAFE_KEY = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;

export class KvIdempotencyStore implements IdempotencyStore {
  private bucket: Promise<KV> | undefined;

  constructor(
    private readonly connection: NatsConnection | JetStreamClient,
    private readonly options: KvStoreOptions = {},
  ) {}

  /** Creates (or opens) the bucket; called on first use. */
  open(): Promise<KV> {
    const opts: Partial<KvOptions> = {
      history: 1,
      ttl: parseDuration(this.options.ttl ?? "24h"),
      ...(this.options.replicas ? { replicas: this.options.replicas } : {}),
      ...(this.options.storage ? { storage: this.options.storage as KvOptions["storage"] } : {}),
    };
    this.bucket ??= new Kvm(this.connection).create(this.options.bucket ?? DEFAULT_IDEMPOTENCY_BUCKET, opts).catch((err: unknown) => {
      this.bucket = undefined;
      throw err;
    });
    return this.bucket;
  }

  async has(key: string): Promise<boolean> {
    const entry = await (await this.open()).get(kvKey(key));
    return entry !== null && entry.operation === "PUT";
  }

  async add(key: string): Promise<void> {
    await (await this.open()).put(kvKey(key), ONE);
  }
}

const ONE = new Uint8Array([49]);

export function kvKey(key: string): string {
  return SAFE_KEY.test(key) ? key : `b64.${Buffer.from(key, "utf8").toString("base64url")}`;
}

export function kvStore(connection: NatsConnection | JetStreamClient, options?: KvStoreOptions): KvIdempotencyStore {
  return new KvIdempotencyStore(connection, options);
}
