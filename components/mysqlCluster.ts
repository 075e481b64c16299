/**
 * `MysqlCluster`: one Azure Database for MySQL flexible server with its GenIMS databases,
 * secure server parameters, firewall rules and a generated administrator credential.
 */
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import type * as pulumi from "@pulumi/pulumi";
import type { MysqlDatabaseSpec } from "../catalog";
import type { MYSQL_VERSIONS } from "../config/schema";
import { type FlexibleServerClusterArgs, FlexibleServerCluster, type FlexibleServerEngine, dataEncryptionBlock, restoreRequest, highAvailabilityBlock, maintenanceWindowBlock } from "./flexibleServer";

export type MysqlVersion = (typeof MYSQL_VERSIONS)[number];

/** The secure baseline every MySQL server gets (CIS Microsoft Azure Foundations 4.4.x). */
export const MYSQL_BASELINE_PARAMETERS: Readonly<Record<string, string>> = {
  /** CIS 4.4.1: enforce SSL connections. */
  require_secure_transport: "ON",
  /** CIS 4.4.2: TLS 1.2 or newer only. */
  tls_version: "TLSv1.2,TLSv1.3",
  /** CIS 4.4.3/4.4.4: audit logging on, for connection events at least. */
  audit_log_enabled: "ON",
  audit_log_events: "CONNECTION",
  /** Slow queries are logged for the diagnostics pipeline. */
  slow_query_log: "ON",
};

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
      opts,
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

export type MysqlClusterArgs = FlexibleServerClusterArgs<MysqlDatabaseSpec, MysqlVersion>;

/** An Azure Database for MySQL flexible server hosting GenIMS reporting, analytics and audit databases. */
export class MysqlCluster extends FlexibleServerCluster<MysqlDatabaseSpec, MysqlVersion> {
  constructor(name: string, args: MysqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:database:MysqlCluster", MYSQL_ENGINE, name, args, opts);
  }
}
