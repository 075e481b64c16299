/**
 * "A new database is one catalog entry", made true: every artefact derived from the catalog follows
 * a change to it. (A new environment, README's steps performed in a copy: test/newEnvironment.test.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Catalog, GENIMS_CATALOG, type PostgresDatabaseSpec } from "../catalog";
import { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { auditExport, parseStackExport } from "../scripts/lib/audit";
import { serversTable, topologyTable } from "../scripts/lib/docs";
import { renderInventory } from "../scripts/lib/inventory";
import { exportFromRun } from "../scripts/lib/exportFromRun";
import { tempDir } from "./tempDir";
import { REPO_ROOT, findResource, resourcesOfType, runGenims, stackConfig, toRuntimeConfig } from "./harness";

const ENERGY: PostgresDatabaseSpec = { name: "genims_energy_db", engine: "postgresql", module: "Energy", tables: 12, sizeMb: 300, team: "Operations", ownershipListTeam: "Operations", scalingCluster: "operations" };

describe("a 14th PostgreSQL module is one catalog entry (and its placement)", () => {
  const catalog: Catalog = { ...GENIMS_CATALOG, postgres: [...GENIMS_CATALOG.postgres, ENERGY] };
  const prodValues = () => readNamespace(stackConfig("prod")) as { postgresServers: Record<string, { databases: string[] }> };

  test("the catalog decides what exists: a stack that does not place it is rejected", () => {
    expect(() => validateEnvironment("prod", prodValues(), catalog)).toThrow(ConfigError);
    expect(() => validateEnvironment("prod", prodValues(), catalog)).toThrow(/genims:postgresServers = .*does not place genims_energy_db/);
  });

  test("placed on the operations server, it gets its database, roles, secrets, access rows, plan, audit and docs", async () => {
    const values = prodValues();
    const servers = { ...values.postgresServers, operations: { ...values.postgresServers.operations!, databases: ["genims_operations_db", "genims_energy_db"] } };
    const config = { ...stackConfig("prod"), ...toRuntimeConfig({ "genims:postgresServers": servers }) };
    const run = await runGenims("prod", config, catalog);

    // Resources: the database on its server, and the access model's roles for it.
    expect(findResource(run, "azure-native:dbforpostgresql:Database", "pg-operations-db-genims-energy-db").inputs).toEqual(expect.objectContaining({ databaseName: "genims_energy_db", serverName: "genims-prod-pg-operations" }));
    expect(resourcesOfType(run, "azure-native:dbforpostgresql:Database")).toHaveLength(14);
    const roles = resourcesOfType(run, "postgresql:index/role:Role").map((role) => String(role.inputs.name));
    expect(roles.filter((name) => name.includes("energy")).length).toBeGreaterThan(0);
    // Access model: its rows in the access matrix, and its application secret in Key Vault.
    const matrix = run.outputs.accessMatrix as { database: string; server: string }[];
    expect(matrix.filter((row) => row.database === "genims_energy_db").every((row) => row.server === "genims-prod-pg-operations")).toBe(true);
    expect(matrix.some((row) => row.database === "genims_energy_db")).toBe(true);
    expect((run.outputs.keyVault as { secrets: string[] }).secrets.some((name) => name.includes("energy"))).toBe(true);
    // Outputs and the plan: the servers table and the inventory carry it.
    expect((run.outputs.databases as Record<string, { server: string }>).genims_energy_db?.server).toBe("genims-prod-pg-operations");
    const plan = renderInventory("prod", run);
    expect(plan).toMatch(/^genims-prod-pg-operations\s+genims_operations_db, genims_energy_db$/m);
    expect(plan).toContain("+ azure-native:dbforpostgresql:Database  pg-operations-db-genims-energy-db");
    // Audit: the operations server's access rows include it.
    const report = auditExport(parseStackExport(JSON.stringify(await exportFromRun("prod", run))), run.rawOutputs);
    const operations = report.servers.find((server) => server.name === "genims-prod-pg-operations");
    expect(Array.isArray(operations?.access) && operations.access.some((row) => row.database === "genims_energy_db")).toBe(true);

    // Docs: the topology and server tables, from a stack file that places it.
    const dir = tempDir("energy");
    const prodFile = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8").replace("databases: [genims_operations_db]", "databases: [genims_operations_db, genims_energy_db]");
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), prodFile);
    expect(topologyTable(["prod"], dir, catalog)).toContain("| 14 | `genims_energy_db` | PostgreSQL | Energy | Operations | 12 | 300 MB | operations | `genims-prod-pg-operations` |");
    expect(serversTable(["prod"], dir, catalog)).toMatch(/genims-prod-pg-operations \|.*\| genims_operations_db, genims_energy_db \|/);
  }, 120_000);
});
