import * as child_process from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as monitor from "@pulumi/azure-native/monitor";
import * as resources from "@pulumi/azure-native/resources";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as yaml from "js-yaml";
import { POLICIES, POLICY_PACK_ARGS, POLICY_PACK_NAME } from "../policy/policies";
import { type ResourceClass, pulumiType } from "../policy/resources";
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { policyConfigFor, repositoryStacks } from "../scripts/lib/stacks";
import { REPO_ROOT, runGenims, stackConfig } from "./harness";
import { type FixtureResource, evaluate, formatViolations, fromRun, toPolicyResources } from "./policyHarness";

const PG_NAME = "genims-test-pg-core";
const MYSQL_NAME = "genims-test-mysql-core";
const PG_ID = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-genims-test/providers/Microsoft.DBforPostgreSQL/flexibleServers/${PG_NAME}`;
const MYSQL_ID = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-genims-test/providers/Microsoft.DBforMySQL/flexibleServers/${MYSQL_NAME}`;

/** A fixture resource typed by its SDK class, so the policies' type filters see the real token. */
function resource(resourceClass: ResourceClass, name: string, props: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource {
  return { type: pulumiType(resourceClass), name, props, ...extra };
}

function parameters(engine: "pg" | "mysql", values: Record<string, string>): FixtureResource[] {
  const [configuration, server, serverName] = engine === "pg" ? [dbforpostgresql.Configuration, "pg-core-server", PG_NAME] : [dbformysql.Configuration, "mysql-core-server", MYSQL_NAME];
  return Object.entries(values).map(([parameter, value]) =>
    resource(configuration, `${engine}-core-param-${parameter.replace(/[._]/g, "-")}`, { resourceGroupName: "rg-genims-test", serverName, configurationName: parameter, value }, { parent: server }),
  );
}

/** A stack that satisfies every control: each variant below changes one thing in it. */
function compliantStack(): FixtureResource[] {
  return [
    resource(resources.ResourceGroup, "genims-resource-group", { resourceGroupName: "rg-genims-test", location: "westeurope" }, { protect: true }),
    resource(keyvault.Vault, "genims-key-vault", { vaultName: "kv-genims-test", resourceGroupName: "rg-genims-test", properties: {} }, { protect: true }),
    resource(
      dbforpostgresql.Server,
      "pg-core-server",
      {
        id: PG_ID,
        resourceGroupName: "rg-genims-test",
        serverName: PG_NAME,
        backup: { backupRetentionDays: 35, geoRedundantBackup: "Enabled" },
        network: { publicNetworkAccess: "Disabled" },
        authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
      },
      { protect: true },
    ),
    ...parameters("pg", {
      require_secure_transport: "on",
      ssl_min_protocol_version: "TLSv1.2",
      log_checkpoints: "on",
      log_connections: "on",
      log_disconnections: "on",
      "connection_throttle.enable": "on",
      "logfiles.retention_days": "7",
      shared_preload_libraries: "pg_stat_statements,pgaudit",
      "pgaudit.log": "ddl,role",
    }),
    resource(dbforpostgresql.Database, "pg-core-db-genims-hr-db", { serverName: PG_NAME, databaseName: "genims_hr_db" }, { protect: true, parent: "pg-core-server" }),
    resource(dbforpostgresql.FirewallRule, "pg-core-fw-office", { serverName: PG_NAME, firewallRuleName: "office", startIpAddress: "203.0.113.10", endIpAddress: "203.0.113.10" }, { parent: "pg-core-server" }),
    resource(monitor.DiagnosticSetting, "pg-core-diagnostics", { resourceUri: PG_ID, workspaceId: "/subscriptions/0/workspaces/genims" }),
    resource(authorization.ManagementLockAtResourceLevel, "pg-core-lock", {
      level: "CanNotDelete",
      resourceGroupName: "rg-genims-test",
      resourceProviderNamespace: "Microsoft.DBforPostgreSQL",
      resourceType: "flexibleServers",
      parentResourcePath: "",
      resourceName: PG_NAME,
    }),
    resource(
      dbformysql.Server,
      "mysql-core-server",
      { id: MYSQL_ID, resourceGroupName: "rg-genims-test", serverName: MYSQL_NAME, backup: { geoRedundantBackup: "Enabled" }, network: { publicNetworkAccess: "Disabled" } },
      { protect: true },
    ),
    ...parameters("mysql", {
      require_secure_transport: "ON",
      tls_version: "TLSv1.2,TLSv1.3",
      audit_log_enabled: "ON",
      audit_log_events: "CONNECTION,DDL",
      aad_auth_only: "ON",
    }),
    resource(dbformysql.AzureADAdministrator, "mysql-core-entra-admin", { serverName: MYSQL_NAME, administratorType: "ActiveDirectory", login: "genims-dba" }, { parent: "mysql-core-server" }),
    resource(dbformysql.Database, "mysql-core-db-genims-audit-db", { serverName: MYSQL_NAME, databaseName: "genims_audit_db" }, { protect: true, parent: "mysql-core-server" }),
    resource(dbformysql.FirewallRule, "mysql-core-fw-office", { serverName: MYSQL_NAME, firewallRuleName: "office", startIpAddress: "203.0.113.10", endIpAddress: "203.0.113.20" }, { parent: "mysql-core-server" }),
    resource(monitor.DiagnosticSetting, "mysql-core-diagnostics", { resourceUri: MYSQL_ID, workspaceId: "/subscriptions/0/workspaces/genims" }),
    resource(authorization.ManagementLockByScope, "mysql-core-lock", { level: "CanNotDelete", scope: MYSQL_ID }),
    resource(mongodbatlas.Project, "mongo-project", { id: "atlas-project-id", name: "genims-test", orgId: "000000000000000000000000" }, { protect: true }),
    resource(
      mongodbatlas.AdvancedCluster,
      "mongo-cluster",
      {
        projectId: "atlas-project-id",
        name: "genims-test-mongo",
        backupEnabled: true,
        pitEnabled: true,
        terminationProtectionEnabled: true,
        encryptionAtRestProvider: "AZURE",
        advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2" },
      },
      { protect: true, parent: "mongo-project" },
    ),
    resource(mongodbatlas.ProjectIpAccessList, "mongo-access-office", { projectId: "atlas-project-id", cidrBlock: "203.0.113.10/32" }, { parent: "mongo-project" }),
    resource(mongodbatlas.Auditing, "mongo-auditing", { projectId: "atlas-project-id", enabled: true }),
  ];
}

type Stack = FixtureResource[];

/** Changes the props of the fixture resource `name` (a shallow merge: nested objects are replaced). */
function patch(name: string, props: Record<string, unknown>) {
  return (stack: Stack): Stack => {
    if (!stack.some((r) => r.name === name)) throw new Error(`no fixture resource ${name}`);
    return stack.map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));
  };
}
function without(name: string) {
  return (stack: Stack): Stack => {
    if (!stack.some((r) => r.name === name)) throw new Error(`no fixture resource ${name}`);
    return stack.filter((r) => r.name !== name);
  };
}
const pgParameter = (parameter: string, value: string) => patch(`pg-core-param-${parameter.replace(/[._]/g, "-")}`, { value });
const mysqlParameter = (parameter: string, value: string) => patch(`mysql-core-param-${parameter.replace(/[._]/g, "-")}`, { value });

const PG = `PostgreSQL flexible server "${PG_NAME}"`;
const MYSQL = `MySQL flexible server "${MYSQL_NAME}"`;
const MYSQL_ENTRA = "Azure Policy: Azure MySQL flexible server should have Microsoft Entra Only Authentication enabled";

/** [policy, what changes, the change, the exact messages it must produce (and nothing else)]. */
const VARIANTS: Array<[string, string, (stack: Stack) => Stack, string[]]> = [
  [
    "postgresql-require-secure-transport",
    "require_secure_transport off",
    pgParameter("require_secure_transport", "off"),
    [`${PG} must set server parameter require_secure_transport to on (CIS Microsoft Azure Foundations 4.3.1); it is "off".`],
  ],
  [
    "postgresql-minimum-tls-version",
    "ssl_min_protocol_version TLSv1.1",
    pgParameter("ssl_min_protocol_version", "TLSv1.1"),
    [`${PG} must set server parameter ssl_min_protocol_version to TLSv1.2 or TLSv1.3 (Microsoft cloud security benchmark DP-3: encrypt data in transit); it is "TLSv1.1".`],
  ],
  [
    "postgresql-log-checkpoints",
    "no log_checkpoints parameter",
    without("pg-core-param-log-checkpoints"),
    [`${PG} must set server parameter log_checkpoints to on (CIS Microsoft Azure Foundations 4.3.2); it is not set.`],
  ],
  [
    "postgresql-log-connections",
    "log_connections off",
    pgParameter("log_connections", "off"),
    [`${PG} must set server parameter log_connections to on (CIS Microsoft Azure Foundations 4.3.3); it is "off".`],
  ],
  [
    "postgresql-log-disconnections",
    "log_disconnections off",
    pgParameter("log_disconnections", "off"),
    [`${PG} must set server parameter log_disconnections to on (CIS Microsoft Azure Foundations 4.3.4); it is "off".`],
  ],
  [
    "postgresql-connection-throttling",
    "connection_throttle.enable off",
    pgParameter("connection_throttle.enable", "off"),
    [`${PG} must set server parameter connection_throttle.enable to on (CIS Microsoft Azure Foundations 4.3.5); it is "off".`],
  ],
  [
    "postgresql-log-retention",
    "logfiles.retention_days 3",
    pgParameter("logfiles.retention_days", "3"),
    [`${PG} must set server parameter logfiles.retention_days to 7 days or more (CIS Microsoft Azure Foundations 4.3.6); it is "3".`],
  ],
  [
    "postgresql-pgaudit",
    "pgaudit not preloaded",
    pgParameter("shared_preload_libraries", "pg_stat_statements"),
    [`${PG} must set server parameter shared_preload_libraries to a list that includes pgaudit (Microsoft cloud security benchmark LT-3: audit logging); it is "pg_stat_statements".`],
  ],
  [
    "postgresql-pgaudit",
    "pgaudit.log none",
    pgParameter("pgaudit.log", "none"),
    [`${PG} must set server parameter pgaudit.log to the audit classes to log, not none (Microsoft cloud security benchmark LT-3: audit logging); it is "none".`],
  ],
  [
    "mysql-require-secure-transport",
    "require_secure_transport OFF",
    mysqlParameter("require_secure_transport", "OFF"),
    [`${MYSQL} must set server parameter require_secure_transport to ON (CIS Microsoft Azure Foundations 4.4.1); it is "OFF".`],
  ],
  [
    "mysql-tls-version",
    "tls_version allows TLSv1.1",
    mysqlParameter("tls_version", "TLSv1.1,TLSv1.2"),
    [`${MYSQL} must set server parameter tls_version to TLSv1.2 and/or TLSv1.3 only (CIS Microsoft Azure Foundations 4.4.2); it is "TLSv1.1,TLSv1.2".`],
  ],
  [
    "mysql-audit-log",
    "audit_log_enabled OFF",
    mysqlParameter("audit_log_enabled", "OFF"),
    [`${MYSQL} must set server parameter audit_log_enabled to ON (CIS Microsoft Azure Foundations 4.4.3); it is "OFF".`],
  ],
  [
    "mysql-audit-log",
    "audit_log_events without CONNECTION",
    mysqlParameter("audit_log_events", "DDL,DML"),
    [`${MYSQL} must set server parameter audit_log_events to a list that includes CONNECTION (CIS Microsoft Azure Foundations 4.4.4); it is "DDL,DML".`],
  ],
  [
    "flexible-server-geo-redundant-backup",
    "PostgreSQL backups local only",
    patch("pg-core-server", { backup: { backupRetentionDays: 35, geoRedundantBackup: "Disabled" } }),
    [`${PG} must enable geo-redundant backup (Azure Policy: Geo-redundant backup should be enabled for Azure Database for PostgreSQL flexible servers; Checkov CKV_AZURE_136).`],
  ],
  [
    "flexible-server-geo-redundant-backup",
    "MySQL backup settings missing",
    patch("mysql-core-server", { backup: undefined }),
    [`${MYSQL} must enable geo-redundant backup (Azure Policy: Geo-redundant backup should be enabled for Azure Database for MySQL flexible servers).`],
  ],
  [
    "flexible-server-public-network-access-disabled",
    "PostgreSQL public access on",
    patch("pg-core-server", { network: { publicNetworkAccess: "Enabled" } }),
    [`${PG} must disable public network access (Azure Policy: Public network access should be disabled for PostgreSQL flexible servers).`],
  ],
  [
    "flexible-server-public-network-access-disabled",
    "MySQL network settings missing (Azure's default is public)",
    patch("mysql-core-server", { network: undefined }),
    [`${MYSQL} must disable public network access (Azure Policy: Public network access should be disabled for MySQL flexible servers).`],
  ],
  [
    "postgresql-entra-id-only",
    "password authentication still on",
    patch("pg-core-server", { authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled" } }),
    [
      `${PG} must accept Microsoft Entra ID authentication only, with authConfig.activeDirectoryAuth Enabled and authConfig.passwordAuth Disabled (Azure Policy: Azure PostgreSQL flexible server should have Microsoft Entra Only Authentication enabled); it has activeDirectoryAuth Enabled and passwordAuth Enabled.`,
    ],
  ],
  [
    "postgresql-entra-id-only",
    "no authConfig (Azure's default is passwords only)",
    patch("pg-core-server", { authConfig: undefined }),
    [
      `${PG} must accept Microsoft Entra ID authentication only, with authConfig.activeDirectoryAuth Enabled and authConfig.passwordAuth Disabled (Azure Policy: Azure PostgreSQL flexible server should have Microsoft Entra Only Authentication enabled); it has activeDirectoryAuth unset and passwordAuth unset.`,
    ],
  ],
  [
    "mysql-entra-id-only",
    "no Microsoft Entra administrator",
    without("mysql-core-entra-admin"),
    [`${MYSQL} must have a Microsoft Entra administrator (azure-native:dbformysql:AzureADAdministrator) (${MYSQL_ENTRA}).`],
  ],
  ["mysql-entra-id-only", "aad_auth_only OFF", mysqlParameter("aad_auth_only", "OFF"), [`${MYSQL} must set server parameter aad_auth_only to ON (${MYSQL_ENTRA}); it is "OFF".`]],
  [
    "flexible-server-firewall-no-allow-all",
    "PostgreSQL rule 0.0.0.0-0.0.0.0 (allow Azure services)",
    patch("pg-core-fw-office", { startIpAddress: "0.0.0.0", endIpAddress: "0.0.0.0" }),
    [
      `PostgreSQL firewall rule "office" on server "${PG_NAME}" must not start or end at 0.0.0.0, which opens the server to all of Azure or the whole internet (Checkov CKV2_AZURE_26); it spans 0.0.0.0-0.0.0.0.`,
    ],
  ],
  [
    "flexible-server-firewall-no-allow-all",
    "MySQL rule 0.0.0.0-255.255.255.255 (the internet)",
    patch("mysql-core-fw-office", { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" }),
    [
      `MySQL firewall rule "office" on server "${MYSQL_NAME}" must not start or end at 0.0.0.0, which opens the server to all of Azure or the whole internet (Checkov CKV2_AZURE_26); it spans 0.0.0.0-255.255.255.255.`,
    ],
  ],
  [
    "atlas-no-open-access-list",
    "cidrBlock 0.0.0.0/0",
    patch("mongo-access-office", { cidrBlock: "0.0.0.0/0" }),
    ['Atlas IP access-list entry "mongo-access-office" must not admit 0.0.0.0/0, the whole internet (MongoDB Atlas security checklist: restrict the IP access list to known clients).'],
  ],
  [
    "atlas-no-open-access-list",
    "ipAddress 0.0.0.0",
    patch("mongo-access-office", { cidrBlock: undefined, ipAddress: "0.0.0.0" }),
    ['Atlas IP access-list entry "mongo-access-office" must not admit 0.0.0.0/0, the whole internet (MongoDB Atlas security checklist: restrict the IP access list to known clients).'],
  ],
  [
    "atlas-minimum-tls",
    "minimum TLS 1.1",
    patch("mongo-cluster", { advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_1" } }),
    ['Atlas cluster "genims-test-mongo" must set advancedConfiguration.minimumEnabledTlsProtocol to TLS1_2 or TLS1_3 (Microsoft cloud security benchmark DP-3: encrypt data in transit); it is "TLS1_1".'],
  ],
  [
    "atlas-minimum-tls",
    "no advancedConfiguration",
    patch("mongo-cluster", { advancedConfiguration: undefined }),
    ['Atlas cluster "genims-test-mongo" must set advancedConfiguration.minimumEnabledTlsProtocol to TLS1_2 or TLS1_3 (Microsoft cloud security benchmark DP-3: encrypt data in transit); it is not set.'],
  ],
  [
    "atlas-cloud-backup",
    "no point-in-time restore",
    patch("mongo-cluster", { pitEnabled: false }),
    [
      'Atlas cluster "genims-test-mongo" must enable cloud backup with point-in-time restore, backupEnabled and pitEnabled true (Microsoft cloud security benchmark BR-1: automated backups); it has backupEnabled true and pitEnabled false.',
    ],
  ],
  [
    "atlas-encryption-at-rest",
    "no customer-managed key",
    patch("mongo-cluster", { encryptionAtRestProvider: undefined }),
    [
      'Atlas cluster "genims-test-mongo" must encrypt data at rest with a customer-managed Azure Key Vault key, encryptionAtRestProvider AZURE (Microsoft cloud security benchmark DP-5: customer-managed keys); it is not set.',
    ],
  ],
  [
    "atlas-database-auditing",
    "auditing resource disabled",
    patch("mongo-auditing", { enabled: false }),
    ['Atlas project "genims-test" must enable database auditing with a mongodbatlas Auditing resource whose enabled is true (Microsoft cloud security benchmark LT-3: audit logging).'],
  ],
  [
    "atlas-termination-protection",
    "termination protection off",
    patch("mongo-cluster", { terminationProtectionEnabled: false }),
    ['Atlas cluster "genims-test-mongo" must enable termination protection, terminationProtectionEnabled true, so a deletion cannot drop the documents database.'],
  ],
  [
    "flexible-server-diagnostic-settings",
    "no diagnostic setting on the PostgreSQL server",
    without("pg-core-diagnostics"),
    [`${PG} must have a diagnostic setting (azure-native:monitor:DiagnosticSetting whose resourceUri is the server's id) so its logs outlive the server (Microsoft cloud security benchmark LT-3).`],
  ],
  [
    "flexible-server-diagnostic-settings",
    "the MySQL diagnostic setting points at another server",
    patch("mysql-core-diagnostics", { resourceUri: MYSQL_ID.replace(MYSQL_NAME, "genims-other-mysql") }),
    [`${MYSQL} must have a diagnostic setting (azure-native:monitor:DiagnosticSetting whose resourceUri is the server's id) so its logs outlive the server (Microsoft cloud security benchmark LT-3).`],
  ],
  [
    "flexible-server-delete-lock",
    "no lock on the PostgreSQL server",
    without("pg-core-lock"),
    [`${PG} must have a CanNotDelete management lock (ManagementLockAtResourceLevel or ManagementLockByScope on the server) so it cannot be deleted outside Pulumi either.`],
  ],
  [
    "flexible-server-delete-lock",
    "a ReadOnly lock on the MySQL server",
    patch("mysql-core-lock", { level: "ReadOnly" }),
    [`${MYSQL} must have a CanNotDelete management lock (ManagementLockAtResourceLevel or ManagementLockByScope on the server) so it cannot be deleted outside Pulumi either.`],
  ],
];

/** Every stateful resource of the fixture, unprotected one at a time. */
const UNPROTECTED: Array<[string, string]> = [
  ["genims-resource-group", 'Resource group "rg-genims-test"'],
  ["genims-key-vault", 'Key Vault "kv-genims-test"'],
  ["pg-core-server", PG],
  ["pg-core-db-genims-hr-db", `PostgreSQL database "genims_hr_db" on server "${PG_NAME}"`],
  ["mysql-core-server", MYSQL],
  ["mysql-core-db-genims-audit-db", `MySQL database "genims_audit_db" on server "${MYSQL_NAME}"`],
  ["mongo-project", 'Atlas project "genims-test"'],
  ["mongo-cluster", 'Atlas cluster "genims-test-mongo"'],
];

async function violationsOf(stack: Stack): Promise<string[]> {
  return formatViolations((await evaluate(POLICIES, toPolicyResources(stack))).violations);
}

describe("policy pack genims-database-controls", () => {
  test("the fixture's type tokens are the SDK classes' real tokens", () => {
    const stack = compliantStack();
    const typeOf = (name: string) => stack.find((r) => r.name === name)!.type;
    expect(typeOf("pg-core-server")).toBe("azure-native:dbforpostgresql:Server");
    expect(dbforpostgresql.Server.isInstance({ __pulumiType: typeOf("pg-core-server") })).toBe(true);
    expect(dbformysql.Server.isInstance({ __pulumiType: typeOf("mysql-core-server") })).toBe(true);
    expect(typeOf("mongo-cluster")).toBe("mongodbatlas:index/advancedCluster:AdvancedCluster");
    expect(typeOf("mongo-auditing")).toBe("mongodbatlas:index/auditing:Auditing");
    expect(typeOf("mysql-core-lock")).toBe("azure-native:authorization:ManagementLockByScope");
  });

  test("a compliant stack passes every policy, and every policy applies to it", async () => {
    const { violations, applied } = await evaluate(POLICIES, toPolicyResources(compliantStack()));
    expect(formatViolations(violations)).toEqual([]);
    // A type filter that matched nothing would pass everything: each policy must have run on something.
    expect(POLICIES.filter((policy) => (applied.get(policy.name) ?? 0) === 0).map((policy) => policy.name)).toEqual([]);
  });

  test.each(VARIANTS)("%s: %s fails with the exact message", async (policy, _change, change, messages) => {
    expect(await violationsOf(change(compliantStack()))).toEqual(messages.map((message) => `[${policy}] ${message}`));
  });

  test("every policy has a failing variant", () => {
    const covered = [...VARIANTS.map(([policy]) => policy), ...(UNPROTECTED.length > 0 ? ["stateful-resources-protected"] : [])];
    expect(new Set(covered)).toEqual(new Set(POLICIES.map((policy) => policy.name)));
  });

  test.each(UNPROTECTED)("stateful-resources-protected: %s unprotected fails with the exact message", async (name, subject) => {
    const stack = compliantStack().map((r) => (r.name === name ? { ...r, protect: false } : r));
    expect(await violationsOf(stack)).toEqual([`[stateful-resources-protected] ${subject} must be protected from deletion with the Pulumi protect option (genims:protect: true).`]);
  });

  test("unprotected children that hold no data (parameters, firewall rules, locks) are not flagged", async () => {
    const stack = compliantStack();
    expect(stack.filter((r) => !r.protect).length).toBeGreaterThan(20);
    expect(await violationsOf(stack)).toEqual([]);
  });

  test("a server in a delegated subnet counts as private without an explicit publicNetworkAccess", async () => {
    const stack = patch("pg-core-server", { network: { delegatedSubnetResourceId: "/subscriptions/0/subnets/postgres" } })(compliantStack());
    expect(await violationsOf(stack)).toEqual([]);
  });

  test("during a preview, children are matched to their server through property dependencies when names and ids are not known yet", async () => {
    const unknownServer = (stack: Stack) =>
      stack.map((r) => {
        if (r.name === "pg-core-server") return { ...r, props: { ...r.props, id: undefined, serverName: undefined } };
        if (r.name.startsWith("pg-core-param-")) return { ...r, props: { ...r.props, serverName: undefined }, propertyDependencies: { serverName: ["pg-core-server"] } };
        if (r.name === "pg-core-diagnostics") return { ...r, props: { ...r.props, resourceUri: undefined }, propertyDependencies: { resourceUri: ["pg-core-server"] } };
        if (r.name === "pg-core-lock") return { ...r, props: { ...r.props, resourceName: undefined }, propertyDependencies: { resourceName: ["pg-core-server"] } };
        return r;
      });
    expect(await violationsOf(unknownServer(compliantStack()))).toEqual([]);
    // The same stack without the dependencies: nothing ties the children to the server any more.
    const unlinked = unknownServer(compliantStack()).map((r) => ({ ...r, propertyDependencies: {} }));
    expect(await violationsOf(unlinked)).toEqual(expect.arrayContaining(['[flexible-server-delete-lock] PostgreSQL flexible server "pg-core-server" must have a CanNotDelete management lock (ManagementLockAtResourceLevel or ManagementLockByScope on the server) so it cannot be deleted outside Pulumi either.']));
  });
});

describe("pack files", () => {
  const policyDir = path.join(REPO_ROOT, "policy");
  const names = POLICIES.map((policy) => policy.name);

  test("policy names are unique, valid and none sets its own enforcement level", () => {
    expect(new Set(names).size).toBe(names.length);
    for (const policy of POLICIES) {
      expect(policy.name).toMatch(/^[a-z0-9-]+$/);
      expect([policy.name, policy.enforcementLevel]).toEqual([policy.name, undefined]);
    }
    // Without --policy-pack-config, everything blocks.
    expect(POLICY_PACK_ARGS.enforcementLevel).toBe("mandatory");
  });

  test("config.prod.json makes every policy mandatory but the accepted exceptions", () => {
    expect(readJson("config.prod.json")).toEqual(
      Object.fromEntries(names.map((name) => [name, (PROD_ACCEPTED_EXCEPTIONS as readonly string[]).includes(name) ? "advisory" : "mandatory"])),
    );
  });

  test("config.dev.json relaxes exactly public access, Entra-only, geo-backup and protection to advisory", () => {
    const dev = readJson("config.dev.json");
    expect(Object.keys(dev).sort()).toEqual([...names].sort());
    expect(
      Object.entries(dev)
        .filter(([, level]) => level === "advisory")
        .map(([name]) => name)
        .sort(),
    ).toEqual(
      [
        "flexible-server-public-network-access-disabled",
        "postgresql-entra-id-only",
        "mysql-entra-id-only",
        "flexible-server-geo-redundant-backup",
        "stateful-resources-protected",
        "flexible-server-delete-lock",
        "atlas-termination-protection",
        "atlas-encryption-at-rest",
      ].sort(),
    );
    expect(new Set(Object.values(dev))).toEqual(new Set(["advisory", "mandatory"]));
  });

  test("PulumiPolicy.yaml and package.json describe a Node.js pack named like the PolicyPack", () => {
    const project = yaml.load(fs.readFileSync(path.join(policyDir, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    expect(project).toEqual(expect.objectContaining({ runtime: "nodejs", name: POLICY_PACK_NAME, description: expect.any(String) }));
    const pkg = readJson("package.json");
    // PolicyPack reads the version from the pack folder's package.json; the pack's own pinned
    // dependencies are checked in test/policyPack.test.ts.
    expect(pkg).toEqual(expect.objectContaining({ main: "index.ts", version: expect.stringMatching(/^\d+\.\d+\.\d+$/) }));
    expect((pkg as { dependencies?: Record<string, string> }).dependencies?.["@pulumi/policy"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fs.readFileSync(path.join(policyDir, "index.ts"), "utf8")).toContain("new PolicyPack(POLICY_PACK_NAME, POLICY_PACK_ARGS)");
  });

  test("Pulumi's policy-pack runner starts the pack from the policy folder with the repository's node_modules", async () => {
    // What `pulumi preview --policy-pack policy` does: resolve the runner from the pack folder,
    // run it there; the pack is ready when it prints its gRPC port.
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [policyDir] });
    const child = child_process.spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: policyDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
      });
      expect(port).toMatch(/^\d+$/);
    } finally {
      child.kill();
    }
  }, 120_000);
});

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy", file), "utf8")) as Record<string, unknown>;

/**
 * Prod's accepted exceptions, advisory in config.prod.json (docs/policy.md): the access
 * model's application logins authenticate with passwords kept in Key Vault, so password
 * authentication stays on beside Entra ID; and customer-managed keys are an option that needs a
 * key provisioned outside this stack, so Atlas encrypts at rest with Atlas-managed keys until then.
 */
const PROD_ACCEPTED_EXCEPTIONS = ["postgresql-entra-id-only", "mysql-entra-id-only", "atlas-encryption-at-rest"] as const;

// Every stack of the repository (a new `Pulumi.<name>.yaml` is checked here with no other change).
describe.each(repositoryStacks())("the real %s stack", (stack) => {
  test(`the ${stack} stack violates no policy its pack config makes mandatory; what it only warns about is exactly the accepted exceptions`, async () => {
    const run = await runGenims(stack);
    const env = validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG);
    const servers = env.postgres.servers.length + env.mysql.servers.length;
    const { violations, applied } = await evaluate(POLICIES, await fromRun(run, stack));
    // The resource policies must have seen the program's real resources, or passing proves nothing.
    expect(applied.get("flexible-server-geo-redundant-backup")).toBe(servers);
    const levels = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, policyConfigFor(stack)), "utf8")) as Record<string, string>;
    // Every mandatory violation, one per line, so a failure shows the whole gap at once.
    expect(formatViolations(violations.filter((v) => levels[v.policy] !== "advisory")).join("\n")).toBe("");
    if (stack === "prod") {
      expect(applied.get("stateful-resources-protected")).toBeGreaterThanOrEqual(1 + 7 + 13 + 2 + 3 + 2);
      expect([...new Set(violations.map((v) => v.policy))].sort()).toEqual([...PROD_ACCEPTED_EXCEPTIONS].sort());
    }
  }, 60_000);
});
