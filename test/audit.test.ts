import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AuditInputError, type AuditReport, type ServerPosture, auditExport, parseStackExport, renderAudit } from "../scripts/lib/audit";
import { type ExportedResource, OFFLINE_CIPHERTEXT, type StackExport, exportFromRun, secretValue } from "../scripts/lib/exportFromRun";
import { tempDir } from "./tempDir";
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
    ["wrong version", JSON.stringify({ version: 2, deployment: { resources: [] } }), /^unsupported stack export version 2: expected 3 or 4/],
    ["a version newer than Pulumi 3.248 writes", JSON.stringify({ version: 5, deployment: { resources: [] } }), /^unsupported stack export version 5: expected 3 or 4/],
    ["no deployment.resources", JSON.stringify({ version: 3, deployment: {} }), /^malformed stack export: deployment\.resources is missing \(make one with `pulumi stack export --stack <stack> --file export\.json`\)$/],
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
    const dir = tempDir("audit");
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
    expect(failed.stderr).toBe("audit: malformed stack export: deployment.resources is missing (make one with `pulumi stack export --stack <stack> --file export.json`)\n");
  }, 30_000);
});

describe("real exports: schema versions, pending operations, raw checkpoints", () => {
  test("a version-4 export (a state using taint) is audited like version 3, and says so", () => {
    const v4 = { ...clone(prodExport), version: 4, features: ["taint"] };
    resource(v4, PG_SERVER, "pg-master-server").taint = true;
    const report = audit(v4);
    const v3 = audit(prodExport);
    expect(report.version).toBe(4);
    expect(report.features).toEqual(["taint"]);
    expect(report.servers).toEqual(v3.servers);
    expect(renderAudit(report)).toContain("# export version 4 (features: taint)");
    expect(renderAudit(v3)).not.toContain("export version");
  });

  test("a pending delete (an old copy after a replacement) is not a live server, and is listed as pending", () => {
    const withOld = clone(prodExport);
    const master = resource(withOld, PG_SERVER, "pg-master-server");
    // The old copy of a replaced server: same URN, `delete: true`, weaker settings that must not be reported as the live server's.
    const old = JSON.parse(JSON.stringify(master)) as ExportedResource;
    old.delete = true;
    old.id = "old-master-id";
    (old.inputs!.network as Record<string, unknown>).publicNetworkAccess = "Enabled";
    (old.outputs!.network as Record<string, unknown>).publicNetworkAccess = "Enabled";
    withOld.deployment.resources.push(old);
    const report = audit(withOld);
    expect(report.servers.map((s) => s.name).sort()).toEqual([...prodServerNames, "genims-prod-mongo"].sort());
    expect(server(report, "genims-prod-pg-master").deviations).toEqual(["password authentication is on"]);
    expect(report.pending).toEqual([{ type: PG_SERVER, logicalName: "pg-master-server", state: "pending delete", meaning: expect.stringContaining("next update deletes it") }]);
    expect(renderAudit(report)).toContain(`# PENDING: ${PG_SERVER} pg-master-server: pending delete:`);
  });

  test("a pending replacement (deleted, not yet recreated) is not reported as a live server", () => {
    const replacing = clone(prodExport);
    resource(replacing, MYSQL_SERVER, "mysql-compliance-server").pendingReplacement = true;
    const report = audit(replacing);
    expect(report.servers.map((s) => s.name)).not.toContain("genims-prod-mysql-compliance");
    expect(report.servers).toHaveLength(prodServerNames.length);
    expect(report.pending.map((p) => [p.logicalName, p.state])).toEqual([["mysql-compliance-server", "pending replacement"]]);
  });

  test("a raw backend checkpoint is recognized and points at pulumi stack export", () => {
    const checkpoint = { version: 3, checkpoint: { stack: "organization/genims/prod", latest: prodExport.deployment } };
    expect(() => parseStackExport(JSON.stringify(checkpoint))).toThrow(AuditInputError);
    expect(() => parseStackExport(JSON.stringify(checkpoint))).toThrow(/^this is a raw backend checkpoint .*run `pulumi stack export --stack <stack> --file export\.json`/);
  });
});

describe("Key Vault and lock levels", () => {
  const VAULT = "azure-native:keyvault:Vault";
  const vaultOf = (value: StackExport) => {
    const found = value.deployment.resources.find((r) => r.type === VAULT);
    if (!found) throw new Error("no vault in the export");
    return found;
  };
  const setVault = (r: ExportedResource, key: string, value: unknown) => {
    for (const bag of [r.inputs!, r.outputs!]) {
      const properties = bag.properties as Record<string, unknown>;
      const [head, tail] = key.split(".") as [string, string | undefined];
      if (tail === undefined) properties[head] = value;
      else (properties[head] as Record<string, unknown>)[tail] = value;
    }
  };

  test("prod's vault is private, RBAC-authorized, purge-protected, locked and logged: no deviation", () => {
    const report = audit(prodExport);
    expect(report.vaults).toHaveLength(1);
    const [vault] = report.vaults;
    expect(vault!.engine).toBe("Azure Key Vault");
    expect(vault!.deviations).toEqual([]);
    expect(Object.fromEntries(vault!.facts)).toEqual(
      expect.objectContaining({ network: "private (publicNetworkAccess Disabled)", authorization: "Azure RBAC", recovery: "soft delete on (90 days); purge protection on" }),
    );
    expect(Object.fromEntries(vault!.facts).protection).toMatch(/^protect on; locks: genims-cannot-delete \(CanNotDelete\)$/);
  });

  test("dev's vault reports its relaxations", () => {
    expect(audit(devExport).vaults[0]!.deviations).toEqual(
      expect.arrayContaining(["public network access is enabled", "purge protection is off: a deleted vault can be purged before its retention ends", "not protected (Pulumi protect is off)", "no management lock on the vault or its resource group"]),
    );
  });

  test("a weakened vault is flagged: open to any address, access policies, no purge protection", () => {
    const weak = clone(prodExport);
    const vault = vaultOf(weak);
    setVault(vault, "publicNetworkAccess", "Enabled");
    setVault(vault, "networkAcls.defaultAction", "Allow");
    setVault(vault, "enableRbacAuthorization", false);
    setVault(vault, "enablePurgeProtection", false);
    expect(audit(weak).vaults[0]!.deviations).toEqual(
      expect.arrayContaining([
        "the vault accepts connections from any address (public network access on, default action Allow)",
        "access policies instead of Azure RBAC: who reads a secret is not a role assignment",
        "purge protection is off: a deleted vault can be purged before its retention ends",
      ]),
    );
  });

  test("lock levels: ReadOnly blocks Pulumi's updates, NotSpecified stops no deletion", () => {
    const LOCK = "azure-native:authorization:ManagementLockByScope";
    const masterId = resource(prodExport, PG_SERVER, "pg-master-server").id;
    const locked = clone(prodExport);
    const lock = locked.deployment.resources.find((r) => r.type === LOCK && (r.inputs?.scope === masterId));
    if (!lock) throw new Error("no lock on pg-master in the prod export");
    for (const bag of [lock.inputs!, lock.outputs!]) bag.level = "ReadOnly";
    expect(server(audit(locked), "genims-prod-pg-master").deviations).toContain("lock genims-cannot-delete is ReadOnly: it blocks every change, so Pulumi cannot update the server; use CanNotDelete");
    for (const bag of [lock.inputs!, lock.outputs!]) bag.level = "NotSpecified";
    expect(server(audit(locked), "genims-prod-pg-master").deviations).toContain("no lock on the server stops deletion: genims-cannot-delete (NotSpecified); a CanNotDelete lock does");
    // The other servers keep their CanNotDelete lock and no lock deviation.
    expect(server(audit(locked), "genims-prod-pg-operations").deviations).toEqual(["password authentication is on"]);
  });
});

describe("npm run export: an offline export to try the audit on", () => {
  test("writes an export of the plan that the audit reads, with no secret value in it", () => {
    const dir = tempDir("export");
    const file = path.join(dir, "dev.export.json");
    const tsNode = require.resolve("ts-node/dist/bin");
    const exported = spawnSync(process.execPath, [tsNode, "--transpile-only", "scripts/export.ts", "dev", "--out", file], { cwd: REPO_ROOT, encoding: "utf8" });
    expect([exported.status, exported.stderr]).toEqual([0, ""]);
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toContain(MOCK_PASSWORD_PREFIX);
    expect(text).not.toContain('"plaintext"');
    expect(text).toContain(OFFLINE_CIPHERTEXT);
    const audited = spawnSync(process.execPath, [tsNode, "--transpile-only", "scripts/audit.ts", file], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(audited.status).toBe(0);
    expect(audited.stdout).toContain('# GenIMS audit of stack "dev"');
    expect(audited.stdout).toContain("# offline export (npm run export)");
    expect(audited.stdout).toContain("## genims-dev-pg-core (PostgreSQL");
    const unknown = spawnSync(process.execPath, [tsNode, "--transpile-only", "scripts/export.ts", "nosuchstack"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(`export: no stack "nosuchstack": there is no Pulumi.nosuchstack.yaml; the stacks here are dev, prod (a new one: README, "A new environment")\n`);
  }, 60_000);
});
