/**
 * `AtlasProject`: the MongoDB Atlas project holding the GenIMS document database, with a
 * dedicated replica-set cluster on Azure, its IP access list, TLS 1.2+ and cloud backups.
 */
import * as network from "@pulumi/azure-native/network";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import { type AlertReceivers, type AlertThresholds, type AllowedClient, type AtlasInstanceSize, type AtlasRestore, DAYS_OF_WEEK, type DayOfWeek, type MongoVersion } from "./types";
import { atlasAlertConfigurations } from "./alerts";
import { HOLDS_NO_DATA } from "./protection";
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
  readonly database: { readonly name: string };
  /** Optional. Dedicated tier. Default M30 (Atlas's production minimum; M10+ has cloud backup). */
  readonly instanceSize?: AtlasInstanceSize;
  /** Optional. MongoDB major version. Default 8.0. */
  readonly mongoVersion?: MongoVersion;
  /**
   * Optional. Auto-scaling (AdvancedCluster `regionConfigs[].autoScaling`, @pulumi/mongodbatlas 4.16.0):
   * disk growth and/or a compute tier range. Default: disk auto-scaling on, compute fixed. With any
   * auto-scaling the cluster sets `useEffectiveFields`, so Atlas's own scaling is not drift (the
   * provider's documented "Option 1"). Changing it is in place.
   */
  readonly autoScaling?: { readonly diskGb: boolean; readonly compute: { readonly min: AtlasInstanceSize; readonly max: AtlasInstanceSize } | undefined };
  /** Optional. Project maintenance window (project time zone). Default: Atlas's own choice. Changing it is in place. */
  readonly maintenanceWindow?: { readonly dayOfWeek: DayOfWeek; readonly startHour: number };
  /** Optional. Clients allowed in, one access-list entry each. Default none: nobody from the internet. */
  readonly accessList?: readonly Pick<AllowedClient, "name" | "cidr">[];
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
  /**
   * Optional. Online Archives of collections of `database` (see CollectionArchive). Default none:
   * the cluster keeps everything until the collections' own retention deletes it. Each archive
   * holds data that exists nowhere else, so it is protected like the cluster.
   */
  readonly onlineArchives?: readonly CollectionArchive[];
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

/**
 * One Atlas Online Archive (mongodbatlas.OnlineArchive, @pulumi/mongodbatlas 4.16.0
 * onlineArchive.d.ts; mongodb/terraform-provider-mongodbatlas v2.16.0
 * internal/service/onlinearchive/resource.go): documents whose `dateField` is older than
 * `archiveAfterDays` move from the cluster to archive storage, and leave the archive
 * `deleteAfterDays` after that date (`data_expiration_rule`, 7-9215 days). Atlas archives
 * time-series collections whole buckets at a time (Atlas docs, "Configure Online Archive for Time
 * Series Collections", https://www.mongodb.com/docs/atlas/online-archive/configure-online-archive-time-series/).
 */
export interface CollectionArchive {
  /** Required. The collection; it must exist before the archive is created (provider docs: "The collection must exists"). */
  readonly collection: string;
  /** Required. TIMESERIES needs criteria type DATE on the time field (onlineArchive criteria.dateFormat docs). */
  readonly collectionType: "TIMESERIES" | "STANDARD";
  /** Required. A BSON date field; also the first partition field (provider docs: with DATE, partition_fields must include date_field). */
  readonly dateField: string;
  /** Required. The most often queried scalar field, the second partition (queries without it scan the whole archive). */
  readonly partitionField: string;
  /** Required. Days on the cluster before archiving. Changing it is in place. */
  readonly archiveAfterDays: number;
  /** Required. Days after `dateField` when archived documents are deleted; above archiveAfterDays. Changing it is in place. */
  readonly deleteAfterDays: number;
}

export const ATLAS_MINIMUM_TLS = "TLS1_2";

/**
 * The audit events GenIMS records on Atlas: authentication (successes and failures), user and role
 * management, and DDL (databases, collections, indexes), by their `atype` (MongoDB 8.0 manual,
 * "mongo Schema Audit Messages", Audit Event Actions). Reads and writes of documents are not
 * audited (that would be `authCheck` with auditAuthorizationSuccess, a large volume).
 */
export const ATLAS_AUDITED_ACTIONS = [
  "authenticate",
  "logout",
  "createUser",
  "updateUser",
  "dropUser",
  "dropAllUsersFromDatabase",
  "grantRolesToUser",
  "revokeRolesFromUser",
  "createRole",
  "updateRole",
  "dropRole",
  "dropAllRolesFromDatabase",
  "grantRolesToRole",
  "revokeRolesFromRole",
  "grantPrivilegesToRole",
  "revokePrivilegesFromRole",
  "createDatabase",
  "dropDatabase",
  "createCollection",
  "renameCollection",
  "dropCollection",
  "createIndex",
  "dropIndex",
] as const;

/** The JSON audit filter Atlas takes (Auditing.auditFilter, @pulumi/mongodbatlas 4.16.0 auditing.d.ts). */
export const ATLAS_AUDIT_FILTER = JSON.stringify({ atype: { $in: ATLAS_AUDITED_ACTIONS } });

/** Snapshot kinds the schedule takes, each copied to the second region with the same retention. */
type CopyPolicyItem = { readonly frequencyType: "daily" | "weekly" | "monthly" | "ondemand"; readonly retentionUnit?: string; readonly retentionValue?: number };

/**
 * The copy policy of the geo-redundant backup copy: one item per policy of the schedule, kept as
 * long as the source snapshots, plus on-demand snapshots. `copyPolicyItems` replaces the
 * deprecated `frequencies` in @pulumi/mongodbatlas 4.16.0 (types/input.d.ts,
 * CloudBackupScheduleCopySetting: "@deprecated ... Please transition to copyPolicyItems"; the move
 * is one-way: "the switch back is not possible because copyPolicyItemsEnabled cannot be turned off
 * once it is true"). Frequency types and units as that type documents them.
 */
export function copyPolicyItems(retentionDays: number): CopyPolicyItem[] {
  return [
    { frequencyType: "daily", retentionUnit: "days", retentionValue: retentionDays },
    { frequencyType: "weekly", retentionUnit: "weeks", retentionValue: WEEKLY_RETENTION_WEEKS },
    { frequencyType: "monthly", retentionUnit: "months", retentionValue: MONTHLY_RETENTION_MONTHS },
    { frequencyType: "ondemand" },
  ];
}

const WEEKLY_RETENTION_WEEKS = 8;
const MONTHLY_RETENTION_MONTHS = 12;

/**
 * The private `mongodb+srv://` address of the cluster for one Azure private endpoint, picked by
 * endpoint id (not by position: a project can have several endpoints), or an error.
 *
 * Atlas publishes `connectionStrings.privateEndpoints[n]` with the `endpoints[].endpointId` each
 * string serves; they can be empty right after the endpoint connection is created: "Private
 * connection strings are not available until the respective mongodbatlas_privatelink_endpoint_service
 * resources are fully applied ... If the expected connection string(s) do not contain a value, a
 * terraform refresh may need to be performed" (mongodb/terraform-provider-mongodbatlas v2.16.0,
 * docs/resources/advanced_cluster.md). Falling back to the public SRV would put an address nobody
 * is allowed to reach (the access list is empty with Private Link) into Key Vault and the outputs,
 * so this fails instead, saying what to do.
 */
export function privateSrvFor(strings: mongodbatlas.types.output.AdvancedClusterConnectionStrings, endpointId: string, clusterName: string): string {
  const wanted = endpointId.toLowerCase();
  const entry = (strings.privateEndpoints ?? []).find((e) => (e.endpoints ?? []).some((endpoint) => endpoint.endpointId.toLowerCase() === wanted));
  if (entry?.srvConnectionString) return entry.srvConnectionString;
  throw new Error(
    `Atlas has not published the private connection string of cluster ${clusterName} for private endpoint ${endpointId} yet ` +
      "(it appears once the endpoint connection is available). Nothing that uses it was written. Run `pulumi up --refresh` again in a few minutes.",
  );
}

/** Logical-name part of an access-list entry: its address (`10.1.2.0/24` → `10-1-2-0-24`). */
export function accessListSlug(cidr: string): string {
  return cidr.replace(/[./:]/g, "-");
}

export class AtlasProject extends pulumi.ComponentResource {
  readonly project: mongodbatlas.Project;
  readonly cluster: mongodbatlas.AdvancedCluster;
  readonly projectId: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** The cluster applications use: the restored one after a cutover, else `clusterName`. */
  readonly servingClusterName: pulumi.Output<string>;
  /** The database name applications use. */
  readonly databaseName: string;
  /** `mongodb+srv://` host part, without credentials. */
  readonly standardSrv: pulumi.Output<string>;
  /** What applications connect to: the private endpoint's SRV address with Private Link, else the public one. */
  readonly applicationSrv: pulumi.Output<string>;
  readonly accessListEntries: Readonly<Record<string, mongodbatlas.ProjectIpAccessList>>;
  readonly auditing: mongodbatlas.Auditing;
  /** The project's maintenance window, when one is set. */
  readonly maintenanceWindow: mongodbatlas.MaintenanceWindow | undefined;
  readonly backupSchedule: mongodbatlas.CloudBackupSchedule;
  readonly encryptionAtRest: mongodbatlas.EncryptionAtRest | undefined;
  readonly privateEndpoint: network.PrivateEndpoint | undefined;
  /** The restored cluster and its restore job, when `restore` is set. */
  readonly restored: { readonly cluster: mongodbatlas.AdvancedCluster; readonly job: mongodbatlas.CloudBackupSnapshotRestoreJob } | undefined;
  /** Online Archives by collection name; empty without `onlineArchives`. */
  readonly onlineArchives: Readonly<Record<string, mongodbatlas.OnlineArchive>>;
  /** Alert configurations by rule key; empty without `alerts`. */
  readonly alerts: Readonly<Record<string, mongodbatlas.AlertConfiguration>>;
  /** Atlas applies access-list changes one at a time per project, like Azure's server operations. */
  readonly operations: OperationQueue;

  constructor(name: string, args: AtlasProjectArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:database:AtlasProject") {
    super(type, name, {}, opts);
    const protect = args.protect ?? true;
    const tags = { ...(args.tags ?? {}), database: args.database.name };
    const autoScaling = args.autoScaling ?? { diskGb: true, compute: undefined };

    this.project = new mongodbatlas.Project(
      `${name}-project`,
      { orgId: args.orgId, name: args.projectName, withDefaultAlertsSettings: true, tags },
      { parent: this, protect },
    );
    this.projectId = this.project.id;

    // Database auditing of authentication and administrative actions, with the filter spelled out:
    // without `auditFilter` Atlas records every auditable event (issue 10, item 10).
    this.auditing = new mongodbatlas.Auditing(
      `${name}-auditing`,
      { projectId: this.project.id, enabled: true, auditAuthorizationSuccess: false, auditFilter: ATLAS_AUDIT_FILTER },
      { parent: this.project, ...HOLDS_NO_DATA },
    );

    this.encryptionAtRest = undefined;
    if (args.encryption !== undefined) {
      const key = args.encryption;
      const azure = { atlasAzureAppId: key.atlasAzureAppId, servicePrincipalId: key.servicePrincipalId, tenantId: key.tenantId };
      const access = new mongodbatlas.CloudProviderAccessSetup(`${name}-azure-access`, { projectId: this.project.id, providerName: "AZURE", azureConfigs: [azure] }, { parent: this.project, ...HOLDS_NO_DATA });
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
        { parent: this.project, ...HOLDS_NO_DATA },
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
      // The provider has no update for this resource and `private_endpoint_ip_address` is not
      // ForceNew (mongodb/terraform-provider-mongodbatlas v2.16.0,
      // internal/service/privatelinkendpointservice/resource.go): a new address must replace the
      // connection, and the old one goes first (one connection per endpoint).
      privateConnection = new mongodbatlas.PrivateLinkEndpointService(
        `${name}-private-link-connection`,
        { projectId: this.project.id, providerName: "AZURE", privateLinkId: endpointService.privateLinkId, endpointServiceId: endpoint.id, privateEndpointIpAddress: privateIp },
        { parent: endpointService, replaceOnChanges: ["privateEndpointIpAddress"], deleteBeforeReplace: true },
      );
      this.privateEndpoint = endpoint;
    }

    const clusterArgs: mongodbatlas.AdvancedClusterArgs = {
        projectId: this.project.id,
        name: args.clusterName,
        clusterType: "REPLICASET",
        mongoDbMajorVersion: args.mongoVersion ?? "8.0",
        // Atlas owns instance size and disk while it auto-scales them: their configured values are
        // then the starting point, not a target to reset to on every update.
        ...(autoScaling.diskGb || autoScaling.compute !== undefined ? { useEffectiveFields: true } : {}),
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
                autoScaling: {
                  diskGbEnabled: autoScaling.diskGb,
                  computeEnabled: autoScaling.compute !== undefined,
                  ...(autoScaling.compute === undefined
                    ? {}
                    : { computeScaleDownEnabled: true, computeMinInstanceSize: autoScaling.compute.min, computeMaxInstanceSize: autoScaling.compute.max }),
                },
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

    // Atlas's dayOfWeek is 1-based from Sunday (provider docs: "Su=1, M=2, ... Sa=7").
    const window = args.maintenanceWindow;
    this.maintenanceWindow =
      window === undefined
        ? undefined
        : new mongodbatlas.MaintenanceWindow(
            `${name}-maintenance-window`,
            { projectId: this.project.id, dayOfWeek: DAYS_OF_WEEK.indexOf(window.dayOfWeek) + 1, hourOfDay: window.startHour, autoDeferOnceEnabled: false },
            { parent: this.project },
          );

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
        policyItemWeeklies: [{ frequencyInterval: 6, retentionUnit: "weeks", retentionValue: WEEKLY_RETENTION_WEEKS }],
        policyItemMonthlies: [{ frequencyInterval: 1, retentionUnit: "months", retentionValue: MONTHLY_RETENTION_MONTHS }],
        ...(args.backupCopyRegion === undefined
          ? {}
          : {
              // Copy-policy mode; one-way: Atlas cannot turn it off once applied
              // (@pulumi/mongodbatlas 4.16.0 cloudBackupSchedule.d.ts, copyPolicyItemsEnabled).
              copyPolicyItemsEnabled: true,
              copySettings: [
                {
                  cloudProvider: "AZURE",
                  regionName: args.backupCopyRegion,
                  // Copies with the oplog keep point-in-time restore possible in the second region.
                  copyPolicyItems: copyPolicyItems(retention),
                  shouldCopyOplogs: true,
                  zoneId: this.cluster.replicationSpecs.apply((specs) => specs[0]?.zoneId ?? ""),
                },
              ],
            }),
      },
      { parent: this.cluster, ...HOLDS_NO_DATA },
    );

    this.databaseName = args.database.name;
    this.standardSrv = this.cluster.connectionStrings.standardSrv;
    // With Private Link the access list is empty: applications must use the private endpoint's address.
    // After a restore's cutover, applications use the restored cluster (same project: same access
    // list and Private Link; the users' scopes include it while the restore is configured).
    const serving = args.restore?.cutover === true && this.restored !== undefined ? this.restored.cluster : this.cluster;
    this.servingClusterName = serving.name;
    const endpoint = this.privateEndpoint;
    this.applicationSrv =
      endpoint === undefined
        ? serving.connectionStrings.standardSrv
        : pulumi.all([serving.connectionStrings, endpoint.id, serving.name]).apply(([strings, endpointId, clusterName]) => privateSrvFor(strings, endpointId, clusterName));

    this.onlineArchives = Object.fromEntries(
      (args.onlineArchives ?? []).map((archive) => [archive.collection, onlineArchive(name, this.project, this.cluster, args.database.name, archive, protect)]),
    );

    this.alerts = args.alerts === undefined ? {} : atlasAlertConfigurations(name, this.project, args.alerts.receivers, args.alerts.thresholds);

    this.operations = new OperationQueue(this.project);
    const accessListEntries: Record<string, mongodbatlas.ProjectIpAccessList> = {};
    for (const client of args.accessList ?? []) {
      // Atlas keys an entry by its CIDR (the provider deletes by `cidr_block`) and replaces it when
      // the comment changes (`comment` is RequiresReplace; mongodb/terraform-provider-mongodbatlas
      // v2.16.0, internal/service/projectipaccesslist). So the logical name is the address, not the
      // client's name, and a replacement deletes the old entry before creating the new one: with
      // create-before-delete, renaming a client would re-add the CIDR and then delete it.
      accessListEntries[client.name] = this.operations.enqueue(
        (dependsOn) =>
          new mongodbatlas.ProjectIpAccessList(
            `${name}-access-${accessListSlug(client.cidr)}`,
            { projectId: this.project.id, cidrBlock: client.cidr, comment: client.name },
            { parent: this.project, dependsOn, deleteBeforeReplace: true, aliases: [{ name: `${name}-access-${client.name}` }], ...HOLDS_NO_DATA },
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
    // Protected even though it holds no data: every argument forces a new job, and a new job wipes
    // its target before restoring ("Atlas removes all existing data on the target cluster prior to
    // the restore", docs/resources/cloud_backup_snapshot_restore_job.md at v2.16.0). A changed
    // restore point must be a new suffix (a new target), never a re-run over the restored cluster.
    { parent: cluster, protect: true },
  );
  return { cluster, job };
}

/**
 * The Online Archive of one collection, a child of the cluster (it lives and dies with it; the
 * provider's project_id and cluster_name are ForceNew, resource.go resourceSchema). Defaults left
 * to Atlas, on purpose: `schedule` (none: Atlas archives continuously), `dataProcessRegion` (the
 * cluster's cloud and nearest region; immutable after creation, so not guessed here).
 */
export function onlineArchive(name: string, project: mongodbatlas.Project, cluster: mongodbatlas.AdvancedCluster, databaseName: string, archive: CollectionArchive, protect: boolean): mongodbatlas.OnlineArchive {
  return new mongodbatlas.OnlineArchive(
    `${name}-archive-${archive.collection.replace(/_/g, "-")}`,
    {
      projectId: project.id,
      clusterName: cluster.name,
      dbName: databaseName,
      collName: archive.collection,
      collectionType: archive.collectionType,
      criteria: { type: "DATE", dateField: archive.dateField, dateFormat: "ISODATE", expireAfterDays: archive.archiveAfterDays },
      dataExpirationRule: { expireAfterDays: archive.deleteAfterDays },
      partitionFields: [
        { fieldName: archive.dateField, order: 0 },
        { fieldName: archive.partitionField, order: 1 },
      ],
    },
    { parent: cluster, protect },
  );
}
