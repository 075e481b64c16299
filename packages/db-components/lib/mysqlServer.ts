/**
 * `MysqlServer`: one Azure Database for MySQL flexible server with its databases,
 * secure server parameters, firewall rules and a generated administrator credential.
 */
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import type * as pulumi from "@pulumi/pulumi";
import type { HighAvailabilityMode, MysqlVersion } from "./types";
import { type FlexibleServerClusterArgs, FlexibleServerCluster, type FlexibleServerEngine, dataEncryptionBlock, restoreRequest, highAvailabilityBlock, maintenanceWindowBlock } from "./flexibleServer";

/**
 * The secure baseline every MySQL server gets (CIS Microsoft Azure Foundations 4.4.x), checked
 * against the server-parameter table (`packages/db-components/lib/serverParameters.ts`) when a server is built.
 */
export const MYSQL_BASELINE_PARAMETERS: Readonly<Record<string, string>> = {
  /** CIS 4.4.1: enforce SSL connections. */
  require_secure_transport: "ON",
  /**
   * CIS 4.4.2: TLS 1.2 or newer only. Static: Azure applies it at the next restart (docs/operating.md,
   * "After the first `pulumi up`"); until then the server keeps its default, TLS 1.2 only.
   */
  tls_version: "TLSv1.2,TLSv1.3",
  /** CIS 4.4.3/4.4.4: audit logging on, for connection events at least. */
  audit_log_enabled: "ON",
  audit_log_events: "CONNECTION",
  /** Slow queries are logged for the diagnostics pipeline. */
  slow_query_log: "ON",
};

/**
 * Storage redundancy per HA mode, always explicit: left out, the SDK fills in `LocalRedundancy`
 * (@pulumi/azure-native 3.28.0, types/input.js `dbformysql.storageArgsProvideDefaults`), and a
 * zone-redundant standby needs zone-redundant storage: "The data and log files are hosted in
 * zone-redundant storage (ZRS)" for zone-redundant HA, locally redundant storage for same-zone HA
 * (MicrosoftDocs/azure-databases-docs, articles/mysql/flexible-server/concepts-high-availability.md).
 *
 * Day 2: the SDK documents `storageRedundancy` as "used for server creation", and zone-redundant HA
 * "can only be configured during server creation" (same article, Limitations). So a change of it
 * (Disabled or SameZone → ZoneRedundant) replaces the server: `replaceOnChanges` makes the plan say
 * so instead of showing an update Azure would not apply, and in prod `protect` stops it.
 */
export function mysqlStorageRedundancy(mode: HighAvailabilityMode): "ZoneRedundancy" | "LocalRedundancy" {
  return mode === "ZoneRedundant" ? dbformysql.StorageRedundancyEnum.ZoneRedundancy : dbformysql.StorageRedundancyEnum.LocalRedundancy;
}

export const MYSQL_ENGINE: FlexibleServerEngine<MysqlVersion> = {
  kind: "mysql",
  defaultVersion: "8.0.21",
  defaultSkuName: "Standard_D2ads_v5",
  baselineParameters: MYSQL_BASELINE_PARAMETERS,
  /** Azure Policy: Entra-only authentication for MySQL is this server parameter. */
  entraOnlyParameters: { aad_auth_only: "ON" },
  charset: "utf8mb4",
  collation: "utf8mb4_0900_ai_ci",
  diagnosticLogCategories: ["MySqlAuditLogs", "MySqlSlowLogs"],
  createServer(name, inputs, opts) {
    const enabled = (on: boolean) => (on ? dbformysql.EnableStatusEnum.Enabled : dbformysql.EnableStatusEnum.Disabled);
    return new dbformysql.Server(
      name,
      restoreRequest("mysql", {
        resourceGroupName: inputs.resourceGroupName,
        location: inputs.location,
        serverName: inputs.serverName,
        version: inputs.version,
        sku: { tier: inputs.sku.tier, name: inputs.sku.name },
        storage: {
          storageSizeGB: inputs.storageGb,
          autoGrow: enabled(inputs.storage.autoGrow ?? true),
          autoIoScaling: enabled(inputs.storage.autoIoScaling ?? true),
          ...(inputs.storage.iops === undefined ? {} : { iops: inputs.storage.iops }),
          storageRedundancy: mysqlStorageRedundancy(inputs.highAvailability.mode),
        },
        // MySQL's spec (2024-02-01-preview) marks maintenanceWindow update/read: Azure applies it on
        // the update after creation, so a new server keeps the system window until the next `pulumi up --refresh`.
        ...maintenanceWindowBlock(inputs.maintenanceWindow),
        availabilityZone: inputs.highAvailability.zone,
        highAvailability: highAvailabilityBlock(inputs.highAvailability),
        backup: { backupRetentionDays: inputs.backup.retentionDays, geoRedundantBackup: enabled(inputs.backup.geoRedundant) },
        network: {
          publicNetworkAccess: enabled(inputs.publicNetworkAccess),
          ...(inputs.privateNetwork === undefined ? {} : { delegatedSubnetResourceId: inputs.privateNetwork.subnetId, privateDnsZoneResourceId: inputs.privateNetwork.dnsZoneId }),
        },
        ...(inputs.administratorLogin === undefined ? {} : { administratorLogin: inputs.administratorLogin, administratorLoginPassword: inputs.administratorPassword }),
        ...(inputs.identityId === undefined
          ? {}
          : { identity: { type: dbformysql.ManagedServiceIdentityType.UserAssigned, userAssignedIdentities: [inputs.identityId] } }),
        ...dataEncryptionBlock(inputs),
        tags: { ...inputs.tags },
      }, inputs.restore),
      { ...opts, replaceOnChanges: ["storage.storageRedundancy"] },
    );
  },
  createConfiguration: (name, args, opts) => new dbformysql.Configuration(name, { ...args, source: dbformysql.ConfigurationSource.User_override }, opts),
  createFirewallRule: (name, args, opts) => new dbformysql.FirewallRule(name, args, opts),
  createDatabase: (name, args, opts) => new dbformysql.Database(name, args, opts),
  createEntraAdministrator(name, { administrator, identityId, ...child }, opts) {
    if (identityId === undefined) throw new Error(`${name}: MySQL's Entra administrator needs the server's user-assigned identity (identityId)`);
    return new dbformysql.AzureADAdministrator(
      name,
      {
        ...child,
        administratorName: "ActiveDirectory",
        administratorType: dbformysql.AdministratorType.ActiveDirectory,
        login: administrator.name,
        sid: administrator.objectId,
        tenantId: administrator.tenantId,
        identityResourceId: identityId,
      },
      opts,
    );
  },
};

export type MysqlServerArgs<D extends { readonly name: string } = { readonly name: string }> = FlexibleServerClusterArgs<D, MysqlVersion>;

/** An Azure Database for MySQL flexible server and its databases (`type`: the component's type token). */
export class MysqlServer<D extends { readonly name: string } = { readonly name: string }> extends FlexibleServerCluster<D, MysqlVersion> {
  constructor(name: string, args: MysqlServerArgs<D>, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:database:MysqlServer") {
    super(type, MYSQL_ENGINE, name, args, opts);
  }
}
