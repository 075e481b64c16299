/**
 * The validated environment: what one stack decides, resolved against the catalog.
 * Built only by `validateEnvironment`; components and stacks take it as given.
 */
import type { MongoDatabaseSpec, MysqlDatabaseSpec, PostgresDatabaseSpec } from "../catalog";
import type { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS, HA_MODES, AVAILABILITY_ZONES, MYSQL_VERSIONS, POSTGRES_VERSIONS, SKU_TIERS } from "./schema";

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
  };
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
    readonly database: MongoDatabaseSpec;
  };
}
