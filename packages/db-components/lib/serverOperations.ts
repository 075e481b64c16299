import type * as pulumi from "@pulumi/pulumi";

/**
 * Orders the control-plane operations on one Azure flexible server one after another.
 *
 * Azure Database for PostgreSQL/MySQL flexible servers accept one operation at a time: firewall
 * rules, configurations, databases or administrators created in parallel on the same server fail
 * with `ServerBusy` (azurerm serialises them with a per-server lock, AVM Bicep with
 * `@batchSize(1)`). Pulumi creates siblings in parallel, so every child of a server is queued
 * here: each one `dependsOn` the one before. Different servers get different queues and run in
 * parallel, so a deploy's critical path is its slowest server, not the sum of all.
 *
 * Every component that adds children to a flexible server (or entries to an Atlas project's
 * access list, which has the same one-at-a-time rule) goes through this one mechanism.
 */
export class OperationQueue {
  private last: pulumi.Resource;
  private readonly order: pulumi.Resource[] = [];

  /** `head` is the server (or project) itself: the first operation waits for it. */
  constructor(head: pulumi.Resource) {
    this.last = head;
  }

  /**
   * Creates the next operation after every operation queued before it. `create` receives the
   * `dependsOn` it must pass in its resource options.
   */
  enqueue<R extends pulumi.Resource>(create: (dependsOn: pulumi.Resource[]) => R): R {
    const resource = create([this.last]);
    this.last = resource;
    this.order.push(resource);
    return resource;
  }

  /** The last queued operation: what must finish before the server is fully configured. */
  get tail(): pulumi.Resource {
    return this.last;
  }

  /** The queued operations, in the order they will run. */
  get operations(): readonly pulumi.Resource[] {
    return this.order;
  }
}
