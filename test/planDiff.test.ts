import { MYSQL_SERVER, PG_DATABASE, PG_SERVER, type PlanInventory, type PlannedResource, compareVersions, findReplacements, parsePlan, renderFindings, resourceKey, summarizeChanges } from "../scripts/lib/planDiff";
import { compareSnapshot } from "../scripts/lib/snapshots";

/** A synthetic inventory: the tests do not depend on what the committed plans contain today. */
function inventory(...resources: PlannedResource[]): PlanInventory {
  return new Map(resources.map((resource) => [resourceKey(resource.type, resource.name), resource]));
}

const prodServer = (inputs: Record<string, string> = {}): PlannedResource => ({
  type: PG_SERVER,
  name: "pg-master-server",
  inputs: {
    serverName: "genims-prod-pg-master",
    location: "westeurope",
    resourceGroupName: "rg-genims-prod",
    administratorLogin: "genimsadmin",
    version: "16",
    availabilityZone: "1",
    "storage.storageSizeGB": "128",
    "backup.geoRedundantBackup": "Enabled",
    "sku.name": "Standard_D4ds_v5",
    ...inputs,
  },
});
const database = (inputs: Record<string, string> = {}): PlannedResource => ({
  type: PG_DATABASE,
  name: "pg-master-db-genims-master-db",
  inputs: { databaseName: "genims_master_db", serverName: "genims-prod-pg-master", charset: "UTF8", ...inputs },
});
const before = inventory(prodServer(), database());

describe("replacement detection over two plans", () => {
  test("a prod server rename is flagged as a replacement", () => {
    const findings = findReplacements(before, inventory(prodServer({ serverName: "genims-prod-pg-main" }), database()));
    expect(findings).toEqual([expect.objectContaining({ severity: "replace", type: PG_SERVER, name: "pg-master-server", property: "serverName", before: "genims-prod-pg-master", after: "genims-prod-pg-main" })]);
  });

  test("a storage grow is not flagged; a shrink is refused by Azure (not a replacement: azure-native sends it as an update); with ignoreChanges neither reaches Azure", () => {
    expect(findReplacements(before, inventory(prodServer({ "storage.storageSizeGB": "256" }), database()))).toEqual([]);
    expect(findReplacements(before, inventory(prodServer({ "storage.storageSizeGB": "64" }), database()))).toEqual([
      expect.objectContaining({ severity: "refused", property: "storage.storageSizeGB", before: "128", after: "64" }),
    ]);
    const ignoring = (size: string) => ({ ...prodServer({ "storage.storageSizeGB": size }), ignoreChanges: ["storage.storageSizeGB"] });
    expect(findReplacements(inventory(ignoring("128")), inventory(ignoring("64")))).toEqual([expect.objectContaining({ severity: "ignored", property: "storage.storageSizeGB" })]);
  });

  test("moving a PostgreSQL server into a delegated subnet or onto a customer-managed key is refused (fixed at creation; azure-native does not replace on nested properties)", () => {
    expect(findReplacements(before, inventory(prodServer({ "network.delegatedSubnetResourceId": "subnet-id" }), database()))).toEqual([
      expect.objectContaining({ severity: "refused", property: "network.delegatedSubnetResourceId", before: undefined, after: "subnet-id" }),
    ]);
    expect(findReplacements(before, inventory(prodServer({ "dataEncryption.type": "AzureKeyVault" }), database()))).toEqual([expect.objectContaining({ severity: "refused", property: "dataEncryption.type" })]);
  });

  test("a MySQL network change is a replacement (network is create-only, top level, at 2024-02-01-preview)", () => {
    const mysql = (access: string): PlannedResource => ({ type: MYSQL_SERVER, name: "mysql-core-server", inputs: { serverName: "s", "network.publicNetworkAccess": access } });
    expect(findReplacements(inventory(mysql("Enabled")), inventory(mysql("Disabled")))).toEqual([expect.objectContaining({ severity: "replace", property: "network.publicNetworkAccess" })]);
  });

  test("a removed database is flagged as a deletion", () => {
    expect(findReplacements(before, inventory(prodServer()))).toEqual([expect.objectContaining({ severity: "delete", type: PG_DATABASE, name: "pg-master-db-genims-master-db", property: undefined })]);
  });

  test("a database moved to another server is a replacement", () => {
    expect(findReplacements(before, inventory(prodServer(), database({ serverName: "genims-prod-pg-other" })))).toEqual([expect.objectContaining({ severity: "replace", type: PG_DATABASE, property: "serverName" })]);
  });

  test("tags and maintenance windows change in place, unflagged; a SKU change is flagged as a restart, not a replacement", () => {
    expect(findReplacements(before, inventory(prodServer({ "tags.owner": "x", "maintenanceWindow.dayOfWeek": "3", "maintenanceWindow.startHour": "5" }), database()))).toEqual([]);
    expect(findReplacements(before, inventory(prodServer({ "sku.name": "Standard_D8ds_v5" }), database()))).toEqual([
      expect.objectContaining({ severity: "restart", property: "sku.name", before: "Standard_D4ds_v5", after: "Standard_D8ds_v5", why: expect.stringContaining("restarts the server") }),
    ]);
  });

  test("a static server parameter change is flagged as a restart; a dynamic one is not", () => {
    const parameter = (name: string, configurationName: string, value: string): PlannedResource => ({ type: "azure-native:dbforpostgresql:Configuration", name, inputs: { configurationName, value } });
    const was = inventory(parameter("p1", "shared_preload_libraries", "pg_stat_statements,pgaudit"), parameter("p2", "log_connections", "on"));
    const now = inventory(parameter("p1", "shared_preload_libraries", "pg_cron,pg_stat_statements,pgaudit"), parameter("p2", "log_connections", "off"));
    expect(findReplacements(was, now)).toEqual([expect.objectContaining({ severity: "restart", name: "p1", why: expect.stringContaining("shared_preload_libraries is a static server parameter") })]);
    expect(renderFindings("prod", findReplacements(was, now))).toContain("!!  RESTART azure-native:dbforpostgresql:Configuration p1 value:");
  });

  test("the parser keeps the [protect] flag", () => {
    const parsed = parsePlan(["+ azure-native:dbforpostgresql:Server  a", "    [protect] [after x]", "    serverName: a", "+ azure-native:dbforpostgresql:Server  b", "    serverName: b"].join("\n"));
    expect([...parsed.values()].map((r) => [r.name, r.protect === true, r.inputs])).toEqual([
      ["a", true, { serverName: "a" }],
      ["b", false, { serverName: "b" }],
    ]);
  });

  test("versions: a downgrade replaces, a major upgrade is flagged for review, a minor one is not", () => {
    expect(findReplacements(before, inventory(prodServer({ version: "15" }), database()))).toEqual([expect.objectContaining({ severity: "replace", property: "version" })]);
    expect(findReplacements(before, inventory(prodServer({ version: "17" }), database()))).toEqual([expect.objectContaining({ severity: "review", property: "version" })]);
    const mysql = (version: string) => inventory({ type: MYSQL_SERVER, name: "m", inputs: { version } });
    expect(findReplacements(mysql("8.0.21"), mysql("8.4"))).toEqual([expect.objectContaining({ severity: "review" })]);
    expect(findReplacements(mysql("8.0.21"), mysql("8.0.37"))).toEqual([]);
    expect(compareVersions("8.0.21", "8.4")).toBeLessThan(0);
    expect(compareVersions("9", "16")).toBeLessThan(0);
  });

  test("an availability zone change is not applied (ignoreChanges); administrator login and location replace", () => {
    const zoned = (inputs: Record<string, string>) => ({ ...prodServer(inputs), ignoreChanges: ["availabilityZone"] });
    const findings = findReplacements(inventory(zoned({})), inventory(zoned({ availabilityZone: "2", administratorLogin: "root2", location: "northeurope" })));
    expect(findings.map((f) => [f.severity, f.property])).toEqual([
      ["replace", "administratorLogin"],
      ["replace", "location"],
      ["ignored", "availabilityZone"],
    ]);
    expect(findings[2]!.why).toContain("ignoreChanges");
  });

  test("an Atlas cluster rename is a replacement, a region change is in place (replication_specs are updated by PATCH); stateless resources never are", () => {
    const cluster = (region: string, name = "genims-prod-mongo") =>
      inventory(
        { type: "mongodbatlas:index/advancedCluster:AdvancedCluster", name: "mongo-cluster", inputs: { name, projectId: "p", "replicationSpecs[0].regionConfigs[0].regionName": region } },
        { type: "azure-native:dbforpostgresql:FirewallRule", name: "fw", inputs: { startIpAddress: region } },
      );
    expect(findReplacements(cluster("EUROPE_WEST"), cluster("EUROPE_NORTH"))).toEqual([]);
    expect(findReplacements(cluster("EUROPE_WEST"), cluster("EUROPE_WEST", "other")).map((f) => f.property)).toEqual(["name"]);
    expect(findReplacements(cluster("EUROPE_WEST"), new Map())).toEqual([expect.objectContaining({ severity: "delete", name: "mongo-cluster" })]);
  });

  test("the report is loud and names the resource and the change", () => {
    const report = renderFindings("prod", findReplacements(before, inventory(prodServer({ serverName: "x" }))));
    expect(report).toContain("!!! WILL DELETE azure-native:dbforpostgresql:Database pg-master-db-genims-master-db");
    expect(report).toContain("!!! WILL REPLACE azure-native:dbforpostgresql:Server pg-master-server serverName: genims-prod-pg-master -> x");
    expect(renderFindings("prod", [])).toBe("prod: no stateful resource is replaced or deleted\n");
  });
});

describe("plan parser", () => {
  const text = [
    "# Offline plan",
    "## pg-master (genims:database:PostgresCluster)",
    "+ genims:database:PostgresCluster  pg-master",
    "+ azure-native:dbforpostgresql:Server  pg-master-server  (parent pg-master)",
    "    [protect] [ignoreChanges availabilityZone]",
    "    serverName: genims-prod-pg-master",
    "    authConfig.tenantId: ",
    "    some.future.line without a colon",
    "## a section nobody knows yet",
    "    orphan: indented line outside any resource",
    "## Stack outputs",
    '    "serverName": "not an input"',
  ].join("\n");

  test("reads headers and indented inputs, ignores flags, unknown sections and outputs", () => {
    const parsed = parsePlan(text);
    expect([...parsed.keys()]).toEqual(["genims:database:PostgresCluster  pg-master", `${PG_SERVER}  pg-master-server`]);
    expect(parsed.get(`${PG_SERVER}  pg-master-server`)!.inputs).toEqual({ serverName: "genims-prod-pg-master", "authConfig.tenantId": "" });
  });

  test("a stale snapshot is reported with its changes; an identical one is not", () => {
    const renamed = text.replace("serverName: genims-prod-pg-master", "serverName: genims-prod-pg-renamed");
    const stale = compareSnapshot("prod", text, renamed);
    expect(stale.stale).toBe(true);
    expect(stale.changes).toEqual({ added: [], removed: [], changed: [`${PG_SERVER}  pg-master-server`] });
    expect(stale.findings.map((f) => f.severity)).toEqual(["replace"]);
    expect(compareSnapshot("prod", text, text)).toEqual(expect.objectContaining({ stale: false, findings: [] }));
    expect(summarizeChanges(parsePlan(text), parsePlan(""))).toEqual({ added: [], removed: [...parsePlan(text).keys()].sort(), changed: [] });
  });
});
