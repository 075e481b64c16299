/**
 * `PostgresServer`: one Azure Database for PostgreSQL flexible server with its databases,
 * secure server parameters, firewall rules and a generated administrator credential.
 */
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as pulumi from "@pulumi/pulumi";
import type { EntraPrincipalType, PostgresVersion } from "./types";
import { type FlexibleServerClusterArgs, FlexibleServerCluster, type FlexibleServerEngine, dataEncryptionBlock, restoreRequest, highAvailabilityBlock, maintenanceWindowBlock } from "./flexibleServer";

/**
 * The secure baseline every PostgreSQL server gets (CIS Microsoft Azure Foundations 4.3.x).
 * A stack cannot turn these off: they are controls, not tuning. Every name and value is checked
 * against the server-parameter table (`packages/db-components/lib/serverParameters.ts`, with Microsoft's docs
 * cited per entry) when a server is built.
 *
 * Several equal Azure's default (require_secure_transport, ssl_min_protocol_version, the log_*
 * ones): they are set anyway because the policy pack requires each control to be explicit and a
 * user override keeps the value if Azure changes a default. Azure may ignore a PUT of a default
 * value (pulumi/pulumi-azure-native#4736), which is harmless on a new server (the value is already
 * in force); a later drift away from it is not repaired by `pulumi up` (docs/operating.md, "Server parameters equal to Azure's default").
 */
export const POSTGRES_BASELINE_PARAMETERS: Readonly<Record<string, string>> = {
  /** CIS 4.3.1: enforce SSL connections. */
  require_secure_transport: "on",
  /** Azure Policy / CIS: TLS 1.2 or newer only. */
  ssl_min_protocol_version: "TLSv1.2",
  /** CIS 4.3.2: log checkpoints. */
  log_checkpoints: "on",
  /** CIS 4.3.3: log connections. */
  log_connections: "on",
  /** CIS 4.3.4: log disconnections. */
  log_disconnections: "on",
  /** CIS 4.3.5: connection throttling, against brute force. */
  "connection_throttle.enable": "on",
  /** Server logs kept on the server at all: without this, logfiles.retention_days keeps nothing. */
  "logfiles.download_enable": "on",
  /** CIS 4.3.6: keep server logs more than 3 days; we keep 7, the most Azure allows. */
  "logfiles.retention_days": "7",
  /**
   * pgaudit, loaded and logging DDL and role changes (who created, altered, granted what).
   * `shared_preload_libraries` replaces the whole list, so it keeps Azure's default
   * `pg_cron,pg_stat_statements` (pg_stat_statements feeds query statistics, pg_cron is what the
   * service ships loaded) and adds pgaudit. It is static: Azure applies it at the next restart, so a
   * new server is restarted once after the first `pulumi up`, and only then can the pgaudit
   * extension be created in each database (`components/pgAudit.ts`, the README's first-deploy steps 6-7).
   */
  shared_preload_libraries: "pg_cron,pg_stat_statements,pgaudit",
  /** Allow-list pgaudit so CREATE EXTENSION pgaudit is permitted (Azure's names are lowercase). */
  "azure.extensions": "pgaudit",
  /** Classes, individually (Azure does not take the "-" shortcut); lowercase as Azure lists them. */
  "pgaudit.log": "ddl,role",
};
/**
 * `principalType` of `flexibleServers/administrators` as the flexible-server API accepts it:
 * `Unknown | User | Group | ServicePrincipal` (Azure/azure-rest-api-specs,
 * specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/PostgreSQL/stable/2025-08-01/openapi.json,
 * definitions.PrincipalType, commit 0d2955ab; 2025-08-01 is the version azure-native 3.28.0 uses for
 * AdministratorsMicrosoftEntra). The SDK's `dbforpostgresql.PrincipalType` is not that enum: it is
 * Cosmos DB for PostgreSQL's (`user | servicePrincipal | group`), which the flexible server rejects.
 */
export const POSTGRES_PRINCIPAL_TYPE = {
  Group: "Group",
  User: "User",
  ServicePrincipal: "ServicePrincipal",
} as const satisfies Record<EntraPrincipalType, string>;

export const POSTGRES_ENGINE: FlexibleServerEngine<PostgresVersion> = {
  kind: "pg",
  defaultVersion: "16",
  defaultSkuName: "Standard_D2ds_v5",
  baselineParameters: POSTGRES_BASELINE_PARAMETERS,
  // PostgreSQL switches password authentication off in authConfig, not with a parameter.
  entraOnlyParameters: {},
  charset: "UTF8",
  collation: "en_US.utf8",
  diagnosticLogCategories: "allLogs",
  createServer(name, inputs, opts) {
    return new dbforpostgresql.Server(
      name,
      restoreRequest("pg", {
        resourceGroupName: inputs.resourceGroupName,
        location: inputs.location,
        serverName: inputs.serverName,
        version: inputs.version,
        sku: { tier: inputs.sku.tier, name: inputs.sku.name },
        storage: {
          storageSizeGB: inputs.storageGb,
          autoGrow: (inputs.storage.autoGrow ?? true) ? dbforpostgresql.StorageAutoGrow.Enabled : dbforpostgresql.StorageAutoGrow.Disabled,
          ...(inputs.storage.type === undefined ? {} : { type: inputs.storage.type }),
          ...(inputs.storage.tier === undefined ? {} : { tier: inputs.storage.tier }),
          ...(inputs.storage.iops === undefined ? {} : { iops: inputs.storage.iops }),
          ...(inputs.storage.throughput === undefined ? {} : { throughput: inputs.storage.throughput }),
        },
        ...maintenanceWindowBlock(inputs.maintenanceWindow),
        availabilityZone: inputs.highAvailability.zone,
        highAvailability: highAvailabilityBlock(inputs.highAvailability),
        backup: {
          backupRetentionDays: inputs.backup.retentionDays,
          geoRedundantBackup: inputs.backup.geoRedundant ? dbforpostgresql.GeographicallyRedundantBackup.Enabled : dbforpostgresql.GeographicallyRedundantBackup.Disabled,
        },
        network: {
          publicNetworkAccess: inputs.publicNetworkAccess ? dbforpostgresql.ServerPublicNetworkAccessState.Enabled : dbforpostgresql.ServerPublicNetworkAccessState.Disabled,
          ...(inputs.privateNetwork === undefined
            ? {}
            : { delegatedSubnetResourceId: inputs.privateNetwork.subnetId, privateDnsZoneArmResourceId: inputs.privateNetwork.dnsZoneId }),
        },
        authConfig: {
          passwordAuth: inputs.passwordAuthentication ? dbforpostgresql.PasswordBasedAuth.Enabled : dbforpostgresql.PasswordBasedAuth.Disabled,
          activeDirectoryAuth: inputs.entraTenantId === undefined ? dbforpostgresql.MicrosoftEntraAuth.Disabled : dbforpostgresql.MicrosoftEntraAuth.Enabled,
          ...(inputs.entraTenantId === undefined ? {} : { tenantId: inputs.entraTenantId }),
        },
        ...(inputs.administratorLogin === undefined ? {} : { administratorLogin: inputs.administratorLogin, administratorLoginPassword: inputs.administratorPassword }),
        ...(inputs.identityId === undefined
          ? {}
          : { identity: { type: dbforpostgresql.IdentityType.UserAssigned, userAssignedIdentities: pulumi.output(inputs.identityId).apply((id) => ({ [id]: {} })) } }),
        ...dataEncryptionBlock(inputs),
        tags: { ...inputs.tags },
      }, inputs.restore),
      opts,
    );
  },
  createConfiguration: (name, args, opts) => new dbforpostgresql.Configuration(name, { ...args, source: "user-override" }, opts),
  createFirewallRule: (name, args, opts) => new dbforpostgresql.FirewallRule(name, args, opts),
  createDatabase: (name, args, opts) => new dbforpostgresql.Database(name, args, opts),
  createEntraAdministrator: (name, { administrator, identityId: _unused, ...child }, opts) =>
    new dbforpostgresql.AdministratorsMicrosoftEntra(
      name,
      { ...child, objectId: administrator.objectId, principalName: administrator.name, principalType: POSTGRES_PRINCIPAL_TYPE[administrator.type], tenantId: administrator.tenantId },
      opts,
    ),
};

export type PostgresServerArgs<D extends { readonly name: string } = { readonly name: string }> = FlexibleServerClusterArgs<D, PostgresVersion>;

/** An Azure Database for PostgreSQL flexible server and its databases (`type`: the component's type token). */
export class PostgresServer<D extends { readonly name: string } = { readonly name: string }> extends FlexibleServerCluster<D, PostgresVersion> {
  constructor(name: string, args: PostgresServerArgs<D>, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:database:PostgresServer") {
    super(type, POSTGRES_ENGINE, name, args, opts);
  }
}
