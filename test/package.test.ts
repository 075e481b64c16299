/**
 * The component package (packages/db-components): its schema as the SDK's analyzer infers it
 * (checked in, complete, documented, representable), a failing inference for an unrepresentable
 * Arg, and two consumers of another team: a TypeScript program run under mocks and a Pulumi YAML
 * program checked against the schema (no Pulumi CLI here to run it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import * as yaml from "js-yaml";
import { AtlasCluster, type AtlasClusterArgs, type FlexibleServerArgs, MysqlCluster, type MysqlClusterArgs, PostgresCluster, type PostgresClusterArgs } from "../packages/db-components";
import { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS, AVAILABILITY_ZONES, DAYS_OF_WEEK, ENTRA_PRINCIPAL_TYPES, HA_MODES, MYSQL_VERSIONS, POSTGRES_STORAGE_TYPES, POSTGRES_VERSIONS, SKU_TIERS } from "../config/schema";
import * as packageTypes from "../packages/db-components/lib/types";
import { type YamlProgram, schemaProblems, yamlProblems } from "../scripts/package/check";
import { README, replacementRows, replacementTable, withTable } from "../scripts/package/replacements";
import { PACKAGE_DIR, SCHEMA_FILE, inferSchema, schemaText } from "../scripts/package/schema";
import { type ProgramRun, findResource, resourcesOfType, runProgram } from "./harness";

const REPO = path.resolve(__dirname, "..");
const TOKENS = { pg: "db-components:index:PostgresCluster", mysql: "db-components:index:MysqlCluster", atlas: "db-components:index:AtlasCluster" } as const;

/** Every Arg, present (undefined where another Arg excludes it): a new Arg is a compile error here until it is added. */
type AllArgs<T> = { [K in keyof Required<T>]: T[K] };

const FULL_FLEXIBLE: AllArgs<FlexibleServerArgs> = {
  serverName: "team-full-pg",
  resourceGroupName: "rg-full",
  location: "westeurope",
  sku: { tier: "GeneralPurpose", name: "Standard_D4ds_v5" },
  storageGb: 256,
  storageAutoGrow: true,
  highAvailability: { mode: "ZoneRedundant", zone: "2", standbyZone: "3" },
  backup: { retentionDays: 14, geoRedundant: true },
  maintenanceWindow: { dayOfWeek: "Sunday", startHour: 2, startMinute: 30 },
  publicNetworkAccess: true,
  firewallRules: [{ name: "office", startIpAddress: "203.0.113.1", endIpAddress: "203.0.113.254" }],
  privateNetwork: undefined,
  entraAdministrator: { tenantId: "00000000-0000-4000-8000-0000000000d1", objectId: "00000000-0000-4000-8000-0000000000e1", name: "dba-group", type: "Group" },
  administratorLogin: "teamadmin",
  identityId: "/subscriptions/s/resourceGroups/rg-full/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
  encryption: { keyUri: "https://kv.vault.azure.net/keys/k/1", geoBackupKeyUri: "https://kv2.vault.azure.net/keys/k/1" },
  diagnosticsWorkspaceId: "/subscriptions/s/resourceGroups/rg-full/providers/Microsoft.OperationalInsights/workspaces/logs",
  keyVault: { vaultName: "team-full-kv", resourceGroupName: "rg-full", location: "westeurope", tenantId: "00000000-0000-4000-8000-0000000000d1", publicNetworkAccess: true, allowedCidrs: ["203.0.113.0/24"], secretReaders: [{ name: "app", objectId: "00000000-0000-4000-8000-0000000000f1" }] },
  passwordRotation: 1,
  protect: false,
  lock: false,
  tags: { team: "full" },
};
const FULL_PG: AllArgs<PostgresClusterArgs> = {
  ...FULL_FLEXIBLE,
  databases: [{ name: "orders_db" }, { name: "stock", rolePrefix: "inventory" }],
  groups: [{ name: "team_orders", readWrite: ["orders_db"], readOnly: ["stock"], purpose: "the orders team" }],
  logins: [{ name: "etl_reader", readOnly: ["orders_db", "stock"] }],
  version: "17",
  storageType: "Premium_LRS",
};
const FULL_MYSQL: AllArgs<MysqlClusterArgs> = {
  ...FULL_FLEXIBLE,
  keyVault: { vaultName: "team-full-mysql-kv" },
  serverName: "team-full-mysql",
  sku: { tier: "GeneralPurpose", name: "Standard_D4ads_v5" },
  databases: [{ name: "reports_db" }, { name: "audit", userPrefix: "audit" }],
  users: [{ name: "etl_writer", readWrite: ["reports_db"], readOnly: ["audit"] }],
  version: "8.4",
  autoIoScaling: false,
};
const FULL_ATLAS: AllArgs<AtlasClusterArgs> = {
  orgId: "0ff11e00-0000-4000-8000-000000000003",
  projectName: "team-full",
  clusterName: "team-full-mongo",
  region: "EUROPE_WEST",
  databaseName: "events_db",
  instanceSize: "M40",
  mongoVersion: "8.0",
  diskAutoScaling: true,
  computeAutoScaling: { min: "M30", max: "M60" },
  maintenanceWindow: { dayOfWeek: "Saturday", startHour: 3 },
  accessList: [{ name: "office", cidr: "203.0.113.0/24" }],
  backupRetentionDays: 14,
  backupCopyRegion: "EUROPE_NORTH",
  users: [
    { username: "events-app", roles: [{ roleName: "readWrite" }] },
    { username: "events-schema", roles: [{ roleName: "dbAdmin", databaseName: "events_db" }], purpose: "migrations" },
  ],
  keyVault: { vaultName: "team-full-mongo-kv", resourceGroupName: "rg-full", location: "westeurope" },
  passwordRotation: 0,
  protect: false,
  tags: { team: "full" },
};

let schema: PackageSpec;
beforeAll(() => {
  schema = inferSchema();
}, 180_000);

describe("the package's schema (the SDK analyzer, as `pulumi package add` runs it)", () => {
  test("schema.json is what the analyzer infers from the package (npm run package:schema)", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText(schema));
  });

  test("name, namespace and version come from the package's package.json", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as { name: string; version: string; dependencies: Record<string, string> };
    expect([schema.name, schema.namespace, schema.version]).toEqual(["db-components", "genims", manifest.version]);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    // Exact pins, and the same versions the repository itself runs.
    const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const [dependency, version] of Object.entries(manifest.dependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect([dependency, root.dependencies[dependency]]).toEqual([dependency, version]);
    }
  });

  test("exactly the three components, every one documented, every Arg and output described, Required./Optional. agreeing with the schema", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(Object.values(TOKENS).sort());
    expect(schemaProblems(schema)).toEqual([]);
  });

  test.each([
    [TOKENS.pg, FULL_PG],
    [TOKENS.mysql, FULL_MYSQL],
    [TOKENS.atlas, FULL_ATLAS],
  ] as const)("%s: every Arg of the TypeScript interface is an input of the schema", (token, full) => {
    expect(Object.keys(schema.resources[token]!.inputProperties ?? {}).sort()).toEqual(Object.keys(full).sort());
  });

  test("the enumerations are the values the stack config accepts (one set of values)", () => {
    const values = (enumeration: Record<string, string>) => Object.values(enumeration).sort();
    expect(values(packageTypes.SkuTier)).toEqual([...SKU_TIERS].sort());
    expect(values(packageTypes.HighAvailabilityMode)).toEqual([...HA_MODES].sort());
    expect(values(packageTypes.AvailabilityZone)).toEqual([...AVAILABILITY_ZONES].sort());
    expect(values(packageTypes.DayOfWeek)).toEqual([...DAYS_OF_WEEK].sort());
    expect(values(packageTypes.EntraPrincipalType)).toEqual([...ENTRA_PRINCIPAL_TYPES].sort());
    expect(values(packageTypes.PostgresVersion)).toEqual([...POSTGRES_VERSIONS].sort());
    expect(values(packageTypes.MysqlVersion)).toEqual([...MYSQL_VERSIONS].sort());
    expect(values(packageTypes.AtlasInstanceSize)).toEqual([...ATLAS_INSTANCE_SIZES].sort());
    expect(values(packageTypes.MongoVersion)).toEqual([...ATLAS_MONGO_VERSIONS].sort());
    expect(values(packageTypes.PostgresStorageType)).toEqual([...POSTGRES_STORAGE_TYPES].sort());
    expect(schema.types["db-components:index:PostgresVersion"]?.enum?.map((e) => e.value)).toEqual(Object.values(packageTypes.PostgresVersion));
  });

  test("an Arg the analyzer cannot represent fails the inference, naming the property (fixture: a union)", () => {
    expect(() => inferSchema(path.join(__dirname, "fixtures/package-union"), ["UnionComponent"])).toThrow(/Union types are not supported for component 'UnionComponent' property 'UnionArgs\.size'/);
  }, 120_000);

  test("the schema check names what is missing: an undocumented Arg, a wrong Required. word, a reference outside the package", () => {
    const broken = JSON.parse(JSON.stringify(schema)) as PackageSpec;
    const inputs = broken.resources[TOKENS.pg]!.inputProperties!;
    delete inputs.location!.description;
    inputs.version!.description = "Required. (but it is optional)";
    inputs.serverName = { $ref: "/azure-native/v3.28.0/schema.json#/resources/azure-native:dbforpostgresql:Server", description: "Required. A server." };
    expect(schemaProblems(broken)).toEqual([
      `${TOKENS.pg} input.version: is optional but its description does not start with "Optional."`,
      `${TOKENS.pg} input.location: no description`,
      `${TOKENS.pg} input.serverName: refers to /azure-native/v3.28.0/schema.json#/resources/azure-native:dbforpostgresql:Server, outside the package (only plain data crosses languages here)`,
    ]);
  });
});

/** Every own property a component instance has beyond a bare ComponentResource's (and the SDK's `__` bookkeeping, e.g. `__childResources`). */
function ownOutputs(component: pulumi.ComponentResource, base: pulumi.ComponentResource): string[] {
  const inherited = new Set(Object.keys(base));
  return Object.keys(component).filter((key) => !inherited.has(key) && !key.startsWith("__")).sort();
}

describe("the components under mocks, every Arg set", () => {
  let run: ProgramRun;
  const instances: Record<string, pulumi.ComponentResource> = {};
  beforeAll(async () => {
    run = await runProgram("full", {}, () => {
      instances[TOKENS.pg] = new PostgresCluster("full-pg", FULL_PG);
      instances[TOKENS.mysql] = new MysqlCluster("full-mysql", FULL_MYSQL);
      instances[TOKENS.atlas] = new AtlasCluster("full-atlas", FULL_ATLAS);
      instances.base = new pulumi.ComponentResource("test:index:Base", "base");
      return {};
    });
  }, 120_000);

  test.each(Object.values(TOKENS))("%s: the schema's outputs are the instance's outputs (what construct() returns)", (token) => {
    expect(ownOutputs(instances[token]!, instances.base!)).toEqual(Object.keys(schema.resources[token]!.properties ?? {}).sort());
  });

  test("the Args reach the resources: server posture, firewall, Entra administrator first, roles, vault secrets", () => {
    const server = findResource(run, "azure-native:dbforpostgresql:Server", "full-pg-server");
    expect(server.parent).toBe("db-components:database:PostgresServer::full-pg");
    expect(server.inputs).toMatchObject({ serverName: "team-full-pg", version: "17", administratorLogin: "teamadmin", sku: { name: "Standard_D4ds_v5" }, storage: { storageSizeGB: 256, type: "Premium_LRS" } });
    expect(server.inputs.highAvailability).toEqual({ mode: "ZoneRedundant", standbyAvailabilityZone: "3" });
    expect(findResource(run, "azure-native:dbforpostgresql:FirewallRule", "full-pg-fw-office").inputs).toMatchObject({ startIpAddress: "203.0.113.1", endIpAddress: "203.0.113.254" });
    expect(findResource(run, "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra", "full-pg-entra-admin").dependsOn).toEqual(["azure-native:dbforpostgresql:Server::full-pg-server"]);
    const roles = resourcesOfType(run, "postgresql:index/role:Role").map((r) => r.inputs.name);
    expect(roles).toEqual(expect.arrayContaining(["orders_owner", "orders_app", "inventory_rw", "inventory_migrator", "team_orders", "etl_reader"]));
    expect(findResource(run, "postgresql:index/role:Role", "full-pg-access-role-team_orders").inputs.roles).toEqual(["inventory_ro", "orders_rw"]);
    expect(resourcesOfType(run, "mysql:index/grant:Grant").map((g) => [g.inputs.user, g.inputs.database, g.inputs.privileges])).toEqual(
      expect.arrayContaining([["etl_writer", "audit", ["SELECT"]], ["reports_app", "reports_db", ["DELETE", "INSERT", "SELECT", "UPDATE"]]]),
    );
    const secrets = resourcesOfType(run, "azure-native:keyvault:Secret");
    expect(secrets.map((s) => s.inputs.secretName)).toEqual(expect.arrayContaining(["orders-db--orders-app", "stock--etl-reader", "reports-db--etl-writer", "events-db--events-schema"]));
    for (const secret of secrets) expect(secret.secretInputs).toContain("properties");
    expect(findResource(run, "mongodbatlas:index/databaseUser:DatabaseUser", "full-atlas-access-user-events-app").inputs.roles).toEqual([{ roleName: "readWrite", databaseName: "events_db" }]);
  });

  test("each server's control-plane operations run one at a time (Entra admin, parameters, firewall, databases)", () => {
    const onServer = run.resources.filter((r) => r.parent === "azure-native:dbforpostgresql:Server::full-pg-server" && r.type.startsWith("azure-native:dbforpostgresql:") && r.type !== "azure-native:dbforpostgresql:Server");
    expect(onServer.length).toBeGreaterThan(10);
    onServer.forEach((resource, index) => {
      expect(resource.dependsOn).toEqual([index === 0 ? "azure-native:dbforpostgresql:Server::full-pg-server" : `${onServer[index - 1]!.type}::${onServer[index - 1]!.name}`]);
    });
  });

  test("bad Args are refused together, before anything is registered", () => {
    const bad = { ...FULL_PG, serverName: "Team_PG", databases: [{ name: "Orders" }, { name: "Orders" }], groups: [], logins: [{ name: "x", readOnly: ["missing_db"] }], publicNetworkAccess: false, keyVault: { vaultName: "kv" } };
    let error: unknown;
    try {
      new PostgresCluster("bad", bad);
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath)).toEqual(["serverName", "firewallRules", "keyVault.vaultName", "databases[0].name", "databases[1].name", "databases", "logins[0].readOnly"]);
  });
});

describe("consumers of another team", () => {
  test("TypeScript (packages/db-components/examples/typescript): two databases on one PostgreSQL server, their app logins, secure defaults, secrets in Key Vault", async () => {
    const program = (await import("../packages/db-components/examples/typescript/index")).default;
    const run = await runProgram("orders", {}, program);
    const server = findResource(run, "azure-native:dbforpostgresql:Server", "orders-server");
    expect(server.protect).toBe(true);
    expect(server.inputs).toMatchObject({
      serverName: "team-orders-pg",
      resourceGroupName: "team-orders-rg",
      network: { publicNetworkAccess: "Disabled" },
      highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" },
      backup: { backupRetentionDays: 35, geoRedundantBackup: "Enabled" },
    });
    expect(resourcesOfType(run, "azure-native:dbforpostgresql:Database").map((d) => [d.inputs.databaseName, d.protect])).toEqual([
      ["orders_db", true],
      ["billing_db", true],
    ]);
    expect(resourcesOfType(run, "azure-native:dbforpostgresql:FirewallRule")).toEqual([]);
    expect(resourcesOfType(run, "azure-native:authorization:ManagementLockByScope").map((l) => l.name)).toContain("orders-delete-lock");
    const app = findResource(run, "postgresql:index/role:Role", "orders-access-role-orders_app");
    expect(app.inputs).toMatchObject({ login: true, superuser: false, createRole: false, roles: ["orders_rw"] });
    expect(app.secretInputs).toContain("password");
    expect(findResource(run, "postgresql:index/role:Role", "orders-access-role-orders_reporting").inputs.roles).toEqual(["billing_ro", "orders_ro"]);
    expect(resourcesOfType(run, "azure-native:keyvault:Secret").map((s) => s.inputs.secretName)).toEqual([
      "orders-db--orders-app",
      "billing-db--billing-app",
      "orders-db--orders-migrator",
      "billing-db--billing-migrator",
      "orders-db--orders-reporting",
      "billing-db--orders-reporting",
    ]);
    expect(findResource(run, "azure-native:keyvault:Vault", "orders-secrets-vault").inputs).toMatchObject({ vaultName: "team-orders-kv", properties: { publicNetworkAccess: "Disabled", enableRbacAuthorization: true } });
    expect(run.outputs.applicationConnectionStrings).toBe("[secret]");
    const strings = run.rawOutputs.applicationConnectionStrings as Record<string, string>;
    expect(Object.keys(strings)).toEqual(["orders_db", "billing_db"]);
    expect(strings.orders_db).toMatch(/^postgresql:\/\/orders_app:[^@]+@.+:5432\/orders_db\?sslmode=require$/);
  }, 120_000);

  const yamlFile = path.join(PACKAGE_DIR, "examples/yaml/Pulumi.yaml");
  const program = yaml.load(fs.readFileSync(yamlFile, "utf8")) as YamlProgram;

  test("YAML (packages/db-components/examples/yaml/Pulumi.yaml, not run by a CLI here): its package and every resource and output fit the schema", () => {
    expect(path.resolve(path.dirname(yamlFile), program.packages!["db-components"]!)).toBe(PACKAGE_DIR);
    expect(yamlProblems(program, schema)).toEqual([]);
  });

  test("the YAML check names each mistake: unknown property, missing required, wrong enum value, an output into a plain Arg, a missing output", () => {
    const broken = JSON.parse(JSON.stringify(program)) as { resources: Record<string, { properties: Record<string, unknown> }>; outputs: Record<string, string> };
    const orders = broken.resources.orders!.properties;
    delete orders.serverName;
    orders.version = "12";
    orders.location = "${orders-rg.location}";
    orders.databses = [];
    (orders.databases as { name: string; owner?: string }[])[0]!.owner = "me";
    broken.outputs.password = "${orders.password}";
    expect(yamlProblems(broken as unknown as YamlProgram, schema)).toEqual([
      "resources.orders.properties.serverName: required",
      "resources.orders.properties.location: takes a plain value, not the output ${orders-rg.location}",
      'resources.orders.properties.version: "12" is not one of "14", "15", "16", "17"',
      expect.stringMatching(/^resources\.orders\.properties\.databases\[0\]\.owner: no such property \(known: name, rolePrefix\)$/),
      expect.stringMatching(/^resources\.orders\.properties\.databses: no such property/),
      "${orders.password}: db-components:index:PostgresCluster has no output password",
    ]);
  });
});

describe("what replaces a server (README, derived from the lifecycle tables)", () => {
  let rows: Awaited<ReturnType<typeof replacementRows>>;
  beforeAll(async () => {
    rows = await replacementRows();
  }, 120_000);

  test("the README's table is the derived one (npm run package:docs)", () => {
    const readme = fs.readFileSync(README, "utf8");
    expect(readme).toBe(withTable(readme, replacementTable(rows)));
  });

  test("it knows what the lifecycle tables know: names, region and admin login replace, MySQL network replaces, geo-backup and VNet integration are fixed, storage only grows", () => {
    const effect = (arg: string, engine: "PostgreSQL" | "MySQL") => rows.find((r) => r.arg === arg && r.engine === engine)?.effect;
    for (const engine of ["PostgreSQL", "MySQL"] as const) {
      for (const arg of ["serverName", "location", "resourceGroupName", "administratorLogin"]) expect([arg, engine, effect(arg, engine)]).toEqual([arg, engine, "replaces the server"]);
      expect(effect("backup.geoRedundant", engine)).toBe("refused in place: fixed at creation");
      expect(effect("storageGb (shrink, auto-grow off)", engine)).toBe("refused by Azure");
      expect(effect("storageGb (grow, auto-grow off)", engine)).toBe("in place");
      expect(effect("sku", engine)).toBe("in place, restarts the server");
    }
    expect(effect("publicNetworkAccess", "MySQL")).toBe("replaces the server");
    expect(effect("privateNetwork", "MySQL")).toBe("replaces the server");
    expect(effect("publicNetworkAccess", "PostgreSQL")).toBe("in place");
    expect(effect("privateNetwork", "PostgreSQL")).toBe("refused in place: fixed at creation");
    expect(effect("highAvailability.mode", "MySQL")).toBe("replaces the server");
  });
});
