import { GENIMS_CATALOG } from "../catalog";
import { configWith } from "../lifecycle/scenario";
import { readNamespace } from "../config/load";
import { configIssues } from "./configIssues";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICIES } from "../policy/policies";
import { type ProgramRun, REPO_ROOT, findResource, id, resourcesOfType, runGenims, stackConfig } from "./harness";
import { evaluate, formatViolations, fromRun } from "./policyHarness";

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const MYSQL_SERVER = "azure-native:dbformysql:Server";
const PG_DATABASE = "azure-native:dbforpostgresql:Database";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const METRIC_ALERT = "azure-native:monitor:MetricAlert";
const DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting";
const SECRET = "azure-native:keyvault:Secret";
const ATLAS_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const RESTORE_JOB = "mongodbatlas:index/cloudBackupSnapshotRestoreJob:CloudBackupSnapshotRestoreJob";
const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const MOMENT = "2026-11-20T03:15:00Z";
const DR_SUBNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-genims-dr/providers/Microsoft.Network/virtualNetworks/genims-prod-dr-vnet/subnets/mysql";

/** The prod stack file with these changes to its `genims:` keys (server objects edited in place). */
const prodWith = (edit: (values: Record<string, unknown>) => void) => configWith("prod", edit);
const servers = (values: Record<string, unknown>, key: "postgresServers" | "mysqlServers") => values[key] as Record<string, Record<string, unknown>>;

let pitr: ProgramRun;
let cutover: ProgramRun;
let geo: ProgramRun;
let atlas: ProgramRun;
beforeAll(async () => {
  pitr = await runGenims("prod", prodWith((v) => { v.azureSubscriptionId = SUBSCRIPTION; servers(v, "postgresServers").master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, adopt: true }; }));
  cutover = await runGenims("prod", prodWith((v) => { v.azureSubscriptionId = SUBSCRIPTION; servers(v, "postgresServers").master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, adopt: true, cutover: true }; }));
  geo = await runGenims("prod", prodWith((v) => { v.azureSubscriptionId = SUBSCRIPTION; servers(v, "mysqlServers").compliance!.restore = { mode: "GeoRestore", pointInTimeUTC: MOMENT, location: "northeurope", suffix: "dr", subnetId: DR_SUBNET, adopt: true }; }));
  atlas = await runGenims("prod", prodWith((v) => { v.atlasRestore = { mode: "pointInTime", pointInTimeUTC: MOMENT, cutover: true }; }));
}, 120_000);

describe("point-in-time restore of a server", () => {
  test("a new server, created from the source's backup at the moment asked, with what Azure takes on a restore and nothing it refuses", () => {
    const server = findResource(pitr, PG_SERVER, "pg-master-r1-server");
    expect(server.inputs).toEqual(expect.objectContaining({ serverName: "genims-prod-pg-master-r1", location: "westeurope", createMode: "PointInTimeRestore", sourceServerResourceId: "pg-master-server-id", pointInTimeUTC: MOMENT }));
    // Version, administrator and storage come from the source; HA, maintenance window and auth are set on an update.
    for (const property of ["version", "administratorLogin", "administratorLoginPassword", "highAvailability", "storage", "authConfig", "maintenanceWindow"]) expect(server.inputs).not.toHaveProperty(property);
    expect(server.inputs.network).toEqual(expect.objectContaining({ delegatedSubnetResourceId: expect.any(String), publicNetworkAccess: "Disabled" }));
    expect(server.inputs.tags).toEqual(expect.objectContaining({ "genims-restored-from": "genims-prod-pg-master", "genims-restore-point": MOMENT }));
    // The source is untouched.
    expect(findResource(pitr, PG_SERVER, "pg-master-server").inputs).not.toHaveProperty("createMode");
  });

  test("placed, secured and monitored like any server: protected, locked, alerts, diagnostics; its databases adopted, not created", () => {
    const server = findResource(pitr, PG_SERVER, "pg-master-r1-server");
    expect(server.protect).toBe(true);
    const children = pitr.resources.filter((r) => r.parent === id(server.type, server.name));
    expect(children.filter((r) => r.type === LOCK)).toHaveLength(1);
    expect(children.filter((r) => r.type === DIAGNOSTICS)).toHaveLength(1);
    expect(children.filter((r) => r.type === METRIC_ALERT).map((r) => r.inputs.ruleName).sort()).toEqual(["connections", "cpu", "memory", "storage"].map((k) => `genims-prod-pg-master-r1-${k}`));
    const database = findResource(pitr, PG_DATABASE, "pg-master-r1-db-genims-master-db");
    expect(database.importId).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-genims-prod/providers/Microsoft.DBforPostgreSQL/flexibleServers/genims-prod-pg-master-r1/databases/genims_master_db`);
    expect(database.protect).toBe(true);
    // The restored server has no administrator password of its own: it keeps the source's.
    expect(pitr.resources.filter((r) => r.name === "pg-master-r1-admin-password")).toEqual([]);
  });

  test("before cutover applications keep the source; after cutover outputs and Key Vault connection strings move to the restored server", () => {
    const databases = (run: ProgramRun) => run.outputs.databases as Record<string, { server: string; host: string }>;
    expect(databases(pitr).genims_master_db).toEqual(expect.objectContaining({ server: "genims-prod-pg-master" }));
    expect(databases(cutover).genims_master_db).toEqual(expect.objectContaining({ server: "genims-prod-pg-master-r1" }));
    expect(databases(cutover).genims_operations_db).toEqual(expect.objectContaining({ server: "genims-prod-pg-operations" }));
    const masterSecrets = (run: ProgramRun) => resourcesOfType(run, SECRET).filter((s) => JSON.stringify(s.inputs.properties).includes("genims_master_db"));
    expect(masterSecrets(cutover).length).toBeGreaterThan(0);
    for (const secret of masterSecrets(cutover)) expect(JSON.stringify(secret.inputs.properties)).toContain("genims-prod-pg-master-r1");
    for (const secret of masterSecrets(pitr)) expect(JSON.stringify(secret.inputs.properties)).not.toContain("genims-prod-pg-master-r1");
    expect(cutover.outputs.restores).toEqual([expect.objectContaining({ source: "genims-prod-pg-master", name: "genims-prod-pg-master-r1", cutover: true, mode: "PointInTimeRestore" })]);
  });

  test("after cutover the server's access providers connect to the restored server (same URNs) and its login passwords are generated anew; other servers keep theirs", () => {
    const providers = (run: ProgramRun) => resourcesOfType(run, "pulumi:providers:postgresql").filter((p) => p.name.startsWith("pg-master-access-provider")).map((p) => [p.name, p.parent, p.inputs.host]);
    const before = providers(pitr);
    expect(before.length).toBeGreaterThan(1);
    expect(before.every(([, , host]) => host === "genims-prod-pg-master.postgres.database.azure.com")).toBe(true);
    expect(providers(cutover)).toEqual(before.map(([name, parent]) => [name, parent, "genims-prod-pg-master-r1.postgres.database.azure.com"]));
    const keepers = (run: ProgramRun, prefix: string) => resourcesOfType(run, "random:index/randomPassword:RandomPassword").filter((p) => p.name.startsWith(prefix)).map((p) => p.inputs.keepers);
    const logins = keepers(pitr, "pg-master-access-password-").length;
    expect(logins).toBeGreaterThan(0);
    expect(keepers(pitr, "pg-master-access-password-")).toEqual(Array(logins).fill({ rotation: "0" }));
    expect(keepers(cutover, "pg-master-access-password-")).toEqual(Array(logins).fill({ servedBy: "genims-prod-pg-master-r1", rotation: "0" }));
    expect(keepers(cutover, "pg-operations-access-password-")).toEqual(keepers(pitr, "pg-operations-access-password-"));
  });
});

describe("geo-restore of a server into the paired region", () => {
  test("MySQL names the moment restorePointInTime; the server lands in the recovery region's delegated subnet (with the stack's DNS zone), without geo-redundancy, and reports the restore point it really gets", () => {
    const server = findResource(geo, MYSQL_SERVER, "mysql-compliance-dr-server");
    expect(server.inputs).toEqual(expect.objectContaining({ serverName: "genims-prod-mysql-compliance-dr", location: "northeurope", createMode: "GeoRestore", restorePointInTime: MOMENT, sourceServerResourceId: "mysql-compliance-server-id" }));
    expect(server.inputs).not.toHaveProperty("pointInTimeUTC");
    expect(server.inputs.network).toEqual(expect.objectContaining({ delegatedSubnetResourceId: DR_SUBNET, privateDnsZoneResourceId: "genims-network-dns-mysql-id" }));
    expect(server.inputs.backup).toEqual(expect.objectContaining({ geoRedundantBackup: "Disabled" }));
    expect(server.inputs.tags).toEqual(expect.objectContaining({ "genims-restore-point": `latest geo-replicated backup at or before ${MOMENT}` }));
    expect(geo.outputs.restores).toEqual([expect.objectContaining({ mode: "GeoRestore", restorePoint: `latest geo-replicated backup at or before ${MOMENT}` })]);
    expect(server.protect).toBe(true);
  });

  test("the restored server and what hangs under it live in a resource group of the recovery region, created protected; a point-in-time restore stays in the stack's", () => {
    const group = findResource(geo, "azure-native:resources:ResourceGroup", "recovery-rg-genims-prod-dr");
    expect(group.inputs).toEqual(expect.objectContaining({ resourceGroupName: "rg-genims-prod-dr", location: "northeurope" }));
    expect(group.protect).toBe(true);
    expect(findResource(geo, MYSQL_SERVER, "mysql-compliance-dr-server").inputs.resourceGroupName).toBe("rg-genims-prod-dr");
    const underRestored = geo.resources.filter((r) => r.name.startsWith("mysql-compliance-dr-") && r.custom && "resourceGroupName" in r.inputs);
    expect(underRestored.length).toBeGreaterThan(5);
    for (const r of underRestored) expect([r.name, r.inputs.resourceGroupName]).toEqual([r.name, "rg-genims-prod-dr"]);
    expect(findResource(geo, "azure-native:dbformysql:Database", "mysql-compliance-dr-db-genims-audit-db").importId).toMatch(/\/resourceGroups\/rg-genims-prod-dr\/providers\/Microsoft\.DBforMySQL\/flexibleServers\/genims-prod-mysql-compliance-dr\/databases\//);
    expect(geo.outputs.restores).toEqual([expect.objectContaining({ resourceGroupName: "rg-genims-prod-dr" })]);
    expect(findResource(pitr, PG_SERVER, "pg-master-r1-server").inputs.resourceGroupName).toBe("rg-genims-prod");
    expect(resourcesOfType(pitr, "azure-native:resources:ResourceGroup").map((r) => r.name)).toEqual(["genims-resource-group"]);
  });
});

describe("Atlas restore", () => {
  test("a new cluster in the project, a point-in-time restore job into it, and the cutover of the application address", () => {
    const restored = findResource(atlas, ATLAS_CLUSTER, "mongo-cluster-r1");
    expect(restored.inputs).toEqual(expect.objectContaining({ name: "genims-prod-mongo-r1", backupEnabled: true, pitEnabled: true, terminationProtectionEnabled: true }));
    expect(restored.protect).toBe(true);
    const job = findResource(atlas, RESTORE_JOB, "mongo-restore-job-r1");
    expect(job.inputs).toEqual({
      projectId: "mongo-project-id",
      clusterName: "genims-prod-mongo",
      deliveryTypeConfig: { pointInTime: true, pointInTimeUtcSeconds: Date.parse(MOMENT) / 1000, targetClusterName: "genims-prod-mongo-r1", targetProjectId: "mongo-project-id" },
    });
    // Protected: a replaced job would re-run the restore and wipe the restored cluster first.
    expect(job.protect).toBe(true);
    expect((atlas.outputs.databases as Record<string, { host: string }>)[GENIMS_CATALOG.mongo.name]!.host).toContain("genims-prod-mongo-r1");
  });
});

describe("restore config validation", () => {
  const issuesOf = (edit: (values: Record<string, unknown>) => void) => {
    const values = JSON.parse(JSON.stringify(readNamespace(stackConfig("prod")))) as Record<string, unknown>;
    edit(values);
    return configIssues(values).map((issue) => [issue.path, issue.problem]);
  };

  test("a geo-restore without a target region, from a server without geo-redundant backup, and without the subscription id: each named", () => {
    const issues = issuesOf((v) => {
      servers(v, "postgresServers").master!.restore = { mode: "GeoRestore", pointInTimeUTC: MOMENT };
      servers(v, "postgresServers").master!.geoRedundantBackup = false;
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        ["genims:postgresServers.master.restore.location", "a geo-restore needs a target region other than the stack's"],
        ["genims:postgresServers.master.restore.mode", "the source server has no geo-redundant backup to restore from"],
        ["genims:azureSubscriptionId", expect.stringContaining("a server restore needs it")],
      ]),
    );
  });

  test("a geo-restore into a misspelled region is rejected like genims:location, with the region it was likely meant to be", () => {
    const issues = issuesOf((v) => {
      v.azureSubscriptionId = SUBSCRIPTION;
      servers(v, "mysqlServers").compliance!.restore = { mode: "GeoRestore", pointInTimeUTC: MOMENT, location: "northeurop", subnetId: DR_SUBNET };
    });
    expect(issues).toEqual([["genims:mysqlServers.compliance.restore.location", 'is not an Azure region name (did you mean "northeurope"?)']]);
  });

  test("a point-in-time restore to another region or resource group, an impossible moment and an Atlas snapshot restore without a snapshot are rejected", () => {
    const issues = issuesOf((v) => {
      v.azureSubscriptionId = SUBSCRIPTION;
      servers(v, "postgresServers").master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: "2026-13-45T03:15:00Z", location: "northeurope", resourceGroupName: "rg-genims-dr" };
      v.atlasRestore = { mode: "snapshot" };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        ["genims:postgresServers.master.restore.location", "a point-in-time restore stays in the source's region"],
        ["genims:postgresServers.master.restore.resourceGroupName", "only a geo-restore goes to another resource group (a point-in-time restore stays with its source)"],
        ["genims:postgresServers.master.restore.pointInTimeUTC", "is not a real date and time"],
        ["genims:atlasRestore.snapshotId", "a snapshot restore needs the snapshot's id"],
      ]),
    );
  });
});

describe("a restore is deployable in prod", () => {
  // The deploy workflow runs `pulumi up` with the policy pack at prod's levels: a restore the pack
  // refused would stop exactly when it is needed. Only the accepted (advisory) exceptions remain,
  // and the restored server and cluster meet every mandatory control like their sources.
  test("the restored servers and cluster violate no policy prod makes mandatory", async () => {
    const levels = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy", "config.prod.json"), "utf8")) as Record<string, string>;
    for (const run of [pitr, cutover, geo, atlas]) {
      const { violations } = await evaluate(POLICIES, await fromRun(run, "prod"));
      expect(formatViolations(violations.filter((v) => levels[v.policy] !== "advisory")).join("\n")).toBe("");
      // The restored resources were really evaluated (the advisory exceptions name them).
      expect(violations.some((v) => /-(r1|dr)\b/.test(v.message))).toBe(true);
    }
  });
});

test("a geo-restore of a private stack's server without a recovery-region subnet is refused (Azure restores a VNet server only into a VNet); a subnet on a point-in-time restore too", () => {
  const values = JSON.parse(JSON.stringify(readNamespace(stackConfig("prod")))) as Record<string, unknown>;
  values.azureSubscriptionId = SUBSCRIPTION;
  servers(values, "mysqlServers").compliance!.restore = { mode: "GeoRestore", pointInTimeUTC: MOMENT, location: "northeurope" };
  servers(values, "postgresServers").master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, subnetId: DR_SUBNET };
  expect(configIssues(values).map((issue) => [issue.path, issue.problem])).toEqual([
    ["genims:postgresServers.master.restore.subnetId", "only a geo-restore of a private stack takes a subnet (a point-in-time restore stays in the source's network, a public stack restores public)"],
    ["genims:mysqlServers.compliance.restore.subnetId", "a VNet-integrated server geo-restores only into a virtual network of the recovery region (\"You can't perform geo-restore across public and private access\", concepts-backup-restore.md)"],
  ]);
});
