import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AuditInputError, type AuditReport, type ServerPosture, auditExport, parseStackExport, renderAudit } from "../scripts/lib/audit";
import { type ExportedResource, type StackExport, exportFromRun, secretValue } from "./exportFromRun";
import { MOCK_PASSWORD_PREFIX, REPO_ROOT, resourcesOfType, runGenims } from "./harness";

const PG_SERVER = "azure-native:dbforpostgresql:Server";
const MYSQL_SERVER = "azure-native:dbformysql:Server";

let prodExport: StackExport;
let devExport: StackExport;
let prodServerNames: string[];
beforeAll(async () => {
  const prod = await runGenims("prod");
  prodExport = await exportFromRun("prod", prod);
  devExport = await exportFromRun("dev", await runGenims("dev"));
  prodServerNames = [...resourcesOfType(prod, PG_SERVER), ...resourcesOfType(prod, MYSQL_SERVER)].map((r) => String(r.inputs.serverName));
}, 60_000);

const clone = (value: StackExport): StackExport => JSON.parse(JSON.stringify(value)) as StackExport;
const audit = (value: StackExport, outputs?: Record<string, unknown>) => auditExport(parseStackExport(JSON.stringify(value)), outputs);
const server = (report: AuditReport, name: string): ServerPosture => {
  const found = report.servers.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} in the report: ${report.servers.map((s) => s.name).join(", ")}`);
  return found;
};
const resource = (value: StackExport, type: string, logicalName: string): ExportedResource => {
  const found = value.deployment.resources.find((r) => r.type === type && r.urn.endsWith(`::${logicalName}`));
  if (!found) throw new Error(`no ${type} ${logicalName} in the export`);
  return found;
};
/** Sets a property in both inputs and outputs, as a real drift or a weaker program would. */
const set = (r: ExportedResource, key: string, sub: string, value: unknown) => {
  for (const bag of [r.inputs!, r.outputs!]) (bag[key] as Record<string, unknown>)[sub] = value;
};

describe("audit report of the prod stack export", () => {
  test("lists every server, the Atlas cluster included, with its posture", () => {
    const report = audit(prodExport);
    expect(report.stack).toBe("prod");
    expect(report.prodLike).toBe(true);
    expect(report.servers.map((s) => s.name).sort()).toEqual([...prodServerNames, "genims-prod-mongo"].sort());
    for (const posture of report.servers) {
      expect(posture.facts.map(([label]) => label)).toEqual(expect.arrayContaining(["network", "TLS", "HA", "backup", "encryption", "protection"]));
    }
    const text = renderAudit(report);
    for (const name of prodServerNames) expect(text).toContain(`## ${name} (`);
    expect(text).toContain("## genims-prod-mongo (MongoDB Atlas 8.0)");
  });

  test("prod's only deviations are its accepted exception: password authentication beside Entra ID on every Azure server", () => {
    const report = audit(prodExport);
    for (const posture of report.servers) {
      expect([posture.name, posture.deviations]).toEqual([posture.name, posture.engine === "MongoDB Atlas" ? [] : ["password authentication is on"]]);
    }
  });

  test("the controls prod has today hold: private, no firewall rule, TLS 1.2+, HA, 35-day geo backups, protected", () => {
    const report = audit(prodExport);
    // The controls the program sets today. Atlas's "geo-redundant backup is off (single region, ...)"
    // is a real gap of prod today (no backup copy to another region), so `$` leaves it out here.
    const existingControls = /public network|0\.0\.0\.0|TLS|secure_transport|high availability|geo-redundant backup is off$|retention|not protected|termination/;
    for (const posture of report.servers.filter((s) => s.engine !== "MongoDB Atlas")) {
      expect([posture.name, posture.deviations.filter((d) => existingControls.test(d))]).toEqual([posture.name, []]);
      expect(Object.fromEntries(posture.facts)).toEqual(
        expect.objectContaining({ network: "private (publicNetworkAccess Disabled); firewall: no rules", HA: "ZoneRedundant", backup: "35 days retention; geo-redundant Enabled" }),
      );
    }
    expect(server(report, "genims-prod-mongo").deviations.filter((d) => existingControls.test(d))).toEqual([]);
  });

  test("missing diagnostics and locks are flagged where the export has none, and not once they exist", () => {
    const report = audit(prodExport);
    const hasType = (prefix: string) => prodExport.deployment.resources.some((r) => r.type.startsWith(prefix));
    for (const name of prodServerNames) {
      if (!hasType("azure-native:monitor:DiagnosticSetting")) expect(server(report, name).deviations).toContain("no diagnostic setting sends the server's logs anywhere");
      if (!hasType("azure-native:authorization:ManagementLock")) expect(server(report, name).deviations).toContain("no management lock on the server or its resource group");
    }
    const withControls = clone(prodExport);
    // Start from an export with no diagnostic settings and no locks at all...
    withControls.deployment.resources = withControls.deployment.resources.filter((r) => !r.type.startsWith("azure-native:monitor:DiagnosticSetting") && !r.type.startsWith("azure-native:authorization:ManagementLock"));
    for (const name of prodServerNames) {
      expect(server(audit(withControls), name).deviations).toEqual(expect.arrayContaining(["no diagnostic setting sends the server's logs anywhere", "no management lock on the server or its resource group"]));
    }
    // ...then add one diagnostic setting (on pg-master) and one resource-group lock.
    const master = resource(withControls, PG_SERVER, "pg-master-server");
    withControls.deployment.resources.push(
      { urn: "urn:pulumi:prod::genims::azure-native:monitor:DiagnosticSetting::pg-master-diagnostics", custom: true, type: "azure-native:monitor:DiagnosticSetting", id: "d", inputs: { name: "to-log-analytics", resourceUri: master.id }, outputs: {} },
      { urn: "urn:pulumi:prod::genims::azure-native:authorization:ManagementLockAtResourceGroupLevel::rg-lock", custom: true, type: "azure-native:authorization:ManagementLockAtResourceGroupLevel", id: "l", inputs: { lockName: "no-delete", level: "CanNotDelete", resourceGroupName: "rg-genims-prod" }, outputs: {} },
    );
    const fixed = audit(withControls);
    expect(server(fixed, "genims-prod-pg-master").deviations).not.toContain("no diagnostic setting sends the server's logs anywhere");
    expect(server(fixed, "genims-prod-pg-operations").deviations).toContain("no diagnostic setting sends the server's logs anywhere");
    // A resource-group lock covers every server in the group.
    for (const name of prodServerNames) expect(server(fixed, name).deviations).not.toContain("no management lock on the server or its resource group");
    expect(Object.fromEntries(server(fixed, "genims-prod-pg-master").facts).diagnostics).toBe("to-log-analytics");
  });

  test("a weakened export is flagged, each weakness on its server", () => {
    const weak = clone(prodExport);
    set(resource(weak, PG_SERVER, "pg-master-server"), "network", "publicNetworkAccess", "Enabled");
    weak.deployment.resources.push({
      urn: "urn:pulumi:prod::genims::azure-native:dbforpostgresql:FirewallRule::everyone",
      custom: true,
      type: "azure-native:dbforpostgresql:FirewallRule",
      id: "fw",
      inputs: { serverName: "genims-prod-pg-master", firewallRuleName: "everyone", startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" },
      outputs: {},
    });
    resource(weak, MYSQL_SERVER, "mysql-reporting-server").protect = false;
    set(resource(weak, PG_SERVER, "pg-financial-server"), "backup", "geoRedundantBackup", "Disabled");
    set(resource(weak, PG_SERVER, "pg-customer-server"), "backup", "backupRetentionDays", 14);
    set(resource(weak, PG_SERVER, "pg-corporate-server"), "highAvailability", "mode", "Disabled");
    const tls = resource(weak, "azure-native:dbforpostgresql:Configuration", "pg-operations-param-ssl-min-protocol-version");
    tls.inputs!.value = tls.outputs!.value = "TLSv1.1";

    const report = audit(weak);
    expect(server(report, "genims-prod-pg-master").deviations).toEqual(
      expect.arrayContaining(["public network access is enabled", "firewall rule everyone starts at 0.0.0.0 (0.0.0.0-255.255.255.255): open to everyone"]),
    );
    expect(server(report, "genims-prod-mysql-reporting").deviations).toContain("not protected (Pulumi protect is off)");
    expect(server(report, "genims-prod-pg-financial").deviations).toContain("geo-redundant backup is off");
    expect(server(report, "genims-prod-pg-customer").deviations).toContain("backup retention 14 days is below 35 in a production stack");
    expect(server(report, "genims-prod-pg-corporate").deviations).toContain("high availability is disabled");
    expect(server(report, "genims-prod-pg-operations").deviations).toContain("TLS minimum is 1.1, below 1.2");
    expect(renderAudit(report)).toContain("  DEVIATION: public network access is enabled");
    // The untouched servers keep their clean network posture.
    expect(server(report, "genims-prod-pg-supply-chain").deviations).not.toContain("public network access is enabled");
  });

  test("dev is held to non-production controls but its relaxations are still reported", () => {
    const report = audit(devExport);
    expect(report.prodLike).toBe(false);
    const pg = server(report, "genims-dev-pg-core");
    expect(pg.deviations).toEqual(expect.arrayContaining(["public network access is enabled", "high availability is disabled", "not protected (Pulumi protect is off)"]));
    expect(pg.deviations.some((d) => d.includes("below 35"))).toBe(false);
    expect(Object.fromEntries(pg.facts).network).toBe("public (publicNetworkAccess Enabled); firewall: design-client 14.96.208.122-14.96.208.122");
    expect(Object.fromEntries(server(report, "genims-dev-mongo").facts).network).toBe("public endpoint; access list: 14.96.208.122/32");
  });
});

describe("audit never prints a secret", () => {
  test("an export with plaintext secrets (--show-secrets) gives a report without them", () => {
    const text = JSON.stringify(prodExport);
    // The fixture really contains the secrets, in the --show-secrets form.
    expect(text).toContain(MOCK_PASSWORD_PREFIX);
    expect(text).toContain('"plaintext"');
    const withSecretOutputs = { ...prodExport.deployment.resources[0]!.outputs, accessMatrix: [{ principal: "app", kind: "role", engine: "postgresql", server: "genims-prod-pg-master", database: "genims_master_db", privileges: ["CONNECT"], password: secretValue(`${MOCK_PASSWORD_PREFIX}-x`) }] };
    const report = renderAudit(auditExport(parseStackExport(text), withSecretOutputs as Record<string, unknown>));
    expect(report).not.toContain(MOCK_PASSWORD_PREFIX);
    expect(JSON.stringify(parseStackExport(text))).not.toContain(MOCK_PASSWORD_PREFIX);
  });
});

describe("access matrix", () => {
  const row = (server: string, database: string, principal: string, privileges: string[]) => ({ principal, kind: "role", engine: "postgresql", server, database, privileges });

  test("rows are shown under their server; a server with none says so", () => {
    const report = audit(prodExport, { accessMatrix: [row("genims-prod-pg-master", "genims_master_db", "master_app", ["CONNECT", "SELECT"]), row("genims-prod-pg-master", "genims_master_db", "auditor", ["SELECT"])] });
    expect(report.accessMatrixNote).toBeUndefined();
    const text = renderAudit(report);
    expect(text).toContain("auditor (role) -> genims_master_db: SELECT");
    expect(text).toContain("master_app (role) -> genims_master_db: CONNECT, SELECT");
    expect(server(report, "genims-prod-pg-operations").access).toEqual([]);
  });

  test("absent: the report says the access matrix is not in the outputs", () => {
    const withoutMatrix = clone(prodExport);
    delete withoutMatrix.deployment.resources[0]!.outputs!.accessMatrix;
    const report = audit(withoutMatrix);
    expect(report.accessMatrixNote).toBe("access matrix: not in the outputs");
    expect(renderAudit(report)).toContain("access matrix: not in the outputs");
  });

  test("a secret access matrix is not shown", () => {
    expect(audit(prodExport, { accessMatrix: "[secret]" }).accessMatrixNote).toBe("access matrix: secret in the outputs (not shown)");
  });
});

describe("inputs that cannot be audited", () => {
  test.each([
    ["not JSON", "{ nope", /^not a stack export: not JSON/],
    ["not an object", "[]", /^not a stack export: expected a JSON object/],
    ["wrong version", JSON.stringify({ version: 2, deployment: { resources: [] } }), /^unsupported stack export version 2: expected 3/],
    ["no deployment.resources", JSON.stringify({ version: 3, deployment: {} }), /^malformed stack export: deployment\.resources is missing$/],
    ["a resource without urn", JSON.stringify({ version: 3, deployment: { resources: [{ type: "x" }] } }), /^malformed stack export: deployment\.resources\[0\] has no urn or type$/],
    [
      "not a GenIMS stack",
      JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:pulumi:x::other::pulumi:pulumi:Stack::other-x", type: "pulumi:pulumi:Stack" }, { urn: "urn:pulumi:x::other::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", custom: true }] } }),
      /^not a GenIMS stack: none of its 2 resources is a genims:database:PostgresCluster/,
    ],
  ])("%s gives a clear one-line error", (_case, text, message) => {
    expect(() => parseStackExport(text)).toThrow(AuditInputError);
    expect(() => parseStackExport(text)).toThrow(message);
  });

  test("the command prints the report, or one line and exit 1 for a bad input", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genims-audit-"));
    const good = path.join(dir, "prod.json");
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(good, JSON.stringify(prodExport));
    fs.writeFileSync(bad, JSON.stringify({ version: 3, deployment: {} }));
    const run = (file: string) => spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/audit.ts", file], { cwd: REPO_ROOT, encoding: "utf8" });
    const ok = run(good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('# GenIMS audit of stack "prod"');
    expect(ok.stdout).not.toContain(MOCK_PASSWORD_PREFIX);
    const failed = run(bad);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe("audit: malformed stack export: deployment.resources is missing\n");
  }, 30_000);
});
