/**
 * The composition: a validated environment → the resource group, one `PostgresCluster` or
 * `MysqlCluster` per configured server, and the `AtlasProject`; then the stack outputs.
 * Placement and posture come from the environment; the databases from the catalog.
 */
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../catalog";
import { AtlasProject } from "../components/atlasProject";
import type { FlexibleServerClusterArgs } from "../components/flexibleServer";
import { MysqlCluster } from "../components/mysqlCluster";
import { PostgresCluster } from "../components/postgresCluster";
import type { Environment, ServerPlacement, ServerPosture } from "../config/environment";
import { loadEnvironment } from "../config/load";
import { type AccessTopology, accessOutputs, buildAccess } from "./access";

export interface Topology {
  readonly resourceGroup: resources.ResourceGroup;
  readonly postgres: readonly PostgresCluster[];
  readonly mysql: readonly MysqlCluster[];
  readonly atlas: AtlasProject;
  readonly access: AccessTopology;
}

/** Tags every Azure resource and the Atlas project carry, so an auditor can trace them here. */
export function baseTags(env: Environment): Record<string, string> {
  return { project: "genims", stack: env.stack, "managed-by": "pulumi", ...env.tags };
}

function serverArgs<D extends { readonly name: string }, V extends string>(
  env: Environment,
  resourceGroupName: pulumi.Input<string>,
  posture: ServerPosture<V>,
  placement: ServerPlacement<D>,
): FlexibleServerClusterArgs<D, V> {
  return {
    resourceGroupName,
    location: env.location,
    serverName: placement.serverName,
    databases: placement.databases,
    version: posture.version,
    sku: { tier: posture.skuTier, name: posture.skuName },
    storageGb: posture.storageGb,
    highAvailability: env.highAvailability,
    backup: env.backup,
    publicNetworkAccess: env.network.publicNetworkAccess,
    allowedClients: env.network.allowedClients,
    protect: env.protect,
    tags: { ...baseTags(env), "genims-server": placement.key },
  };
}

export function buildTopology(env: Environment): Topology {
  const tags = baseTags(env);
  const resourceGroup = new resources.ResourceGroup(
    "genims-resource-group",
    { resourceGroupName: env.resourceGroupName, location: env.location, tags },
    { protect: env.protect },
  );
  const postgres = env.postgres.servers.map(
    (placement) => new PostgresCluster(`pg-${placement.key}`, serverArgs(env, resourceGroup.name, env.postgres, placement)),
  );
  const mysql = env.mysql.servers.map(
    (placement) => new MysqlCluster(`mysql-${placement.key}`, serverArgs(env, resourceGroup.name, env.mysql, placement)),
  );
  const atlas = new AtlasProject("mongo", {
    orgId: env.atlas.orgId,
    projectName: env.atlas.projectName,
    clusterName: env.atlas.clusterName,
    region: env.atlas.region,
    instanceSize: env.atlas.instanceSize,
    mongoVersion: env.atlas.mongoVersion,
    database: env.atlas.database,
    accessList: env.network.publicNetworkAccess ? env.network.allowedClients : [],
    protect: env.protect,
    tags,
  });
  const access = buildAccess(env, { resourceGroupName: resourceGroup.name, postgres, mysql, atlas }, tags);
  return { resourceGroup, postgres, mysql, atlas, access };
}

/** Stack outputs: what engineers connect to and what auditors read. No secret in plain text. */
export function topologyOutputs(env: Environment, topology: Topology) {
  const flexibleServers = [
    ...topology.postgres.map((cluster, index) => ({ engine: "postgresql" as const, cluster, placement: env.postgres.servers[index]! })),
    ...topology.mysql.map((cluster, index) => ({ engine: "mysql" as const, cluster, placement: env.mysql.servers[index]! })),
  ];
  const databases: Record<string, { engine: string; server: pulumi.Output<string>; host: pulumi.Output<string> }> = {};
  for (const { engine, cluster, placement } of flexibleServers) {
    for (const database of placement.databases) {
      databases[database.name] = { engine, server: cluster.serverName, host: cluster.fqdn };
    }
  }
  databases[env.atlas.database.name] = { engine: "mongodb", server: topology.atlas.clusterName, host: topology.atlas.standardSrv };
  return {
    resourceGroupName: topology.resourceGroup.name,
    servers: flexibleServers.map(({ engine, cluster, placement }) => ({
      engine,
      key: placement.key,
      name: cluster.serverName,
      fqdn: cluster.fqdn,
      databases: placement.databases.map((database) => database.name),
      publicNetworkAccess: env.network.publicNetworkAccess,
      allowedClients: env.network.publicNetworkAccess ? env.network.allowedClients.map((client) => `${client.name}=${client.cidr}`) : [],
    })),
    atlas: {
      projectId: topology.atlas.projectId,
      clusterName: topology.atlas.clusterName,
      database: topology.atlas.databaseName,
      collections: env.atlas.database.collections.map((collection) => collection.name),
    },
    databases,
    ...accessOutputs(topology.access),
  };
}

/** The whole program: validate config against the catalog, build, return the stack outputs. */
export function genimsProgram(catalog: Catalog) {
  const env = loadEnvironment(catalog);
  const topology = buildTopology(env);
  return topologyOutputs(env, topology);
}
