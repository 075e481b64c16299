/**
 * The validated environment: what one stack decides, resolved against the catalog.
 * Built only by `validateEnvironment`; components and stacks take it as given.
 */
import type { MongoDatabaseSpec, MysqlDatabaseSpec, PostgresDatabaseSpec } from "../catalog";
import type { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS, ENTRA_PRINCIPAL_TYPES, HA_MODES, AVAILABILITY_ZONES, MYSQL_VERSIONS, POSTGRES_VERSIONS, SKU_TIERS } from "./schema";

export type SkuTier = (typeof SKU_TIERS)[number];
export type HighAvailabilityMode = (typeof HA_MODES)[number];
export type AvailabilityZone = (typeof AVAILABILITY_ZONES)[number];

/** A named client range allowed through the firewalls and the Atlas access list. */
export interface AllowedClient {
  readonly name: string;
  readonly startIp: string;
  readonly endIp: string;
  /** The CIDR block Atlas takes for this range (a single host is /32). */
  readonly cidr: string;
}

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

export interface ServerPlacement<D> {
  /** The server's key in config (`core`, `manufacturing`): the root of its names. */
  readonly key: string;
  /** Physical server name, validated against Azure's rules. */
  readonly serverName: string;
  /** Catalog entries it hosts, in catalog order. */
  readonly databases: readonly D[];
}

export interface ServerPosture<V extends string> {
  readonly version: V;
  readonly skuTier: SkuTier;
  readonly skuName: string;
  readonly storageGb: number;
}

/** Alert thresholds of one stack (config keys `alert*`); see `components/alerts.ts` for the metrics. */
export interface AlertThresholds {
  readonly storagePercent: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly activeConnections: number;
  readonly atlasConnectionsPercent: number;
  readonly replicationLagSeconds: number;
}

/** Who is told: email addresses and HTTPS webhooks, each with a receiver name. */
export interface AlertReceivers {
  readonly emails: readonly { readonly name: string; readonly address: string }[];
  readonly webhooks: readonly { readonly name: string; readonly url: string }[];
}

export interface Environment {
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
  /** Logins, grants and their secrets (`access/model.ts`, `components/secretsVault.ts`). */
  readonly access: {
    readonly passwordRotation: number;
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
    readonly database: MongoDatabaseSpec;
  };
}
