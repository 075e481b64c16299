/**
 * `npm run verify` against real servers: PostgreSQL and MariaDB on loopback with TLS required
 * (`bash .ci/integration-servers.sh`). The dev placement's access model is applied as SQL (the
 * `npm run sql` rendering), a stack-outputs JSON and a vault-shaped secrets file are written for
 * it, and verify must pass; then one deviation at a time is planted and verify must fail naming it.
 *
 * The administrators are the script's Azure-like `genimsadmin` (PostgreSQL: CREATEROLE, CREATEDB,
 * azure_pg_admin, no superuser; MariaDB: Azure's documented privileges, no SUPER), and migrations
 * run as each module's migrator login, as on Azure. Connection settings: PGHOST/PGPORT/PGUSER/
 * PGPASSWORD, MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD, GENIMS_ADMIN_PASSWORD, GENIMS_DB_ROOT
 * (data directories and tls/ca.pem; the pg_hba plant edits its pg16/pg_hba.conf and signals the
 * postmaster, so the test runs as root or as the OS user postgres, as CI does). A server that is not
 * reachable fails the suite; nothing is skipped. MongoDB is not verified here: no server runs here.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import { Client } from "pg";
import { accessModel } from "../../access/model";
import { fillPasswords, mysqlSql, postgresSql } from "../../access/sql";
import { GENIMS_CATALOG } from "../../catalog";
import { readNamespace } from "../../config/load";
import { validateEnvironment } from "../../config/validate";
import { type RestoredCheck, verifyStack } from "../../scripts/lib/verify";
import { fileSecrets, parseStackOutputs, type StackOutputs } from "../../scripts/lib/verify/inputs";
import { Redactor } from "../../scripts/lib/verify/redact";
import type { CheckResult } from "../../scripts/lib/verify/report";
import { caBundle } from "../../scripts/lib/verify/tls";
import { stackConfig } from "../harness";
import { localVerifyInputs } from "../../scripts/lib/verify/local";

const ROOT = process.env.GENIMS_DB_ROOT ?? "/var/tmp/genims-integration";
const CA_FILE = path.join(ROOT, "tls", "ca.pem");
// The administrators .ci/integration-servers.sh creates: Azure-like, neither a superuser.
const ADMIN_PASSWORD = process.env.GENIMS_ADMIN_PASSWORD ?? "genims-local-admin";
const PG = { host: process.env.PGHOST ?? "127.0.0.1", port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? "genimsadmin", password: process.env.PGPASSWORD ?? ADMIN_PASSWORD };
const MY = { host: process.env.MYSQL_HOST ?? "127.0.0.1", port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? "genimsadmin", password: process.env.MYSQL_PASSWORD ?? ADMIN_PASSWORD };
const PGDATA = path.join(ROOT, "pg16");

const env = validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG);
const model = accessModel(env);
const pgAccess = model.postgres[0]!;
const myAccess = model.mysql[0]!;
const pgDatabases = pgAccess.databases.map((d) => d.database);
const myDatabases = [...new Set(myAccess.grants.map((g) => g.database))];

const passwords: Record<string, string> = {};
for (const role of pgAccess.roles) if (role.login) passwords[role.name] = randomBytes(16).toString("hex");
for (const user of myAccess.users) passwords[user.name] = randomBytes(16).toString("hex");

const ca = () => fs.readFileSync(CA_FILE, "utf8");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "genims-verify-"));
const OUTPUTS_FILE = path.join(tmp, "outputs.json");
const SECRETS_FILE = path.join(tmp, "secrets.json");

async function pgAdmin(database = "postgres"): Promise<Client> {
  const client = new Client({ ...PG, database, ssl: { ca: ca(), rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

async function myAdmin(): Promise<mysql.Connection> {
  return mysql.createConnection({ ...MY, ssl: { ca: ca(), rejectUnauthorized: true }, connectTimeout: 5000, multipleStatements: false });
}

async function inPg(database: string, ...statements: string[]): Promise<void> {
  const client = await pgAdmin(database);
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Statements in a session of the database's migrator, i.e. as its owner role. */
async function asMigrator(database: string, ...statements: string[]): Promise<void> {
  const d = pgAccess.databases.find((x) => x.database === database)!;
  const client = new Client({ ...PG, user: d.migrator, password: passwords[d.migrator], database, ssl: { ca: ca(), rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

async function inMysql(...statements: string[]): Promise<void> {
  const connection = await myAdmin();
  try {
    for (const sql of statements) await connection.query(sql);
  } finally {
    await connection.end();
  }
}

async function cleanup(): Promise<void> {
  const admin = await pgAdmin();
  try {
    for (const database of pgDatabases) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const role of [...pgAccess.roles].reverse()) await admin.query(`DROP ROLE IF EXISTS "${role.name}"`);
  } finally {
    await admin.end();
  }
  await inMysql(...myDatabases.map((d) => `DROP DATABASE IF EXISTS \`${d}\``), ...myAccess.users.map((u) => `DROP USER IF EXISTS '${u.name}'@'%'`));
}

/** The files the CLI reads: stack outputs as `pulumi stack output --json` prints them, and the vault's secrets. */
function writeOutputsAndSecrets(): void {
  const { outputs, secrets } = localVerifyInputs(model, passwords, PG, MY, env.access.keyVaultName);
  fs.writeFileSync(OUTPUTS_FILE, JSON.stringify(outputs, null, 2));
  fs.writeFileSync(SECRETS_FILE, JSON.stringify(secrets, null, 2));
}

beforeAll(async () => {
  try {
    await cleanup();
  } catch (error) {
    throw new Error(`integration servers not reachable with TLS (PostgreSQL ${PG.host}:${PG.port}, MariaDB ${MY.host}:${MY.port}, CA ${CA_FILE}); start them with: bash .ci/integration-servers.sh\n${String(error)}`, { cause: error });
  }
  const admin = await pgAdmin();
  for (const database of pgDatabases) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const clients = new Map<string, Client>();
  for (const statement of postgresSql(pgAccess).statements) {
    const database = statement.database ?? "postgres";
    if (!clients.has(database)) clients.set(database, await pgAdmin(database));
    await clients.get(database)!.query(fillPasswords(statement.sql, passwords));
  }
  for (const client of clients.values()) await client.end();
  // A migration, as on Azure: the module's migrator login (every session the owner) creates a
  // table and grants nothing (default privileges do).
  for (const d of pgAccess.databases) await asMigrator(d.database, "CREATE TABLE items (id serial PRIMARY KEY, note text)");

  const my = await myAdmin();
  for (const database of myDatabases) await my.query(`CREATE DATABASE \`${database}\``);
  for (const statement of mysqlSql(myAccess, { requireTls: true }).statements) await my.query(fillPasswords(statement.sql, passwords));
  for (const database of myDatabases) await my.query(`CREATE TABLE \`${database}\`.records (id int AUTO_INCREMENT PRIMARY KEY, note varchar(100))`);
  await my.end();
  writeOutputsAndSecrets();
}, 180_000);

afterAll(async () => {
  await cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

async function verify(cas = caBundle(CA_FILE)): Promise<{ deviations: CheckResult[]; report: string }> {
  const outputs: StackOutputs = parseStackOutputs(fs.readFileSync(OUTPUTS_FILE, "utf8"));
  const { results, report } = await verifyStack({ stack: "dev", outputs, secrets: fileSecrets(SECRETS_FILE), cas, engines: ["postgresql", "mysql"], redactor: new Redactor() });
  return { deviations: results.deviations(), report };
}

/** The CLI as the workflow runs it, on the outputs and secrets files of this setup. */
async function cli(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/verify.ts", "dev", "--outputs", OUTPUTS_FILE, "--secrets", SECRETS_FILE, "--engines", "postgresql,mysql", ...extra];
  return promisify(execFile)(process.execPath, args, { cwd: path.join(__dirname, "..", ".."), maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const named = (deviations: readonly CheckResult[]) => deviations.map((d) => `${d.database} | ${d.principal} | ${d.check}`);

function expectNoSecret(text: string): void {
  for (const [login, password] of Object.entries(passwords)) expect([login, text.includes(password)]).toEqual([login, false]);
}

describe("npm run verify on the local servers (dev placement)", () => {
  test("the CLI passes on the model as applied, prints a table per database and no secret", async () => {
    const { code, stdout, stderr } = await cli("--ca", CA_FILE);
    if (code !== 0) throw new Error(`verify exited ${code}:\n${stdout.split("\n").filter((l) => l.includes("DEVIATION")).join("\n")}\n${stderr}`);
    expect(stderr).toBe("");
    const headers = stdout.split("\n").filter((line) => line.startsWith("== ")).map((line) => line.replace(/: \d+ checks,/, ":"));
    const missing = [...pgDatabases, "postgres", ...myDatabases].map((database) => `== ${database}: all as the model says`).filter((header) => !headers.includes(header));
    expect(missing).toEqual([]);
    expect(stdout).toMatch(/^verify: \d+ checks, no deviation$/m);
    expect(stdout).toMatch(/mongodb\s+verified\s+skipped \(--engines\)/);
    expectNoSecret(stdout);
  }, 180_000);

  test("an extra grant is named (PostgreSQL table privilege, default privilege and PUBLIC's CONNECT; MySQL database privilege)", async () => {
    // Granted by the table's owner (through its migrator), as a careless migration would.
    await asMigrator("genims_hr_db", "GRANT INSERT ON items TO genims_etl_reader", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT ON TABLES TO genims_etl_reader");
    await inMysql("GRANT DELETE ON `genims_audit_db`.* TO 'genims_audit_writer'@'%'");
    await inPg("postgres", "GRANT CONNECT ON DATABASE genims_crm_db TO PUBLIC");
    try {
      const { deviations, report } = await verify();
      expect(named(deviations)).toEqual(
        expect.arrayContaining([
          "genims_hr_db | genims_etl_reader | privileges on table items",
          "genims_hr_db | genims_etl_reader | default privileges of genims_hr_owner on tables in public",
          // The real statement, on the table the migrator created during the run (default privileges applied).
          expect.stringMatching(/^genims_hr_db \| genims_etl_reader \| INSERT genims_verify_\w+$/),
          // PUBLIC given CONNECT: in the ACL, in has_database_privilege, and every other module's application gets in.
          "genims_crm_db | PUBLIC | privileges on the database",
          "genims_crm_db | PUBLIC | has_*_privilege: CONNECT, TEMPORARY; CREATE, USAGE on schema public",
          "genims_crm_db | genims_hr_app | connect over TLS (certificate verified)",
          "genims_audit_db | genims_audit_writer | SHOW GRANTS on genims_audit_db.*",
          "genims_audit_db | genims_audit_writer | DELETE records",
        ]),
      );
      expect(report).toContain("DEVIATION genims_audit_db: genims_audit_writer: SHOW GRANTS on genims_audit_db.*: expected INSERT, SELECT, got DELETE, INSERT, SELECT");
      expectNoSecret(report);
    } finally {
      await asMigrator("genims_hr_db", "REVOKE INSERT ON items FROM genims_etl_reader", "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE INSERT ON TABLES FROM genims_etl_reader");
      await inMysql("REVOKE DELETE ON `genims_audit_db`.* FROM 'genims_audit_writer'@'%'");
      await inPg("postgres", "REVOKE CONNECT ON DATABASE genims_crm_db FROM PUBLIC");
    }
  }, 180_000);

  test("postgres owned by a superuser (Azure's azuresu): the admin's REVOKE is a no-op, the provider's read flaps, verify says so and what to do", async () => {
    // The bootstrap superuser of .ci/integration-servers.sh is azuresu (password: the admin's);
    // only it can take postgres from azure_pg_admin, as only Azure could on a flexible server.
    const su = new Client({ ...PG, user: "azuresu", database: "postgres", ssl: { ca: ca(), rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
    await su.connect();
    try {
      await su.query("ALTER DATABASE postgres OWNER TO azuresu");
      await su.query("GRANT CONNECT, TEMPORARY ON DATABASE postgres TO PUBLIC");
      // The model's statement as the admin (what the Grant's create runs): accepted, changes nothing.
      await inPg("postgres", "REVOKE ALL PRIVILEGES ON DATABASE postgres FROM PUBLIC");
      // The Grant's read (resource_postgresql_grant.go:266-285 at ff936b9) then finds PUBLIC's
      // privileges, not the model's []: every preview would plan the same no-op update.
      const admin = await pgAdmin();
      const { rows } = await admin.query("SELECT array_agg(privilege_type ORDER BY privilege_type) AS privileges FROM (SELECT (aclexplode(datacl)).* FROM pg_database WHERE datname = $1) AS p WHERE grantee = 0", ["postgres"]);
      await admin.end();
      expect(rows[0].privileges).toEqual(["CONNECT", "TEMPORARY"]);

      const { deviations, report } = await verify();
      const owner = deviations.find((d) => d.principal === "owner of postgres");
      expect(owner).toEqual(expect.objectContaining({ database: `${pgAccess.server.serverName} (server)`, expected: "an owner the admin acts as (azure_pg_admin)" }));
      expect(owner!.actual).toContain("azuresu (a superuser the admin cannot act as) owns postgres: the REVOKE of PUBLIC's CONNECT there is a no-op");
      expect(owner!.actual).toContain("the provider's Grant reads PUBLIC's CONNECT, TEMPORARY back, so every preview plans an update that changes nothing");
      expect(owner!.actual).toContain("What to do: ask Azure support to make azure_pg_admin the owner of postgres");
      expect(named(deviations)).toEqual(expect.arrayContaining(["postgres | PUBLIC | has_*_privilege: CONNECT, TEMPORARY", "postgres | genims_hr_app | connect over TLS (certificate verified)"]));
      expect(report).toContain(`DEVIATION ${pgAccess.server.serverName} (server): owner of postgres:`);
    } finally {
      await su.query("REVOKE ALL PRIVILEGES ON DATABASE postgres FROM PUBLIC");
      await su.query("ALTER DATABASE postgres OWNER TO azure_pg_admin");
      await su.end();
    }
    // Back to the setup's owner: the same check passes.
    expect((await verify()).deviations.filter((d) => d.principal === "owner of postgres")).toEqual([]);
  }, 180_000);

  test("a revoked membership is named: the application loses its database", async () => {
    await inPg("postgres", "REVOKE genims_crm_rw FROM genims_crm_app");
    try {
      const { deviations } = await verify();
      expect(named(deviations)).toEqual(
        expect.arrayContaining([`${pgAccess.server.serverName} (server) | genims_crm_app | member of`, "genims_crm_db | genims_crm_app | connect over TLS (certificate verified)"]),
      );
    } finally {
      await inPg("postgres", "GRANT genims_crm_rw TO genims_crm_app");
    }
  }, 180_000);

  test("a login allowed without TLS is named (pg_hba host line; MariaDB account without REQUIRE SSL)", async () => {
    const hba = path.join(PGDATA, "pg_hba.conf");
    const original = fs.readFileSync(hba, "utf8");
    const reload = () => process.kill(Number(fs.readFileSync(path.join(PGDATA, "postmaster.pid"), "utf8").split("\n")[0]), "SIGHUP");
    fs.writeFileSync(hba, `host genims_hr_db genims_hr_app 127.0.0.1/32 scram-sha-256\n${original}`);
    reload();
    await inMysql("ALTER USER 'genims_reporting_app'@'%' REQUIRE NONE");
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { deviations, report } = await verify();
      expect(named(deviations)).toEqual(
        expect.arrayContaining(["genims_hr_db | genims_hr_app | connect without TLS", `${myAccess.server.serverName} (server) | genims_reporting_app | account requires TLS (SHOW CREATE USER)`]),
      );
      // Only those: the other logins of the same database still need TLS.
      expect(named(deviations).filter((d) => d.includes("without TLS"))).toEqual(["genims_hr_db | genims_hr_app | connect without TLS"]);
      expectNoSecret(report);
    } finally {
      fs.writeFileSync(hba, original);
      reload();
      await inMysql("ALTER USER 'genims_reporting_app'@'%' REQUIRE SSL");
    }
  }, 180_000);

  test("a rotation that did not reach the vault is named; once the secret is updated, verify passes again", async () => {
    const old = passwords.genims_hr_app!;
    const rotated = randomBytes(16).toString("hex");
    await inPg("postgres", `ALTER ROLE genims_hr_app PASSWORD '${rotated}'`);
    try {
      const stale = await verify();
      expect(named(stale.deviations)).toEqual(["genims_hr_db | genims_hr_app | connect over TLS (certificate verified)"]);
      expect(stale.deviations[0]!.actual).toMatch(/password authentication failed for user "genims_hr_app"/);
      passwords.genims_hr_app = rotated;
      writeOutputsAndSecrets();
      expect(named((await verify()).deviations)).toEqual([]);
    } finally {
      await inPg("postgres", `ALTER ROLE genims_hr_app PASSWORD '${old}'`);
      passwords.genims_hr_app = old;
      writeOutputsAndSecrets();
    }
  }, 180_000);

  test("after a cutover the connection strings must name the restored server, and do; before it, --restored verifies the restored server as the source's logins", async () => {
    const base: StackOutputs = parseStackOutputs(fs.readFileSync(OUTPUTS_FILE, "utf8"));
    // The sources are elsewhere now: the local servers stand for the restored ones.
    const sources = base.servers.map((s) => ({ ...s, fqdn: `${s.name}.${s.engine}.database.azure.com` }));
    const restores = base.servers.map((s) => ({ engine: s.engine, source: s.name, name: `${s.name}-r1`, fqdn: s.engine === "postgresql" ? PG.host : MY.host }));
    const run = async (outputs: StackOutputs, restored?: RestoredCheck) => {
      const { results } = await verifyStack({ stack: "dev", outputs, secrets: fileSecrets(SECRETS_FILE), cas: caBundle(CA_FILE), engines: ["postgresql", "mysql"], redactor: new Redactor(), restored });
      return results;
    };
    // Without the restores output (what verify read before), every server's strings look misdirected.
    expect(named((await run({ ...base, servers: sources })).deviations())).toEqual(sources.map((s) => `${s.name} (server) | - | connection strings point at the server's fqdn output`));
    const cutOver = await run({ ...base, servers: sources, restores: restores.map((r) => ({ ...r, cutover: true })) });
    expect(named(cutOver.deviations())).toEqual([]);
    expect(cutOver.all.filter((r) => /connection strings point at the restored server .*-r1 \(cut over\)/.test(r.check)).length).toBe(sources.length);
    // Before the cutover: the source as usual, and the restored server checked with the same logins.
    const before = await run({ ...base, restores: restores.map((r) => ({ ...r, cutover: false })) }, {});
    expect(named(before.deviations())).toEqual([]);
    // Every check of a source has its twin on the restored server, in tables named after it
    // (the vault's secrets are read once, for both).
    const restoredOf = new Map(restores.map((r) => [r.source, r.name]));
    const serverOf = new Map(base.servers.flatMap((server) => server.databases.map((d) => [d, server.name] as const)));
    const twin = (r: CheckResult) => {
      const server = r.database.endsWith(" (server)") ? r.database.slice(0, -" (server)".length) : serverOf.get(r.database);
      const restored = server === undefined ? undefined : restoredOf.get(server);
      if (restored === undefined) return undefined;
      return r.database.endsWith(" (server)") ? `${restored} (server)` : `${r.database} on ${restored}`;
    };
    const sourceRows = before.all.filter((r) => twin(r) !== undefined && !/^(vault secrets|connection strings|secret )/.test(r.check));
    expect(sourceRows.length).toBeGreaterThan(100);
    // Each run's scratch table has its own name.
    const check = (r: CheckResult) => r.check.replace(/genims_verify_[a-z0-9]+/g, "genims_verify_*");
    const keys = new Set(before.all.map((r) => `${r.database} | ${r.principal} | ${check(r)}`));
    expect(sourceRows.filter((r) => !keys.has(`${twin(r)} | ${r.principal} | ${check(r)}`)).map((r) => `${r.database} | ${r.principal} | ${check(r)}`)).toEqual([]);
  }, 180_000);

  test("the cutover gate: only the restored servers about to be cut over; a password older than the vault's is expected there, a wrong grant is not", async () => {
    const base: StackOutputs = parseStackOutputs(fs.readFileSync(OUTPUTS_FILE, "utf8"));
    const restores = base.servers.map((s) => ({ engine: s.engine, source: s.name, name: `${s.name}-r1`, fqdn: s.engine === "postgresql" ? PG.host : MY.host, cutover: false }));
    // The sources are in the region that is down: the gate must not need them.
    const outputs = { ...base, servers: base.servers.map((s) => ({ ...s, fqdn: "unreachable.invalid" })), restores };
    const gate = { servers: restores.map((r) => r.name), only: true, stalePasswordsExpected: true };
    const run = async () => (await verifyStack({ stack: "dev", outputs, secrets: fileSecrets(SECRETS_FILE), cas: caBundle(CA_FILE), engines: ["postgresql", "mysql"], redactor: new Redactor(), restored: gate })).results;
    const clean = await run();
    expect(named(clean.deviations())).toEqual([]);
    // Nothing but the restored servers' tables, and the vault's secrets read once.
    const ofRestored = (r: CheckResult) => restores.some((restore) => r.database.endsWith(` on ${restore.name}`) || r.database === `${restore.name} (server)`);
    expect(clean.all.filter((r) => !ofRestored(r) && r.database !== "(stack)" && !/^(vault secrets|secret )/.test(r.check)).map((r) => `${r.database} | ${r.check}`)).toEqual([]);
    expect(clean.all.filter(ofRestored).length).toBeGreaterThan(100);
    // The restored roles kept the restore point's password; the vault has a newer one.
    const rotated = randomBytes(16).toString("hex");
    await inPg("postgres", `ALTER ROLE genims_hr_app PASSWORD '${rotated}'`);
    await inMysql("GRANT DELETE ON `genims_audit_db`.* TO 'genims_audit_writer'@'%'");
    try {
      const stale = await run();
      const signIn = stale.all.find((r) => r.database === "genims_hr_db on genims-dev-pg-core-r1" && r.principal === "genims_hr_app" && /^connect over TLS/.test(r.check))!;
      expect(signIn).toEqual(expect.objectContaining({ ok: true, actual: expect.stringMatching(/password authentication failed .*\(expected before the cutover, which sets a new password\)$/) }));
      expect(named(stale.deviations())).toEqual(expect.arrayContaining(["genims_audit_db on genims-dev-mysql-core-r1 | genims_audit_writer | SHOW GRANTS on genims_audit_db.*"]));
      expect(stale.deviations().every((d) => d.principal === "genims_audit_writer")).toBe(true);
    } finally {
      await inPg("postgres", `ALTER ROLE genims_hr_app PASSWORD '${passwords.genims_hr_app}'`);
      await inMysql("REVOKE DELETE ON `genims_audit_db`.* FROM 'genims_audit_writer'@'%'");
    }
  }, 180_000);

  test("without --ca only Azure's root CAs are trusted: the local certificate fails for every login, exit 1, no secret", async () => {
    const { code, stdout, stderr } = await cli();
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toMatch(/TLS trust: DigiCert Global Root G2, Microsoft RSA Root Certificate Authority 2017, DigiCert Global Root CA/);
    const refused = stdout.split("\n").filter((l) => l.startsWith("  DEVIATION") && l.includes("connect over TLS (certificate verified): expected allowed, got refused: certificate does not verify"));
    const logins = new Set(refused.map((l) => l.split(": ")[1]));
    expect(logins).toEqual(new Set([...pgAccess.roles.filter((r) => r.login).map((r) => r.name), ...myAccess.users.map((u) => u.name)]));
    expectNoSecret(stdout);
  }, 180_000);
});
