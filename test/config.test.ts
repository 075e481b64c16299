import { GENIMS_CATALOG } from "../catalog";
import { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { registeredBeforeFailure, runGenims, stackConfig, toRuntimeConfig } from "./harness";

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

const PG_ALL = "core=genims_master_db,genims_operations_db,genims_manufacturing_db,genims_maintenance_db,genims_quality_db,genims_erp_db,genims_financial_db,genims_wms_db,genims_tms_db,genims_crm_db,genims_service_db,genims_hr_db,genims_supplier_db";

describe("stack config validation", () => {
  test("the committed dev and prod stack files are valid", () => {
    expect(validateEnvironment("dev", devValues(), GENIMS_CATALOG).postgres.servers).toHaveLength(1);
    expect(validateEnvironment("prod", prodValues(), GENIMS_CATALOG).postgres.servers).toHaveLength(7);
  });

  test("a misspelled key is rejected with a did-you-mean", () => {
    const issues = issuesOf({ ...devValues(), postgresServer: ["x=genims_master_db"] });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServer", problem: expect.stringContaining('did you mean "genims:postgresServers"?') }));
  });

  test("an unknown database name is rejected with a did-you-mean and the catalog's names", () => {
    const issues = issuesOf({ ...devValues(), postgresServers: [PG_ALL.replace("genims_hr_db", "genims_hrr_db")] });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServers[0]", problem: expect.stringContaining('"genims_hrr_db" is not a PostgreSQL database of the catalog (did you mean "genims_hr_db"?)') }));
    // ...and, because genims_hr_db is then nowhere, it is reported missing too.
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresServers", problem: "does not place genims_hr_db" }));
  });

  test("a database of the other engine is pointed to the right key", () => {
    const issues = issuesOf({ ...devValues(), postgresServers: [`${PG_ALL},genims_audit_db`] });
    expect(issues).toContainEqual(expect.objectContaining({ problem: '"genims_audit_db" is a MySQL database; place it under genims:mysqlServers' }));
  });

  test("a database placed twice or not at all is rejected", () => {
    const issues = issuesOf({ ...devValues(), mysqlServers: ["a=genims_reporting_db,genims_analytics_db", "b=genims_reporting_db"] });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers[1]", problem: '"genims_reporting_db" is already placed on server "a"' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers", problem: "does not place genims_audit_db" }));
  });

  test("duplicate server keys and names that break Azure's rules are rejected", () => {
    const duplicate = issuesOf({ ...devValues(), mysqlServers: ["core=genims_reporting_db", "core=genims_analytics_db,genims_audit_db"] });
    expect(duplicate).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers[1]", problem: 'server "core" is declared twice' }));
    const badKey = issuesOf({ ...devValues(), mysqlServers: ["Core_1=genims_reporting_db,genims_analytics_db,genims_audit_db"] });
    expect(badKey).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers[0]", problem: 'server key "Core_1" is not a valid name part' }));
    const tooLong = issuesOf({ ...devValues(), namePrefix: "genims-development-environment-x", mysqlServers: ["reporting-and-analytics-db=genims_reporting_db,genims_analytics_db,genims_audit_db"] });
    expect(tooLong).toContainEqual(expect.objectContaining({ path: "genims:mysqlServers[0]", problem: expect.stringMatching(/server name "genims-development-environment-x-mysql-reporting-and-analytics-db" is 65 characters long/) }));
  });

  test("storage outside Azure's sizes, SKUs of the wrong tier and HA on Burstable are rejected", () => {
    const issues = issuesOf({ ...devValues(), postgresStorageGb: 100, mysqlStorageGb: 10, postgresSkuName: "Standard_D2ds_v5", highAvailability: "ZoneRedundant" });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresStorageGb", value: 100, expected: expect.stringContaining("32, 64, 128") }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:mysqlStorageGb", value: 10, expected: "20-16384 (GiB)" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:postgresSkuName", problem: "is not a Burstable size" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:highAvailability", problem: expect.stringContaining("Burstable") }));
  });

  test.each([
    ["a bad IP", "office=14.96.208.300", '"14.96.208.300" is not an IPv4 address'],
    ["a misaligned block", "office=14.96.208.1/24", "is not the network address of a /24"],
    ["Azure's allow-all-Azure-services rule", "azure=0.0.0.0", "opens the servers to everyone"],
    ["the whole internet", "anyone=0.0.0.0/0", "opens the servers to everyone"],
    ["a block wider than a /8", "wide=64.0.0.0/2", "opens the servers to everyone"],
    ["a malformed entry", "14.96.208.122", "must be"],
  ])("the firewall allow-list rejects %s", (_label, entry, problem) => {
    const issues = issuesOf({ ...devValues(), allowedClients: [entry] });
    expect(issues).toContainEqual(expect.objectContaining({ path: "genims:allowedClients[0]", value: entry, problem: expect.stringContaining(problem) }));
  });

  test("clients listed on a private stack are rejected: they could not be used", () => {
    const issues = issuesOf({ ...prodValues(), allowedClients: ["office=14.96.208.122"] });
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
      allowedClients: ["anyone=0.0.0.0/0"],
      postgresServers: [PG_ALL.replace(",genims_supplier_db", "")],
      mysqlServers: ["core=genims_reporting_db,genims_reporting_db,genims_analytics_db,genims_audit_db"],
      namePrefx: "x",
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ["genims:allowedClients[0]", "genims:backupRetentionDays", "genims:mysqlServers[0]", "genims:namePrefx", "genims:postgresServers", "genims:postgresVersion"].sort(),
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
      "  - genims:backupRetentionDays = 90: Too big: expected number to be <=35; expected Point-in-time restore window of every flexible server, 7-35 days. Default 35, the maximum Azure allows.",
    ]);
  });

  test("values arrive from Pulumi as text and are decoded by their declared type", () => {
    expect(readNamespace({ "genims:backupRetentionDays": "14", "genims:protect": "false", "genims:tags": '["a=b"]', "genims:postgresVersion": "16", "azure-native:location": "x" })).toEqual({
      backupRetentionDays: 14,
      protect: false,
      tags: ["a=b"],
      postgresVersion: "16",
    });
    // A misspelled key has no declared type: its structured value is still shown as written.
    expect(readNamespace({ "genims:postgresServer": '["core=genims_master_db"]', "genims:tgas": "x" })).toEqual({ postgresServer: ["core=genims_master_db"], tgas: "x" });
  });

  test("a broken stack registers no resource at all", async () => {
    const config = toRuntimeConfig({ ...Object.fromEntries(Object.entries(devValues()).map(([k, v]) => [`genims:${k}`, v])), "genims:allowedClients": ["anyone=0.0.0.0/0"] });
    const failure = await runGenims("dev", config).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect(registeredBeforeFailure(failure)).toEqual([]);
  });
});
