/**
 * The parts of `npm run verify` that need no server: parsing what servers and Pulumi print, the
 * redaction of secrets, the report, the arguments. The behaviour against real servers is
 * test/integration/verify.test.ts; MongoDB's comparison logic is tested here only, because no
 * MongoDB server runs here.
 */
import { accessMatrix } from "../access/matrix";
import { accessModel, atlasAccess, mysqlServerAccess } from "../access/model";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { stackConfig } from "./harness";
import { GENIMS_CATALOG } from "../catalog";
import { parseArguments } from "../scripts/verify";
import { pendingCutovers, verifyStack } from "../scripts/lib/verify";
import { configWith } from "../lifecycle/scenario";
import { keyVaultToken, memorySecrets, parseConnectionString, parseStackOutputs } from "../scripts/lib/verify/inputs";
import { modelRoles, reportedRoles, withoutTls } from "../scripts/lib/verify/mongo";
import { expectedGrants, parseGrant } from "../scripts/lib/verify/mysql";
import { Redactor } from "../scripts/lib/verify/redact";
import { maintenanceOwnerVerdict } from "../scripts/lib/verify/postgres";
import { renderReport, Results } from "../scripts/lib/verify/report";
import { AZURE_ROOT_CAS, azureRootCas } from "../scripts/lib/verify/tls";

describe("SHOW GRANTS rows (MySQL 8.0 manual format; MariaDB 10.11 as the integration servers print it)", () => {
  test("database grants, the USAGE row and its MariaDB suffixes", () => {
    expect(parseGrant("GRANT SELECT, INSERT, UPDATE ON `db1`.* TO `jeffrey`@`localhost`")).toEqual({ target: "db1.*", privileges: ["INSERT", "SELECT", "UPDATE"], grantOption: false });
    expect(parseGrant("GRANT USAGE ON *.* TO `genims_audit_writer`@`%` IDENTIFIED BY PASSWORD '*0123456789ABCDEF' REQUIRE SSL")).toEqual({ target: "*.*", privileges: ["USAGE"], grantOption: false });
    expect(parseGrant("GRANT ALL PRIVILEGES ON `genims_audit_db`.* TO `x`@`%` WITH GRANT OPTION")).toEqual({ target: "genims_audit_db.*", privileges: ["ALL PRIVILEGES"], grantOption: true });
  });

  test("a role granted to the user (MySQL 8) is not a privilege row: it is reported as an unexpected row", () => {
    expect(parseGrant("GRANT `app_role`@`%` TO `genims_reporting_app`@`%`")).toBeUndefined();
  });

  test("the model's expectation: USAGE on *.* and one row per database, never a global privilege", () => {
    const reporting = GENIMS_CATALOG.mysql.find((d) => d.name === "genims_reporting_db")!;
    const audit = GENIMS_CATALOG.mysql.find((d) => d.name === "genims_audit_db")!;
    const access = mysqlServerAccess({ key: "core", serverName: "s" }, [reporting, audit]);
    expect(Object.fromEntries(expectedGrants(access, "genims_audit_writer"))).toEqual({ "*.*": ["USAGE"], "genims_audit_db.*": ["INSERT", "SELECT"] });
    expect(Object.fromEntries(expectedGrants(access, "genims_etl_writer"))).toEqual({ "*.*": ["USAGE"], "genims_reporting_db.*": ["DELETE", "INSERT", "SELECT", "UPDATE"] });
  });
});

describe("secrets never printed", () => {
  test("registered passwords, URL credentials and MariaDB password hashes are redacted", () => {
    const redactor = new Redactor();
    redactor.add("S3cretPassw0rd");
    const text = redactor.redact(
      "failed for postgresql://genims_hr_app:S3cretPassw0rd@host:5432/db; GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*ABCDEF0123' REQUIRE SSL; mongodb+srv://u:other@c.mongodb.net/x; S3cretPassw0rd",
    );
    expect(text).not.toContain("S3cretPassw0rd");
    expect(text).not.toContain("*ABCDEF0123");
    expect(text).not.toContain(":other@");
    expect(text).toContain("genims_hr_app");
  });

  test("a secret too short to redact reliably is refused", () => {
    expect(() => new Redactor().add("abc")).toThrow(/shorter than 6/);
  });
});

describe("inputs", () => {
  test("stack outputs: every missing part named at once", () => {
    expect(() => parseStackOutputs(JSON.stringify({ servers: [{ engine: "oracle", key: "k", name: "n" }] }))).toThrow(
      /servers\[0\]\.engine: expected postgresql or mysql, got "oracle"[\s\S]*servers\[0\]\.fqdn[\s\S]*servers\[0\]\.databases[\s\S]*atlas[\s\S]*accessMatrix[\s\S]*keyVault/,
    );
    expect(() => parseStackOutputs("Current stack is dev")).toThrow(/not JSON \(expected the output of: pulumi stack output --json\)/);
  });

  test("connection strings of the three engines, as stacks/access renders them", () => {
    expect(parseConnectionString("postgresql://genims_hr_app:Abc123xyz@genims-dev-pg-core.postgres.database.azure.com:5432/genims_hr_db?sslmode=require")).toMatchObject({
      engine: "postgresql", login: "genims_hr_app", password: "Abc123xyz", host: "genims-dev-pg-core.postgres.database.azure.com", port: 5432, database: "genims_hr_db",
    });
    expect(parseConnectionString("mysql://genims_audit_writer:Abc123xyz@h:3306/genims_audit_db?ssl-mode=REQUIRED")).toMatchObject({ engine: "mysql", port: 3306, database: "genims_audit_db" });
    expect(parseConnectionString("mongodb+srv://genims-documents-app:Abc123xyz@c.x.mongodb.net/genims_documents_db?authSource=admin&tls=true")).toMatchObject({ engine: "mongodb", port: undefined, database: "genims_documents_db" });
    expect(() => parseConnectionString("redis://u:Abc123xyz@h/0")).toThrow(/unknown scheme redis:/);
    try {
      parseConnectionString("redis://u:Abc123xyz@h/0");
    } catch (error) {
      expect((error as Error).message).not.toContain("Abc123xyz");
    }
  });

  test("arguments: a stack, known options and engines only", () => {
    expect(parseArguments(["dev", "--outputs", "-", "--engines", "postgresql,mysql"])).toEqual({ stack: "dev", outputs: "-", secrets: undefined, ca: undefined, engines: ["postgresql", "mysql"], restored: undefined });
    expect(parseArguments(["prod", "--restored"]).restored).toBe("all");
    expect(parseArguments(["prod", "--cutover-gate"]).restored).toBe("cutover-gate");
    expect(() => parseArguments(["prod", "--restored", "--cutover-gate"])).toThrow(/--restored and --cutover-gate exclude each other/);
    expect(() => parseArguments([])).toThrow(/usage: npm run verify -- <stack>/);
    expect(() => parseArguments(["dev", "--engines", "postgresql,oracle"])).toThrow(/--engines: unknown oracle/);
    expect(() => parseArguments(["dev", "--outputs"])).toThrow(/--outputs needs a value/);
    expect(() => parseArguments(["dev", "--verbose"])).toThrow(/unknown option --verbose/);
  });
});

describe("MongoDB (logic only: NOT run against a real MongoDB here)", () => {
  const access = atlasAccess("genims-dev-atlas", "genims_documents_db");

  test("connectionStatus roles compare with the model as role@database", () => {
    const status = { authInfo: { authenticatedUsers: [{ user: "genims-documents-analyst", db: "admin" }], authenticatedUserRoles: [{ role: "read", db: "genims_documents_db" }] } };
    expect(reportedRoles(status)).toEqual(modelRoles(access, "genims-documents-analyst"));
    expect(reportedRoles({ authInfo: { authenticatedUserRoles: [{ role: "readWrite", db: "genims_documents_db" }] } })).not.toEqual(modelRoles(access, "genims-documents-analyst"));
  });

  test("the plain-text attempt turns TLS off in the same connection string", () => {
    expect(new URL(withoutTls("mongodb+srv://u:Abc123xyz@c.x.mongodb.net/db?authSource=admin&tls=true")).searchParams.get("tls")).toBe("false");
  });
});

describe("trust and report", () => {
  test("Azure's root CAs come from Node's bundled store, all three", () => {
    expect(azureRootCas().pem).toHaveLength(AZURE_ROOT_CAS.length);
  });

  test("the report names every deviation on its own line and says when there is none", () => {
    const results = new Results();
    results.add("genims_hr_db", "genims_hr_app", "connect without TLS", "refused", "allowed", false);
    results.add("genims_hr_db", "PUBLIC", "privileges on the database", "none", "none");
    const report = renderReport(results.all);
    expect(report).toMatch(/^== genims_hr_db: 2 checks, 1 DEVIATION$/m);
    expect(report).toContain("DEVIATION genims_hr_db: genims_hr_app: connect without TLS: expected refused, got allowed");
    expect(renderReport(results.all.filter((r) => r.ok))).toMatch(/verify: 1 checks, no deviation/);
  });

  test("outputs of another commit's model, and engines left out, are said before any connection", async () => {
    const model = accessModel(validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG));
    const matrix = accessMatrix(model);
    const outputs = parseStackOutputs(JSON.stringify({ servers: [], atlas: { clusterName: "c", database: "d" }, accessMatrix: matrix.slice(1), keyVault: { name: "kv", secrets: [] } }));
    const { results, report } = await verifyStack({ stack: "dev", outputs, secrets: memorySecrets({}), cas: azureRootCas(), engines: [] });
    expect(results.deviations().map((d) => `${d.check}: ${d.actual}`)).toEqual(["accessMatrix output equals this commit's access model: different (deployed from another commit, or not yet deployed)"]);
    expect(report).toMatch(/postgresql\s+verified\s+skipped \(--engines\)/);
  });
});

describe("the cutover gate's list (npm run verify -- <stack> --cutover-gate)", () => {
  const envWith = (cutover: boolean) =>
    validateEnvironment("prod", readNamespace(configWith("prod", (v) => {
      v.azureSubscriptionId = "11111111-2222-3333-4444-555555555555";
      (v.postgresServers as Record<string, Record<string, unknown>>).master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: "2026-11-20T03:15:00Z", adopt: true, cutover };
    })), GENIMS_CATALOG);
  const outputs = (cutover: boolean | undefined) =>
    parseStackOutputs(JSON.stringify({
      servers: [], atlas: { clusterName: "c", database: "d" }, accessMatrix: [], keyVault: { name: "kv", secrets: [] },
      ...(cutover === undefined ? {} : { restores: [{ engine: "postgresql", source: "genims-prod-pg-master", name: "genims-prod-pg-master-r1", fqdn: "x", cutover }] }),
    }));

  test("the stack file cuts over, the deployed stack has not: that restored server", () => {
    expect(pendingCutovers(envWith(true), outputs(false))).toEqual({ servers: ["genims-prod-pg-master-r1"], problems: [] });
  });
  test("already cut over, or no cutover in the stack file: nothing", () => {
    expect(pendingCutovers(envWith(true), outputs(true))).toEqual({ servers: [], problems: [] });
    expect(pendingCutovers(envWith(false), outputs(false))).toEqual({ servers: [], problems: [] });
  });
  test("a cutover to a restore the deployed stack does not have is named", () => {
    expect(pendingCutovers(envWith(true), outputs(undefined)).problems).toEqual([expect.stringMatching(/^genims-prod-pg-master-r1: the stack file cuts over to it, but the deployed stack has no such restore/)]);
  });
});

describe("Key Vault token in a deploy job (GitHub OIDC, no az on the runner)", () => {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    if (url.startsWith("https://token.actions.example/")) return new Response(JSON.stringify({ value: "github-id-token" }));
    if (url.startsWith("https://login.microsoftonline.com/")) return new Response(JSON.stringify({ access_token: "vault-token" }));
    return new Response("", { status: 500 });
  }) as typeof fetch;
  const azCli = () => "az-token";

  beforeEach(() => (calls.length = 0));

  test("exchanges the job's ID token (audience api://AzureADTokenExchange) for a vault token as the deploy identity", async () => {
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/req?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "req", ARM_CLIENT_ID: "client-1", ARM_TENANT_ID: "tenant-1" };
    await expect(keyVaultToken({ env, fetch: fakeFetch, azCli })).resolves.toBe("vault-token");
    expect(new URL(calls[0]!.url).searchParams.get("audience")).toBe("api://AzureADTokenExchange");
    expect(calls[1]!.url).toBe("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
    const body = new URLSearchParams(String(calls[1]!.init!.body));
    expect(Object.fromEntries(body)).toEqual({
      client_id: "client-1",
      grant_type: "client_credentials",
      scope: "https://vault.azure.net/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: "github-id-token",
    });
  });

  test("an explicit token wins; without OIDC variables the Azure CLI's login is used", async () => {
    await expect(keyVaultToken({ env: { AZURE_KEYVAULT_TOKEN: "given" }, fetch: fakeFetch, azCli })).resolves.toBe("given");
    await expect(keyVaultToken({ env: { ARM_CLIENT_ID: "client-1" }, fetch: fakeFetch, azCli })).resolves.toBe("az-token");
    expect(calls).toEqual([]);
  });
});

describe("who owns postgres (issue 17, item 10): the verdict verify prints", () => {
  const facts = { owner: "azure_pg_admin", ownerIsSuperuser: false, publicAcl: [] as string[] | undefined, publicConnect: false };
  test("an owner the admin acts as, PUBLIC closed: passes", () => {
    expect(maintenanceOwnerVerdict(facts)).toEqual({ ok: true, actual: "azure_pg_admin (the admin closes it to PUBLIC)" });
  });
  test("a superuser owner with PUBLIC's explicit entry: the no-op, the flapping read and what to do", () => {
    const verdict = maintenanceOwnerVerdict({ owner: "azuresu", ownerIsSuperuser: true, publicAcl: ["TEMPORARY", "CONNECT"], publicConnect: true });
    expect(verdict.ok).toBe(false);
    expect(verdict.actual).toContain("the REVOKE of PUBLIC's CONNECT there is a no-op and every login can connect to postgres; the provider's Grant reads PUBLIC's CONNECT, TEMPORARY back, so every preview plans an update");
    expect(verdict.actual).toContain("What to do: ask Azure support");
  });
  test("a superuser owner with the default (NULL) ACL: PUBLIC keeps CONNECT and no diff shows it", () => {
    expect(maintenanceOwnerVerdict({ owner: "azuresu", ownerIsSuperuser: true, publicAcl: undefined, publicConnect: true }).actual).toContain("the provider's Grant reads no PUBLIC entry back, so no diff shows it");
  });
  test("an owner the admin acts as but PUBLIC still connects: apply the model", () => {
    expect(maintenanceOwnerVerdict({ ...facts, publicConnect: true })).toEqual({ ok: false, actual: expect.stringContaining("run `pulumi up` to apply the model's REVOKE") });
  });
});
