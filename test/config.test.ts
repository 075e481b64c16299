import { GENIMS_CATALOG } from "../catalog";
import { ConfigError, formatIssue } from "../config/errors";
import { readNamespace } from "../config/load";
import { ATLAS_AZURE_REGIONS, AZURE_LOCATIONS, AZURE_REGIONS, PREMIUM_SSD_V2_FEATURE_REGIONS } from "../config/offerings";
import { validateEnvironment } from "../config/validate";
import { OFFLINE_EXAMPLE_CONFIG, registeredBeforeFailure, runGenims, stackConfig, toRuntimeConfig } from "./harness";

/** The dev stack file's `genims:` keys, decoded as the program decodes them. */
const devValues = () => readNamespace(stackConfig("dev"));
const prodValues = () => readNamespace(stackConfig("prod"));

function issuesOf(values: Record<string, unknown>): { path: string; value: unknown; problem: string; expected: string }[] {
  try {
    validateEnvironment("test", values, GENIMS_CATALOG);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error("config was accepted");
}

const PG_ALL = ["genims_master_db", "genims_operations_db", "genims_manufacturing_db", "genims_maintenance_db", "genims_quality_db", "genims_erp_db", "genims_financial_db", "genims_wms_db", "genims_tms_db", "genims_crm_db", "genims_service_db", "genims_hr_db", "genims_supplier_db"];
const pgCore = (databases: string[] = PG_ALL, extra: Record<string, unknown> = {}) => ({ core: { databases, ...extra } });

describe("stack config validation", () => {
  test("the committed dev and prod stack files are valid", () => {
    expect(validateEnvironment("dev", devValues(), GENIMS_CATALOG).postgres.servers).toHaveLength(1);
    expect(validateEnvironment("prod", prodValues(), GENIMS_CATALOG).postgres.servers).toHaveLength(7);
  });

  test("a misspelled key is rejected with a did-you-mean", () => {
    const issues = issuesOf({ ...devValues(), postgresServer: pgCore() });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServer", problem: expect.stringContaining('did you mean "genims:postgresServers"?') }));
  });

  test("an unknown database name is rejected with a did-you-mean and the catalog's names", () => {
    const issues = issuesOf({ ...devValues(), postgresServers: pgCore(PG_ALL.map((name) => (name === "genims_hr_db" ? "genims_hrr_db" : name))) });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServers.core.databases[11]", value: "genims_hrr_db", problem: expect.stringContaining('"genims_hrr_db" is not a PostgreSQL database of the catalog (did you mean "genims_hr_db"?)') }));
    // ...and, because genims_hr_db is then nowhere, it is reported missing too.
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServers", problem: "does not place genims_hr_db" }));
  });

  test("a database of the other engine is pointed to the right key", () => {
    const issues = issuesOf({ ...devValues(), postgresServers: pgCore([...PG_ALL, "genims_audit_db"]) });
    expect(issues).toContainEqual(expect.objectContaining({ problem: '"genims_audit_db" is a MySQL database; place it under genims:mysqlServers' }));
  });

  test("a database placed twice or not at all is rejected", () => {
    const issues = issuesOf({ ...devValues(), mysqlServers: { a: { databases: ["genims_reporting_db", "genims_analytics_db"] }, b: { databases: ["genims_reporting_db"] } } });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers.b.databases[0]", problem: '"genims_reporting_db" is already placed on server "a"' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers", problem: "does not place genims_audit_db" }));
  });

  test("server keys and names that break Azure's rules are rejected", () => {
    const badKey = issuesOf({ ...devValues(), mysqlServers: { Core_1: { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"] } } });
    expect(badKey).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers.Core_1", problem: 'server key "Core_1" is not a valid name part' }));
    const tooLong = issuesOf({
      ...devValues(),
      namePrefix: "genims-development-environment-x",
      mysqlServers: { "reporting-and-analytics-db": { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"] } },
    });
    expect(tooLong).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers.reporting-and-analytics-db", problem: expect.stringMatching(/server name "genims-development-environment-x-mysql-reporting-and-analytics-db" is 65 characters long/) }));
  });

  test("the old server=db1, db2 string form is rejected with the object form to paste", () => {
    const issues = issuesOf({ ...devValues(), mysqlServers: ["core=genims_reporting_db, genims_analytics_db, genims_audit_db"], tags: ["environment=dev"] });
    const servers = issues.find((issue) => issue.path === "genims:mysqlServers");
    expect(servers?.problem).toBe(
      'servers are objects now, not "server=db1, db2" strings; write:\n  genims:mysqlServers:\n    core:\n      databases: [genims_reporting_db, genims_analytics_db, genims_audit_db]',
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:tags", problem: expect.stringContaining("environment: dev") }));
  });

  test("a misspelled field inside a server object is named with its full path and the field it may mean", () => {
    const issues = issuesOf({ ...devValues(), postgresServers: pgCore(PG_ALL, { skuNmae: "Standard_B2s" }) });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "genims:postgresServers.core.skuNmae", value: "Standard_B2s", problem: 'is not a field of this object (did you mean "skuName"?)', expected: expect.stringContaining("storageTier") }),
    );
  });

  test("a SKU that does not exist for its tier is rejected at its full path, with the tier's sizes", () => {
    const prod = prodValues() as { postgresServers: Record<string, Record<string, unknown>> };
    const servers = { ...prod.postgresServers, operations: { ...prod.postgresServers.operations, skuName: "Standard_D8ds_v5" } };
    expect(issuesOf({ ...prod, postgresServers: servers })).toContainEqual(
      expect.objectContaining({ path: "genims:postgresServers.operations.skuName", value: "Standard_D8ds_v5", problem: "is a GeneralPurpose size, not a MemoryOptimized one", expected: expect.stringContaining("Standard_E8ds_v5") }),
    );
    const typo = { ...prod.postgresServers, operations: { ...prod.postgresServers.operations, skuName: "Standard_E4dsv5" } };
    expect(issuesOf({ ...prod, postgresServers: typo })).toContainEqual(
      expect.objectContaining({ path: "genims:postgresServers.operations.skuName", problem: 'is not a MemoryOptimized size Azure Database for PostgreSQL offers (did you mean "Standard_E4ds_v5"?)' }),
    );
    // A tier of its own with the environment's GeneralPurpose size: the inherited size is named.
    const inherited = { ...prod.postgresServers, customer: { databases: ["genims_crm_db", "genims_service_db"], skuTier: "MemoryOptimized" } };
    expect(issuesOf({ ...prod, postgresServers: inherited })).toContainEqual(
      expect.objectContaining({ path: "genims:postgresServers.customer.skuName", value: "Standard_D4ds_v5", problem: expect.stringContaining("inherited from genims:postgresSkuName") }),
    );
  });

  test("HA on a Burstable server is rejected at the server's path", () => {
    const prod = prodValues() as { postgresServers: Record<string, Record<string, unknown>> };
    const servers = { ...prod.postgresServers, corporate: { databases: ["genims_hr_db", "genims_supplier_db"], skuTier: "Burstable", skuName: "Standard_B2ms" } };
    expect(issuesOf({ ...prod, postgresServers: servers })).toEqual([
      expect.objectContaining({ path: "genims:postgresServers.corporate.highAvailability", value: "ZoneRedundant", problem: "is not available on the Burstable tier (inherited from genims:highAvailability)" }),
    ]);
  });

  test("storage outside Azure's sizes, SKUs of the wrong tier and HA on Burstable are rejected for the environment's defaults", () => {
    const issues = issuesOf({ ...devValues(), postgresStorageGb: 100, mysqlStorageGb: 10, postgresSkuName: "Standard_D2ds_v5", highAvailability: "ZoneRedundant" });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresStorageGb", value: 100, expected: expect.stringContaining("32, 64, 128") }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlStorageGb", value: 10, expected: "20-16384 (GiB)" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresSkuName", problem: "is a GeneralPurpose size, not a Burstable one" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:highAvailability", problem: expect.stringContaining("Burstable") }));
  });

  test.each([
    ["a performance tier below the size's default", { storageGb: 512, storageTier: "P10" }, "genims:postgresServers.core.storageTier", "its default is P20"],
    ["IOPS on Premium_LRS", { iops: 5000 }, "genims:postgresServers.core.iops", "follow from its size and performance tier"],
    ["Premium SSD v2 without IOPS", { storageType: "PremiumV2_LRS", throughput: 125 }, "genims:postgresServers.core.iops", "is required with storageType: PremiumV2_LRS"],
    ["Premium SSD v2 with auto-grow", { storageType: "PremiumV2_LRS", iops: 3000, throughput: 125, autoGrow: true }, "genims:postgresServers.core.autoGrow", "does not grow automatically"],
  ])("PostgreSQL storage: %s is rejected", (_label, overrides, at, problem) => {
    expect(issuesOf({ ...devValues(), postgresServers: pgCore(PG_ALL, overrides) })).toContainEqual(expect.objectContaining({ path: at, problem: expect.stringContaining(problem) }));
  });

  // Premium SSD v2 on the prod posture (GeneralPurpose, ZoneRedundant, geo-redundant, westeurope):
  // config/offerings.ts POSTGRES_PREMIUM_SSD_V2 cites each rule.
  const prodWithV2 = (storage: Record<string, unknown>, values: Record<string, unknown> = {}) => {
    const prod = prodValues() as { postgresServers: Record<string, Record<string, unknown>> };
    const { storageTier: _tier, ...operations } = prod.postgresServers.operations!;
    return { ...prod, ...values, postgresServers: { ...prod.postgresServers, operations: { ...operations, storageType: "PremiumV2_LRS", autoGrow: false, ...storage } } };
  };
  test("Premium SSD v2 within its bounds on the prod posture is accepted", () => {
    const env = validateEnvironment("prod", prodWithV2({ storageGb: 160, iops: 80000, throughput: 1200 }), GENIMS_CATALOG);
    expect(env.postgres.servers.find((server) => server.key === "operations")!.storage).toEqual(expect.objectContaining({ type: "PremiumV2_LRS", iops: 80000, throughput: 1200 }));
  });
  test.each([
    ["more IOPS than 500 per GiB", { storageGb: 100, iops: 60000, throughput: 500 }, {}, "genims:postgresServers.operations.iops", "is more than a 100 GiB Premium SSD v2 disk can have (500 IOPS per GiB)", "at most 50000 IOPS, or storageGb of at least 120"],
    ["more throughput than 0.25 MB/s per IOPS", { storageGb: 512, iops: 3000, throughput: 1000 }, {}, "genims:postgresServers.operations.throughput", "is more than 3000 IOPS allow on Premium SSD v2 (0.25 MB/s per IOPS)", "at most 750 MB/s, or iops of at least 4000"],
    ["a customer-managed key", { storageGb: 512, iops: 3000, throughput: 125 }, { customerManagedKeyUri: "https://genims-kv.vault.azure.net/keys/cmk" }, "genims:postgresServers.operations.storageType", "does not support data encryption with a customer-managed key, which genims:customerManagedKeyUri turns on", "Premium_LRS, or an empty genims:customerManagedKeyUri"],
    ["the Burstable tier", { storageGb: 512, iops: 3000, throughput: 125, skuTier: "Burstable", skuName: "Standard_B2ms", highAvailability: "Disabled" }, {}, "genims:postgresServers.operations.storageType", "is not offered on the Burstable tier", "Premium_LRS, or skuTier GeneralPurpose or MemoryOptimized"],
  ])("Premium SSD v2 with %s is rejected", (_label, storage, values, at, problem, expected) => {
    expect(issuesOf(prodWithV2(storage, values))).toContainEqual({ path: at, value: expect.anything(), problem, expected });
  });
  test("Premium SSD v2 has no geo-redundant backup in a region the docs mark with *, nor HA outside its feature regions", () => {
    const italy = issuesOf(prodWithV2({ storageGb: 512, iops: 3000, throughput: 125, geoRedundantBackup: true }, { location: "italynorth" }));
    expect(italy).toContainEqual(expect.objectContaining({ path: "genims:postgresServers.operations.storageType", problem: "has no geo-redundant backup in italynorth (geoRedundantBackup is true)", expected: expect.stringMatching(/^geoRedundantBackup: false, Premium_LRS, or one of .*westeurope/) }));
    const france = issuesOf(prodWithV2({ storageGb: 512, iops: 3000, throughput: 125, geoRedundantBackup: false }, { location: "francecentral" }));
    expect(france).toContainEqual(expect.objectContaining({ path: "genims:postgresServers.operations.storageType", problem: "has no high availability in francecentral (highAvailability is ZoneRedundant)" }));
  });

  test("a zone-redundant default in a region without zones is rejected for each engine, with the pair that has it", () => {
    const issues = issuesOf({ ...prodValues(), location: "westcentralus" });
    expect(issues).toContainEqual({ path: "genims:highAvailability", value: "ZoneRedundant", problem: "is not offered to PostgreSQL flexible servers in westcentralus (West Central US has no availability zones)", expected: "SameZone (standby in the primary's zone) or Disabled, or location westus2 (the pair, which has it)" });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:highAvailability", problem: "is not offered to MySQL flexible servers in westcentralus (West Central US has no availability zones)" }));
    // A server's own HA is reported at the server's path; West US (no zones) as well.
    const prod = prodValues() as { postgresServers: Record<string, Record<string, unknown>> };
    const own = issuesOf({ ...prod, location: "westus", highAvailability: "SameZone", postgresServers: { ...prod.postgresServers, operations: { ...prod.postgresServers.operations, highAvailability: "ZoneRedundant", availabilityZone: "2" } } });
    expect(own).toContainEqual(expect.objectContaining({ path: "genims:postgresServers.operations.highAvailability", value: "ZoneRedundant", problem: expect.stringContaining("in westus (West US has no availability zones)") }));
    expect(own).toContainEqual(expect.objectContaining({ path: "genims:postgresServers.operations.availabilityZone", value: "2", problem: "pins a zone, but westus (West US) has no availability zones" }));
  });

  test("geo-redundant backup where the engine has none is rejected: Italy North has no pair, UK West has one", () => {
    const italy = issuesOf({ ...prodValues(), location: "italynorth", atlasRegion: "ITALY_NORTH", atlasBackupCopyRegion: "EUROPE_WEST" });
    expect(italy).toContainEqual(expect.objectContaining({ path: "genims:geoRedundantBackup", value: true, problem: "is not offered to PostgreSQL flexible servers in italynorth (Italy North has no paired region)" }));
    expect(italy.filter((issue) => issue.path === "genims:highAvailability")).toEqual([]);
    const ukWest = issuesOf({ ...prodValues(), location: "ukwest", atlasRegion: "UK_WEST", atlasBackupCopyRegion: "UK_SOUTH" });
    expect(ukWest.filter((issue) => issue.path === "genims:geoRedundantBackup")).toEqual([]);
    expect(ukWest).toContainEqual(expect.objectContaining({ path: "genims:highAvailability", problem: expect.stringContaining("ukwest (UK West has no availability zones)"), expected: expect.stringContaining("location uksouth") }));
  });

  test("a geo-restore to a region that is not the source's pair names the pair", () => {
    const prod = prodValues() as { mysqlServers: Record<string, Record<string, unknown>> };
    const withRestore = (location: string) => ({
      ...prod,
      azureSubscriptionId: "00000000-1111-2222-3333-444444444444",
      mysqlServers: { ...prod.mysqlServers, compliance: { ...prod.mysqlServers.compliance, restore: { mode: "GeoRestore", pointInTimeUTC: "2026-11-02T03:15:00Z", location, subnetId: "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/dr/subnets/mysql" } } },
    });
    expect(issuesOf(withRestore("francecentral"))).toContainEqual({
      path: "genims:mysqlServers.compliance.restore.location",
      value: "francecentral",
      problem: 'is not the paired region of westeurope, where the geo-redundant backup is kept (did you mean "northeurope"?)',
      expected: "northeurope",
    });
    expect(() => validateEnvironment("prod", withRestore("northeurope"), GENIMS_CATALOG)).not.toThrow();
  });

  test("every region of the table is a location name, and every pair is a region of the table", () => {
    expect(Object.keys(AZURE_REGIONS).sort()).toEqual([...AZURE_LOCATIONS].sort());
    expect(Object.values(AZURE_REGIONS).flatMap((region) => (region.pair === undefined || region.pair in AZURE_REGIONS ? [] : [region.pair]))).toEqual([]);
    expect(Object.keys(PREMIUM_SSD_V2_FEATURE_REGIONS).filter((name) => !(name in AZURE_REGIONS))).toEqual([]);
  });

  test("MySQL storage: pre-provisioned IOPS need autoIoScaling off", () => {
    const mysql = { core: { databases: ["genims_reporting_db", "genims_analytics_db", "genims_audit_db"], iops: 1000 } };
    expect(issuesOf({ ...devValues(), mysqlServers: mysql })).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers.core.iops", problem: expect.stringContaining("autoIoScaling is on") }));
    const env = validateEnvironment("dev", { ...devValues(), mysqlServers: { core: { ...mysql.core, autoIoScaling: false } } }, GENIMS_CATALOG);
    expect(env.mysql.servers[0]!.storage).toEqual(expect.objectContaining({ iops: 1000, autoIoScaling: false }));
  });

  test("a misspelled location or Atlas region is rejected with a did-you-mean", () => {
    const issues = issuesOf({ ...prodValues(), location: "westeurop", atlasBackupCopyRegion: "EUROPE_NROTH" });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:location", value: "westeurop", problem: 'is not an Azure region name (did you mean "westeurope"?)' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:atlasBackupCopyRegion", value: "EUROPE_NROTH", problem: 'is not an Atlas region on Azure (did you mean "EUROPE_NORTH"?)' }));
  });

  test("every Azure region Atlas maps to is an Azure location the validator accepts", () => {
    expect(Object.values(ATLAS_AZURE_REGIONS).filter((location) => !(AZURE_LOCATIONS as readonly string[]).includes(location))).toEqual([]);
  });

  test("with Private Link the Atlas region must be the Azure location's", () => {
    expect(issuesOf({ ...prodValues(), atlasRegion: "EUROPE_NORTH", atlasBackupCopyRegion: "UK_SOUTH" })).toEqual([
      expect.objectContaining({ path: "genims:atlasRegion", value: "EUROPE_NORTH", expected: "EUROPE_WEST (the Atlas name of westeurope)" }),
    ]);
    // Without Private Link (dev) the cluster may live elsewhere.
    expect(validateEnvironment("dev", { ...devValues(), atlasRegion: "EUROPE_NORTH" }, GENIMS_CATALOG).atlas.region).toBe("EUROPE_NORTH");
  });

  test("all-zero tenant, admin and Atlas organization ids are rejected with how to set the real ones", () => {
    const issues = issuesOf({ ...prodValues(), entraTenantId: "00000000-0000-0000-0000-000000000000", entraAdminObjectId: "00000000-0000-0000-0000-000000000000", atlasOrgId: "000000000000000000000000" });
    expect(issues.map((issue) => issue.path)).toEqual(["genims:entraTenantId", "genims:entraAdminObjectId", "genims:atlasOrgId"]);
    expect(issues[0]).toEqual(expect.objectContaining({ problem: expect.stringContaining("placeholder"), expected: expect.stringContaining("pulumi config set genims:entraTenantId <id> --stack test") }));
  });

  test("the committed stack files hold no tenant, admin or Atlas organization id: offline runs use labelled examples", () => {
    for (const stack of ["dev", "prod"]) {
      const file = stackConfig(stack, undefined, { offline: false });
      expect(Object.keys(file).filter((key) => key in OFFLINE_EXAMPLE_CONFIG)).toEqual([]);
      expect(issuesOf(readNamespace(file)).filter((issue) => issue.problem === "is required").map((issue) => issue.path)).toEqual(["genims:entraTenantId", "genims:entraAdminObjectId", "genims:atlasOrgId"]);
    }
  });

  test("Atlas compute auto-scaling needs both bounds, around the instance size", () => {
    expect(issuesOf({ ...prodValues(), atlasAutoScaling: { diskGb: true, computeMaxInstanceSize: "M50" } })).toContainEqual(expect.objectContaining({ path: "genims:atlasAutoScaling.computeMinInstanceSize" }));
    expect(issuesOf({ ...prodValues(), atlasAutoScaling: { diskGb: true, computeMinInstanceSize: "M40", computeMaxInstanceSize: "M50" } })).toContainEqual(
      expect.objectContaining({ path: "genims:atlasInstanceSize", value: "M30", problem: "lies outside the auto-scaling bounds M40-M50" }),
    );
  });

  test.each([
    ["a bad IP", "14.96.208.300", '"14.96.208.300" is not an IPv4 address'],
    ["a misaligned block", "14.96.208.1/24", "is not the network address of a /24"],
    ["Azure's allow-all-Azure-services rule", "0.0.0.0", "opens the servers to everyone"],
    ["the whole internet", "0.0.0.0/0", "opens the servers to everyone"],
    ["a block wider than a /8", "64.0.0.0/2", "opens the servers to everyone"],
  ])("the firewall allow-list rejects %s", (_label, address, problem) => {
    const issues = issuesOf({ ...devValues(), allowedClients: { office: address } });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:allowedClients.office", value: address, problem: expect.stringContaining(problem) }));
  });

  test.each([
    ["10.1.2.3", "private (RFC 1918, 10.0.0.0/8)"],
    ["172.20.0.0/16", "private (RFC 1918, 172.16.0.0/12)"],
    ["192.168.1.0/24", "private (RFC 1918, 192.168.0.0/16)"],
    ["100.64.1.1", "carrier-grade NAT (RFC 6598, 100.64.0.0/10)"],
    ["127.0.0.1", "loopback (127.0.0.0/8)"],
  ])("a public allow-list rejects the non-public address %s, saying why and what to use instead", (address, kind) => {
    expect(issuesOf({ ...devValues(), allowedClients: { office: address } })).toContainEqual({
      path: "genims:allowedClients.office",
      value: address,
      problem: `is a ${kind} address: a public endpoint sees a client by its public address, so this rule would never let it in`,
      expected: "the client's public address (from the client: curl -s https://ifconfig.me), or privateNetworking for clients inside a network",
    });
  });

  test.each([
    ["10.60.0.0/8", "is not a /16 to /22 network address (did you mean 10.60.0.0/16?)"],
    ["10.60.1.0/16", "is not a /16 to /22 network address (did you mean 10.60.0.0/16?)"],
    ["10.60.0.0/24", "is not a /16 to /22 network address (did you mean 10.60.0.0/22?)"],
    ["10.60.0.0", "is not a /16 to /22 network address (did you mean 10.60.0.0/16?)"],
  ])("vnetAddressSpace %s: the suggestion is a value the next run accepts", (space, problem) => {
    const issues = issuesOf({ ...prodValues(), vnetAddressSpace: space }).filter((issue) => issue.path === "genims:vnetAddressSpace");
    expect(issues.map((issue) => issue.problem)).toEqual([problem]);
    const suggestion = /did you mean (\S+)\?/.exec(problem)![1]!;
    expect(() => validateEnvironment("prod", { ...prodValues(), vnetAddressSpace: suggestion }, GENIMS_CATALOG)).not.toThrow();
  });

  test("a nested field's problem names the field, without repeating the whole key's description", () => {
    const values = prodValues() as { postgresServers: Record<string, Record<string, unknown>> };
    const servers = { ...values.postgresServers, master: { ...values.postgresServers.master, skuTier: "Burstabl", maintenanceWindow: { dayOfWeek: "Sunday", startHour: 25 } } };
    const issues = issuesOf({ ...values, postgresServers: servers });
    const nested = issues.filter((issue) => issue.path.startsWith("genims:postgresServers.master."));
    expect(nested.map((issue) => [issue.path, issue.expected])).toEqual([
      ["genims:postgresServers.master.skuTier", "a valid master.skuTier, as genims:postgresServers is described in docs/configuration.md"],
      ["genims:postgresServers.master.maintenanceWindow.startHour", "a valid master.maintenanceWindow.startHour, as genims:postgresServers is described in docs/configuration.md"],
    ]);
    for (const issue of nested) expect(formatIssue(issue).length).toBeLessThan(300);
  });

  test("the old name=address list form of allowedClients is rejected with the map to paste", () => {
    const issues = issuesOf({ ...devValues(), allowedClients: ["office=14.96.208.122"] });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:allowedClients", problem: expect.stringContaining("    office: 14.96.208.122") }));
  });

  test("clients listed on a private stack are rejected: they could not be used", () => {
    const issues = issuesOf({ ...prodValues(), allowedClients: { office: "14.96.208.122" } });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:allowedClients", problem: expect.stringContaining("publicNetworkAccess is false") }));
  });

  test("missing required keys are named", () => {
    const { atlasOrgId: _drop, ...values } = devValues();
    expect(issuesOf(values)).toContainEqual(expect.objectContaining({ path: "genims:atlasOrgId", value: undefined, problem: "is required" }));
  });

  test("every problem is reported at once, each with path, value, reason and what is valid", () => {
    const issues = issuesOf({
      ...devValues(),
      backupRetentionDays: 90,
      postgresVersion: "9.6",
      allowedClients: { anyone: "0.0.0.0/0" },
      postgresServers: pgCore(PG_ALL.filter((name) => name !== "genims_supplier_db")),
      mysqlServers: { core: { databases: ["genims_reporting_db", "genims_reporting_db", "genims_analytics_db", "genims_audit_db"] } },
      namePrefx: "x",
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ["genims:allowedClients.anyone", "genims:backupRetentionDays", "genims:mysqlServers.core.databases[1]", "genims:namePrefx", "genims:postgresServers", "genims:postgresVersion"].sort(),
    );
    for (const issue of issues) {
      expect(issue.problem.length).toBeGreaterThan(5);
      expect(issue.expected.length).toBeGreaterThan(5);
    }
    const message = (() => {
      try {
        validateEnvironment("broken", { ...devValues(), backupRetentionDays: 90, namePrefx: "x" }, GENIMS_CATALOG);
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    })();
    expect(message.split("\n")).toEqual([
      'Stack "broken" has 2 configuration problems; nothing was deployed:',
      expect.stringMatching(/^ {2}- genims:namePrefx = "x": is not a GenIMS config key \(did you mean "genims:namePrefix"\?\); expected one of genims:location, .*genims:atlasMongoVersion(, genims:\w+)*$/),
      "  - genims:backupRetentionDays = 90: Too big: expected number to be <=35; expected Point-in-time restore window of every flexible server, 7-35 days (a server's own `backupRetentionDays` overrides it). Default 35, the maximum Azure allows.",
    ]);
  });

  test("values arrive from Pulumi as text and are decoded by their declared type", () => {
    expect(readNamespace({ "genims:backupRetentionDays": "14", "genims:protect": "false", "genims:tags": '{"a":"b"}', "genims:postgresVersion": "16", "azure-native:location": "x" })).toEqual({
      backupRetentionDays: 14,
      protect: false,
      tags: { a: "b" },
      postgresVersion: "16",
    });
    // A misspelled key has no declared type: its structured value is still shown as written.
    expect(readNamespace({ "genims:postgresServer": '["core=genims_master_db"]', "genims:tgas": "x" })).toEqual({ postgresServer: ["core=genims_master_db"], tgas: "x" });
  });

  test("a broken stack registers no resource at all", async () => {
    const config = toRuntimeConfig({ ...Object.fromEntries(Object.entries(devValues()).map(([k, v]) => [`genims:${k}`, v])), "genims:allowedClients": { anyone: "0.0.0.0/0" } });
    const failure = await runGenims("dev", config).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect(registeredBeforeFailure(failure)).toEqual([]);
  });
});
