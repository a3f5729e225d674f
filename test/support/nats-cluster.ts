/**
 * A real 3-node (or n-node) nats-server cluster with JetStream on loopback, for the failover
 * suites: every node has its own client port, cluster port and store directory, and routes to
 * all the others. Built on NatsServer (test/support/nats-server.ts), so each node can be
 * stopped, killed (SIGKILL), restarted on the same ports and store, or paused.
 *
 *   const cluster = await startNatsCluster();          // resolves once JetStream has a meta leader
 *   const nc = await connect({ servers: cluster.urls }); // rides out the loss of any one node
 *   const leader = cluster.byName((await jsm.streams.info("S")).cluster!.leader!);
 *   await leader.kill(); await leader.restart();
 *   await cluster.dispose();                            // in afterAll
 *
 * nats-server needs a unique server name per node (-n) and the same cluster name everywhere for a
 * JetStream cluster; the client port opens before the JetStream meta group has elected a leader,
 * so `waitForJetStream` polls until a replicated stream can really be created.
 */
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { freePort, NatsServer } from "./nats-server.js";
import { startedTogether } from "./started-together.js";

export const CLUSTER_NAME = "jetschema-test";

export interface ClusterNode {
  /** The server name (`-n`): `node1`, `node2`, ...; what JetStream reports as a leader or replica. */
  readonly name: string;
  readonly server: NatsServer;
  readonly clusterPort: number;
}

export interface NatsClusterOptions {
  /** Number of nodes (default 3). */
  size?: number;
  /** How long to wait for the JetStream meta leader and a replicated stream (default 30 s). */
  readyTimeoutMs?: number;
}

export class NatsCluster {
  private constructor(readonly nodes: readonly ClusterNode[]) {}

  static async start(options: NatsClusterOptions = {}): Promise<NatsCluster> {
    const size = options.size ?? 3;
    const ports = await distinctPorts(size * 2);
    const specs = Array.from({ length: size }, (_, i) => ({
      name: `node${i + 1}`,
      clientPort: ports[i * 2]!,
      clusterPort: ports[i * 2 + 1]!,
    }));
    const servers = await startedTogether(
      specs.map((spec) => {
        const routes = specs
          .filter((other) => other !== spec)
          .map((other) => `nats://127.0.0.1:${other.clusterPort}`)
          .join(",");
        return NatsServer.start({
          port: spec.clientPort,
          args: [
            "-n", spec.name,
            "--cluster_name", CLUSTER_NAME,
            "--cluster", `nats://127.0.0.1:${spec.clusterPort}`,
            "--routes", routes,
          ],
        });
      }),
    );
    const cluster = new NatsCluster(specs.map((spec, i) => ({ name: spec.name, server: servers[i]!, clusterPort: spec.clusterPort })));
    try {
      await cluster.waitForJetStream(options.readyTimeoutMs ?? 30_000);
    } catch (err) {
      await cluster.dispose();
      throw err;
    }
    return cluster;
  }

  /** Every node's client URL, in node order. */
  get urls(): string[] {
    return this.nodes.map((n) => n.server.url);
  }

  /** The node called `name` (as JetStream reports leaders and replicas). */
  byName(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no cluster node named ${name} (have ${this.nodes.map((n) => n.name).join(", ")})`);
    return node;
  }

  /** Client URLs with `first` in front: connect with `noRandomize` to land on that node first. */
  urlsStartingWith(first: ClusterNode): string[] {
    return [first.server.url, ...this.nodes.filter((n) => n !== first).map((n) => n.server.url)];
  }

  /** A connection that tries `first` first and rides out the loss of any node. */
  connect(first: ClusterNode, name = "jetschema-cluster-test"): Promise<NatsConnection> {
    return connect({
      servers: this.urlsStartingWith(first),
      noRandomize: true,
      name,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
      reconnectJitter: 20,
      // Server-pushed cluster URLs would be hostnames of the test machine; stick to our list.
      ignoreClusterUpdates: true,
    });
  }

  /**
   * Until the JetStream meta group has a leader and every node is a peer: account info answers,
   * and a stream with one replica per node can be created (then it is deleted).
   */
  async waitForJetStream(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const nc = await this.connect(this.nodes[0]!, "jetschema-cluster-ready");
    let last: unknown;
    try {
      const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 2_000 });
      const probe = `CLUSTER_READY_${process.pid}`;
      while (Date.now() < deadline) {
        try {
          await jsm.getAccountInfo();
          await jsm.streams.add({ name: probe, subjects: [`cluster-ready.${process.pid}`], num_replicas: this.nodes.length });
          await jsm.streams.delete(probe);
          return;
        } catch (err) {
          last = err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } finally {
      await nc.close();
    }
    throw new Error(
      `JetStream cluster not ready after ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}\n` +
        this.nodes.map((n) => `--- ${n.name}\n${n.server.logs()}`).join("\n"),
    );
  }

  /** Recent log lines of every node, for failure messages. */
  logs(): string {
    return this.nodes.map((n) => `--- ${n.name} (${n.server.url})\n${n.server.logs()}`).join("\n");
  }

  /** Stops every node and removes the stores. Safe to call twice. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.server.dispose()));
  }
}

/** Shorthand for `NatsCluster.start`. */
export function startNatsCluster(options?: NatsClusterOptions): Promise<NatsCluster> {
  return NatsCluster.start(options);
}

/** `count` free loopback ports, all different (freePort alone may hand out the same one twice). */
async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
