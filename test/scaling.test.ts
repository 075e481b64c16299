/**
 * Issue 12: each cluster scales on its own. A stack file that gives one server its own size changes
 * exactly that server in the plan; maintenance windows are staggered and overridable; the
 * `servers` output, the plan table and the README carry the same posture.
 */
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { MAINTENANCE_SLOTS, staggerMaintenance, validateEnvironment } from "../config/validate";
import { renderInventory } from "../scripts/lib/inventory";
import { findReplacements, parsePlan, summarizeChanges } from "../scripts/lib/planDiff";
import { serverPostures } from "../stacks/posture";
import { KNOWN_AFTER_DEPLOY, type ProgramRun, findResource, resourcesOfType, runGenims, runProgram, stackConfig, toRuntimeConfig } from "./harness";

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const MYSQL_SERVER = "azure-native:dbformysql:Server";

/** The dev stack with `postgresServers` replaced (dev has one PostgreSQL server, `core`). */
function devWith(values: Record<string, unknown>): Record<string, string> {
  return { ...stackConfig("dev"), ...toRuntimeConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [`genims:${key}`, value]))) };
}

const PG_ALL = GENIMS_CATALOG.postgres.map((database) => database.name);
/** Two PostgreSQL servers in dev: operations apart, everything else on core. */
const SPLIT = { core: { databases: PG_ALL.filter((name) => name !== "genims_operations_db") }, operations: { databases: ["genims_operations_db"] } };

describe("per-server size", () => {
  let base: ProgramRun;
  let scaled: ProgramRun;
  beforeAll(async () => {
    base = await runGenims("dev", devWith({ postgresServers: SPLIT }));
    scaled = await runGenims(
      "dev",
      devWith({ postgresServers: { ...SPLIT, operations: { databases: ["genims_operations_db"], skuTier: "GeneralPurpose", skuName: "Standard_D4ds_v5", storageGb: 256 } } }),
    );
  }, 120_000);

  test("giving only the operations server its own SKU and storage changes exactly that server: the SKU in place with a restart, the size not applied (auto-grow: ignoreChanges)", () => {
    const before = parsePlan(renderInventory("dev", base));
    const after = parsePlan(renderInventory("dev", scaled));
    const changes = summarizeChanges(before, after);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.changed).toEqual([`${PG_SERVER}  pg-operations-server`]);
    expect(findReplacements(before, after).map((finding) => [finding.severity, finding.name, finding.property])).toEqual([
      ["ignored", "pg-operations-server", "storage.storageSizeGB"],
      ["restart", "pg-operations-server", "sku.name"],
      ["restart", "pg-operations-server", "sku.tier"],
    ]);
    const server = findResource(scaled, PG_SERVER, "pg-operations-server").inputs;
    expect(server.sku).toEqual({ tier: "GeneralPurpose", name: "Standard_D4ds_v5" });
    expect(server.storage).toEqual(expect.objectContaining({ storageSizeGB: 256, type: "Premium_LRS", autoGrow: "Enabled" }));
    // The other server keeps the environment's defaults.
    expect(findResource(scaled, PG_SERVER, "pg-core-server").inputs.sku).toEqual({ tier: "Burstable", name: "Standard_B2s" });
  });
});

describe("prod's sizing reaches the servers", () => {
  let prod: ProgramRun;
  beforeAll(async () => {
    prod = await runGenims("prod");
  }, 120_000);

  test("operations: memory-optimized compute and a raised disk tier; smaller modules smaller", () => {
    const server = (name: string) => findResource(prod, PG_SERVER, `pg-${name}-server`).inputs;
    expect(server("operations").sku).toEqual({ tier: "MemoryOptimized", name: "Standard_E4ds_v5" });
    expect(server("operations").storage).toEqual(expect.objectContaining({ storageSizeGB: 512, tier: "P30" }));
    expect(server("manufacturing").sku).toEqual({ tier: "GeneralPurpose", name: "Standard_D8ds_v5" });
    expect(server("corporate").sku).toEqual({ tier: "GeneralPurpose", name: "Standard_D2ds_v5" });
    expect(findResource(prod, MYSQL_SERVER, "mysql-reporting-server").inputs.sku).toEqual({ tier: "MemoryOptimized", name: "Standard_E4ads_v5" });
  });

  test("no two clusters share a maintenance window: every server and the Atlas project get their own slot", () => {
    const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    const starts = [...resourcesOfType(prod, PG_SERVER), ...resourcesOfType(prod, MYSQL_SERVER)].map((server) => {
      const window = server.inputs.maintenanceWindow as { customWindow: string; dayOfWeek: number; startHour: number; startMinute: number };
      expect(window.customWindow).toBe("Enabled");
      return window.dayOfWeek * 24 + window.startHour;
    });
    const atlas = findResource(prod, "mongodbatlas:index/maintenanceWindow:MaintenanceWindow", "mongo-maintenance-window").inputs as { dayOfWeek: number; hourOfDay: number };
    // Atlas counts days from 1 = Sunday, Azure from 0 = Sunday.
    starts.push((atlas.dayOfWeek - 1) * 24 + atlas.hourOfDay);
    expect(starts).toHaveLength(10);
    for (const [i, a] of starts.entries()) for (const b of starts.slice(i + 1)) expect(Math.min(Math.abs(a - b), 168 - Math.abs(a - b))).toBeGreaterThanOrEqual(2);
    expect(days[(atlas.dayOfWeek - 1) % 7]).toBe("Tuesday");
  });

  test("Atlas auto-scales compute between M30 and M50 and its disk, with the effective-fields mode", () => {
    const cluster = findResource(prod, "mongodbatlas:index/advancedCluster:AdvancedCluster", "mongo-cluster").inputs as { useEffectiveFields: boolean; replicationSpecs: { regionConfigs: { autoScaling: unknown }[] }[] };
    expect(cluster.useEffectiveFields).toBe(true);
    expect(cluster.replicationSpecs[0]!.regionConfigs[0]!.autoScaling).toEqual({ diskGbEnabled: true, computeEnabled: true, computeScaleDownEnabled: true, computeMinInstanceSize: "M30", computeMaxInstanceSize: "M50" });
  });

  test("the servers output carries each cluster's posture, the same rows the plan tables and docs/configuration.md render", () => {
    const env = validateEnvironment("prod", readNamespace(stackConfig("prod")), GENIMS_CATALOG);
    const rows = serverPostures(env);
    const output = prod.outputs.servers as Record<string, unknown>[];
    expect(output.map(({ fqdn: _fqdn, publicNetworkAccess: _public, allowedClients: _clients, ...row }) => row)).toEqual(rows);
    const plan = renderInventory("prod", prod);
    // The plan splits the columns over several tables, each led by the server's name.
    for (const row of rows) {
      expect(plan).toMatch(new RegExp(`^${row.engine}\\s+${row.name}\\s+${row.compute.replace(/[()]/g, "\\$&")}\\s`, "m"));
      expect(plan).toMatch(new RegExp(`^${row.name}\\s+(.*\\s)?${row.maintenanceWindow.replace(/[()]/g, "\\$&")}$`, "m"));
    }
  });
});

describe("maintenance windows", () => {
  const dev = () => readNamespace(stackConfig("dev"));

  test("a configured window is kept and the staggered slots move around it", () => {
    const env = validateEnvironment("dev", { ...dev(), mysqlServers: { core: { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"], maintenanceWindow: { dayOfWeek: "Sunday", startHour: 2 } } } }, GENIMS_CATALOG);
    expect(env.mysql.servers[0]!.maintenanceWindow).toEqual({ dayOfWeek: "Sunday", startHour: 2, startMinute: 0, source: "configured" });
    // Sunday 01:00 is within two hours of it, so the PostgreSQL server takes the next slot.
    expect(env.postgres.servers[0]!.maintenanceWindow).toEqual({ dayOfWeek: "Monday", startHour: 1, startMinute: 0, source: "staggered" });
  });

  test("day 2: moving one server's window changes that server alone, in place", async () => {
    const mysql = { core: { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"], maintenanceWindow: { dayOfWeek: "Thursday", startHour: 4, startMinute: 30 } } };
    const before = parsePlan(renderInventory("dev", await runGenims("dev")));
    const after = parsePlan(renderInventory("dev", await runGenims("dev", devWith({ mysqlServers: mysql }))));
    expect(summarizeChanges(before, after)).toEqual({ added: [], removed: [], changed: [`${MYSQL_SERVER}  mysql-core-server`] });
    expect(after.get(`${MYSQL_SERVER}  mysql-core-server`)?.inputs).toEqual(expect.objectContaining({ "maintenanceWindow.dayOfWeek": "4", "maintenanceWindow.startHour": "4", "maintenanceWindow.startMinute": "30" }));
    expect(findReplacements(before, after)).toEqual([]);
  }, 120_000);

  test("two configured windows less than two hours apart are rejected with both paths", () => {
    expect(() =>
      validateEnvironment(
        "dev",
        {
          ...dev(),
          atlasMaintenanceWindow: { dayOfWeek: "Sunday", startHour: 3 },
          mysqlServers: { core: { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"], maintenanceWindow: { dayOfWeek: "Sunday", startHour: 2, startMinute: 30 } } },
        },
        GENIMS_CATALOG,
      ),
    ).toThrow(/genims:atlasMaintenanceWindow = .*starts less than 2 hours from the window of genims:mysqlServers\.core\.maintenanceWindow/);
  });

  test("a week's slots are handed out without overlap before any is shared", () => {
    const windows = staggerMaintenance(Array.from({ length: MAINTENANCE_SLOTS + 1 }, (_, index) => ({ path: `s${index}`, configured: undefined })), []);
    const starts = windows.map((window) => `${window.dayOfWeek} ${window.startHour}`);
    expect(new Set(starts.slice(0, MAINTENANCE_SLOTS)).size).toBe(MAINTENANCE_SLOTS);
    expect(windows.every((window) => window.startHour >= 0 && window.startHour <= 23)).toBe(true);
    expect(starts[MAINTENANCE_SLOTS]).toBe(starts[0]);
  });

  test("the slots follow the catalog, not the order of the stack file", () => {
    const values = readNamespace(stackConfig("prod"));
    const servers = values.postgresServers as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(servers).reverse());
    const windows = (env: ReturnType<typeof validateEnvironment>) => env.postgres.servers.map((server) => [server.key, server.maintenanceWindow]).sort();
    expect(windows(validateEnvironment("prod", { ...values, postgresServers: reversed }, GENIMS_CATALOG))).toEqual(windows(validateEnvironment("prod", values, GENIMS_CATALOG)));
  });
});

describe("the offline plan shows physical names, never a mock's invention", () => {
  test("subnets name their real VNet and DNS links their real zone; a name only the cloud chooses is shown as such", async () => {
    const prod = await runGenims("prod");
    for (const subnet of resourcesOfType(prod, "azure-native:network:Subnet")) expect(subnet.inputs.virtualNetworkName).toBe("genims-prod-vnet");
    const zones = resourcesOfType(prod, "azure-native:privatedns:VirtualNetworkLink").map((link) => link.inputs.privateZoneName).sort();
    // VNet-integrated servers have their own zones (issue 10, item 9); privatelink.* only for endpoints.
    expect(zones).toEqual(["genims-prod.private.mysql.database.azure.com", "genims-prod.private.postgres.database.azure.com", "privatelink.vaultcore.azure.net"]);
    const plan = renderInventory("prod", prod);
    expect(plan).not.toMatch(/Name: genims-network-/);
    // Ids, link ids and the endpoint's private IP are the cloud's to choose: shown as unknown, never as the mock's value.
    expect(plan).toContain("    projectId: (known after deploy: id of mongo-project)");
    expect(plan).toContain("    privateEndpointIpAddress: (known after deploy: private IP of genims-prod-atlas-pe.nic)");
    expect(plan).not.toMatch(/mongo-project-id|10\.60\.2\.4\b|-link-id/);

    const network = await import("@pulumi/azure-native/network");
    const pulumi = await import("@pulumi/pulumi");
    const run = await runProgram("scratch", {}, () => ({ name: new network.VirtualNetwork("unnamed", { resourceGroupName: "rg" }).name.apply((name) => name) }));
    expect(run.outputs.name).toBe(KNOWN_AFTER_DEPLOY);
    expect(pulumi.Output.isInstance(run.outputs.name)).toBe(false);
  }, 120_000);
});
