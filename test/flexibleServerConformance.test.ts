/**
 * Issue 10, items 1, 2, 3 and 9: what the flexible servers send, checked against the service's own
 * rules (sources cited next to each excerpt).
 */
import { GENIMS_CATALOG } from "../catalog";
import { MysqlCluster } from "../components/genims";
import { mysqlStorageRedundancy } from "../packages/db-components/lib/mysqlServer";
import { serverDnsZone, serverDnsZoneProblem } from "../naming";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import type { ConfigError } from "../config/errors";
import { type ProgramRun, findResource, resourcesOfType, runGenims, runProgram, stackConfig } from "./harness";

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const MYSQL_SERVER = "azure-native:dbformysql:Server";
const SUB = "00000000-0000-0000-0000-000000000000";

/**
 * Excerpt: Azure/azure-rest-api-specs @ 0d2955ab684f84082d25898ca86462dfe1f99462,
 * specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/PostgreSQL/stable/2025-08-01/openapi.json,
 * definitions.PrincipalType.enum (2025-08-01: the API version of azure-native 3.28.0's
 * dbforpostgresql.AdministratorsMicrosoftEntra, per its .d.ts).
 */
const SPEC_2025_08_01_PRINCIPAL_TYPE = ["Unknown", "User", "Group", "ServicePrincipal"];

let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
}, 60_000);

describe("item 1: PostgreSQL Entra administrator principalType", () => {
  test("is a value of the flexible-server spec's enum, not the SDK's Cosmos DB enum", () => {
    const admins = resourcesOfType(prod, "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra");
    expect(admins.length).toBeGreaterThan(0);
    for (const admin of admins) {
      expect(SPEC_2025_08_01_PRINCIPAL_TYPE).toContain(admin.inputs.principalType);
      expect(admin.inputs.principalType).toBe("Group");
    }
  });
});

describe("item 2: MySQL storage redundancy follows the HA mode", () => {
  test("zone-redundant HA gets ZoneRedundancy storage, explicitly (the SDK default is LocalRedundancy)", () => {
    for (const server of resourcesOfType(prod, MYSQL_SERVER)) {
      expect(server.inputs.highAvailability).toEqual(expect.objectContaining({ mode: "ZoneRedundant" }));
      expect(server.inputs.storage).toEqual(expect.objectContaining({ storageRedundancy: "ZoneRedundancy" }));
    }
    for (const server of resourcesOfType(dev, MYSQL_SERVER)) expect(server.inputs.storage).toEqual(expect.objectContaining({ storageRedundancy: "LocalRedundancy" }));
    expect([mysqlStorageRedundancy("ZoneRedundant"), mysqlStorageRedundancy("SameZone"), mysqlStorageRedundancy("Disabled")]).toEqual(["ZoneRedundancy", "LocalRedundancy", "LocalRedundancy"]);
  });

  test("a change of storage redundancy is a replacement, not a silent update", async () => {
    const run = await runProgram("redundancy", {}, () => {
      new MysqlCluster("mysql", { resourceGroupName: "rg", location: "westeurope", serverName: "genims-mysql", databases: GENIMS_CATALOG.mysql.slice(0, 1), protect: false });
      return {};
    });
    expect(findResource(run, MYSQL_SERVER, "mysql-server").replaceOnChanges).toEqual(["storage.storageRedundancy"]);
  });
});

describe("item 3: storage auto-grow does not block later updates", () => {
  test("without auto-grow the configured size stays managed (a grow in config applies)", async () => {
    const run = await runProgram("no-autogrow", {}, () => {
      new MysqlCluster("mysql", { resourceGroupName: "rg", location: "westeurope", serverName: "genims-mysql", databases: GENIMS_CATALOG.mysql.slice(0, 1), storage: { autoGrow: false }, protect: false });
      return {};
    });
    const server = findResource(run, MYSQL_SERVER, "mysql-server");
    expect(server.inputs.storage).toEqual(expect.objectContaining({ autoGrow: "Disabled" }));
    expect(server.ignoreChanges).not.toContain("storage.storageSizeGB");
  });

  test("auto-grow is on and the size is set at creation only (ignoreChanges), on both engines", () => {
    for (const run of [dev, prod]) {
      for (const server of [...resourcesOfType(run, PG_SERVER), ...resourcesOfType(run, MYSQL_SERVER)]) {
        expect(server.inputs.storage).toEqual(expect.objectContaining({ autoGrow: "Enabled" }));
        expect(server.ignoreChanges).toContain("storage.storageSizeGB");
      }
    }
  });
});

describe("item 9: VNet-integrated servers use their own DNS zones and have an outbound path", () => {
  test("prod's servers register in <prefix>.private.<engine>.database.azure.com, which Azure accepts", () => {
    const zones = resourcesOfType(prod, "azure-native:privatedns:PrivateZone").map((z) => String(z.inputs.privateZoneName));
    expect(zones).toContain(serverDnsZone("genims-prod", "pg"));
    expect(zones).toContain(serverDnsZone("genims-prod", "mysql"));
    expect(zones.filter((z) => /^privatelink\.(postgres|mysql)\./.test(z))).toEqual([]);
    expect(serverDnsZoneProblem(serverDnsZone("genims-prod", "pg"), "pg")).toBeUndefined();
    expect(serverDnsZoneProblem("privatelink.postgres.database.azure.com", "pg")).toMatch(/Private Link/);
    expect(serverDnsZoneProblem("genims.private.postgres.database.azure.com", "mysql")).toMatch(/mysql\.database\.azure\.com/);
  });

  test("delegated subnets have no default outbound access but a NAT gateway; the endpoints subnet has neither", () => {
    const nat = findResource(prod, "azure-native:network:NatGateway", "genims-network-nat");
    expect(nat.inputs).toEqual(expect.objectContaining({ natGatewayName: "genims-prod-nat", sku: { name: "Standard" }, publicIpAddresses: [{ id: "genims-network-nat-ip-id" }] }));
    const subnets = Object.fromEntries(resourcesOfType(prod, "azure-native:network:Subnet").map((s) => [String(s.inputs.subnetName), s.inputs]));
    expect(subnets["postgres-subnet"]).toEqual(expect.objectContaining({ defaultOutboundAccess: false, natGateway: { id: "genims-network-nat-id" } }));
    expect(subnets["mysql-subnet"]).toEqual(expect.objectContaining({ defaultOutboundAccess: false, natGateway: { id: "genims-network-nat-id" } }));
    expect(subnets["endpoints-subnet"]?.natGateway).toBeUndefined();
    expect(resourcesOfType(dev, "azure-native:network:NatGateway")).toEqual([]);
  });

  test("an existing private endpoint zone given for VNet integration is rejected with what would be valid", () => {
    const zone = (name: string) => `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/${name}`;
    const vnet = `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub`;
    const values = {
      ...readNamespace(stackConfig("prod")),
      existingPostgresSubnetId: `${vnet}/subnets/pg`,
      existingMysqlSubnetId: `${vnet}/subnets/mysql`,
      existingEndpointsSubnetId: `${vnet}/subnets/pe`,
      existingPostgresDnsZoneId: zone("privatelink.postgres.database.azure.com"),
      existingMysqlDnsZoneId: zone("hub.private.mysql.database.azure.com"),
    };
    let issues: ConfigError["issues"] = [];
    try {
      validateEnvironment("prod", values, GENIMS_CATALOG);
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    expect(issues).toEqual([expect.objectContaining({ path: "genims:existingPostgresDnsZoneId", expected: expect.stringContaining(".private.postgres.database.azure.com") })]);
  });
});
