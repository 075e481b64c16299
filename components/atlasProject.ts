/**
 * `AtlasProject`: the MongoDB Atlas project holding the GenIMS document database, with a
 * dedicated replica-set cluster on Azure, its IP access list, TLS 1.2+ and cloud backups.
 */
import * as network from "@pulumi/azure-native/network";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import type { MongoDatabaseSpec } from "../catalog";
import type { AlertReceivers, AlertThresholds, AllowedClient, AtlasRestore } from "../config/environment";
import type { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS } from "../config/schema";
import { atlasAlertConfigurations } from "./alerts";
import { OperationQueue } from "./serverOperations";

export interface AtlasProjectArgs {
  /** Required. Atlas organization id. Changing it replaces the project and the cluster. */
  readonly orgId: string;
  /** Required. Atlas project name. */
  readonly projectName: string;
  /** Required. Cluster name (validated by config). Changing it replaces the cluster. */
  readonly clusterName: string;
  /** Required. Atlas Azure region, e.g. EUROPE_WEST. Changing it moves the cluster. */
  readonly region: string;
  /** Required. The catalog's MongoDB database (recorded on the cluster as a tag and output). */
  readonly database: MongoDatabaseSpec;
  /** Optional. Dedicated tier. Default M30 (Atlas's production minimum; M10+ has cloud backup). */
  readonly instanceSize?: (typeof ATLAS_INSTANCE_SIZES)[number];
  /** Optional. MongoDB major version. Default 8.0. */
  readonly mongoVersion?: (typeof ATLAS_MONGO_VERSIONS)[number];
  /** Optional. Clients allowed in, one access-list entry each. Default none: nobody from the internet. */
  readonly accessList?: readonly AllowedClient[];
  /** Optional. Pulumi protect plus Atlas termination protection. Default true. */
  readonly protect?: boolean;
  /** Optional. Tags on the project and the cluster. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Optional. Days of daily snapshots kept; the point-in-time window is the last 7 of them at most. Default 35. */
  readonly backupRetentionDays?: number;
  /** Optional. Atlas alert configurations (disk, CPU, memory, connections, replication lag) to these receivers. Default: Atlas's defaults only. */
  readonly alerts?: { readonly receivers: AlertReceivers; readonly thresholds: AlertThresholds };
  /**
   * Optional. Restore the cluster into a new cluster of the same project (point in time or
   * snapshot); with `cutover`, `applicationSrv` points at it. The source cluster is kept. Default: none.
   */
  readonly restore?: AtlasRestore;
  /** Optional. Copy every snapshot and the oplog to this second Atlas region (geo-redundant backup). Default: none. */
  readonly backupCopyRegion?: string;
  /**
   * Optional. Reach the cluster over Azure Private Link from this subnet: Atlas's endpoint
   * service, the Azure private endpoint and the connection between them. Default: none.
   */
  readonly privateLink?: { readonly resourceGroupName: pulumi.Input<string>; readonly location: string; readonly subnetId: pulumi.Input<string>; readonly endpointName: string };
  /**
   * Optional. Encrypt at rest with this Key Vault key, which Atlas reaches through its Azure app's
   * service principal (cloud provider access: no client secret). Default: Atlas-managed keys.
   */
  readonly encryption?: {
    readonly keyUri: string;
    readonly keyVaultName: string;
    readonly keyVaultResourceGroup: string;
    readonly subscriptionId: string;
    readonly tenantId: string;
    readonly atlasAzureAppId: string;
    readonly servicePrincipalId: string;
  };
}

export const ATLAS_MINIMUM_TLS = "TLS1_2";

export class AtlasProject extends pulumi.ComponentResource {
  readonly project: mongodbatlas.Project;
  readonly cluster: mongodbatlas.AdvancedCluster;
  readonly projectId: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** The database name applications use. */
  readonly databaseName: string;
  /** `mongodb+srv://` host part, without credentials. */
  readonly standardSrv: pulumi.Output<string>;
  /** What applications connect to: the private endpoint's SRV address with Private Link, else the public one. */
  readonly applicationSrv: pulumi.Output<string>;
  readonly accessListEntries: Readonly<Record<string, mongodbatlas.ProjectIpAccessList>>;
  readonly auditing: mongodbatlas.Auditing;
  readonly backupSchedule: mongodbatlas.CloudBackupSchedule;
  readonly encryptionAtRest: mongodbatlas.EncryptionAtRest | undefined;
  readonly privateEndpoint: network.PrivateEndpoint | undefined;
  /** The restored cluster and its restore job, when `restore` is set. */
  readonly restored: { readonly cluster: mongodbatlas.AdvancedCluster; readonly job: mongodbatlas.CloudBackupSnapshotRestoreJob } | undefined;
  /** Alert configurations by rule key; empty without `alerts`. */
  readonly alerts: Readonly<Record<string, mongodbatlas.AlertConfiguration>>;
  /** Atlas applies access-list changes one at a time per project, like Azure's server operations. */
  readonly operations: OperationQueue;

  constructor(name: string, args: AtlasProjectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:database:AtlasProject", name, {}, opts);
    const protect = args.protect ?? true;
    const tags = { ...(args.tags ?? {}), database: args.database.name };

    this.project = new mongodbatlas.Project(
      `${name}-project`,
      { orgId: args.orgId, name: args.projectName, withDefaultAlertsSettings: true, tags },
      { parent: this, protect },
    );
    this.projectId = this.project.id;

    // Database auditing (Atlas's default filter: authentication and administrative actions).
    this.auditing = new mongodbatlas.Auditing(`${name}-auditing`, { projectId: this.project.id, enabled: true, auditAuthorizationSuccess: false }, { parent: this.project });

    this.encryptionAtRest = undefined;
    if (args.encryption !== undefined) {
      const key = args.encryption;
      const azure = { atlasAzureAppId: key.atlasAzureAppId, servicePrincipalId: key.servicePrincipalId, tenantId: key.tenantId };
      const access = new mongodbatlas.CloudProviderAccessSetup(`${name}-azure-access`, { projectId: this.project.id, providerName: "AZURE", azureConfigs: [azure] }, { parent: this.project });
      const authorization = new mongodbatlas.CloudProviderAccessAuthorization(`${name}-azure-access-authorization`, { projectId: this.project.id, roleId: access.roleId, azure }, { parent: access });
      this.encryptionAtRest = new mongodbatlas.EncryptionAtRest(
        `${name}-encryption-at-rest`,
        {
          projectId: this.project.id,
          azureKeyVaultConfig: {
            enabled: true,
            azureEnvironment: "AZURE",
            roleId: authorization.roleId,
            subscriptionId: key.subscriptionId,
            resourceGroupName: key.keyVaultResourceGroup,
            keyVaultName: key.keyVaultName,
            keyIdentifier: key.keyUri,
            tenantId: key.tenantId,
            // Atlas reaches the customer's vault over its public endpoint (the vault's own firewall
            // decides); a private path would need an EncryptionAtRestPrivateEndpoint as well.
            requirePrivateNetworking: false,
          },
        },
        { parent: this.project, protect },
      );
    }

    // Private Link before the cluster: the cluster's private connection strings are read when it is created.
    this.privateEndpoint = undefined;
    let privateConnection: mongodbatlas.PrivateLinkEndpointService | undefined;
    if (args.privateLink !== undefined) {
      const link = args.privateLink;
      const endpointService = new mongodbatlas.PrivateLinkEndpoint(
        `${name}-private-link`,
        { projectId: this.project.id, providerName: "AZURE", region: args.region },
        { parent: this.project },
      );
      const endpoint = new network.PrivateEndpoint(
        `${name}-private-endpoint`,
        {
          resourceGroupName: link.resourceGroupName,
          location: link.location,
          privateEndpointName: link.endpointName,
          subnet: { id: link.subnetId },
          // Atlas approves the connection itself (PrivateLinkEndpointService below): a manual connection.
          manualPrivateLinkServiceConnections: [{ name: link.endpointName, privateLinkServiceId: endpointService.privateLinkServiceResourceId, requestMessage: "GenIMS MongoDB Atlas" }],
          tags: { ...(args.tags ?? {}) },
        },
        { parent: endpointService },
      );
      // Atlas needs the endpoint's private IP, which Azure puts on the endpoint's network interface.
      const privateIp = endpoint.networkInterfaces.apply((nics) => {
        const nicId = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/networkInterfaces\/([^/]+)$/i.exec(nics?.[0]?.id ?? "");
        const [, resourceGroupName = "", networkInterfaceName = ""] = nicId ?? [];
        return network.getNetworkInterfaceOutput({ resourceGroupName, networkInterfaceName }).apply((nic) => nic.ipConfigurations?.[0]?.privateIPAddress ?? "");
      });
      privateConnection = new mongodbatlas.PrivateLinkEndpointService(
        `${name}-private-link-connection`,
        { projectId: this.project.id, providerName: "AZURE", privateLinkId: endpointService.privateLinkId, endpointServiceId: endpoint.id, privateEndpointIpAddress: privateIp },
        { parent: endpointService },
      );
      this.privateEndpoint = endpoint;
    }

    const clusterArgs: mongodbatlas.AdvancedClusterArgs = {
        projectId: this.project.id,
        name: args.clusterName,
        clusterType: "REPLICASET",
        mongoDbMajorVersion: args.mongoVersion ?? "8.0",
        // Cloud backup with continuous (point-in-time) restore: the DR story for the documents.
        backupEnabled: true,
        pitEnabled: true,
        terminationProtectionEnabled: protect,
        ...(this.encryptionAtRest === undefined ? {} : { encryptionAtRestProvider: "AZURE" }),
        advancedConfiguration: {
          minimumEnabledTlsProtocol: ATLAS_MINIMUM_TLS,
          // Server-side JavaScript is an injection surface the GenIMS workloads do not use.
          javascriptEnabled: false,
        },
        replicationSpecs: [
          {
            regionConfigs: [
              {
                providerName: "AZURE",
                regionName: args.region,
                priority: 7,
                // Three electable nodes, Atlas spreads them across the region's zones.
                electableSpecs: { instanceSize: args.instanceSize ?? "M30", nodeCount: 3 },
              },
            ],
          },
        ],
        tags,
    };
    const clusterOptions: pulumi.CustomResourceOptions = {
      parent: this.project,
      protect,
      dependsOn: [...(this.encryptionAtRest === undefined ? [] : [this.encryptionAtRest]), ...(privateConnection === undefined ? [] : [privateConnection])],
    };
    this.cluster = new mongodbatlas.AdvancedCluster(`${name}-cluster`, clusterArgs, clusterOptions);
    this.clusterName = this.cluster.name;
    this.restored = args.restore === undefined ? undefined : restoreCluster(name, this.project, this.cluster, args.restore, clusterArgs, clusterOptions);

    const retention = args.backupRetentionDays ?? 35;
    this.backupSchedule = new mongodbatlas.CloudBackupSchedule(
      `${name}-backup-schedule`,
      {
        projectId: this.project.id,
        clusterName: this.cluster.name,
        referenceHourOfDay: 2,
        referenceMinuteOfHour: 0,
        // Continuous backup: restore to any moment of the last week (at most the snapshot retention).
        restoreWindowDays: Math.min(7, retention),
        policyItemDaily: { frequencyInterval: 1, retentionUnit: "days", retentionValue: retention },
        policyItemWeeklies: [{ frequencyInterval: 6, retentionUnit: "weeks", retentionValue: 8 }],
        policyItemMonthlies: [{ frequencyInterval: 1, retentionUnit: "months", retentionValue: 12 }],
        ...(args.backupCopyRegion === undefined
          ? {}
          : {
              copySettings: [
                {
                  cloudProvider: "AZURE",
                  regionName: args.backupCopyRegion,
                  // Copies with the oplog keep point-in-time restore possible in the second region.
                  frequencies: ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ON_DEMAND"],
                  shouldCopyOplogs: true,
                  zoneId: this.cluster.replicationSpecs.apply((specs) => specs[0]?.zoneId ?? ""),
                },
              ],
            }),
      },
      { parent: this.cluster },
    );

    this.databaseName = args.database.name;
    this.standardSrv = this.cluster.connectionStrings.standardSrv;
    // With Private Link the access list is empty: applications must use the private endpoint's address.
    // After a restore's cutover, applications use the restored cluster (same project: same users, access list and Private Link).
    const serving = args.restore?.cutover === true && this.restored !== undefined ? this.restored.cluster : this.cluster;
    this.applicationSrv =
      privateConnection === undefined
        ? serving.connectionStrings.standardSrv
        : serving.connectionStrings.apply((strings) => strings.privateEndpoints?.[0]?.srvConnectionString ?? strings.standardSrv);

    this.alerts = args.alerts === undefined ? {} : atlasAlertConfigurations(name, this.project, args.alerts.receivers, args.alerts.thresholds);

    this.operations = new OperationQueue(this.project);
    const accessListEntries: Record<string, mongodbatlas.ProjectIpAccessList> = {};
    for (const client of args.accessList ?? []) {
      accessListEntries[client.name] = this.operations.enqueue(
        (dependsOn) =>
          new mongodbatlas.ProjectIpAccessList(
            `${name}-access-${client.name}`,
            { projectId: this.project.id, cidrBlock: client.cidr, comment: client.name },
            { parent: this.project, dependsOn },
          ),
      );
    }
    this.accessListEntries = accessListEntries;

    this.registerOutputs({ projectId: this.projectId, clusterName: this.clusterName, databaseName: this.databaseName });
  }
}

/**
 * A restore of `source` into a new cluster of the same project, built like the source. Atlas
 * restores into an existing target cluster (CloudBackupSnapshotRestoreJob `delivery_type_config`:
 * exactly one of automated / download / point_in_time; automated and point_in_time need
 * target_cluster_name and target_project_id; point_in_time needs point_in_time_utc_seconds or an
 * oplog timestamp), so the target is created first and the job waits for it. Deleting the job
 * cancels nothing: "Automated restore cannot be cancelled", "Point in time restore cannot be
 * cancelled" (mongodb/terraform-provider-mongodbatlas v2.16.0, the provider @pulumi/mongodbatlas
 * 4.16.0 bundles: internal/service/cloudbackupsnapshotrestorejob/resource_cloud_backup_snapshot_restore_job.go,
 * validateDeliveryType and resourceDelete; every argument is ForceNew there).
 */
function restoreCluster(
  name: string,
  project: mongodbatlas.Project,
  source: mongodbatlas.AdvancedCluster,
  restore: AtlasRestore,
  clusterArgs: mongodbatlas.AdvancedClusterArgs,
  clusterOptions: pulumi.CustomResourceOptions,
): { cluster: mongodbatlas.AdvancedCluster; job: mongodbatlas.CloudBackupSnapshotRestoreJob } {
  const suffix = restore.clusterName.slice(restore.clusterName.lastIndexOf("-") + 1);
  const cluster = new mongodbatlas.AdvancedCluster(
    `${name}-cluster-${suffix}`,
    { ...clusterArgs, name: restore.clusterName, tags: pulumi.output(clusterArgs.tags).apply((tags) => ({ ...(tags ?? {}), "genims-restored-from": String(clusterArgs.name) })) },
    clusterOptions,
  );
  const target = { targetClusterName: cluster.name, targetProjectId: project.id };
  const job = new mongodbatlas.CloudBackupSnapshotRestoreJob(
    `${name}-restore-job-${suffix}`,
    {
      projectId: project.id,
      clusterName: source.name,
      ...(restore.mode === "snapshot"
        ? { snapshotId: restore.snapshotId, deliveryTypeConfig: { automated: true, ...target } }
        : { deliveryTypeConfig: { pointInTime: true, pointInTimeUtcSeconds: restore.pointInTimeUtcSeconds, ...target } }),
    },
    // A job holds no data (the restored cluster does): not protected.
    { parent: cluster },
  );
  return { cluster, job };
}
