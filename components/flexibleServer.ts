/**
 * What Azure Database for PostgreSQL and for MySQL flexible servers share: a server, its server
 * parameters, firewall rules and databases, created one at a time through an `OperationQueue`,
 * and a generated administrator credential. `PostgresCluster` and `MysqlCluster` are this class
 * with an engine adapter; the logic lives once, here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AllowedClient, AvailabilityZone, HighAvailabilityMode, SkuTier } from "../config/environment";
import { OperationQueue } from "./serverOperations";

/** Settings of the server itself, after defaults: what an engine adapter turns into its `ServerArgs`. */
export interface ResolvedServerInputs<V extends string> {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly serverName: string;
  readonly version: V;
  readonly sku: { readonly tier: SkuTier; readonly name: string };
  readonly storageGb: number;
  readonly highAvailability: { readonly mode: HighAvailabilityMode; readonly zone: AvailabilityZone; readonly standbyZone: AvailabilityZone };
  readonly backup: { readonly retentionDays: number; readonly geoRedundant: boolean };
  readonly publicNetworkAccess: boolean;
  readonly administratorLogin: string;
  readonly administratorPassword: pulumi.Output<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** Inputs every server child takes. */
export interface ServerChildInputs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly serverName: pulumi.Input<string>;
}

/** A flexible server resource as far as this module needs it. */
export interface FlexibleServerResource extends pulumi.CustomResource {
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
  readonly charset: string;
  readonly collation: string;
  createServer(name: string, inputs: ResolvedServerInputs<V>, opts: pulumi.CustomResourceOptions): FlexibleServerResource;
  createConfiguration(name: string, args: ServerChildInputs & { configurationName: string; value: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  createFirewallRule(name: string, args: ServerChildInputs & { firewallRuleName: string; startIpAddress: string; endIpAddress: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  createDatabase(name: string, args: ServerChildInputs & { databaseName: string; charset: string; collation: string }, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
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
  /** Optional. Default ZoneRedundant in zone 1, standby in zone 2 (WAF reliability: survive a zone outage). */
  readonly highAvailability?: { readonly mode: HighAvailabilityMode; readonly zone: AvailabilityZone; readonly standbyZone: AvailabilityZone };
  /** Optional. Default 35 days and geo-redundant (Azure Policy: geo-redundant backup should be enabled). Geo-redundancy is fixed at creation. */
  readonly backup?: { readonly retentionDays: number; readonly geoRedundant: boolean };
  /** Optional. Default false (Azure Policy: public network access should be disabled). */
  readonly publicNetworkAccess?: boolean;
  /** Optional. Firewall rules, one per client; only with `publicNetworkAccess`. Default none. */
  readonly allowedClients?: readonly AllowedClient[];
  /** Optional. Password administrator login. Default `genimsadmin`. Fixed at creation: changing it replaces the server. */
  readonly administratorLogin?: string;
  /** Optional. Protect the server and its databases from deletion. Default true. */
  readonly protect?: boolean;
  /** Optional. Tags of the server. */
  readonly tags?: Readonly<Record<string, string>>;
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
  /** The password administrator's login name. */
  readonly administratorLogin: string;
  /** The password administrator's password (secret). */
  readonly administratorPassword: pulumi.Output<string>;
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

    const password = new random.RandomPassword(
      `${name}-admin-password`,
      // Letters and digits only: three character classes satisfy Azure's complexity rule and the
      // password needs no escaping in a connection string. 32 characters ≈ 190 bits.
      { length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2 },
      { parent: this },
    );
    this.administratorLogin = args.administratorLogin ?? "genimsadmin";
    this.administratorPassword = pulumi.secret(password.result);

    this.server = engine.createServer(
      `${name}-server`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        serverName: args.serverName,
        version: args.version ?? engine.defaultVersion,
        sku: args.sku ?? { tier: "GeneralPurpose", name: engine.defaultSkuName },
        storageGb: args.storageGb ?? 128,
        highAvailability: args.highAvailability ?? { mode: "ZoneRedundant", zone: "1", standbyZone: "2" },
        backup: args.backup ?? { retentionDays: 35, geoRedundant: true },
        publicNetworkAccess,
        administratorLogin: this.administratorLogin,
        administratorPassword: this.administratorPassword,
        tags: args.tags ?? {},
      },
      {
        parent: this,
        protect,
        additionalSecretOutputs: ["administratorLoginPassword"],
        // After a failover Azure swaps the primary and standby zones; that is not drift.
        ignoreChanges: ["availabilityZone", "highAvailability.standbyAvailabilityZone"],
      },
    );
    this.serverName = this.server.name;
    this.fqdn = this.server.fullyQualifiedDomainName;
    this.operations = new OperationQueue(this.server);

    const child = { resourceGroupName: args.resourceGroupName, serverName: this.server.name };
    const parameters: Record<string, pulumi.CustomResource> = {};
    for (const [parameter, value] of Object.entries(engine.baselineParameters)) {
      parameters[parameter] = this.operations.enqueue((dependsOn) =>
        engine.createConfiguration(`${name}-param-${parameterSlug(parameter)}`, { ...child, configurationName: parameter, value }, { parent: this.server, dependsOn }),
      );
    }
    const firewallRules: Record<string, pulumi.CustomResource> = {};
    for (const client of allowedClients) {
      firewallRules[client.name] = this.operations.enqueue((dependsOn) =>
        engine.createFirewallRule(
          `${name}-fw-${client.name}`,
          { ...child, firewallRuleName: client.name, startIpAddress: client.startIp, endIpAddress: client.endIp },
          { parent: this.server, dependsOn },
        ),
      );
    }
    const databases: Record<string, pulumi.CustomResource> = {};
    for (const database of args.databases) {
      databases[database.name] = this.operations.enqueue((dependsOn) =>
        engine.createDatabase(
          `${name}-db-${databaseSlug(database.name)}`,
          { ...child, databaseName: database.name, charset: engine.charset, collation: engine.collation },
          { parent: this.server, dependsOn, protect },
        ),
      );
    }
    this.parameters = parameters;
    this.firewallRules = firewallRules;
    this.databases = databases;

    this.registerOutputs({
      serverName: this.serverName,
      fqdn: this.fqdn,
      administratorLogin: this.administratorLogin,
      databases: Object.keys(databases),
    });
  }
}
