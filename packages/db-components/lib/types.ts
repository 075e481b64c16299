/**
 * The plain types the components take: no catalog, no stack config. Enumerations are `as const`
 * objects with a type of the same name, the form the SDK's schema analyzer turns into an `enum`
 * (@pulumi/pulumi 3.248.0 provider/experimental/analyzer.js, `extractEnumMembers`: a literal
 * union is representable only as an `enum` or this pattern; an inline `"a" | "b"` is refused).
 */

/** Compute tier of a flexible server. */
export const SkuTier = { Burstable: "Burstable", GeneralPurpose: "GeneralPurpose", MemoryOptimized: "MemoryOptimized" } as const;
export type SkuTier = (typeof SkuTier)[keyof typeof SkuTier];

/** High-availability mode of a flexible server. */
export const HighAvailabilityMode = { Disabled: "Disabled", SameZone: "SameZone", ZoneRedundant: "ZoneRedundant" } as const;
export type HighAvailabilityMode = (typeof HighAvailabilityMode)[keyof typeof HighAvailabilityMode];

/** Availability zone of a region. */
export const AvailabilityZone = { Zone1: "1", Zone2: "2", Zone3: "3" } as const;
export type AvailabilityZone = (typeof AvailabilityZone)[keyof typeof AvailabilityZone];

/** Day of a maintenance window. */
export const DayOfWeek = { Sunday: "Sunday", Monday: "Monday", Tuesday: "Tuesday", Wednesday: "Wednesday", Thursday: "Thursday", Friday: "Friday", Saturday: "Saturday" } as const;
export type DayOfWeek = (typeof DayOfWeek)[keyof typeof DayOfWeek];
/** Sunday first: Azure counts `dayOfWeek` from 0 = Sunday, Atlas from 1 = Sunday. */
export const DAYS_OF_WEEK: readonly DayOfWeek[] = Object.values(DayOfWeek);

/** Kind of Microsoft Entra principal. */
export const EntraPrincipalType = { Group: "Group", User: "User", ServicePrincipal: "ServicePrincipal" } as const;
export type EntraPrincipalType = (typeof EntraPrincipalType)[keyof typeof EntraPrincipalType];

/** Azure Database for PostgreSQL flexible server major version. */
export const PostgresVersion = { V14: "14", V15: "15", V16: "16", V17: "17" } as const;
export type PostgresVersion = (typeof PostgresVersion)[keyof typeof PostgresVersion];

/** Azure Database for MySQL flexible server version. */
export const MysqlVersion = { V8_0_21: "8.0.21", V8_4: "8.4" } as const;
export type MysqlVersion = (typeof MysqlVersion)[keyof typeof MysqlVersion];

/** MongoDB Atlas dedicated cluster tier. */
export const AtlasInstanceSize = {
  M10: "M10",
  M20: "M20",
  M30: "M30",
  M40: "M40",
  M50: "M50",
  M60: "M60",
  M80: "M80",
  M200: "M200",
  M300: "M300",
  M400: "M400",
  M600: "M600",
} as const;
export type AtlasInstanceSize = (typeof AtlasInstanceSize)[keyof typeof AtlasInstanceSize];

/** MongoDB major version on Atlas. */
export const MongoVersion = { V7_0: "7.0", V8_0: "8.0" } as const;
export type MongoVersion = (typeof MongoVersion)[keyof typeof MongoVersion];

/** Storage type of a PostgreSQL flexible server. */
export const PostgresStorageType = { Premium_LRS: "Premium_LRS", PremiumV2_LRS: "PremiumV2_LRS" } as const;
export type PostgresStorageType = (typeof PostgresStorageType)[keyof typeof PostgresStorageType];

/** A named client range allowed through a firewall (flexible servers, Key Vault) or an Atlas access list. */
export interface AllowedClient {
  readonly name: string;
  readonly startIp: string;
  readonly endIp: string;
  /** The CIDR block Atlas and Key Vault take for this range (a single host is /32). */
  readonly cidr: string;
}

/** Alert thresholds; see `alerts.ts` for the metrics. */
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

/** A restore of an Atlas cluster into a new cluster of the same project. */
export interface AtlasRestore {
  readonly mode: "pointInTime" | "snapshot";
  /** Seconds since the epoch (pointInTime). */
  readonly pointInTimeUtcSeconds: number | undefined;
  readonly snapshotId: string | undefined;
  readonly clusterName: string;
  readonly cutover: boolean;
}

/** A principal that may read a vault's secrets (Key Vault Secrets User). */
export interface SecretReader {
  /** A label for reviewers (from config `name=objectId`); not used in any Azure or logical name. */
  readonly name: string;
  /** Entra object id of the user, group or service principal. */
  readonly objectId: string;
}
