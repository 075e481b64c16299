import { GENIMS_CATALOG, allDatabases } from "../catalog";
import { POSTGRES_BASELINE_PARAMETERS } from "../packages/db-components/lib/postgresServer";
import { MYSQL_BASELINE_PARAMETERS } from "../packages/db-components/lib/mysqlServer";
import { renderInventory } from "../scripts/lib/inventory";
import { MOCK_PASSWORD_PREFIX, type ProgramRun, findResource, id, resourcesOfType, runGenims } from "./harness";

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const PG_DATABASE = "azure-native:dbforpostgresql:Database";
const PG_CONFIGURATION = "azure-native:dbforpostgresql:Configuration";
const PG_FIREWALL = "azure-native:dbforpostgresql:FirewallRule";
const MYSQL_SERVER = "azure-native:dbformysql:Server";
const MYSQL_DATABASE = "azure-native:dbformysql:Database";
const MYSQL_CONFIGURATION = "azure-native:dbformysql:Configuration";
const MYSQL_FIREWALL = "azure-native:dbformysql:FirewallRule";
const ATLAS_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const ATLAS_ACCESS = "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList";

const SERVER_OPERATIONS = [
  PG_CONFIGURATION,
  PG_DATABASE,
  PG_FIREWALL,
  "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra",
  MYSQL_CONFIGURATION,
  MYSQL_DATABASE,
  MYSQL_FIREWALL,
  "azure-native:dbformysql:AzureADAdministrator",
];

let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
}, 60_000);

/** database name → physical server name, as registered. */
function placement(run: ProgramRun): Record<string, string> {
  const servers = new Map(run.resources.filter((r) => r.type === PG_SERVER || r.type === MYSQL_SERVER).map((r) => [id(r.type, r.name), String(r.inputs.serverName)]));
  const result: Record<string, string> = {};
  for (const database of [...resourcesOfType(run, PG_DATABASE), ...resourcesOfType(run, MYSQL_DATABASE)]) {
    result[String(database.inputs.databaseName)] = servers.get(database.parent ?? "") ?? "<not parented to a server>";
    expect(database.inputs.serverName).toBe(result[String(database.inputs.databaseName)]);
  }
  return result;
}

describe.each([
  ["dev", () => dev],
  ["prod", () => prod],
])("%s stack", (stack, run) => {
  test("all 17 databases exist with the seed's names", () => {
    const registered = [...resourcesOfType(run(), PG_DATABASE), ...resourcesOfType(run(), MYSQL_DATABASE)].map((r) => String(r.inputs.databaseName));
    expect(registered.sort()).toEqual([...GENIMS_CATALOG.postgres, ...GENIMS_CATALOG.mysql].map((d) => d.name).sort());
    expect(run().outputs.atlas).toEqual(expect.objectContaining({ database: GENIMS_CATALOG.mongo.name }));
    expect(Object.keys(run().outputs.databases as object).sort()).toEqual(allDatabases(GENIMS_CATALOG).map((d) => d.name).sort());
  });

  test("every server carries the secure parameter baseline", () => {
    for (const server of [...resourcesOfType(run(), PG_SERVER), ...resourcesOfType(run(), MYSQL_SERVER)]) {
      const isPg = server.type === PG_SERVER;
      const params = resourcesOfType(run(), isPg ? PG_CONFIGURATION : MYSQL_CONFIGURATION).filter((c) => c.parent === id(server.type, server.name));
      const values = Object.fromEntries(params.map((p) => [p.inputs.configurationName, p.inputs.value]));
      expect(values).toEqual(isPg ? POSTGRES_BASELINE_PARAMETERS : MYSQL_BASELINE_PARAMETERS);
      expect(values.require_secure_transport).toMatch(/^on$/i);
    }
  });

  test("every credential is secret and its value appears nowhere in plain text", () => {
    const passwords = resourcesOfType(run(), "random:index/randomPassword:RandomPassword");
    expect(passwords.length).toBeGreaterThan(0);
    for (const server of [...resourcesOfType(run(), PG_SERVER), ...resourcesOfType(run(), MYSQL_SERVER)]) {
      expect(server.secretInputs).toContain("administratorLoginPassword");
      expect(server.additionalSecretOutputs).toContain("administratorLoginPassword");
      expect(String(server.inputs.administratorLoginPassword)).toContain(MOCK_PASSWORD_PREFIX);
    }
    for (const resource of run().resources) {
      for (const [property, value] of Object.entries(resource.inputs)) {
        if (JSON.stringify(value ?? null).includes(MOCK_PASSWORD_PREFIX)) expect([resource.name, resource.secretInputs]).toEqual([resource.name, expect.arrayContaining([property])]);
      }
    }
    expect(JSON.stringify(run().outputs)).not.toContain(MOCK_PASSWORD_PREFIX);
    expect(renderInventory(stack, run())).not.toContain(MOCK_PASSWORD_PREFIX);
  });

  test("a server's children run one at a time; servers never wait on each other", () => {
    const byId = new Map(run().resources.map((r) => [id(r.type, r.name), r] as const));
    const servers = [...resourcesOfType(run(), PG_SERVER), ...resourcesOfType(run(), MYSQL_SERVER)];
    for (const server of servers) {
      const serverId = id(server.type, server.name);
      // Azure control-plane operations on the server; diagnostic settings and locks are extension
      // resources of other providers (Microsoft.Insights, Microsoft.Authorization) and need no queue.
      const children = run().resources.filter((r) => r.parent === serverId && SERVER_OPERATIONS.includes(r.type));
      expect(children.length).toBeGreaterThan(5);
      // A single chain: server ← child 1 ← child 2 ← … each child waits for exactly the one before.
      let previous = serverId;
      for (const child of children) {
        expect([child.name, child.dependsOn]).toEqual([child.name, [previous]]);
        previous = id(child.type, child.name);
      }
      // The server itself depends on nothing of another server.
      expect(server.dependsOn).toEqual([]);
      for (const child of children) for (const dependency of child.dependsOn) expect(byId.get(dependency)?.parent === serverId || dependency === serverId).toBe(true);
    }
    const access = resourcesOfType(run(), ATLAS_ACCESS);
    access.forEach((entry, index) => expect(entry.dependsOn).toEqual([index === 0 ? id("mongodbatlas:index/project:Project", "mongo-project") : id(ATLAS_ACCESS, access[index - 1]!.name)]));
  });

  test("the same config gives an identical inventory twice", async () => {
    const again = await runGenims(stack);
    expect(renderInventory(stack, again)).toBe(renderInventory(stack, run()));
  });
});

describe("dev: cheap and consolidated", () => {
  test("the PostgreSQL and MySQL providers wait for their server's last operation, so no role races its firewall rule", () => {
    for (const [server, provider] of [
      [PG_SERVER, "pulumi:providers:postgresql"],
      [MYSQL_SERVER, "pulumi:providers:mysql"],
    ] as const) {
      const serverRecord = resourcesOfType(dev, server)[0]!;
      const queued = dev.resources.filter((r) => r.parent === id(serverRecord.type, serverRecord.name) && SERVER_OPERATIONS.includes(r.type));
      const last = queued[queued.length - 1]!;
      // The firewall rule is in that queue, before the databases.
      expect(queued.map((r) => r.type)).toContain(server === PG_SERVER ? PG_FIREWALL : MYSQL_FIREWALL);
      // PostgreSQL also has one provider per module database (its roles' REASSIGN/DROP OWNED run
      // there), which waits for its database as well.
      const providers = resourcesOfType(dev, provider);
      expect(providers.length).toBe(server === PG_SERVER ? 1 + GENIMS_CATALOG.postgres.length : 1);
      for (const p of providers) {
        expect(p.dependsOn[0]).toBe(id(last.type, last.name));
        expect(p.dependsOn.length).toBe(p.inputs.database === undefined || p.inputs.database === "postgres" ? 1 : 2);
      }
    }
  });

  test("one PostgreSQL server hosts all 13 databases, one MySQL server the 3", () => {
    const where = placement(dev);
    expect(new Set(GENIMS_CATALOG.postgres.map((d) => where[d.name]))).toEqual(new Set(["genims-dev-pg-core"]));
    expect(new Set(GENIMS_CATALOG.mysql.map((d) => where[d.name]))).toEqual(new Set(["genims-dev-mysql-core"]));
  });

  test("public access is limited to the seed's client IP 14.96.208.122 on every server and in Atlas", () => {
    const rules = [...resourcesOfType(dev, PG_FIREWALL), ...resourcesOfType(dev, MYSQL_FIREWALL)];
    expect(rules.map((r) => [r.inputs.serverName, r.inputs.firewallRuleName, r.inputs.startIpAddress, r.inputs.endIpAddress])).toEqual([
      ["genims-dev-pg-core", "design-client", "14.96.208.122", "14.96.208.122"],
      ["genims-dev-mysql-core", "design-client", "14.96.208.122", "14.96.208.122"],
    ]);
    expect(resourcesOfType(dev, ATLAS_ACCESS).map((r) => r.inputs.cidrBlock)).toEqual(["14.96.208.122/32"]);
    expect(findResource(dev, PG_SERVER, "pg-core-server").inputs.network).toEqual({ publicNetworkAccess: "Enabled" });
  });

  test("a small Atlas cluster without delete protection; nothing protected", () => {
    const cluster = findResource(dev, ATLAS_CLUSTER, "mongo-cluster");
    expect(JSON.stringify(cluster.inputs.replicationSpecs)).toContain('"instanceSize":"M10"');
    expect(dev.resources.filter((r) => r.protect).map((r) => r.name)).toEqual([]);
  });
});

describe("prod: separated along the seed's scaling clusters, protected", () => {
  test("each PostgreSQL database sits on the server of its scaling cluster", () => {
    const where = placement(prod);
    for (const database of GENIMS_CATALOG.postgres) expect([database.name, where[database.name]]).toEqual([database.name, `genims-prod-pg-${database.scalingCluster}`]);
    expect(where.genims_reporting_db).toBe("genims-prod-mysql-reporting");
    expect(where.genims_analytics_db).toBe("genims-prod-mysql-reporting");
    expect(where.genims_audit_db).toBe("genims-prod-mysql-compliance");
  });

  test("zone-redundant HA, geo-redundant backups kept 35 days, no public access, no firewall rule", () => {
    for (const server of [...resourcesOfType(prod, PG_SERVER), ...resourcesOfType(prod, MYSQL_SERVER)]) {
      expect(server.inputs.highAvailability).toEqual({ mode: "ZoneRedundant", standbyAvailabilityZone: "2" });
      expect(server.inputs.backup).toEqual(expect.objectContaining({ backupRetentionDays: 35, geoRedundantBackup: "Enabled" }));
      expect(server.inputs.network).toEqual(expect.objectContaining({ publicNetworkAccess: "Disabled" }));
      // A failover swaps zones: that must not show as drift. An auto-grown disk neither (issue 10).
      expect(server.ignoreChanges).toEqual(["availabilityZone", "highAvailability.standbyAvailabilityZone", "storage.storageSizeGB"]);
    }
    expect([...resourcesOfType(prod, PG_FIREWALL), ...resourcesOfType(prod, MYSQL_FIREWALL), ...resourcesOfType(prod, ATLAS_ACCESS)]).toEqual([]);
  });

  test("every stateful resource is protected from deletion, and Atlas termination protection is on", () => {
    const stateful = [PG_SERVER, PG_DATABASE, MYSQL_SERVER, MYSQL_DATABASE, ATLAS_CLUSTER, "mongodbatlas:index/project:Project", "azure-native:resources:ResourceGroup"];
    const resources = prod.resources.filter((r) => stateful.includes(r.type));
    expect(resources).toHaveLength(1 + 7 + 13 + 2 + 3 + 1 + 1);
    for (const resource of resources) expect([resource.name, resource.protect]).toEqual([resource.name, true]);
    expect(findResource(prod, ATLAS_CLUSTER, "mongo-cluster").inputs).toEqual(expect.objectContaining({ terminationProtectionEnabled: true, backupEnabled: true, pitEnabled: true }));
  });
});
