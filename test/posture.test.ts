/** Issue 5's production posture: private networking, HA/DR, Entra ID, encryption, monitoring, delete protection. */
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { ConfigError } from "../config/errors";
import { MysqlCluster, PostgresCluster } from "../components/genims";
import { OFFLINE_EXAMPLE_CONFIG, type ProgramRun, findResource, id, resourcesOfType, runGenims, runProgram, stackConfig } from "./harness";

/** The tenant and DBA group the offline runner stands in with (the real ones are set with `pulumi config set`). */
const TENANT = OFFLINE_EXAMPLE_CONFIG["genims:entraTenantId"];
const DBA_GROUP = OFFLINE_EXAMPLE_CONFIG["genims:entraAdminObjectId"];

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const MYSQL_SERVER = "azure-native:dbformysql:Server";
const SERVERS = [PG_SERVER, MYSQL_SERVER];
const LOCK = "azure-native:authorization:ManagementLockByScope";
const DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting";
const SUB = "00000000-0000-0000-0000-000000000000";

/** prod's config with some keys changed: a one-change variant. */
function prodWith(changes: Record<string, unknown>): Record<string, string> {
  const config = stackConfig("prod");
  for (const [key, value] of Object.entries(changes)) config[`genims:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  return config;
}

const servers = (run: ProgramRun) => run.resources.filter((r) => SERVERS.includes(r.type));
const childrenOf = (run: ProgramRun, parent: { type: string; name: string }, type: string) => run.resources.filter((r) => r.parent === id(parent.type, parent.name) && r.type === type);

let prod: ProgramRun;
let dev: ProgramRun;
beforeAll(async () => {
  prod = await runGenims("prod");
  dev = await runGenims("dev");
}, 60_000);

describe("private networking", () => {
  test("prod puts every server in its engine's delegated subnet with its private DNS zone, public access off", () => {
    const subnets = resourcesOfType(prod, "azure-native:network:Subnet");
    expect(subnets.map((s) => [s.inputs.subnetName, s.inputs.addressPrefix, (s.inputs.delegations as { serviceName: string }[]).map((d) => d.serviceName)])).toEqual([
      ["postgres-subnet", "10.60.0.0/24", ["Microsoft.DBforPostgreSQL/flexibleServers"]],
      ["mysql-subnet", "10.60.1.0/24", ["Microsoft.DBforMySQL/flexibleServers"]],
      ["endpoints-subnet", "10.60.2.0/24", []],
    ]);
    // The VNet takes one subnet operation at a time, like a server.
    expect(subnets.map((s) => s.dependsOn)).toEqual([["azure-native:network:VirtualNetwork::genims-network-vnet"], [id(subnets[0]!.type, subnets[0]!.name)], [id(subnets[1]!.type, subnets[1]!.name)]]);
    const zones = resourcesOfType(prod, "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName);
    // VNet-integrated servers get their own zones; privatelink.* is only for private endpoints (the vault's).
    expect(zones).toEqual(["genims-prod.private.postgres.database.azure.com", "genims-prod.private.mysql.database.azure.com", "privatelink.vaultcore.azure.net"]);
    expect(resourcesOfType(prod, "azure-native:privatedns:VirtualNetworkLink")).toHaveLength(3);
    for (const server of resourcesOfType(prod, PG_SERVER)) {
      expect(server.inputs.network).toEqual({ publicNetworkAccess: "Disabled", delegatedSubnetResourceId: "genims-network-subnet-postgres-id", privateDnsZoneArmResourceId: "genims-network-dns-postgres-id" });
    }
    for (const server of resourcesOfType(prod, MYSQL_SERVER)) {
      expect(server.inputs.network).toEqual({ publicNetworkAccess: "Disabled", delegatedSubnetResourceId: "genims-network-subnet-mysql-id", privateDnsZoneResourceId: "genims-network-dns-mysql-id" });
    }
  });

  test("prod reaches Atlas over Private Link: Atlas endpoint service, Azure private endpoint in the endpoints subnet, and the connection", () => {
    const service = findResource(prod, "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint", "mongo-private-link");
    expect(service.inputs).toEqual(expect.objectContaining({ providerName: "AZURE", region: "EUROPE_WEST" }));
    const endpoint = findResource(prod, "azure-native:network:PrivateEndpoint", "mongo-private-endpoint");
    expect(endpoint.inputs.subnet).toEqual(expect.objectContaining({ id: "genims-network-subnet-endpoints-id" }));
    expect(endpoint.inputs.manualPrivateLinkServiceConnections).toEqual([expect.objectContaining({ privateLinkServiceId: expect.stringContaining("privateLinkServices/mongo-private-link") })]);
    const connection = findResource(prod, "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService", "mongo-private-link-connection");
    expect(connection.inputs).toEqual(expect.objectContaining({ endpointServiceId: "mongo-private-endpoint-id", privateLinkId: "mongo-private-link-link-id", privateEndpointIpAddress: "10.60.2.4" }));
    // The cluster is created after the connection, and applications get its private address.
    expect(findResource(prod, "mongodbatlas:index/advancedCluster:AdvancedCluster", "mongo-cluster").dependsOn).toEqual([id(connection.type, connection.name)]);
    expect((prod.outputs.databases as Record<string, { host: string }>).genims_documents_db?.host).toBe("mongodb+srv://genims-prod-mongo-pl-0.mock.mongodb.net");
  });

  test("dev stays public behind its allow-list: no network, no private endpoint", () => {
    expect(resourcesOfType(dev, "azure-native:network:VirtualNetwork")).toEqual([]);
    expect(resourcesOfType(dev, "azure-native:network:PrivateEndpoint")).toEqual([]);
  });

  test("an existing network is used by ID and nothing network-shaped is created", async () => {
    const vnet = `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub`;
    const zone = (name: string) => `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/${name}`;
    const run = await runGenims(
      "prod",
      prodWith({
        existingPostgresSubnetId: `${vnet}/subnets/pg`,
        existingMysqlSubnetId: `${vnet}/subnets/mysql`,
        existingEndpointsSubnetId: `${vnet}/subnets/pe`,
        existingPostgresDnsZoneId: zone("hub.private.postgres.database.azure.com"),
        existingMysqlDnsZoneId: zone("hub.private.mysql.database.azure.com"),
      }),
    );
    expect(run.resources.filter((r) => r.type.startsWith("azure-native:network:V") || r.type.startsWith("azure-native:privatedns") || r.type === "azure-native:network:Subnet")).toEqual([]);
    expect(findResource(run, PG_SERVER, "pg-master-server").inputs.network).toEqual(expect.objectContaining({ delegatedSubnetResourceId: `${vnet}/subnets/pg`, privateDnsZoneArmResourceId: zone("hub.private.postgres.database.azure.com") }));
    expect(findResource(run, "azure-native:network:PrivateEndpoint", "mongo-private-endpoint").inputs.subnet).toEqual(expect.objectContaining({ id: `${vnet}/subnets/pe` }));
  });
});

describe("HA and DR", () => {
  test("Atlas: cloud backup with point-in-time restore, a daily/weekly/monthly schedule, termination protection", () => {
    expect(findResource(prod, "mongodbatlas:index/advancedCluster:AdvancedCluster", "mongo-cluster").inputs).toEqual(expect.objectContaining({ backupEnabled: true, pitEnabled: true, terminationProtectionEnabled: true }));
    const schedule = findResource(prod, "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", "mongo-backup-schedule");
    expect(schedule.inputs).toEqual(expect.objectContaining({ restoreWindowDays: 7, policyItemDaily: expect.objectContaining({ retentionUnit: "days", retentionValue: 35 }) }));
    // Geo-redundant: every snapshot and the oplog copied to the second region, into the cluster's zone.
    expect(schedule.inputs.copySettings).toEqual([expect.objectContaining({ cloudProvider: "AZURE", regionName: "EUROPE_NORTH", shouldCopyOplogs: true, zoneId: "mongo-cluster-zone-1" })]);
    expect(findResource(dev, "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", "mongo-backup-schedule").inputs.copySettings).toBeUndefined();
  });

  test("geo-redundant backups without a second Atlas region, or with the same region, are rejected", () => {
    const values = readNamespace(stackConfig("prod"));
    expect(() => validateEnvironment("prod", { ...values, atlasBackupCopyRegion: "" }, GENIMS_CATALOG)).toThrow(/genims:atlasBackupCopyRegion = "": is empty, but geoRedundantBackup is true/);
    expect(() => validateEnvironment("prod", { ...values, atlasBackupCopyRegion: "EUROPE_WEST" }, GENIMS_CATALOG)).toThrow(/is the cluster's own region/);
  });
});

describe("server parameters per CIS", () => {
  test("PostgreSQL loads pgaudit and logs DDL and role changes; MySQL audits connections", () => {
    for (const server of resourcesOfType(prod, PG_SERVER)) {
      const values = Object.fromEntries(childrenOf(prod, server, "azure-native:dbforpostgresql:Configuration").map((c) => [c.inputs.configurationName, c.inputs.value]));
      expect(String(values.shared_preload_libraries).split(",")).toContain("pgaudit");
      // Lowercase, as Azure lists the classes (packages/db-components/lib/serverParameters.ts).
      expect(values["pgaudit.log"]).toBe("ddl,role");
      expect(Number(values["logfiles.retention_days"])).toBeGreaterThanOrEqual(7);
    }
    for (const server of resourcesOfType(prod, MYSQL_SERVER)) {
      const values = Object.fromEntries(childrenOf(prod, server, "azure-native:dbformysql:Configuration").map((c) => [c.inputs.configurationName, c.inputs.value]));
      expect(values).toEqual(expect.objectContaining({ audit_log_enabled: "ON", audit_log_events: "CONNECTION", require_secure_transport: "ON", tls_version: "TLSv1.2,TLSv1.3" }));
    }
  });

  test("Atlas requires TLS 1.2 and audits the database", () => {
    expect(findResource(prod, "mongodbatlas:index/advancedCluster:AdvancedCluster", "mongo-cluster").inputs.advancedConfiguration).toEqual(expect.objectContaining({ minimumEnabledTlsProtocol: "TLS1_2" }));
    expect(findResource(prod, "mongodbatlas:index/auditing:Auditing", "mongo-auditing").inputs).toEqual(expect.objectContaining({ enabled: true }));
  });
});

describe("identity: Microsoft Entra ID", () => {
  test("every server has an Entra administrator, first in its queue, before any parameter or database", () => {
    for (const server of servers(prod)) {
      const isPg = server.type === PG_SERVER;
      const [admin] = childrenOf(prod, server, isPg ? "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra" : "azure-native:dbformysql:AzureADAdministrator");
      expect(admin?.dependsOn).toEqual([id(server.type, server.name)]);
      if (isPg) {
        expect(admin?.inputs).toEqual(expect.objectContaining({ principalName: "genims-dba-prod", principalType: "Group", objectId: DBA_GROUP, tenantId: TENANT }));
        expect(server.inputs.authConfig).toEqual({ activeDirectoryAuth: "Enabled", passwordAuth: "Enabled", tenantId: TENANT });
      } else {
        expect(admin?.inputs).toEqual(expect.objectContaining({ login: "genims-dba-prod", sid: DBA_GROUP, administratorType: "ActiveDirectory", identityResourceId: "genims-db-identity-id" }));
        expect(server.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: ["genims-db-identity-id"] });
      }
    }
  });

  test("the components support Entra-only servers: no password administrator at all, and MySQL sets aad_auth_only", async () => {
    const administrator = { tenantId: SUB, objectId: SUB, name: "genims-dba", type: "Group" as const };
    const run = await runProgram("entra-only", {}, () => {
      const common = { resourceGroupName: "rg", location: "westeurope", entraAdministrator: administrator, passwordAuthentication: false, identityId: "identity-id", protect: false };
      new PostgresCluster("pg", { ...common, serverName: "entra-pg", databases: GENIMS_CATALOG.postgres.slice(0, 1) });
      new MysqlCluster("mysql", { ...common, serverName: "entra-mysql", databases: GENIMS_CATALOG.mysql.slice(0, 1) });
      return {};
    });
    expect(resourcesOfType(run, "random:index/randomPassword:RandomPassword")).toEqual([]);
    const pg = findResource(run, PG_SERVER, "pg-server");
    expect(pg.inputs.authConfig).toEqual(expect.objectContaining({ passwordAuth: "Disabled", activeDirectoryAuth: "Enabled" }));
    expect(pg.inputs.administratorLogin).toBeUndefined();
    const mysql = findResource(run, MYSQL_SERVER, "mysql-server");
    expect(childrenOf(run, mysql, "azure-native:dbformysql:Configuration").find((c) => c.inputs.configurationName === "aad_auth_only")?.inputs.value).toBe("ON");
  });

  test("a stack cannot turn password authentication off while its access model uses password logins: the reason is named", () => {
    const values = { ...readNamespace(stackConfig("prod")), passwordAuthentication: false };
    expect(() => validateEnvironment("prod", values, GENIMS_CATALOG)).toThrow(/genims:passwordAuthentication = false: turns password authentication off, but the access model's application, reader and ETL logins authenticate with passwords/);
  });
});

describe("customer-managed keys (option)", () => {
  const vaultId = `/subscriptions/${SUB}/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/genims-keys`;
  const cmk = {
    customerManagedKeyUri: "https://genims-keys.vault.azure.net/keys/genims-data",
    customerManagedKeyVaultId: vaultId,
    geoBackupKeyUri: "https://genims-keys-paired.vault.azure.net/keys/genims-data",
    atlasAzureAppId: "11111111-1111-1111-1111-111111111111",
    atlasServicePrincipalId: "22222222-2222-2222-2222-222222222222",
  };

  test("encrypts PostgreSQL, MySQL (with the geo-backup key) and Atlas with the key", async () => {
    const run = await runGenims("prod", prodWith(cmk));
    for (const server of servers(run)) {
      expect(server.inputs.dataEncryption).toEqual({
        type: "AzureKeyVault",
        primaryKeyURI: cmk.customerManagedKeyUri,
        primaryUserAssignedIdentityId: "genims-db-identity-id",
        geoBackupKeyURI: cmk.geoBackupKeyUri,
        geoBackupUserAssignedIdentityId: "genims-db-identity-id",
      });
    }
    // The servers' identity can use the key before any server is handed it.
    const keyAccess = findResource(run, "azure-native:authorization:RoleAssignment", "genims-db-identity-key-access");
    expect(keyAccess.inputs).toEqual(
      expect.objectContaining({ scope: vaultId, principalId: "genims-db-identity-principal-id", roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6` }),
    );
    const ear = findResource(run, "mongodbatlas:index/encryptionAtRest:EncryptionAtRest", "mongo-encryption-at-rest");
    expect(ear.inputs.azureKeyVaultConfig).toEqual(expect.objectContaining({ enabled: true, keyVaultName: "genims-keys", resourceGroupName: "keys", subscriptionId: SUB, keyIdentifier: cmk.customerManagedKeyUri, roleId: "mongo-azure-access-authorization-role-id", requirePrivateNetworking: false }));
    const cluster = findResource(run, "mongodbatlas:index/advancedCluster:AdvancedCluster", "mongo-cluster");
    expect(cluster.inputs.encryptionAtRestProvider).toBe("AZURE");
    expect(cluster.dependsOn).toEqual([id(ear.type, ear.name), "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService::mongo-private-link-connection"]);
  });

  test("a partial key configuration is rejected with every missing piece named", () => {
    const values = { ...readNamespace(stackConfig("prod")), customerManagedKeyUri: "https://genims-keys.vault.azure.net/keys/genims-data", customerManagedKeyVaultId: vaultId.replace("genims-keys", "other-vault") };
    expect(() => validateEnvironment("prod", values, GENIMS_CATALOG)).toThrow(ConfigError);
    try {
      validateEnvironment("prod", values, GENIMS_CATALOG);
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(["genims:customerManagedKeyVaultId", "genims:geoBackupKeyUri", "genims:atlasAzureAppId", "genims:atlasServicePrincipalId"]);
    }
  });
});

describe("monitoring", () => {
  test("a Log Analytics workspace receives every server's logs and metrics", () => {
    expect(findResource(prod, "azure-native:operationalinsights:Workspace", "genims-logs-workspace").inputs).toEqual(expect.objectContaining({ workspaceName: "genims-prod-logs", retentionInDays: 90 }));
    for (const server of servers(prod)) {
      const [setting] = childrenOf(prod, server, DIAGNOSTICS);
      expect(setting?.inputs).toEqual(
        expect.objectContaining({
          resourceUri: `${server.name}-id`,
          workspaceId: "genims-logs-workspace-id",
          metrics: [{ category: "AllMetrics", enabled: true }],
          logs: server.type === PG_SERVER ? [{ categoryGroup: "allLogs", enabled: true }] : [{ category: "MySqlAuditLogs", enabled: true }, { category: "MySqlSlowLogs", enabled: true }],
        }),
      );
    }
  });

  test("an existing workspace is used by ID instead", async () => {
    const workspace = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central`;
    const run = await runGenims("prod", prodWith({ logAnalyticsWorkspaceId: workspace }));
    expect(resourcesOfType(run, "azure-native:operationalinsights:Workspace")).toEqual([]);
    for (const setting of resourcesOfType(run, DIAGNOSTICS)) expect(setting.inputs.workspaceId).toBe(workspace);
  });
});

describe("delete protection", () => {
  test("prod: a CanNotDelete lock on every server, itself protected; dev: none", () => {
    for (const server of servers(prod)) {
      const [lock] = childrenOf(prod, server, LOCK);
      expect(lock?.inputs).toEqual(expect.objectContaining({ scope: `${server.name}-id`, level: "CanNotDelete" }));
      expect(lock?.protect).toBe(true);
    }
    expect(resourcesOfType(dev, LOCK)).toEqual([]);
  });

  test("prod: the Key Vault is protected, locked, audited and reachable only through its private endpoint", () => {
    const vault = findResource(prod, "azure-native:keyvault:Vault", "secrets-vault");
    expect(vault.protect).toBe(true);
    expect(vault.inputs.properties).toEqual(expect.objectContaining({ enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" }));
    expect(childrenOf(prod, vault, LOCK).map((lock) => [lock.inputs.scope, lock.inputs.level, lock.protect])).toEqual([["secrets-vault-id", "CanNotDelete", true]]);
    expect(childrenOf(prod, vault, DIAGNOSTICS).map((d) => d.inputs.workspaceId)).toEqual(["genims-logs-workspace-id"]);
    const [endpoint] = childrenOf(prod, vault, "azure-native:network:PrivateEndpoint");
    expect(endpoint?.inputs).toEqual(expect.objectContaining({ privateLinkServiceConnections: [expect.objectContaining({ privateLinkServiceId: "secrets-vault-id", groupIds: ["vault"] })] }));
    expect(findResource(prod, "azure-native:network:PrivateDnsZoneGroup", "secrets-private-dns").inputs.privateDnsZoneConfigs).toEqual([{ name: "vault", privateDnsZoneId: "genims-network-dns-keyvault-id" }]);
    expect(resourcesOfType(dev, LOCK)).toEqual([]);
  });

  test("prod: network, identity and DNS zones are protected too", () => {
    for (const type of ["azure-native:network:VirtualNetwork", "azure-native:network:Subnet", "azure-native:privatedns:PrivateZone", "azure-native:managedidentity:UserAssignedIdentity"]) {
      for (const resource of resourcesOfType(prod, type)) expect([resource.name, resource.protect]).toEqual([resource.name, true]);
    }
  });
});

describe("config validation of the posture keys", () => {
  const issues = (changes: Record<string, unknown>) => {
    try {
      validateEnvironment("prod", { ...readNamespace(stackConfig("prod")), ...changes }, GENIMS_CATALOG);
    } catch (error) {
      return (error as ConfigError).issues;
    }
    return [];
  };
  test("private networking with public access is rejected", () => {
    expect(issues({ publicNetworkAccess: true })).toContainEqual(expect.objectContaining({ path: "genims:publicNetworkAccess", problem: expect.stringContaining("no public endpoint") }));
  });
  test("an existing network needs all five IDs, each of the right kind", () => {
    const found = issues({ existingPostgresSubnetId: `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub/subnets/pg`, existingMysqlDnsZoneId: "not-an-id" });
    expect(found.map((issue) => issue.path)).toEqual(["genims:existingMysqlSubnetId", "genims:existingEndpointsSubnetId", "genims:existingPostgresDnsZoneId", "genims:existingMysqlDnsZoneId"]);
  });
  test("an address space that cannot hold three /24 subnets is rejected", () => {
    expect(issues({ vnetAddressSpace: "10.60.0.0/24" })).toContainEqual(expect.objectContaining({ path: "genims:vnetAddressSpace", problem: "is not a /16 to /22 network address (did you mean 10.60.0.0/22?)" }));
  });
  test("Entra ids must be GUIDs", () => {
    expect(issues({ entraAdminObjectId: "dba-group" })).toContainEqual(expect.objectContaining({ path: "genims:entraAdminObjectId", value: "dba-group" }));
  });
});
