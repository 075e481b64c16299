/**
 * The validated environment: what one stack decides, resolved against the catalog.
 * Built only by `validateEnvironment`; components and stacks take it as given.
 */
import type { MongoDatabaseSpec, MysqlDatabaseSpec, PostgresDatabaseSpec } from "../catalog";
import type { SecretsAndAuditSettings } from "./secretsAccess";
/** Shapes the component package defines (a client range, alert settings, an Atlas restore): one definition. */
export type { AlertReceivers, AlertThresholds, AllowedClient, AtlasRestore } from "../packages/db-components/lib/types";
import type { AlertReceivers, AlertThresholds, AllowedClient, AtlasRestore } from "../packages/db-components/lib/types";
import type { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS, AVAILABILITY_ZONES, DAYS_OF_WEEK, ENTRA_PRINCIPAL_TYPES, HA_MODES, MYSQL_VERSIONS, POSTGRES_VERSIONS, SKU_TIERS } from "./schema";

export type SkuTier = (typeof SKU_TIERS)[number];
export type HighAvailabilityMode = (typeof HA_MODES)[number];
export type AvailabilityZone = (typeof AVAILABILITY_ZONES)[number];


export type EntraPrincipalType = (typeof ENTRA_PRINCIPAL_TYPES)[number];

/** Where private traffic goes: a network this stack creates, or existing resources by ID. */
export type PrivateNetworkPlan =
  | {
      readonly kind: "create";
      readonly addressSpace: string;
      readonly postgresSubnetPrefix: string;
      readonly mysqlSubnetPrefix: string;
      readonly endpointsSubnetPrefix: string;
    }
  | {
      readonly kind: "existing";
      readonly postgresSubnetId: string;
      readonly mysqlSubnetId: string;
      readonly endpointsSubnetId: string;
      readonly postgresDnsZoneId: string;
      readonly mysqlDnsZoneId: string;
    };

/** Customer-managed key settings, when the stack asks for them. */
export interface CustomerManagedKey {
  readonly keyUri: string;
  readonly keyVaultId: string;
  readonly keyVaultName: string;
  readonly keyVaultResourceGroup: string;
  readonly subscriptionId: string;
  /** Paired-region key for geo-redundant backups, when those are on. */
  readonly geoBackupKeyUri: string | undefined;
  /** Atlas's Azure app and its service principal in our tenant (cloud provider access, no secret). */
  readonly atlasAzureAppId: string;
  readonly atlasServicePrincipalId: string;
}

export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** When a server or cluster may be patched: the hour starting at `startHour:startMinute` UTC on `dayOfWeek`. */
export interface MaintenanceWindow {
  readonly dayOfWeek: DayOfWeek;
  readonly startHour: number;
  readonly startMinute: number;
  /** `staggered`: the slot the program chose; `configured`: set in the stack file. */
  readonly source: "staggered" | "configured";
}

/** Storage of one server, after defaults. Fields an engine does not have stay undefined. */
export interface ServerStorage {
  readonly sizeGb: number;
  readonly autoGrow: boolean;
  /** PostgreSQL: Premium_LRS (default) or PremiumV2_LRS. */
  readonly type: "Premium_LRS" | "PremiumV2_LRS" | undefined;
  /** PostgreSQL Premium_LRS performance tier (undefined: the size's default tier). */
  readonly tier: string | undefined;
  /** PostgreSQL PremiumV2_LRS IOPS, or MySQL pre-provisioned IOPS. */
  readonly iops: number | undefined;
  /** PostgreSQL PremiumV2_LRS throughput (MB/s). */
  readonly throughput: number | undefined;
  /** MySQL automatic IO scaling (undefined for PostgreSQL). */
  readonly autoIoScaling: boolean | undefined;
}

/** A restore of one server into a new server (see `restoreSchema` in config/schema.ts). */
export interface ServerRestore {
  readonly mode: "PointInTimeRestore" | "GeoRestore";
  readonly pointInTimeUTC: string;
  /** Physical name of the restored server: `<server name>-<suffix>`. */
  readonly serverName: string;
  /** Region of the restored server: the stack's for a point-in-time restore, the paired one for a geo-restore. */
  readonly location: string;
  /**
   * Phase 2 of a restore: the databases and firewall rules the restore brought along are adopted
   * (`import`) into the stack. Phase 1 creates only the server: an `import` whose target does not
   * exist yet fails every preview (pulumi/pulumi v3.248.0 pkg/resource/deploy/step.go ImportStep
   * reads the target in preview too, "resource '%v' does not exist").
   */
  readonly adopt: boolean;
  /**
   * A geo-restore of a VNet-integrated server lands in a virtual network of the recovery region:
   * "You can't perform geo-restore across public and private access" (MicrosoftDocs/azure-databases-docs
   * articles/postgresql/flexible-server/concepts-backup-restore.md; MySQL's says the same).
   */
  readonly network: { readonly subnetId: string; readonly privateDnsZoneId: string | undefined } | undefined;
  /** What the restore really restores to: the moment asked for, or for a geo-restore the latest geo-replicated backup before it. */
  readonly restorePoint: string;
  /** Whether outputs and connection strings point at the restored server. */
  readonly cutover: boolean;
  readonly subscriptionId: string;
  /**
   * Where the restored server lives. A point-in-time restore: the stack's resource group. A
   * geo-restore: a resource group of the recovery region, because Azure Resource Manager keeps a
   * group's metadata in the group's region and cannot update its resources while that region is
   * down (Azure Proactive Resiliency Library RG-1) — the very outage a geo-restore is for.
   */
  readonly resourceGroup: { readonly name: string; readonly created: boolean };
}


export interface ServerPlacement<D> {
  /** The server's key in config (`core`, `manufacturing`): the root of its names. */
  readonly key: string;
  /** Physical server name, validated against Azure's rules. */
  readonly serverName: string;
  /** Catalog entries it hosts, in catalog order. */
  readonly databases: readonly D[];
  /** This server's size and posture: its overrides over the environment-wide defaults. */
  readonly sku: { readonly tier: SkuTier; readonly name: string };
  readonly storage: ServerStorage;
  readonly highAvailability: { readonly mode: HighAvailabilityMode; readonly zone: AvailabilityZone; readonly standbyZone: AvailabilityZone };
  readonly backup: { readonly retentionDays: number; readonly geoRedundant: boolean };
  readonly maintenanceWindow: MaintenanceWindow;
  /** The server's own tags (added to the stack's). */
  readonly tags: Readonly<Record<string, string>>;
  /** A restore of this server into a new one, or `undefined`. */
  readonly restore: ServerRestore | undefined;
}

/** The environment-wide defaults of one engine (each server may override them). */
export interface ServerPosture<V extends string> {
  readonly version: V;
  readonly skuTier: SkuTier;
  readonly skuName: string;
  readonly storageGb: number;
}



/** Key Vault readers and the pgaudit extension switch (issue 10; `config/secretsAccess.ts`). */
export type { SecretReader, SecretsAndAuditSettings } from "./secretsAccess";

export interface Environment extends SecretsAndAuditSettings {
  readonly stack: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly namePrefix: string;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly network: {
    readonly publicNetworkAccess: boolean;
    readonly allowedClients: readonly AllowedClient[];
    /** `undefined`: no private networking (servers reachable only through their public endpoint). */
    readonly private: PrivateNetworkPlan | undefined;
  };
  readonly identity: {
    readonly tenantId: string;
    readonly entraAdmin: { readonly objectId: string; readonly name: string; readonly type: EntraPrincipalType };
    readonly passwordAuthentication: boolean;
  };
  /** `undefined`: service-managed keys. */
  readonly encryption: CustomerManagedKey | undefined;
  readonly monitoring: {
    /** An existing workspace, or `undefined` to create one. */
    readonly workspaceId: string | undefined;
    readonly retentionDays: number;
  };

  readonly alerts: { readonly receivers: AlertReceivers; readonly thresholds: AlertThresholds };

  /** Environment-wide defaults; each server's own values are on its placement. */
  readonly highAvailability: {
    readonly mode: HighAvailabilityMode;
    readonly zone: AvailabilityZone;
    readonly standbyZone: AvailabilityZone;
  };
  readonly backup: {
    readonly retentionDays: number;
    readonly geoRedundant: boolean;
  };
  readonly postgres: ServerPosture<(typeof POSTGRES_VERSIONS)[number]> & {
    readonly servers: readonly ServerPlacement<PostgresDatabaseSpec>[];
  };
  readonly mysql: ServerPosture<(typeof MYSQL_VERSIONS)[number]> & {
    readonly servers: readonly ServerPlacement<MysqlDatabaseSpec>[];
  };
  /** Logins, grants and their secrets (`access/model.ts`, `packages/db-components/lib/secretsVault.ts`). */
  readonly access: {
    readonly passwordRotation: number;
    /** Whether the access model revokes PUBLIC on each PostgreSQL server's `postgres` database. */
    readonly closeMaintenanceDatabase: boolean;
    /** Global Key Vault name, validated against Azure's rule. */
    readonly keyVaultName: string;
  };
  readonly atlas: {
    readonly orgId: string;
    readonly projectName: string;
    readonly clusterName: string;
    readonly region: string;
    readonly instanceSize: (typeof ATLAS_INSTANCE_SIZES)[number];
    readonly mongoVersion: (typeof ATLAS_MONGO_VERSIONS)[number];
    /** Second region receiving snapshot and oplog copies, or `undefined` for none. */
    readonly backupCopyRegion: string | undefined;
    /** Online Archive of the catalog's time-series collections that have a hot tier (genims:atlasOnlineArchive). */
    readonly onlineArchive: boolean;
    /** Auto-scaling bounds; `compute` undefined: the tier stays at `instanceSize`. */
    readonly autoScaling: { readonly diskGb: boolean; readonly compute: { readonly min: (typeof ATLAS_INSTANCE_SIZES)[number]; readonly max: (typeof ATLAS_INSTANCE_SIZES)[number] } | undefined };
    readonly maintenanceWindow: MaintenanceWindow;
    readonly database: MongoDatabaseSpec;
    readonly restore: AtlasRestore | undefined;
  };
}
