/**
 * What Azure Database for PostgreSQL and for MySQL flexible servers share: a server, its server
 * parameters, firewall rules and databases, created one at a time through an `OperationQueue`,
 * and a generated administrator credential. `PostgresServer` and `MysqlServer` are this class
 * with an engine adapter; the logic lives once, here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { type AlertThresholds, type AllowedClient, type AvailabilityZone, DAYS_OF_WEEK, type DayOfWeek, type EntraPrincipalType, type HighAvailabilityMode, type SkuTier } from "./types";
import { serverMetricAlerts } from "./alerts";
import { diagnosticSetting } from "./monitoring";
import { HOLDS_NO_DATA, deleteLock } from "./protection";
import { parameterSetProblems } from "./serverParameters";
import { OperationQueue } from "./serverOperations";

/** The Microsoft Entra principal that administers a server. */
export interface EntraAdministrator {
  readonly tenantId: string;
  readonly objectId: string;
  /** Display name: the administrator's login name on the server. */
  readonly name: string;
  readonly type: EntraPrincipalType;
}

/** Storage performance of a server; fields an engine does not have are left undefined. */
export interface StorageOptions {
  /** Grow the disk when it nears full. Default true (Premium_LRS / MySQL). */
  readonly autoGrow?: boolean;
  /** PostgreSQL: Premium_LRS (default) or PremiumV2_LRS. Changing it is a storage migration: review. */
  readonly type?: "Premium_LRS" | "PremiumV2_LRS" | undefined;
  /** PostgreSQL Premium_LRS performance tier above the size's default (P4-P50). In place. */
  readonly tier?: string | undefined;
  /** PostgreSQL PremiumV2_LRS IOPS, or MySQL pre-provisioned IOPS (with `autoIoScaling: false`). In place. */
  readonly iops?: number | undefined;
  /** PostgreSQL PremiumV2_LRS throughput in MB/s. In place. */
  readonly throughput?: number | undefined;
  /** MySQL automatic IO scaling. Default true. In place. */
  readonly autoIoScaling?: boolean | undefined;
}

/** A custom maintenance window (UTC). */
export interface MaintenanceWindowOptions {
  readonly dayOfWeek: DayOfWeek;
  readonly startHour: number;
  readonly startMinute: number;
}

/**
 * The flexible-server `MaintenanceWindow` block. Its fields, from the REST specs at the versions
 * azure-native 3.28.0 uses: PostgreSQL 2025-08-01 (`specification/postgresql/resource-manager/
 * Microsoft.DBforPostgreSQL/stable/2025-08-01/Servers.json`, definition `MaintenanceWindow`:
 * `customWindow` string default "Disabled", `startHour`, `startMinute`, `dayOfWeek` int32) and MySQL
 * 2024-02-01-preview (`.../FlexibleServers/preview/2024-02-01-preview/FlexibleServers.json`, the same
 * four fields; `maintenanceWindow` is `x-ms-mutability: update, read` there). `dayOfWeek` counts
 * from 0 = Sunday (azurerm's `maintenance_window.day_of_week`: "Sunday = 0"). In place on both.
 */
export function maintenanceWindowBlock(window: MaintenanceWindowOptions | undefined) {
  if (window === undefined) return {};
  return { maintenanceWindow: { customWindow: "Enabled", dayOfWeek: DAYS_OF_WEEK.indexOf(window.dayOfWeek), startHour: window.startHour, startMinute: window.startMinute } };
}

/** Settings of the server itself, after defaults: what an engine adapter turns into its `ServerArgs`. */
export interface ResolvedServerInputs<V extends string> {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly serverName: string;
  readonly version: V;
  readonly sku: { readonly tier: SkuTier; readonly name: string };
  readonly storageGb: number;
  readonly storage: StorageOptions;
  readonly highAvailability: { readonly mode: HighAvailabilityMode; readonly zone: AvailabilityZone; readonly standbyZone: AvailabilityZone };
  readonly backup: { readonly retentionDays: number; readonly geoRedundant: boolean };
  readonly maintenanceWindow: MaintenanceWindowOptions | undefined;
  readonly publicNetworkAccess: boolean;
  readonly privateNetwork: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId: pulumi.Input<string> } | undefined;
  readonly entraTenantId: string | undefined;
  readonly passwordAuthentication: boolean;
  /** Present only with password authentication. */
  readonly administratorLogin: string | undefined;
  readonly administratorPassword: pulumi.Output<string> | undefined;
  readonly identityId: pulumi.Input<string> | undefined;
  readonly encryption: { readonly keyUri: string; readonly geoBackupKeyUri: string | undefined } | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** Present when the server is created as a restore of another (see `ServerRestoreArgs`). */
  readonly restore: ServerRestoreArgs | undefined;
}

/** How a server is created from another server's backups. */
export interface ServerRestoreArgs {
  readonly mode: "PointInTimeRestore" | "GeoRestore";
  /** Resource id of the source server. */
  readonly sourceServerId: pulumi.Input<string>;
  /** ISO 8601 UTC moment to restore to. */
  readonly pointInTimeUTC: string;
  /** The source's administrator password: the restored server keeps the source's administrator. */
  readonly administratorPassword: pulumi.Output<string> | undefined;
  /**
   * `/subscriptions/<id>/resourceGroups/<rg>/providers/<namespace>/flexibleServers/<name>`: the
   * restored server's databases and firewall rules come with the restore (both engines copy the
   * source's firewall rules: MicrosoftDocs/azure-databases-docs articles/{postgresql,mysql}/
   * flexible-server/concepts-backup-restore.md, "firewall settings are inherited"), so they are
   * adopted (`import`) at this id plus `/databases/<name>` and `/firewallRules/<name>`, never
   * created: azure-native's create would find them and fail ("cannot create already existing
   * resource", provider/pkg/resources/client_azcore.go CanCreate).
   */
  readonly serverResourceId: string;
  /**
   * Phase 2: adopt what the restore brought (after the phase-1 `pulumi up` created the server).
   * In phase 1 they are not registered at all, so the preview has nothing to import that does
   * not exist yet.
   */
  readonly adopt: boolean;
}

/**
 * A server's create request as a restore. Azure takes the source server, the moment and the
 * placement (region, zone, network, SKU, backup, identity, keys, tags); the engine version, the
 * administrator and the storage come from the source, and high availability, the maintenance
 * window and the authentication settings are set on the server once it exists. So on a restore
 * these properties are left out of the request. Sources: azure-rest-api-specs
 * specification/postgresql/.../stable/2025-08-01/examples/ServersCreatePointInTimeRestore.json and
 * ServersCreateGeoRestoreWithDataEncryptionEnabled.json (only createMode, sourceServerResourceId,
 * pointInTimeUTC, location, identity, dataEncryption are sent); Azure CLI's own restore and
 * geo-restore (azure-cli src/azure-cli/azure/cli/command_modules/postgresql flexible_server_georestore:
 * point_in_time_utc, location, source_server_resource_id, create_mode, availability_zone, network,
 * backup.geo_redundant_backup, identity, data_encryption). PostgreSQL names the moment
 * `pointInTimeUTC`, MySQL `restorePointInTime` (@pulumi/azure-native 3.28.0
 * dbforpostgresql/server.d.ts, API 2025-08-01; dbformysql/server.d.ts, API 2024-02-01-preview).
 */
export function restoreRequest<A extends object>(kind: "pg" | "mysql", args: A, restore: ServerRestoreArgs | undefined): A {
  if (restore === undefined) return args;
  const omitted = new Set(["version", "administratorLogin", "administratorLoginPassword", "highAvailability", "storage", "authConfig", "maintenanceWindow"]);
  const kept = Object.fromEntries(Object.entries(args).filter(([property]) => !omitted.has(property)));
  return {
    ...kept,
    createMode: restore.mode,
    sourceServerResourceId: restore.sourceServerId,
    ...(kind === "pg" ? { pointInTimeUTC: restore.pointInTimeUTC } : { restorePointInTime: restore.pointInTimeUTC }),
  } as A;
}

/** Inputs every server child takes. */
export interface ServerChildInputs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly serverName: pulumi.Input<string>;
}

/** A flexible server resource as far as this module needs it. */
export interface FlexibleServerResource extends pulumi.CustomResource {
  readonly id: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly fullyQualifiedDomainName: pulumi.Output<string>;
}

/** How one engine creates its resources; the only engine-specific code. */
export interface FlexibleServerEngine<V extends string> {
  /** Short engine name for logical names and messages: `pg`, `mysql`. */
  readonly kind: "pg" | "mysql";
  readonly defaultVersion: V;
  readonly defaultSkuName: string;
  /** Server parameters every server gets (the secure baseline); see each engine for why. */
  readonly baselineParameters: Readonly<Record<string, string>>;
  /** Server parameters added when password authentication is off (MySQL: `aad_auth_only`). */
  readonly entraOnlyParameters: Readonly<Record<string, string>>;
  readonly charset: string;
  readonly collation: string;
  /** What the diagnostic setting sends to Log Analytics. */
  readonly diagnosticLogCategories: readonly string[] | "allLogs";
  createServer(name: string, inputs: ResolvedServerInputs<V>, opts: pulumi.CustomResourceOptions): FlexibleServerResource;
  createConfiguration(name: string, args: ServerChildInputs & { configurationName: string; value: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  createFirewallRule(name: string, args: ServerChildInputs & { firewallRuleName: string; startIpAddress: string; endIpAddress: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  createDatabase(name: string, args: ServerChildInputs & { databaseName: string; charset: string; collation: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  createEntraAdministrator(name: string, args: ServerChildInputs & { administrator: EntraAdministrator; identityId: pulumi.Input<string> | undefined }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
}

/**
 * Args of a flexible server cluster. Defaults are the production posture; each says why.
 * "Replaces" marks settings whose change makes Azure build a new server (data restored from
 * backup, new address): review such diffs with care.
 */
export interface FlexibleServerClusterArgs<D extends { readonly name: string }, V extends string> {
  /** Required. Resource group of the server. Changing it replaces the server. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Required. Azure region. Changing it replaces the server. */
  readonly location: string;
  /** Required. Physical server name, a global DNS label (validated by config). Changing it replaces the server. */
  readonly serverName: string;
  /** Required. Catalog databases this server hosts. Dropping one from the list deletes the database (blocked while `protect` is on). */
  readonly databases: readonly D[];
  /** Optional. Engine version. Default: the engine's default (PostgreSQL 16, MySQL 8.0.21). */
  readonly version?: V;
  /** Optional. Compute tier and size. Default GeneralPurpose (Burstable has no HA and no SLA-backed performance). */
  readonly sku?: { readonly tier: SkuTier; readonly name: string };
  /** Optional. Storage in GiB. Default 128. Can grow in place; a shrink replaces the server. */
  readonly storageGb?: number;
  /** Optional. Storage type and performance. Default Premium SSD at the size's tier, auto-grow on, MySQL auto IO scaling on. */
  readonly storage?: StorageOptions;
  /** Optional. Custom maintenance window (UTC). Default: Azure's system-managed window. Changing it is in place. */
  readonly maintenanceWindow?: MaintenanceWindowOptions;
  /** Optional. Default ZoneRedundant in zone 1, standby in zone 2 (WAF reliability: survive a zone outage). */
  readonly highAvailability?: { readonly mode: HighAvailabilityMode; readonly zone: AvailabilityZone; readonly standbyZone: AvailabilityZone };
  /** Optional. Default 35 days and geo-redundant (Azure Policy: geo-redundant backup should be enabled). Geo-redundancy is fixed at creation. */
  readonly backup?: { readonly retentionDays: number; readonly geoRedundant: boolean };
  /** Optional. Default false (Azure Policy: public network access should be disabled). */
  readonly publicNetworkAccess?: boolean;
  /** Optional. Firewall rules, one per client; only with `publicNetworkAccess`. Default none. */
  readonly allowedClients?: readonly Pick<AllowedClient, "name" | "startIp" | "endIp">[];
  /**
   * Optional. Put the server in this delegated subnet, registered in this private DNS zone
   * (then `publicNetworkAccess` must be false). Default: no VNet integration. Set at creation:
   * changing it replaces the server.
   */
  readonly privateNetwork?: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId: pulumi.Input<string> };
  /**
   * Optional. Microsoft Entra administrator, set before anything else on the server so no
   * database ends up owned by Azure's internal user. Default: none (password administrator only).
   */
  readonly entraAdministrator?: EntraAdministrator;
  /** Optional. Keep password authentication on. Default false when an Entra administrator is set (Azure Policy: Entra-only authentication), true otherwise. */
  readonly passwordAuthentication?: boolean;
  /** Optional. Password administrator login. Default `genimsadmin`. Fixed at creation: changing it replaces the server. */
  readonly administratorLogin?: string;
  /** Optional. User-assigned identity of the server: needed by MySQL's Entra administrator and by customer-managed keys. */
  readonly identityId?: pulumi.Input<string>;
  /** Optional. Customer-managed key (needs `identityId` with access to the key). Default: service-managed keys. Set at creation. */
  readonly encryption?: { readonly keyUri: string; readonly geoBackupKeyUri: string | undefined };
  /** Optional. Log Analytics workspace for the server's logs and metrics. Default: none. */
  readonly diagnosticsWorkspaceId?: pulumi.Input<string>;
  /**
   * Optional. Metric alerts on the server (storage, CPU, memory, connections; HA replication lag on
   * MySQL) to this action group. Default: none. Alerts hold no data: never protected.
   */
  readonly alerts?: { readonly actionGroupId: pulumi.Input<string>; readonly thresholds: AlertThresholds };
  /**
   * Optional. Create this server as a restore of another server's backups (a new server; the
   * source is not touched). Default: a new, empty server. Fixed at creation.
   */
  readonly restore?: ServerRestoreArgs;
  /** Optional. Protect the server and its databases from deletion. Default true. */
  readonly protect?: boolean;
  /** Optional. Azure CanNotDelete lock on the server (stops deletion outside Pulumi too). Default: same as `protect`. */
  readonly lock?: boolean;
  /** Optional. Tags of the server. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The high-availability block both engines take: a zone-redundant standby goes to the standby
 * zone, a same-zone standby to the primary's zone.
 */
export function highAvailabilityBlock(ha: ResolvedServerInputs<string>["highAvailability"]): { mode: HighAvailabilityMode; standbyAvailabilityZone?: string } {
  return ha.mode === "Disabled" ? { mode: "Disabled" } : { mode: ha.mode, standbyAvailabilityZone: ha.mode === "ZoneRedundant" ? ha.standbyZone : ha.zone };
}

/** The customer-managed key block both engines take (the same identity reads both keys), or nothing. */
export function dataEncryptionBlock(inputs: ResolvedServerInputs<string>) {
  if (inputs.encryption === undefined) return {};
  const { keyUri, geoBackupKeyUri } = inputs.encryption;
  return {
    dataEncryption: {
      type: "AzureKeyVault" as const,
      primaryKeyURI: keyUri,
      primaryUserAssignedIdentityId: inputs.identityId,
      ...(geoBackupKeyUri === undefined ? {} : { geoBackupKeyURI: geoBackupKeyUri, geoBackupUserAssignedIdentityId: inputs.identityId }),
    },
  };
}

/** Physical parameter name → logical name part (`logfiles.retention_days` → `logfiles-retention-days`). */
export function parameterSlug(parameter: string): string {
  return parameter.replace(/[._]/g, "-");
}

/** Names of database in logical names: `genims_hr_db` → `genims-hr-db`. */
export function databaseSlug(database: string): string {
  return database.replace(/_/g, "-");
}

/**
 * One Azure flexible server and everything that lives on it. Children are parented to the
 * server (they live and die with it) and created one at a time through `operations`.
 */
export class FlexibleServerCluster<D extends { readonly name: string }, V extends string> extends pulumi.ComponentResource {
  /** The flexible server. */
  readonly server: FlexibleServerResource;
  /** Physical server name. */
  readonly serverName: pulumi.Output<string>;
  /** Host name clients connect to. */
  readonly fqdn: pulumi.Output<string>;
  /** The password administrator's login name (`undefined` when password authentication is off). */
  readonly administratorLogin: string | undefined;
  /** The password administrator's password, secret (`undefined` when password authentication is off). */
  readonly administratorPassword: pulumi.Output<string> | undefined;
  /** The Entra administrator, if any. */
  readonly entraAdministrator: pulumi.CustomResource | undefined;
  /** The CanNotDelete lock, if any. */
  readonly lock: pulumi.CustomResource | undefined;
  /** The diagnostic setting, if any. */
  readonly diagnostics: pulumi.CustomResource | undefined;
  /** Metric alerts by rule key (`storage`, `cpu`, …); empty without `alerts`. */
  readonly alerts: Readonly<Record<string, pulumi.CustomResource>>;
  /** Databases by catalog name. */
  readonly databases: Readonly<Record<string, pulumi.CustomResource>>;
  /** Server parameters by parameter name. */
  readonly parameters: Readonly<Record<string, pulumi.CustomResource>>;
  /** Firewall rules by client name. */
  readonly firewallRules: Readonly<Record<string, pulumi.CustomResource>>;
  /** The server's one-at-a-time queue: later components add their server operations here. */
  readonly operations: OperationQueue;

  constructor(type: string, engine: FlexibleServerEngine<V>, name: string, args: FlexibleServerClusterArgs<D, V>, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const protect = args.protect ?? true;
    const publicNetworkAccess = args.publicNetworkAccess ?? false;
    const allowedClients = args.allowedClients ?? [];
    if (!publicNetworkAccess && allowedClients.length > 0) {
      throw new Error(`${name}: allowedClients need publicNetworkAccess: a private server has no firewall to open`);
    }
    if (publicNetworkAccess && args.privateNetwork !== undefined) {
      throw new Error(`${name}: a server in a delegated subnet has no public endpoint; publicNetworkAccess must be false`);
    }
    if (args.encryption !== undefined && args.identityId === undefined) {
      throw new Error(`${name}: a customer-managed key needs identityId, the identity that reads the key`);
    }
    const passwordAuthentication = args.passwordAuthentication ?? args.entraAdministrator === undefined;
    if (!passwordAuthentication && args.entraAdministrator === undefined) {
      throw new Error(`${name}: with password authentication off, an Entra administrator is the only way in; set entraAdministrator`);
    }

    let password: random.RandomPassword | undefined;
    // A restored server keeps its source's administrator and password.
    if (passwordAuthentication && args.restore === undefined) {
      password = new random.RandomPassword(
        `${name}-admin-password`,
        // Letters and digits only: three character classes satisfy Azure's complexity rule and the
        // password needs no escaping in a connection string. 32 characters ≈ 190 bits.
        { length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2 },
        { parent: this },
      );
    }
    this.administratorLogin = passwordAuthentication ? (args.administratorLogin ?? "genimsadmin") : undefined;
    this.administratorPassword = args.restore !== undefined ? args.restore.administratorPassword : password === undefined ? undefined : pulumi.secret(password.result);

    this.server = engine.createServer(
      `${name}-server`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        serverName: args.serverName,
        version: args.version ?? engine.defaultVersion,
        sku: args.sku ?? { tier: "GeneralPurpose", name: engine.defaultSkuName },
        storageGb: args.storageGb ?? 128,
        storage: args.storage ?? {},
        maintenanceWindow: args.maintenanceWindow,
        highAvailability: args.highAvailability ?? { mode: "ZoneRedundant", zone: "1", standbyZone: "2" },
        backup: args.backup ?? { retentionDays: 35, geoRedundant: true },
        publicNetworkAccess,
        privateNetwork: args.privateNetwork,
        entraTenantId: args.entraAdministrator?.tenantId,
        passwordAuthentication,
        administratorLogin: this.administratorLogin,
        administratorPassword: this.administratorPassword,
        identityId: args.identityId,
        encryption: args.encryption,
        tags: args.tags ?? {},
        restore: args.restore,
      },
      {
        parent: this,
        protect,
        additionalSecretOutputs: ["administratorLoginPassword"],
        // After a failover Azure swaps the primary and standby zones; that is not drift. With storage
        // auto-grow (the default on both engines) Azure grows the disk by itself; the configured size
        // is then smaller than the real one and every later update would send a shrink, which Azure
        // refuses. So with auto-grow the size is set at creation and grown by the procedure in the
        // docs/operating.md ("Storage auto-grow"); without it, the configured size is the size.
        ignoreChanges: ["availabilityZone", "highAvailability.standbyAvailabilityZone", ...((args.storage?.autoGrow ?? true) ? ["storage.storageSizeGB"] : [])],
      },
    );
    this.serverName = this.server.name;
    this.fqdn = this.server.fullyQualifiedDomainName;
    this.operations = new OperationQueue(this.server);

    const child = { resourceGroupName: args.resourceGroupName, serverName: this.server.name };
    // First in the queue: with the Entra administrator in place before any database exists, no
    // database is created by (and owned by) Azure's internal user.
    const administrator = args.entraAdministrator;
    this.entraAdministrator =
      administrator === undefined
        ? undefined
        : this.operations.enqueue((dependsOn) =>
            engine.createEntraAdministrator(`${name}-entra-admin`, { ...child, administrator, identityId: args.identityId }, { parent: this.server, dependsOn, ...HOLDS_NO_DATA }),
          );
    const parameters: Record<string, pulumi.CustomResource> = {};
    const parameterValues = { ...engine.baselineParameters, ...(passwordAuthentication ? {} : engine.entraOnlyParameters) };
    // Only what Microsoft documents for this engine version, with values it allows.
    const parameterProblems = parameterSetProblems(engine.kind, args.version ?? engine.defaultVersion, parameterValues);
    if (parameterProblems.length > 0) throw new Error(`${name}: server parameters Azure would refuse or ignore:\n  ${parameterProblems.join("\n  ")}`);
    for (const [parameter, value] of Object.entries(parameterValues)) {
      parameters[parameter] = this.operations.enqueue((dependsOn) =>
        engine.createConfiguration(`${name}-param-${parameterSlug(parameter)}`, { ...child, configurationName: parameter, value }, { parent: this.server, dependsOn, ...HOLDS_NO_DATA }),
      );
    }
    // A restored server's inherited children: left alone in phase 1, adopted in phase 2.
    const restore = args.restore;
    const adopted = (kind: "databases" | "firewallRules", childName: string) => (restore === undefined ? {} : { import: `${restore.serverResourceId}/${kind}/${childName}` });
    const registerInherited = restore === undefined || restore.adopt;
    const firewallRules: Record<string, pulumi.CustomResource> = {};
    for (const client of registerInherited ? allowedClients : []) {
      firewallRules[client.name] = this.operations.enqueue((dependsOn) =>
        engine.createFirewallRule(
          `${name}-fw-${client.name}`,
          { ...child, firewallRuleName: client.name, startIpAddress: client.startIp, endIpAddress: client.endIp },
          { parent: this.server, dependsOn, ...HOLDS_NO_DATA, ...adopted("firewallRules", client.name) },
        ),
      );
    }
    const databases: Record<string, pulumi.CustomResource> = {};
    for (const database of registerInherited ? args.databases : []) {
      databases[database.name] = this.operations.enqueue((dependsOn) =>
        engine.createDatabase(
          `${name}-db-${databaseSlug(database.name)}`,
          { ...child, databaseName: database.name, charset: engine.charset, collation: engine.collation },
          { parent: this.server, dependsOn, protect, ...adopted("databases", database.name) },
        ),
      );
    }
    this.parameters = parameters;
    this.firewallRules = firewallRules;
    this.databases = databases;

    this.diagnostics =
      args.diagnosticsWorkspaceId === undefined ? undefined : diagnosticSetting(`${name}-diagnostics`, this.server, args.diagnosticsWorkspaceId, engine.diagnosticLogCategories);
    this.alerts =
      args.alerts === undefined
        ? {}
        : serverMetricAlerts(name, this.server, {
            kind: engine.kind,
            serverName: args.serverName,
            resourceGroupName: args.resourceGroupName,
            // The default (see `highAvailability`) is zone-redundant.
            highAvailability: (args.highAvailability?.mode ?? "ZoneRedundant") !== "Disabled",
            actionGroupId: args.alerts.actionGroupId,
            thresholds: args.alerts.thresholds,
            tags: args.tags ?? {},
          });
    // Last: the lock waits for every other child of the server, so a teardown removes it first.
    const lockAfter = [...this.operations.operations, ...(this.diagnostics === undefined ? [] : [this.diagnostics]), ...Object.values(this.alerts)];
    this.lock = (args.lock ?? protect) ? deleteLock(`${name}-delete-lock`, this.server, "database server", lockAfter) : undefined;

    this.registerOutputs({
      serverName: this.serverName,
      fqdn: this.fqdn,
      administratorLogin: this.administratorLogin,
      databases: Object.keys(databases),
    });
  }
}
