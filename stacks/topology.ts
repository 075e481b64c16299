/**
 * The composition: a validated environment → the resource group, one `PostgresCluster` or
 * `MysqlCluster` per configured server, and the `AtlasProject`; then the stack outputs.
 * Placement and posture come from the environment; the databases from the catalog.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog, MongoDatabaseSpec } from "../catalog";
import { AlertActionGroup, AtlasProject, LogWorkspace, MysqlCluster, PostgresCluster } from "../components/genims";
import type { CollectionArchive } from "../packages/db-components/lib/atlasProject";
import type { FlexibleServerCluster, FlexibleServerClusterArgs } from "../packages/db-components/lib/flexibleServer";
import { stackResourceNames } from "../naming";
import { PrivateNetwork } from "../components/network";
import { PgAuditExtension } from "../components/pgAudit";
import { HOLDS_NO_DATA } from "../packages/db-components/lib/protection";
import type { Environment, ServerPlacement, ServerPosture } from "../config/environment";
import { loadEnvironment } from "../config/load";
import { type AccessTopology, accessOutputs, buildAccess } from "./access";
import { serverPostures } from "./posture";

export interface Topology {
  readonly resourceGroup: resources.ResourceGroup;
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly logs: LogWorkspace;
  readonly alerts: AlertActionGroup;
  readonly network: PrivateNetwork | undefined;
  readonly postgres: readonly PostgresCluster[];
  readonly mysql: readonly MysqlCluster[];
  /** Servers restored from another server's backups, by source physical name (issue 11). */
  readonly restored: Readonly<Record<string, PostgresCluster | MysqlCluster>>;
  readonly atlas: AtlasProject;
  readonly access: AccessTopology;
}

/**
 * The catalog's archive tier as Online Archives: each time-series collection that is kept longer
 * (retentionDays) than it stays hot (hotDays). Archived after hotDays on its time field, partitioned
 * by time and its meta field, deleted from the archive at retentionDays. The collection's own
 * expireAfterSeconds stays at retentionDays, so without an archive (dev) the data lives as long.
 */
export function collectionArchives(database: MongoDatabaseSpec): CollectionArchive[] {
  return database.collections.flatMap((c): CollectionArchive[] =>
    c.kind === "time-series" && c.hotDays !== undefined && c.retentionDays !== undefined && c.hotDays < c.retentionDays
      ? [{ collection: c.name, collectionType: "TIMESERIES", dateField: c.timeField, partitionField: c.metaField, archiveAfterDays: c.hotDays, deleteAfterDays: c.retentionDays }]
      : [],
  );
}

/** Tags every Azure resource and the Atlas project carry, so an auditor can trace them here. */
export function baseTags(env: Environment): Record<string, string> {
  return { project: "genims", stack: env.stack, "managed-by": "pulumi", ...env.tags };
}

/** What every flexible server of the stack shares, whatever its engine. */
interface SharedServerInputs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly identityId: pulumi.Input<string>;
  readonly workspaceId: pulumi.Input<string>;
  readonly actionGroupId: pulumi.Input<string>;
}

function serverArgs<D extends { readonly name: string }, V extends string>(
  env: Environment,
  shared: SharedServerInputs,
  posture: ServerPosture<V>,
  placement: ServerPlacement<D>,
  privateNetwork: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId: pulumi.Input<string> } | undefined,
): FlexibleServerClusterArgs<D, V> {
  return {
    resourceGroupName: shared.resourceGroupName,
    location: env.location,
    serverName: placement.serverName,
    databases: placement.databases,
    version: posture.version,
    // Each server's own size and posture (its overrides over the environment-wide defaults).
    sku: placement.sku,
    storageGb: placement.storage.sizeGb,
    storage: {
      autoGrow: placement.storage.autoGrow,
      type: placement.storage.type,
      tier: placement.storage.tier,
      iops: placement.storage.iops,
      throughput: placement.storage.throughput,
      autoIoScaling: placement.storage.autoIoScaling,
    },
    highAvailability: placement.highAvailability,
    backup: placement.backup,
    maintenanceWindow: placement.maintenanceWindow,
    publicNetworkAccess: env.network.publicNetworkAccess,
    allowedClients: env.network.allowedClients,
    ...(privateNetwork === undefined ? {} : { privateNetwork }),
    entraAdministrator: { tenantId: env.identity.tenantId, ...env.identity.entraAdmin },
    passwordAuthentication: env.identity.passwordAuthentication,
    identityId: shared.identityId,
    ...(env.encryption === undefined ? {} : { encryption: { keyUri: env.encryption.keyUri, geoBackupKeyUri: env.encryption.geoBackupKeyUri } }),
    diagnosticsWorkspaceId: shared.workspaceId,
    alerts: { actionGroupId: shared.actionGroupId, thresholds: env.alerts.thresholds },
    protect: env.protect,
    lock: env.protect,
    tags: { ...baseTags(env), ...placement.tags, "genims-server": placement.key },
  };
}

/**
 * The restored copy of a server, when its placement asks for one: the same posture (access
 * network, alerts, diagnostics, lock, protection) under its own name, created from the source's
 * backups. A geo-restore lands in another region, where the source region's subnet and private
 * DNS zone cannot serve it: it comes up without VNet integration and without public access, to be
 * reached through a private endpoint in the recovery region (docs/operating.md, "Restore runbook").
 */
function restoredServerArgs<D extends { readonly name: string }, V extends string>(
  env: Environment,
  placement: ServerPlacement<D>,
  source: FlexibleServerCluster<D, V>,
  args: FlexibleServerClusterArgs<D, V>,
  namespace: "Microsoft.DBforPostgreSQL" | "Microsoft.DBforMySQL",
  recoveryGroups: Readonly<Record<string, resources.ResourceGroup>>,
): FlexibleServerClusterArgs<D, V> | undefined {
  const restore = placement.restore;
  if (restore === undefined) return undefined;
  // A geo-restore's own resource group (created here, or given), a point-in-time restore's the stack's.
  const resourceGroupName = recoveryGroups[restore.resourceGroup.name]?.name ?? (restore.mode === "GeoRestore" ? restore.resourceGroup.name : args.resourceGroupName);
  const { privateNetwork, ...rest } = args;
  return {
    ...rest,
    resourceGroupName,
    serverName: restore.serverName,
    location: restore.location,
    // Azure restores without a standby (HA is set on the server afterwards): no HA, so no HA lag alert.
    ...(args.highAvailability === undefined ? {} : { highAvailability: { ...args.highAvailability, mode: "Disabled" as const } }),
    // A point-in-time restore stays in the source's network; a geo-restore of a private server goes
    // into the recovery region's delegated subnet (with the stack's DNS zone unless another is
    // given); a public server restores public, its firewall rules inherited.
    ...(restore.mode === "PointInTimeRestore" && privateNetwork !== undefined ? { privateNetwork } : {}),
    ...(restore.network !== undefined && privateNetwork !== undefined
      ? { privateNetwork: { subnetId: restore.network.subnetId, dnsZoneId: restore.network.privateDnsZoneId ?? privateNetwork.dnsZoneId } }
      : {}),
    // A geo-restore is what runs while the source region is down; a geo-redundant backup of the
    // restored server would need that region (concepts-backup-restore.md: disable geo-redundancy
    // for a geo-restore during an outage). It is fixed at creation, so it starts off here.
    ...(restore.mode === "GeoRestore" ? { backup: { retentionDays: args.backup?.retentionDays ?? 35, geoRedundant: false } } : {}),
    restore: {
      mode: restore.mode,
      sourceServerId: source.server.id,
      pointInTimeUTC: restore.pointInTimeUTC,
      administratorPassword: source.administratorPassword,
      serverResourceId: `/subscriptions/${restore.subscriptionId}/resourceGroups/${restore.resourceGroup.name}/providers/${namespace}/flexibleServers/${restore.serverName}`,
      adopt: restore.adopt,
    },
    tags: { ...args.tags, "genims-restored-from": placement.serverName, "genims-restore-point": restore.restorePoint },
  };
}

/** `genims-prod-pg-master-r1` from `genims-prod-pg-master` → `r1`. */
const restoreSuffix = (placement: ServerPlacement<unknown>) => placement.restore!.serverName.slice(placement.serverName.length + 1);

/** Azure's built-in "Key Vault Crypto Service Encryption User": wrap and unwrap with a key, nothing else. */
export const KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

/**
 * The identity the servers use. With a customer-managed key it may only be handed to a server once
 * it can read that key (Azure rejects the server otherwise), so its id then waits for the role
 * assignment on the key's vault.
 */
function serverIdentityId(env: Environment, identity: managedidentity.UserAssignedIdentity): pulumi.Output<string> {
  const key = env.encryption;
  if (key === undefined) return identity.id;
  const canUseKey = new authorization.RoleAssignment(
    "genims-db-identity-key-access",
    {
      scope: key.keyVaultId,
      principalId: identity.principalId,
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: `/subscriptions/${key.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER}`,
      description: "GenIMS database servers encrypt with the customer-managed key",
    },
    { parent: identity, ...HOLDS_NO_DATA },
  );
  return pulumi.all([identity.id, canUseKey.id]).apply(([id]) => id);
}

export function buildTopology(env: Environment): Topology {
  const tags = baseTags(env);
  const names = stackResourceNames(env.namePrefix);
  const resourceGroup = new resources.ResourceGroup(
    "genims-resource-group",
    { resourceGroupName: env.resourceGroupName, location: env.location, tags },
    { protect: env.protect },
  );
  // One identity for the servers: MySQL's Entra administrator reads the directory through it, and
  // with customer-managed keys every server reads its key through it.
  const identity = new managedidentity.UserAssignedIdentity(
    "genims-db-identity",
    { resourceGroupName: resourceGroup.name, location: env.location, resourceName: names.databaseIdentity, tags },
    { protect: env.protect },
  );
  const logs = new LogWorkspace("genims-logs", {
    resourceGroupName: resourceGroup.name,
    location: env.location,
    workspaceName: names.logWorkspace,
    ...(env.monitoring.workspaceId === undefined ? {} : { existingWorkspaceId: env.monitoring.workspaceId }),
    retentionDays: env.monitoring.retentionDays,
    tags,
  });
  const network =
    env.network.private === undefined
      ? undefined
      : new PrivateNetwork("genims-network", {
          resourceGroupName: resourceGroup.name,
          location: env.location,
          vnetName: names.virtualNetwork,
          plan: env.network.private,
          serverDnsZones: { postgres: names.postgresDnsZone, mysql: names.mysqlDnsZone },
          egress: { natGatewayName: names.natGateway, publicIpName: names.natPublicIp },
          protect: env.protect,
          tags,
        });
  const alerts = new AlertActionGroup("genims-alerts", {
    resourceGroupName: resourceGroup.name,
    actionGroupName: names.actionGroup,
    shortName: names.actionGroupShortName,
    receivers: env.alerts.receivers,
    tags,
  });
  const shared: SharedServerInputs = { resourceGroupName: resourceGroup.name, identityId: serverIdentityId(env, identity), workspaceId: logs.workspaceId, actionGroupId: alerts.actionGroupId };

  // The recovery regions' resource groups the geo-restores create, one per name.
  const recoveryGroups: Record<string, resources.ResourceGroup> = {};
  for (const placement of [...env.postgres.servers, ...env.mysql.servers]) {
    const restore = placement.restore;
    if (restore === undefined || !restore.resourceGroup.created || recoveryGroups[restore.resourceGroup.name] !== undefined) continue;
    recoveryGroups[restore.resourceGroup.name] = new resources.ResourceGroup(
      `recovery-${restore.resourceGroup.name}`,
      { resourceGroupName: restore.resourceGroup.name, location: restore.location, tags: { ...tags, "genims-recovery-for": env.resourceGroupName } },
      { protect: env.protect },
    );
  }
  const restored: Record<string, PostgresCluster | MysqlCluster> = {};
  const postgres = env.postgres.servers.map((placement) => {
    const args = serverArgs(env, shared, env.postgres, placement, network === undefined ? undefined : { subnetId: network.postgresSubnetId, dnsZoneId: network.postgresDnsZoneId });
    const cluster = new PostgresCluster(`pg-${placement.key}`, args);
    const restoreArgs = restoredServerArgs(env, placement, cluster, args, "Microsoft.DBforPostgreSQL", recoveryGroups);
    if (restoreArgs !== undefined) restored[placement.serverName] = new PostgresCluster(`pg-${placement.key}-${restoreSuffix(placement)}`, restoreArgs);
    return cluster;
  });
  // CREATE EXTENSION pgaudit in every database, once the servers run with pgaudit preloaded
  // (genims:pgauditExtension, set after the first restart: components/pgAudit.ts).
  if (env.pgauditExtension) {
    env.postgres.servers.forEach((placement, index) => new PgAuditExtension(`pg-${placement.key}-pgaudit`, { cluster: postgres[index]! }, { parent: postgres[index]! }));
  }
  const mysql = env.mysql.servers.map((placement) => {
    const args = serverArgs(env, shared, env.mysql, placement, network === undefined ? undefined : { subnetId: network.mysqlSubnetId, dnsZoneId: network.mysqlDnsZoneId });
    const cluster = new MysqlCluster(`mysql-${placement.key}`, args);
    const restoreArgs = restoredServerArgs(env, placement, cluster, args, "Microsoft.DBforMySQL", recoveryGroups);
    if (restoreArgs !== undefined) restored[placement.serverName] = new MysqlCluster(`mysql-${placement.key}-${restoreSuffix(placement)}`, restoreArgs);
    return cluster;
  });
  const encryption = env.encryption;
  const atlas = new AtlasProject("mongo", {
    orgId: env.atlas.orgId,
    projectName: env.atlas.projectName,
    clusterName: env.atlas.clusterName,
    region: env.atlas.region,
    instanceSize: env.atlas.instanceSize,
    autoScaling: env.atlas.autoScaling,
    maintenanceWindow: env.atlas.maintenanceWindow,
    mongoVersion: env.atlas.mongoVersion,
    database: env.atlas.database,
    accessList: env.network.publicNetworkAccess ? env.network.allowedClients : [],
    protect: env.protect,
    backupRetentionDays: env.backup.retentionDays,
    alerts: { receivers: env.alerts.receivers, thresholds: env.alerts.thresholds },
    ...(env.atlas.restore === undefined ? {} : { restore: env.atlas.restore }),
    ...(env.atlas.backupCopyRegion === undefined ? {} : { backupCopyRegion: env.atlas.backupCopyRegion }),
    ...(env.atlas.onlineArchive ? { onlineArchives: collectionArchives(env.atlas.database) } : {}),
    ...(network === undefined
      ? {}
      : { privateLink: { resourceGroupName: resourceGroup.name, location: env.location, subnetId: network.endpointsSubnetId, endpointName: names.atlasPrivateEndpoint } }),
    ...(encryption === undefined
      ? {}
      : {
          encryption: {
            keyUri: encryption.keyUri,
            keyVaultName: encryption.keyVaultName,
            keyVaultResourceGroup: encryption.keyVaultResourceGroup,
            subscriptionId: encryption.subscriptionId,
            tenantId: env.identity.tenantId,
            atlasAzureAppId: encryption.atlasAzureAppId,
            servicePrincipalId: encryption.atlasServicePrincipalId,
          },
        }),
    tags,
  });
  // After a cutover the restored server serves: its access component connects there (see buildAccess).
  const servingServers = Object.fromEntries(
    [...env.postgres.servers, ...env.mysql.servers].filter((placement) => placement.restore?.cutover === true).map((placement) => [placement.serverName, { cluster: restored[placement.serverName]!, serverName: placement.restore!.serverName }]),
  );
  const access = buildAccess(env, { resourceGroupName: resourceGroup.name, postgres, mysql, atlas, workspaceId: logs.workspaceId, network, servingServers }, tags);
  return { resourceGroup, identity, logs, alerts, network, postgres, mysql, restored, atlas, access };
}

/** Stack outputs: what engineers connect to and what auditors read. No secret in plain text. */
export function topologyOutputs(env: Environment, topology: Topology) {
  const flexibleServers = [
    ...topology.postgres.map((cluster, index) => ({ engine: "postgresql" as const, cluster, placement: env.postgres.servers[index]! })),
    ...topology.mysql.map((cluster, index) => ({ engine: "mysql" as const, cluster, placement: env.mysql.servers[index]! })),
  ];
  const databases: Record<string, { engine: string; server: pulumi.Output<string>; host: pulumi.Output<string> }> = {};
  for (const { engine, cluster, placement } of flexibleServers) {
    // After a cutover, applications use the restored server.
    const serving = placement.restore?.cutover === true ? topology.restored[placement.serverName]! : cluster;
    for (const database of placement.databases) {
      databases[database.name] = { engine, server: serving.serverName, host: serving.fqdn };
    }
  }
  databases[env.atlas.database.name] = { engine: "mongodb", server: topology.atlas.servingClusterName, host: topology.atlas.applicationSrv };
  return {
    resourceGroupName: topology.resourceGroup.name,
    // Each cluster's posture (stacks/posture.ts: the same rows open the offline plan and docs/configuration.md).
    servers: serverPostures(env).map((row) => {
      const flexible = flexibleServers.find(({ engine, placement }) => engine === row.engine && placement.key === row.key);
      return {
        ...row,
        name: flexible?.cluster.serverName ?? topology.atlas.clusterName,
        ...(flexible === undefined ? {} : { fqdn: flexible.cluster.fqdn }),
        publicNetworkAccess: env.network.publicNetworkAccess,
        allowedClients: env.network.publicNetworkAccess ? env.network.allowedClients.map((client) => `${client.name}=${client.cidr}`) : [],
      };
    }),
    restores: flexibleServers
      .filter(({ placement }) => placement.restore !== undefined)
      .map(({ engine, placement }) => ({
        engine,
        source: placement.serverName,
        name: topology.restored[placement.serverName]!.serverName,
        fqdn: topology.restored[placement.serverName]!.fqdn,
        mode: placement.restore!.mode,
        pointInTimeUTC: placement.restore!.pointInTimeUTC,
        restorePoint: placement.restore!.restorePoint,
        location: placement.restore!.location,
        resourceGroupName: placement.restore!.resourceGroup.name,
        cutover: placement.restore!.cutover,
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
