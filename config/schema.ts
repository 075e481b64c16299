/**
 * The stack configuration schema: every key a `Pulumi.<stack>.yaml` may set under `genims:`.
 *
 * Structured settings (servers, allowed clients, tags, maintenance windows) are config objects.
 * Pulumi's project schema lists `object` among the config types and the CLI checks that such a
 * value is a map (pulumi/pulumi v3.248.0: `sdk/go/common/workspace/project.json` line 328,
 * `simpleConfigType` = string | integer | boolean | array | object; `project.go` line 792,
 * `ValidateConfigValue`: `if typeName == objectTypeName { _, ok := value.(map[string]any) }`;
 * absent in v3.186.0, present from v3.187.0). Object values reach the program as JSON text
 * (`config/load.ts`). Each key's zod schema, Pulumi type, default and description live here
 * together; `Pulumi.yaml` and docs/configuration.md's config reference are tested against this table so
 * they cannot drift.
 *
 * Defaults are the production posture (secure by default, like Azure Verified Modules); dev
 * relaxes them explicitly in its stack file.
 */
import { z } from "zod";
import { MYSQL_STORAGE, POSTGRES_PREMIUM_SSD, PREMIUM_SSD_TIERS } from "./offerings";

export type PulumiConfigType = "string" | "integer" | "boolean" | "array" | "object";

export interface ConfigKeySpec<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly pulumiType: PulumiConfigType;
  readonly description: string;
  /** The value used when the stack file omits the key; `undefined` = required. */
  readonly default?: z.input<S>;
  /**
   * Recognises a value written in a form this key no longer takes (the `server=db1, db2` string
   * lists before config objects) and returns the message showing the new form.
   */
  readonly legacy?: (value: unknown) => string | undefined;
  /** Set for a key that may be left out and has no single default (the program derives one). */
  readonly optional?: true;
}

function key<S extends z.ZodType>(spec: ConfigKeySpec<S>): ConfigKeySpec<S> {
  return spec;
}

/** Azure Database for PostgreSQL flexible server storage sizes (GiB) the service accepts. */
export const POSTGRES_STORAGE_SIZES_GB: readonly number[] = POSTGRES_PREMIUM_SSD.map((size) => size.gb);
/** Azure Database for MySQL flexible server storage bounds (GiB). */
export const MYSQL_STORAGE_GB = { min: MYSQL_STORAGE.minGb, max: MYSQL_STORAGE.maxGb } as const;
export const POSTGRES_VERSIONS = ["14", "15", "16", "17"] as const;
export const MYSQL_VERSIONS = ["8.0.21", "8.4"] as const;
export const SKU_TIERS = ["Burstable", "GeneralPurpose", "MemoryOptimized"] as const;
export const HA_MODES = ["Disabled", "SameZone", "ZoneRedundant"] as const;
export const AVAILABILITY_ZONES = ["1", "2", "3"] as const;
export const ATLAS_INSTANCE_SIZES = ["M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200", "M300", "M400", "M600"] as const;
export const ATLAS_MONGO_VERSIONS = ["7.0", "8.0"] as const;
export const ENTRA_PRINCIPAL_TYPES = ["Group", "User", "ServicePrincipal"] as const;
/** A Microsoft Entra / Azure object or tenant id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Backup retention Azure flexible servers accept (days). */
export const BACKUP_RETENTION_DAYS = { min: 7, max: 35 } as const;

const skuName = z
  .string()
  .regex(/^Standard_[A-Za-z0-9_]+$/, "must be an Azure compute SKU name such as Standard_D2ds_v5 or Standard_B1ms");

/** Days as Azure counts them for flexible-server maintenance windows: `dayOfWeek` 0 = Sunday. */
export const DAYS_OF_WEEK = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/**
 * A custom maintenance window: Azure starts planned maintenance of the server (or Atlas of the
 * cluster) in the hour that begins here, UTC for Azure, the project's time zone (UTC by default)
 * for Atlas. Azure's spec (PostgreSQL 2025-08-01 / MySQL 2024-02-01-preview `MaintenanceWindow`:
 * `customWindow`, `dayOfWeek`, `startHour`, `startMinute`, int32) and Atlas's (`dayOfWeek`,
 * `hourOfDay`) take these fields; Atlas has no minute, so its windows start on the hour.
 */
export const maintenanceWindowSchema = z.strictObject({
  dayOfWeek: z.enum(DAYS_OF_WEEK),
  startHour: z.number().int().min(0).max(23),
  startMinute: z.number().int().min(0).max(59).optional(),
});

/** Zones arrive as YAML numbers or strings; Azure takes strings. */
const zone = z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.enum(AVAILABILITY_ZONES));

/** Azure tag names and values (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources, "Limitations"). */
const tagMap = z.record(
  z.string().regex(/^[^<>%&\\?/]{1,512}$/, "must be a tag name of 1-512 characters without < > % & \\ ? /"),
  z.string().max(256, "must be a tag value of at most 256 characters"),
);

/** The overrides every flexible server takes, named like the environment-wide keys without the engine prefix. */
/**
 * Restore this server from its backups as a NEW server (issue 11). Azure restores into a new
 * server; the source keeps running until it is released on purpose (docs/operating.md, "Restore runbook").
 * `mode`: PointInTimeRestore (same region, any moment of the retention window) or GeoRestore
 * (the paired region, from the geo-redundant backup). `suffix` names the new server
 * `<server name>-<suffix>` (default r1). `location`: required for GeoRestore, whose server goes
 * into a resource group of that region (`resourceGroupName`, or `<resource group>-<suffix>`,
 * created), so that it can be created and managed while the source's region is down. `adopt`: phase 2,
 * the databases and firewall rules the restore brought along are imported into the stack (default
 * false: phase 1 creates the server only, so every preview works before it exists). `cutover`:
 * the restored server serves: the stack's outputs and Key Vault connection strings point at it,
 * the server's logins are managed there and get new passwords (needs adopt; default false:
 * restore, adopt, `npm run verify -- <stack> --restored`, then cut over).
 */
/** Azure's rule for a resource group name (Resource Groups - Create Or Update, 2021-04-01). */
function resourceGroupNameSchema() {
  return z.string().regex(/^[-\w.()]{1,89}[-\w()]$/, "must be 1-90 characters of letters, digits, '-', '_', '.', '(', ')' and not end with '.'");
}

export const RESTORE_MODES = ["PointInTimeRestore", "GeoRestore"] as const;
export const restoreSchema = z.strictObject({
  mode: z.enum(RESTORE_MODES),
  pointInTimeUTC: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/, "must be an ISO 8601 UTC time such as 2026-11-20T03:15:00Z"),
  suffix: z.string().regex(/^[a-z0-9]{1,8}$/, "must be 1-8 lowercase letters or digits").optional(),
  location: z.string().regex(/^[a-z][a-z0-9]+$/, "must be an Azure region name such as northeurope").optional(),
  /** GeoRestore of a private stack: a delegated subnet in the recovery region (ARM id). */
  subnetId: z.string().optional(),
  /** GeoRestore of a private stack: the private DNS zone (default: the stack's own, linked to the recovery network). */
  privateDnsZoneId: z.string().optional(),
  /**
   * GeoRestore: an existing resource group in the recovery region for the restored server. Default
   * `<stack resource group>-<suffix>`, created by the stack in the recovery region.
   */
  resourceGroupName: resourceGroupNameSchema().optional(),
  adopt: z.boolean().optional(),
  cutover: z.boolean().optional(),
});

const serverOverrides = {
  databases: z.array(z.string()).min(1, "must list at least one catalog database"),
  skuTier: z.enum(SKU_TIERS).optional(),
  skuName: skuName.optional(),
  storageGb: z.number().int().positive().optional(),
  autoGrow: z.boolean().optional(),
  iops: z.number().int().positive().optional(),
  highAvailability: z.enum(HA_MODES).optional(),
  availabilityZone: zone.optional(),
  backupRetentionDays: z.number().int().min(BACKUP_RETENTION_DAYS.min).max(BACKUP_RETENTION_DAYS.max).optional(),
  geoRedundantBackup: z.boolean().optional(),
  maintenanceWindow: maintenanceWindowSchema.optional(),
  tags: tagMap.optional(),
  restore: restoreSchema.optional(),
};

export const POSTGRES_STORAGE_TYPES = ["Premium_LRS", "PremiumV2_LRS"] as const;

/** One PostgreSQL server: its databases and what it does differently from the environment's defaults. */
export const postgresServerSchema = z.strictObject({
  ...serverOverrides,
  storageType: z.enum(POSTGRES_STORAGE_TYPES).optional(),
  storageTier: z.enum(PREMIUM_SSD_TIERS).optional(),
  throughput: z.number().int().positive().optional(),
});

/** One MySQL server: its databases and what it does differently from the environment's defaults. */
export const mysqlServerSchema = z.strictObject({ ...serverOverrides, autoIoScaling: z.boolean().optional() });

const serverMap = <S extends z.ZodType>(server: S) => z.record(z.string(), server);

/**
 * The `server=db1, db2` string lists of earlier releases, shown converted to the object form so
 * the user can paste it.
 */
function legacyServerList(configKey: string) {
  return (value: unknown): string | undefined => {
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string")) return undefined;
    const lines = (value as string[]).map((entry) => {
      const at = entry.indexOf("=");
      const key = at < 0 ? entry.trim() : entry.slice(0, at).trim();
      const databases = at < 0 ? [] : entry.slice(at + 1).split(",").map((name) => name.trim()).filter((name) => name !== "");
      return `    ${key}:\n      databases: [${databases.join(", ")}]`;
    });
    return `servers are objects now, not "server=db1, db2" strings; write:\n  ${CONFIG_NAMESPACE_PREFIX}${configKey}:\n${lines.join("\n")}`;
  };
}

/** `key=value` / `name=address` string lists of earlier releases, shown as the map they became. */
function legacyPairList(configKey: string) {
  return (value: unknown): string | undefined => {
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string")) return undefined;
    const lines = (value as string[]).map((entry) => {
      const at = entry.indexOf("=");
      return at < 0 ? `    ${entry}: ...` : `    ${entry.slice(0, at).trim()}: ${entry.slice(at + 1).trim()}`;
    });
    return `is a map now, not a list of "name=value" strings; write:\n  ${CONFIG_NAMESPACE_PREFIX}${configKey}:\n${lines.join("\n")}`;
  };
}

const CONFIG_NAMESPACE_PREFIX = "genims:";

/** Atlas compute and disk auto-scaling (AdvancedCluster `regionConfigs[].autoScaling`, @pulumi/mongodbatlas 4.16.0). */
export const atlasAutoScalingSchema = z.strictObject({
  diskGb: z.boolean(),
  computeMinInstanceSize: z.enum(ATLAS_INSTANCE_SIZES).optional(),
  computeMaxInstanceSize: z.enum(ATLAS_INSTANCE_SIZES).optional(),
});

export const CONFIG_KEYS = {
  location: key({
    schema: z.string().regex(/^[a-z][a-z0-9]+$/, "must be an Azure region name such as westeurope"),
    pulumiType: "string",
    description: "Azure region of every server, the resource group and the Key Vault, e.g. westeurope (checked against Azure's region names; with Private Link it must be genims:atlasRegion's Azure region). Changing it replaces every server.",
  }),
  resourceGroupName: key({
    schema: resourceGroupNameSchema(),
    pulumiType: "string",
    description: "Name of the resource group this stack creates and places every Azure resource in.",
  }),
  namePrefix: key({
    schema: z.string().regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, "must be 3-32 lowercase letters, digits or hyphens, starting with a letter"),
    pulumiType: "string",
    description: "Prefix of every physical name (servers are <prefix>-pg-<key> and <prefix>-mysql-<key>). Server names are global DNS names: choose one unique to your organization. Changing it replaces every server.",
  }),
  protect: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: true,
    description: "Protect stateful resources (resource group, servers, databases, Atlas project and cluster) from deletion with Pulumi's protect option. Default true: an accidental `pulumi destroy` or a rename must not drop a production database.",
  }),
  tags: key({
    schema: tagMap,
    pulumiType: "object",
    default: {},
    legacy: legacyPairList("tags"),
    description: "Extra tags as a map (name: value), applied to every Azure resource and the Atlas cluster, on top of the tags the program sets (project, stack, managed-by). A server's own `tags` add to these.",
  }),
  publicNetworkAccess: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: false,
    description: "Whether the flexible servers accept connections from the internet (limited to allowedClients). Default false (Azure Policy: public network access should be disabled for PostgreSQL/MySQL flexible servers).",
  }),
  allowedClients: key({
    schema: z.record(z.string(), z.string()),
    pulumiType: "object",
    default: {},
    legacy: legacyPairList("allowedClients"),
    description: "Client addresses allowed through the server firewalls and the Atlas IP access list, as a map from client name (it names the firewall rule) to a.b.c.d or a.b.c.d/nn. Only used with publicNetworkAccess: true. Rules that open everything (0.0.0.0, /0) are rejected (CKV2_AZURE_26).",
  }),
  highAvailability: key({
    schema: z.enum(HA_MODES),
    pulumiType: "string",
    default: "ZoneRedundant",
    description: "High-availability mode of every flexible server (a server's own `highAvailability` overrides it): Disabled, SameZone or ZoneRedundant. Default ZoneRedundant (WAF reliability: survive a zone outage). Not available on the Burstable tier.",
  }),
  availabilityZone: key({
    schema: z.enum(AVAILABILITY_ZONES),
    pulumiType: "string",
    default: "1",
    description: "Availability zone of each primary server (1, 2 or 3; a server's own `availabilityZone` overrides it). The standby goes to the next zone.",
  }),
  backupRetentionDays: key({
    schema: z.number().int().min(BACKUP_RETENTION_DAYS.min).max(BACKUP_RETENTION_DAYS.max),
    pulumiType: "integer",
    default: 35,
    description: "Point-in-time restore window of every flexible server, 7-35 days (a server's own `backupRetentionDays` overrides it). Default 35, the maximum Azure allows.",
  }),
  geoRedundantBackup: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: true,
    description: "Store backups in the paired region (Azure Policy: geo-redundant backup should be enabled; a server's own `geoRedundantBackup` overrides it). Default true. Azure only sets it when a server is created: changing it later means a new server.",
  }),
  privateNetworking: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: true,
    description: "Put the flexible servers in delegated subnets of a virtual network with private DNS zones, and reach Atlas over Azure Private Link. Default true (CIS / WAF: no data-plane traffic over the internet). Requires publicNetworkAccess: false. Set at server creation: changing it replaces every server.",
  }),
  vnetAddressSpace: key({
    schema: z.string(),
    pulumiType: "string",
    default: "10.60.0.0/16",
    description: "Address space of the virtual network this stack creates (a /16 to /22); its first three /24 blocks become the PostgreSQL, MySQL and private-endpoint subnets. Ignored when existing network resources are given.",
  }),
  existingPostgresSubnetId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. Give all five existing* network keys to use an existing network instead of creating one.",
  }),
  existingMysqlSubnetId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing subnet delegated to Microsoft.DBforMySQL/flexibleServers.",
  }),
  existingEndpointsSubnetId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing subnet for private endpoints (Atlas Private Link).",
  }),
  existingPostgresDnsZoneId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing private DNS zone for VNet-integrated PostgreSQL servers, linked to the network: a name ending in .postgres.database.azure.com such as <name>.private.postgres.database.azure.com, not the private endpoint zone privatelink.postgres.database.azure.com.",
  }),
  existingMysqlDnsZoneId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing private DNS zone for VNet-integrated MySQL servers, linked to the network: a name ending in .mysql.database.azure.com such as <name>.private.mysql.database.azure.com, not the private endpoint zone privatelink.mysql.database.azure.com.",
  }),
  entraTenantId: key({
    schema: z.string().regex(GUID, "must be a Microsoft Entra tenant id (a GUID)"),
    pulumiType: "string",
    description: "Microsoft Entra tenant of the database administrators (az account show --query tenantId).",
  }),
  entraAdminObjectId: key({
    schema: z.string().regex(GUID, "must be the object id (a GUID) of an Entra group, user or service principal"),
    pulumiType: "string",
    description: "Object id of the Microsoft Entra principal made administrator of every flexible server (a group is best: membership, not the server, decides who administers).",
  }),
  entraAdminName: key({
    schema: z.string().regex(/^[^\s'"]{1,128}$/, "must be the principal's display name without spaces or quotes"),
    pulumiType: "string",
    description: "Display name of that Entra principal; it is the login name of the Entra administrator on the servers.",
  }),
  entraAdminType: key({
    schema: z.enum(ENTRA_PRINCIPAL_TYPES),
    pulumiType: "string",
    default: "Group",
    description: "Kind of the Entra administrator principal: Group, User or ServicePrincipal. Default Group.",
  }),
  passwordAuthentication: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: true,
    description: "Keep password authentication on beside Microsoft Entra ID. Default true: the access model's application, reader and ETL logins authenticate with passwords kept in Key Vault. false (Azure Policy: Entra-only authentication) is rejected until the services use workload identities; the components already support it.",
  }),
  customerManagedKeyUri: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Key Vault key URI (https://<vault>.vault.azure.net/keys/<name>) to encrypt the servers and the Atlas cluster with a customer-managed key. Empty: service-managed keys. Set at server creation: changing it replaces the servers.",
  }),
  customerManagedKeyVaultId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of the Key Vault holding customerManagedKeyUri (Atlas needs its subscription, resource group and name). Required with customerManagedKeyUri.",
  }),
  geoBackupKeyUri: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Key URI in the paired region for geo-redundant backups of customer-key-encrypted servers. Required with customerManagedKeyUri and geoRedundantBackup.",
  }),
  atlasAzureAppId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Application id of MongoDB Atlas's Azure app, from Atlas (Project → Integrations → Cloud Provider Access). With atlasServicePrincipalId it lets Atlas use the customer-managed key without any client secret. Required with customerManagedKeyUri.",
  }),
  atlasServicePrincipalId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Object id of the service principal of Atlas's app in your tenant (az ad sp create --id <atlasAzureAppId>), granted Key Vault Crypto User on the key. Required with customerManagedKeyUri.",
  }),
  logAnalyticsWorkspaceId: key({
    schema: z.string(),
    pulumiType: "string",
    default: "",
    description: "Resource ID of an existing Log Analytics workspace for the servers' diagnostic settings. Empty: the stack creates one.",
  }),
  logRetentionDays: key({
    schema: z.number().int().min(30).max(730),
    pulumiType: "integer",
    default: 90,
    description: "Retention of the Log Analytics workspace the stack creates, 30-730 days. Default 90.",
  }),
  postgresServers: key({
    schema: serverMap(postgresServerSchema),
    pulumiType: "object",
    legacy: legacyServerList("postgresServers"),
    description:
      "PostgreSQL servers: a map from server key (it names the server, <prefix>-pg-<key>) to { databases: [catalog names], and optional overrides of the environment-wide settings: skuTier, skuName, storageGb, storageType (Premium_LRS | PremiumV2_LRS), storageTier (Premium_LRS performance tier P4-P50), iops and throughput (PremiumV2_LRS), autoGrow, highAvailability, availabilityZone, backupRetentionDays, geoRedundantBackup, maintenanceWindow { dayOfWeek, startHour, startMinute } (UTC; default: a staggered slot), tags, restore { mode: PointInTimeRestore | GeoRestore, pointInTimeUTC, suffix, location, subnetId, privateDnsZoneId, resourceGroupName, adopt, cutover } (restore into a new server <name>-<suffix> in three `pulumi up`s; a geo-restore lands in a resource group of the recovery region, <resource group>-<suffix> unless resourceGroupName names an existing one: the server, then adopt: true takes in the databases and firewall rules it came with, then cutover: true moves the connection strings and the logins' management to it, with new passwords; docs/operating.md, Restore runbook) }. Every PostgreSQL database of the catalog must be placed exactly once.",
  }),
  postgresVersion: key({
    schema: z.enum(POSTGRES_VERSIONS),
    pulumiType: "string",
    default: "16",
    description: "PostgreSQL major version (14-17). Major upgrades are in place on Azure but must be planned: review the diff.",
  }),
  postgresSkuTier: key({
    schema: z.enum(SKU_TIERS),
    pulumiType: "string",
    default: "GeneralPurpose",
    description: "Default compute tier of the PostgreSQL servers (a server's own `skuTier` overrides it): Burstable, GeneralPurpose or MemoryOptimized. Default GeneralPurpose (Burstable has no HA).",
  }),
  postgresSkuName: key({
    schema: skuName,
    pulumiType: "string",
    default: "Standard_D2ds_v5",
    description: "Default compute size of the PostgreSQL servers (a server's own `skuName` overrides it), one Azure offers for the tier, e.g. Standard_B1ms (Burstable), Standard_D2ds_v5 (GeneralPurpose), Standard_E2ds_v5 (MemoryOptimized).",
  }),
  postgresStorageGb: key({
    schema: z.number().int(),
    pulumiType: "integer",
    default: 128,
    description: `Default storage of a PostgreSQL server in GiB (a server's own storageGb overrides it), one of ${POSTGRES_STORAGE_SIZES_GB.join(", ")}. Storage can grow, never shrink (a shrink would need a new server).`,
  }),
  mysqlServers: key({
    schema: serverMap(mysqlServerSchema),
    pulumiType: "object",
    legacy: legacyServerList("mysqlServers"),
    description:
      "MySQL servers: a map from server key (<prefix>-mysql-<key>) to { databases: [catalog names], and optional overrides: skuTier, skuName, storageGb, iops (pre-provisioned, with autoIoScaling: false), autoIoScaling (default true), autoGrow, highAvailability, availabilityZone, backupRetentionDays, geoRedundantBackup, maintenanceWindow { dayOfWeek, startHour, startMinute } (UTC; default: a staggered slot), tags, restore { mode: PointInTimeRestore | GeoRestore, pointInTimeUTC, suffix, location, subnetId, privateDnsZoneId, resourceGroupName, adopt, cutover } (restore into a new server <name>-<suffix> in three `pulumi up`s; a geo-restore lands in a resource group of the recovery region, <resource group>-<suffix> unless resourceGroupName names an existing one: the server, then adopt: true takes in the databases and firewall rules it came with, then cutover: true moves the connection strings and the logins' management to it, with new passwords; docs/operating.md, Restore runbook) }. Every MySQL database of the catalog must be placed exactly once.",
  }),
  mysqlVersion: key({
    schema: z.enum(MYSQL_VERSIONS),
    pulumiType: "string",
    default: "8.0.21",
    description: "MySQL version: 8.0.21 or 8.4.",
  }),
  mysqlSkuTier: key({
    schema: z.enum(SKU_TIERS),
    pulumiType: "string",
    default: "GeneralPurpose",
    description: "Default compute tier of the MySQL servers (a server's own `skuTier` overrides it): Burstable, GeneralPurpose or MemoryOptimized.",
  }),
  mysqlSkuName: key({
    schema: skuName,
    pulumiType: "string",
    default: "Standard_D2ads_v5",
    description: "Default compute size of the MySQL servers (a server's own `skuName` overrides it), one Azure offers for the tier, e.g. Standard_B1ms (Burstable), Standard_D2ads_v5 (GeneralPurpose), Standard_E2ds_v4 (MemoryOptimized).",
  }),
  mysqlStorageGb: key({
    schema: z.number().int(),
    pulumiType: "integer",
    default: 128,
    description: `Default storage of a MySQL server in GiB (a server's own storageGb overrides it), ${MYSQL_STORAGE_GB.min}-${MYSQL_STORAGE_GB.max}. Storage can grow, never shrink.`,
  }),
  closePostgresMaintenanceDatabase: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: true,
    description:
      "Revoke PUBLIC's CONNECT and TEMPORARY on each PostgreSQL server's maintenance database `postgres`. Default true. Only the database's owner can take them away: where Azure's own superuser owns `postgres`, the revoke is a no-op that every refresh reports again; `npm run verify` says so, and then set false (and record the accepted exception) so the plan stays stable.",
  }),
  passwordRotation: key({
    schema: z.number().int().min(0),
    pulumiType: "integer",
    default: 0,
    description: "Rotation counter of every generated database login password (not the server admins'). Increase it by one to rotate them all: new passwords, updated roles, users and Key Vault secrets; no server is replaced.",
  }),
  atlasOrgId: key({
    schema: z.string().regex(/^[0-9a-f]{24}$/, "must be a MongoDB Atlas organization id: 24 hexadecimal characters"),
    pulumiType: "string",
    description: "MongoDB Atlas organization the project is created in (Organization Settings → Organization ID).",
  }),
  atlasRegion: key({
    schema: z.string().regex(/^[A-Z][A-Z0-9_]+$/, "must be an Atlas Azure region name such as EUROPE_WEST or US_EAST_2"),
    pulumiType: "string",
    default: "EUROPE_WEST",
    description: "Atlas region of the MongoDB cluster on Azure, in Atlas's spelling (EUROPE_WEST = westeurope).",
  }),
  atlasInstanceSize: key({
    schema: z.enum(ATLAS_INSTANCE_SIZES),
    pulumiType: "string",
    default: "M30",
    description: "Atlas dedicated cluster tier (M10 and up: shared tiers have no cloud backup or private endpoints). Default M30, the smallest tier Atlas recommends for production.",
  }),
  atlasBackupCopyRegion: key({
    schema: z.string().regex(/^([A-Z][A-Z0-9_]+)?$/, "must be an Atlas Azure region name such as EUROPE_NORTH, or empty"),
    pulumiType: "string",
    default: "",
    description: "Second Atlas region that receives a copy of every snapshot and the oplog (Atlas's geo-redundant backup). Required when geoRedundantBackup is true; must differ from atlasRegion.",
  }),
  atlasAutoScaling: key({
    schema: atlasAutoScalingSchema,
    pulumiType: "object",
    default: { diskGb: true },
    description:
      "Atlas auto-scaling: { diskGb: grow storage before it fills, computeMinInstanceSize, computeMaxInstanceSize: let Atlas move the tier between these bounds (both or neither; atlasInstanceSize must lie between them) }. Default { diskGb: true }, compute fixed at atlasInstanceSize. With any auto-scaling Atlas owns the instance size and disk, so the program stops managing them (useEffectiveFields).",
  }),
  atlasMaintenanceWindow: key({
    schema: maintenanceWindowSchema,
    pulumiType: "object",
    optional: true,
    description: "Maintenance window of the Atlas project { dayOfWeek, startHour } (Atlas has no minute; project time zone, UTC unless changed in Atlas). Default: the next free staggered slot after the flexible servers'.",
  }),
  atlasOnlineArchive: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: false,
    description:
      "Atlas Online Archive for the time-series collections whose catalog entry keeps data longer than it stays hot (hotDays below retentionDays): older measurements move off the cluster to cheaper archive storage, and are deleted from the archive at retentionDays. Default false: an archive needs its collection to exist (the provider: \"The collection must exists before performing an online archive\"), which the deploy's collections step creates after the first `pulumi up` of a stack; turn it on once `npm run collections -- <stack> --check` passes there (docs/mongodb.md, \"Online Archive\").",
  }),
  atlasMongoVersion: key({
    schema: z.enum(ATLAS_MONGO_VERSIONS),
    pulumiType: "string",
    default: "8.0",
    description: "MongoDB major version of the Atlas cluster.",
  }),
  // --- Key Vault data-plane access and the pgaudit extension (issue 10). Kept in one block at the
  // end, apart from the server keys, so a reshape of those merges without touching this. ---
  keyVaultSecretReaders: key({
    schema: z.record(z.string(), z.string()),
    pulumiType: "object",
    default: {},
    description:
      "Who reads the connection strings in the stack's Key Vault, as a map from a label to an Entra object id (a group, user, service principal or managed identity): each gets Key Vault Secrets User on the vault. The identity running `pulumi up` always gets Key Vault Secrets Officer, which it needs to delete a secret (azure-native deletes secrets through the vault's data plane). The label only names the entry; renaming it changes nothing in Azure.",
  }),
  pgauditExtension: key({
    schema: z.boolean(),
    pulumiType: "boolean",
    default: false,
    description:
      "Create the pgaudit extension in every PostgreSQL database. Leave false for the first `pulumi up` of a new server: CREATE EXTENSION pgaudit fails until the server has been restarted with pgaudit in shared_preload_libraries. Restart each server, then set true and run `pulumi up` again (README, \"First deploy\", steps 6 and 7).",
  }),
  // --- Restore and import (issue 11) ---
  azureSubscriptionId: key({
    schema: z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i, "must be an Azure subscription id (a GUID) or empty"),
    pulumiType: "string",
    default: "",
    description: "Subscription the stack deploys to (az account show --query id). Needed only to compute Azure resource ids the program adopts: the databases of a restored server (they come with the restored data, so they are imported, not created) and `npm run import`.",
  }),
  atlasRestore: key({
    schema: z.strictObject({
      mode: z.enum(["pointInTime", "snapshot"]),
      pointInTimeUTC: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/, "must be an ISO 8601 UTC time such as 2026-11-20T03:15:00Z").optional(),
      snapshotId: z.string().regex(/^[0-9a-f]{24}$/, "must be an Atlas snapshot id: 24 hexadecimal characters").optional(),
      suffix: z.string().regex(/^[a-z0-9]{1,4}$/, "must be 1-4 lowercase letters or digits (Atlas cluster names have at most 23 characters)").optional(),
      cutover: z.boolean().optional(),
    }),
    pulumiType: "object",
    optional: true,
    description:
      "Restore the Atlas cluster into a NEW cluster <cluster>-<suffix> (default r1) of the same project, from a point in time (mode: pointInTime, pointInTimeUTC: within the continuous-backup window) or a snapshot (mode: snapshot, snapshotId). The source cluster is kept; every database user's scopes gain the restored cluster (in place) while the restore is configured, and cutover: true points the outputs and connection strings at it, so logins work unchanged.",
  }),
  // --- Alerts (issue 11): one action group per stack, metric alerts on every server and Atlas. ---
  alertEmails: key({
    schema: z.record(z.string(), z.string()),
    pulumiType: "object",
    default: {},
    description: "Who receives the stack's alerts by email, as a map from receiver name to address. Each becomes an email receiver of the stack's Azure action group and an email notification of every Atlas alert.",
  }),
  alertWebhooks: key({
    schema: z.record(z.string(), z.string()),
    pulumiType: "object",
    default: {},
    description: "HTTPS webhooks (pager, chat) that receive the stack's alerts, as a map from receiver name to https:// URL. The URLs are handled as secrets in the program (masked in plans and state); keep tokens out of the URL where the receiver allows it.",
  }),
  alertStoragePercent: key({
    schema: z.number().int().min(50).max(99),
    pulumiType: "integer",
    default: 85,
    description: "Alert when a server's storage_percent (Azure) or the Atlas data partition's used space exceeds this percentage (15-minute average). Default 85: time to grow storage before auto-grow or a full disk makes the server read-only.",
  }),
  alertCpuPercent: key({
    schema: z.number().int().min(50).max(100),
    pulumiType: "integer",
    default: 90,
    description: "Alert when cpu_percent (Azure) or NORMALIZED_SYSTEM_CPU_USER (Atlas) stays above this percentage over 15 minutes. Default 90.",
  }),
  alertMemoryPercent: key({
    schema: z.number().int().min(50).max(100),
    pulumiType: "integer",
    default: 90,
    description: "Alert when memory_percent (Azure) or SYSTEM_MEMORY_PERCENT_USED (Atlas) stays above this percentage over 15 minutes. Default 90.",
  }),
  alertActiveConnections: key({
    schema: z.number().int().min(1),
    pulumiType: "integer",
    default: 400,
    description: "Alert when a flexible server's active_connections (maximum over 15 minutes) exceeds this count. Default 400, under half of max_connections of the smallest GeneralPurpose sizes (Standard_D2ds_v5: 859), so there is room to react.",
  }),
  alertAtlasConnectionsPercent: key({
    schema: z.number().int().min(10).max(100),
    pulumiType: "integer",
    default: 80,
    description: "Alert when the Atlas cluster's CONNECTIONS_PERCENT (connections as a share of the tier's limit) exceeds this percentage. Default 80.",
  }),
  alertReplicationLagSeconds: key({
    schema: z.number().int().min(1),
    pulumiType: "integer",
    default: 60,
    description: "Alert when replication lag exceeds this many seconds: HA_replication_lag on MySQL servers with high availability, OPLOG_SLAVE_LAG_MASTER_TIME on the Atlas replica set. Default 60. (PostgreSQL HA replicates synchronously; Azure publishes lag only for read replicas, which this stack does not create.)",
  }),
} as const satisfies Record<string, ConfigKeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const CONFIG_NAMESPACE = "genims";

/** The stack config after schema parsing, before it is checked against the catalog. */
export type RawStackConfig = { -readonly [K in ConfigKey]: z.output<(typeof CONFIG_KEYS)[K]["schema"]> };
