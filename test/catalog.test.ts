import * as fs from "node:fs";
import * as path from "node:path";
import { GENIMS_CATALOG, MONGO_DATABASE, MYSQL_DATABASES, POSTGRES_DATABASES, SEED_STATED_TOTALS, allDatabases } from "../catalog";

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe("catalog holds the design report's facts", () => {
  test("13 PostgreSQL, 3 MySQL and 1 MongoDB database: 17 in all, names unique", () => {
    expect(POSTGRES_DATABASES).toHaveLength(SEED_STATED_TOTALS.postgres.databases);
    expect(MYSQL_DATABASES).toHaveLength(SEED_STATED_TOTALS.mysql.databases);
    const names = allDatabases(GENIMS_CATALOG).map((database) => database.name);
    expect(names).toHaveLength(SEED_STATED_TOTALS.platform.databases);
    expect(new Set(names).size).toBe(names.length);
  });

  test("PostgreSQL rows: name, module, tables, size and team exactly as the seed's table", () => {
    expect(POSTGRES_DATABASES.map((d) => [d.name, d.module, d.tables, d.sizeMb, d.team])).toEqual([
      ["genims_master_db", "Master", 15, 100, "Shared"],
      ["genims_operations_db", "Operations", 6, 500, "Operations"],
      ["genims_manufacturing_db", "MES", 10, 800, "Manufacturing"],
      ["genims_maintenance_db", "CMMS", 23, 600, "Maintenance"],
      ["genims_quality_db", "QMS", 30, 700, "Quality"],
      ["genims_erp_db", "ERP", 35, 1200, "Finance"],
      ["genims_financial_db", "GL", 29, 900, "Finance"],
      ["genims_wms_db", "WMS", 19, 700, "Supply Chain"],
      ["genims_tms_db", "TMS", 24, 600, "Supply Chain"],
      ["genims_crm_db", "CRM", 25, 800, "Sales"],
      ["genims_service_db", "Service", 27, 900, "Support"],
      ["genims_hr_db", "HR/HCM", 32, 1000, "HR"],
      ["genims_supplier_db", "Supplier", 28, 700, "Procurement"],
    ]);
    expect(POSTGRES_DATABASES.filter((d) => "tablesAtLeast" in d && d.tablesAtLeast).map((d) => d.name)).toEqual(["genims_erp_db"]);
  });

  test("the seed contradicts itself on PostgreSQL tables: rows add to 303, its total says 343; sizes agree at 9.5 GB", () => {
    expect(sum(POSTGRES_DATABASES.map((d) => d.tables))).toBe(303);
    expect(SEED_STATED_TOTALS.postgres.tables).toBe(343);
    expect(sum(POSTGRES_DATABASES.map((d) => d.sizeMb))).toBe(SEED_STATED_TOTALS.postgres.sizeMb);
  });

  test("MySQL rows and totals agree: 65 tables, 2.5 GB, with purpose and users", () => {
    expect(MYSQL_DATABASES.map((d) => [d.name, d.purpose, d.tables, d.sizeMb, d.users])).toEqual([
      ["genims_reporting_db", "Dashboards & KPIs", 20, 800, "Business Users"],
      ["genims_analytics_db", "Data Warehouse", 25, 1000, "Data Analysts"],
      ["genims_audit_db", "Compliance Logs", 20, 700, "Auditors"],
    ]);
    expect(sum(MYSQL_DATABASES.map((d) => d.tables))).toBe(SEED_STATED_TOTALS.mysql.tables);
    expect(sum(MYSQL_DATABASES.map((d) => d.sizeMb))).toBe(SEED_STATED_TOTALS.mysql.sizeMb);
  });

  test("platform table total: 408 only with the stated 343, 368 with the rows", () => {
    expect(SEED_STATED_TOTALS.postgres.tables + SEED_STATED_TOTALS.mysql.tables).toBe(SEED_STATED_TOTALS.platform.tables);
    expect(sum([...POSTGRES_DATABASES, ...MYSQL_DATABASES].map((d) => d.tables))).toBe(368);
  });

  test("the seed's \"30+\" MongoDB collections against the 16 its categories name: the catalog keeps both figures and creates the 16 (docs/mongodb.md)", () => {
    expect(SEED_STATED_TOTALS.mongo.collectionsAtLeast).toBe(30);
    expect(MONGO_DATABASE.collections).toHaveLength(16);
    expect(new Set(MONGO_DATABASE.collections.map((c) => c.name)).size).toBe(16);
  });

  test("MongoDB collections follow the seed's categories: 4 time-series, 3 log, 2 unstructured, 4 real-time, 3+ analytics", () => {
    const byKind = (kind: string) => MONGO_DATABASE.collections.filter((c) => c.kind === kind).length;
    expect(byKind("time-series")).toBe(SEED_STATED_TOTALS.mongo.timeSeries);
    expect(byKind("log")).toBe(SEED_STATED_TOTALS.mongo.log);
    expect(byKind("unstructured")).toBe(SEED_STATED_TOTALS.mongo.unstructured);
    expect(byKind("real-time")).toBe(SEED_STATED_TOTALS.mongo.realTime);
    expect(byKind("analytics")).toBeGreaterThanOrEqual(SEED_STATED_TOTALS.mongo.analyticsAtLeast);
    const names = MONGO_DATABASE.collections.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    // Time-series and logs expire (the seed's TTL strategies); documents are kept.
    for (const c of MONGO_DATABASE.collections.filter((c) => c.kind === "time-series" || c.kind === "log")) expect(c.retentionDays).toBeGreaterThan(0);
    for (const c of MONGO_DATABASE.collections.filter((c) => c.kind === "unstructured")) expect(c.retentionDays).toBeUndefined();
  });

  test("scaling clusters are the seed's: manufacturing = MES+CMMS+QMS, financial = ERP+GL, supply chain = WMS+TMS, customer = CRM+Service, operations alone", () => {
    const cluster = (name: string) => POSTGRES_DATABASES.filter((d) => d.scalingCluster === name).map((d) => d.module);
    expect(cluster("manufacturing")).toEqual(["MES", "CMMS", "QMS"]);
    expect(cluster("financial")).toEqual(["ERP", "GL"]);
    expect(cluster("supply-chain")).toEqual(["WMS", "TMS"]);
    expect(cluster("customer")).toEqual(["CRM", "Service"]);
    expect(cluster("operations")).toEqual(["Operations"]);
    expect(cluster("master")).toEqual(["Master"]);
  });

  test("the ownership list's 7 teams differ from the rows for CMMS, QMS and Service, and the catalog records both", () => {
    const differing = POSTGRES_DATABASES.filter((d) => d.ownershipListTeam !== undefined && d.ownershipListTeam !== d.team).map((d) => [d.module, d.team, d.ownershipListTeam]);
    expect(differing).toEqual([
      ["CMMS", "Maintenance", "Manufacturing"],
      ["QMS", "Quality", "Manufacturing"],
      ["Service", "Support", "Sales"],
    ]);
    const listTeams = new Set(POSTGRES_DATABASES.map((d) => d.ownershipListTeam).filter((t) => t !== undefined));
    expect(listTeams.size).toBe(SEED_STATED_TOTALS.platform.teams);
  });
});

describe("the design report the catalog cites is in the repository", () => {
  test("docs/design-report.md names every PostgreSQL and MySQL database of the catalog, and each PostgreSQL row of its table matches the catalog", () => {
    const report = fs.readFileSync(path.join(__dirname, "..", "docs", "design-report.md"), "utf8");
    // The MongoDB database's name is ours: the report gives none (README, "Where the design report contradicts itself").
    for (const database of [...POSTGRES_DATABASES, ...MYSQL_DATABASES]) expect([database.name, report.includes(database.name)]).toEqual([database.name, true]);
    for (const d of POSTGRES_DATABASES) {
      const row = new RegExp(`^\\| \\d+ \\| ${d.name} \\| ${d.module.replace("/", "\\/")} \\| ${d.tables}\\+? \\|`, "m");
      expect([d.name, row.test(report)]).toEqual([d.name, true]);
    }
  });
});
