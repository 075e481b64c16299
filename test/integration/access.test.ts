/**
 * The access model through day 2, on the engines and admins Azure runs, applied the way the
 * bundled providers apply it (`./providerReplay.ts` mirrors their statements, file and line cited):
 * apply, password rotation, refresh-and-reapply, a module leaving its server, a principal renamed.
 * After each step every login's effective privileges are asserted, positive and negative: in the
 * catalog (has_*_privilege for every role of the server on every module database, against the
 * access matrix) and by real statements as the logins themselves, over TLS; then `npm run verify`
 * (`verifyStack`) runs against the model as it stands after the step and must find no deviation.
 *
 * Servers: `bash .ci/integration-servers.sh` (PostgreSQL 16 and MariaDB, TLS required, admin
 * `genimsadmin` as Azure documents it: no superuser, no SUPER). A server that does not answer fails
 * the suite; nothing is skipped. PGPORT, MYSQL_PORT, GENIMS_DB_ROOT (for tls/ca.pem),
 * GENIMS_ADMIN_PASSWORD as for the script.
 *
 * What cannot run here: MariaDB is not MySQL 8. The provider's `SELECT @@GLOBAL.innodb_version`
 * fails on MariaDB, so the replay takes the MySQL 8 branch by hand; MySQL 8's roles, its
 * `caching_sha2_password` default and its SHOW GRANTS quoting differ and are not exercised.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { Client, Pool } from "pg";
import { type AccessMatrixEntry, accessMatrix } from "../../access/matrix";
import { type AccessModel, type MysqlServerAccess, type PgRole, type PostgresServerAccess, accessModel, mysqlServerAccess, postgresServerAccess } from "../../access/model";
import { fillPasswords, postgresSql } from "../../access/sql";
import { GENIMS_CATALOG } from "../../catalog";
import { readNamespace } from "../../config/load";
import { validateEnvironment } from "../../config/validate";
import { type Engine, verifyStack } from "../../scripts/lib/verify";
import { memorySecrets, parseStackOutputs } from "../../scripts/lib/verify/inputs";
import { Redactor } from "../../scripts/lib/verify/redact";
import { caBundle } from "../../scripts/lib/verify/tls";
import { stackConfig } from "../harness";
import * as replay from "./providerReplay";
import { localVerifyInputs } from "../../scripts/lib/verify/local";

const ROOT = process.env.GENIMS_DB_ROOT ?? "/var/tmp/genims-integration";
const CA = () => fs.readFileSync(path.join(ROOT, "tls", "ca.pem"), "utf8");
const ADMIN = "genimsadmin";
const ADMIN_PASSWORD = process.env.GENIMS_ADMIN_PASSWORD ?? "genims-local-admin";
const PG = { host: "127.0.0.1", port: Number(process.env.PGPORT ?? 5432) };
const MY = { host: "127.0.0.1", port: Number(process.env.MYSQL_PORT ?? 3306) };

const env = validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG);
const initial = accessModel(env);
const pgServer = env.postgres.servers[0]!;
const myServer = env.mysql.servers[0]!;
const REMOVED_PG = "genims_crm_db";
const REMOVED_MY = "genims_analytics_db";
const RENAMED = { pg: ["genims_etl_reader", "genims_etl_loader"], my: ["genims_reporting_reader", "genims_reporting_viewer"] } as const;

/** The model as it stands after each step. */
let pgModel: PostgresServerAccess = initial.postgres[0]!;
let myModel: MysqlServerAccess = initial.mysql[0]!;
const passwords: Record<string, string> = {};
const newPassword = () => randomBytes(18).toString("base64").replace(/[^A-Za-z0-9]/g, "x");

// ---------------------------------------------------------------- PostgreSQL plumbing
const pools = new Map<string, Pool>();
const pool = (database: string) => {
  if (!pools.has(database)) {
    const created = new Pool({ ...PG, user: ADMIN, password: ADMIN_PASSWORD, database, ssl: { ca: CA() }, max: 4, connectionTimeoutMillis: 5000 });
    // An idle client of a database being dropped WITH (FORCE) is terminated: not a test failure.
    created.on("error", () => undefined);
    pools.set(database, created);
  }
  return pools.get(database)!;
};
const connect: replay.Connect = (database) => pool(database).connect();
const moduleDatabases = () => pgModel.databases.map((d) => d.database);
/** The provider a role is managed through: its module database, or postgres (packages/db-components/lib/databaseAccess.ts). */
const providerDatabase = (role: PgRole) => role.database ?? "postgres";

async function asPg<T>(login: string, database: string, work: (c: Client) => Promise<T>, ssl: boolean | object = { ca: CA() }): Promise<T> {
  const client = new Client({ ...PG, user: login, password: passwords[login], database, ssl: ssl as never, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
const pgConnects = (login: string, database: string, password = passwords[login]) =>
  new Client({ ...PG, user: login, password, database, ssl: { ca: CA() }, connectionTimeoutMillis: 5000 }).connect().then(
    () => "connected",
    (e: Error) => e.message,
  );

async function pgAdminDrop(): Promise<void> {
  const admin = await pool("postgres").connect();
  try {
    const roles = [...initial.postgres[0]!.roles.map((r) => r.name), RENAMED.pg[1]];
    for (const d of initial.postgres[0]!.databases) {
      // WITH (FORCE) cannot end a login's session: on PostgreSQL 16 the admin's CREATEROLE
      // membership does not inherit the right to signal it. A session a step just closed may
      // still be exiting: wait for it (a bounded wait; the DROP names any session left).
      for (let i = 0; i < 50 && (await admin.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user", [d.database])).rowCount! > 0; i++) await new Promise((r) => setTimeout(r, 100));
      await admin.query(`DROP DATABASE IF EXISTS "${d.database}" WITH (FORCE)`);
    }
    for (const role of roles.reverse()) {
      if ((await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 0) continue;
      // As the provider deletes a Role: the admin's own CREATEROLE membership has INHERIT FALSE
      // on PostgreSQL 16, so DROP OWNED needs its temporary GRANT first.
      await replay.roleDelete(connect, "postgres", ADMIN, role);
    }
  } finally {
    admin.release();
  }
}

/** What `pulumi up` does on a fresh server: roles first, then one chain per database, databases in parallel. */
async function pgApply(model: PostgresServerAccess): Promise<void> {
  // Roles in waves, as Pulumi creates them: each as soon as the roles it is a member of exist.
  const created = new Set<string>();
  while (created.size < model.roles.length) {
    const wave = model.roles.filter((r) => !created.has(r.name) && r.memberOf.every((m) => created.has(m)) && (r.assumeRole === undefined || created.has(r.assumeRole)));
    if (wave.length === 0) throw new Error("the model's memberships form a cycle");
    await Promise.all(
      wave.map(async (role) => {
        if (role.login) passwords[role.name] = newPassword();
        await replay.roleCreate(connect, providerDatabase(role), replay.roleState(role, passwords[role.name]));
      }),
    );
    for (const role of wave) created.add(role.name);
  }
  const chains = new Map<string, (() => Promise<void>)[]>();
  const push = (database: string, step: () => Promise<void>) => chains.set(database, [...(chains.get(database) ?? []), step]);
  for (const o of model.schemaOwners) push(o.database, () => replay.schemaCreate(connect, o.database, o.schema, o.owner));
  for (const g of model.grants) push(g.database, () => replay.grantCreate(connect, g));
  for (const p of model.defaultPrivileges) push(p.database, () => replay.defaultPrivilegesCreate(connect, p));
  // Parallel across databases, as Pulumi runs independent chains: the admin's temporary
  // memberships and the ACL rewrites of different databases must not collide.
  await Promise.all([...chains.values()].map(async (steps) => {
    for (const step of steps) await step();
  }));
}

// By oid: the admin has no USAGE on the module's schema, so it cannot resolve 'public.items'.
const ITEMS = "(SELECT oid FROM pg_class WHERE relname = 'items' AND relnamespace = 'public'::regnamespace)";
const ITEMS_SEQ = "(SELECT oid FROM pg_class WHERE relname = 'items_id_seq' AND relnamespace = 'public'::regnamespace)";
/** The privileges has_*_privilege answers for, per object, and what the matrix says about each. */
const CHECKS = [
  ...["CONNECT", "CREATE", "TEMPORARY"].map((p) => ({ sql: `has_database_privilege(r, current_database(), '${p}')`, key: `db ${p}`, expect: (e: Set<string>) => e.has(p) })),
  ...["USAGE", "CREATE"].map((p) => ({ sql: `has_schema_privilege(r, 'public', '${p}')`, key: `schema ${p}`, expect: (e: Set<string>) => e.has("OWNER of schema public") || e.has(`${p} on schema public`) })),
  ...["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"].map((p) => ({ sql: `has_table_privilege(r, ${ITEMS}, '${p}')`, key: `table ${p}`, expect: (e: Set<string>) => e.has("OWNER of schema public") || e.has(`${p} on tables`) })),
  ...["USAGE", "SELECT", "UPDATE"].map((p) => ({ sql: `has_sequence_privilege(r, ${ITEMS_SEQ}, '${p}')`, key: `sequence ${p}`, expect: (e: Set<string>) => e.has("OWNER of schema public") || e.has(`${p} on sequences`) })),
];

/** Every role of the server on every module database, in the catalog, against the matrix. */
async function assertPgCatalog(model: PostgresServerAccess): Promise<void> {
  const matrix = accessMatrix({ postgres: [model], mysql: [], atlas: initial.atlas }).filter((e) => e.engine === "postgresql");
  const roles = model.roles.map((r) => r.name);
  const deviations: string[] = [];
  for (const database of model.databases.map((d) => d.database)) {
    const expected = (role: string) => new Set(matrix.find((e: AccessMatrixEntry) => e.principal === role && e.database === database)?.privileges ?? []);
    const client = await pool(database).connect();
    try {
      const { rows } = await client.query(`SELECT r, ${CHECKS.map((c, i) => `${c.sql} AS c${i}`).join(", ")} FROM unnest($1::text[]) AS r`, [roles]);
      for (const row of rows) for (const [i, check] of CHECKS.entries()) if (row[`c${i}`] !== check.expect(expected(row.r))) deviations.push(`${database} ${row.r} ${check.key}: ${row[`c${i}`]}`);
      // PUBLIC holds nothing on the database or its schema.
      const acl = await client.query("SELECT (SELECT datacl::text FROM pg_database WHERE datname = current_database()) AS db, (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public') AS ns");
      for (const [what, text] of Object.entries(acl.rows[0] as Record<string, string | null>)) if (text === null || /[{,]=/.test(text)) deviations.push(`${database} PUBLIC ${what}: ${text}`);
    } finally {
      client.release();
    }
  }
  const admin = await pool("postgres").connect();
  try {
    // The maintenance database: no role of the model may connect or create temporary tables.
    const { rows } = await admin.query("SELECT r FROM unnest($1::text[]) AS r WHERE has_database_privilege(r, 'postgres', 'CONNECT') OR has_database_privilege(r, 'postgres', 'TEMPORARY')", [roles]);
    for (const row of rows) deviations.push(`postgres: ${row.r} may connect`);
    // Server-wide attributes: nobody but the admin has any.
    const attrs = await admin.query("SELECT rolname FROM pg_roles WHERE rolname = ANY($1) AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)", [roles]);
    for (const row of attrs.rows) deviations.push(`${row.rolname} holds a server-wide attribute`);
    // Memberships exactly as declared (what a refresh of each Role reads back).
    const members = await admin.query("SELECT pg_get_userbyid(member) AS m, pg_get_userbyid(roleid) AS r, inherit_option AS i, set_option AS s FROM pg_auth_members WHERE pg_get_userbyid(member) = ANY($1)", [roles]);
    const actual = members.rows.map((m) => `${m.m} in ${m.r}${m.i ? "" : " noinherit"}${m.s ? "" : " noset"}`).sort();
    const declared = model.roles.flatMap((r) => r.memberOf.map((of) => `${r.name} in ${of}${r.inherit ? "" : " noinherit"}`)).sort();
    if (JSON.stringify(actual) !== JSON.stringify(declared)) deviations.push(`memberships differ: ${actual.filter((a) => !declared.includes(a)).join(", ")} | missing ${declared.filter((d) => !actual.includes(d)).join(", ")}`);
  } finally {
    admin.release();
  }
  expect(deviations).toEqual([]);
}

/** The logins themselves, over TLS, with real statements (writes rolled back). */
async function assertPgLogins(model: PostgresServerAccess): Promise<void> {
  const etl = model.roles.find((r) => r.login && r.database === undefined)!.name;
  const databases = model.databases.map((d) => d.database);
  for (const d of model.databases) {
    const neighbour = databases.find((x) => x !== d.database)!;
    await asPg(d.app, d.database, async (c) => {
      await c.query("BEGIN");
      await c.query("INSERT INTO items (note) VALUES ('by the app')");
      await c.query("UPDATE items SET note = 'updated' WHERE note = 'by the app'");
      await c.query("DELETE FROM items WHERE note = 'updated'");
      await c.query("ROLLBACK");
      await expect(c.query("CREATE TABLE sneaky (id int)")).rejects.toThrow(/permission denied for schema public/);
      await expect(c.query("CREATE TEMPORARY TABLE scratch (id int)")).rejects.toThrow(/permission denied to create temporary tables/);
    });
    expect(await pgConnects(d.app, neighbour)).toMatch(/permission denied for database/);
    expect(await pgConnects(d.app, "postgres")).toMatch(/permission denied for database/);
    // A plain connection finds no pg_hba line: TLS or nothing.
    await expect(asPg(d.app, d.database, async () => undefined, false)).rejects.toThrow(/no encryption/);
    // The migrator is the owner from the first statement; it inherits nothing of its own.
    await asPg(d.migrator, d.database, async (c) => {
      expect((await c.query("SELECT current_user AS u, session_user AS s")).rows[0]).toEqual({ u: d.owner, s: d.migrator });
      await c.query("BEGIN");
      await c.query("CREATE TABLE migration_probe (id serial PRIMARY KEY)");
      expect((await c.query("SELECT tableowner FROM pg_tables WHERE tablename = 'migration_probe'")).rows[0].tableowner).toBe(d.owner);
      await c.query("ROLLBACK");
      // RESET ROLE returns to the login's default, the owner; SET ROLE NONE is the login itself.
      await c.query("RESET ROLE");
      expect((await c.query("SELECT current_user AS u")).rows[0].u).toBe(d.owner);
      await c.query("SET ROLE NONE");
      expect((await c.query("SELECT current_user AS u")).rows[0].u).toBe(d.migrator);
      await expect(c.query("CREATE TABLE public.as_myself (id int)")).rejects.toThrow(/permission denied for schema public/);
      await expect(c.query("SELECT * FROM public.items")).rejects.toThrow(/permission denied for schema public/);
    });
    expect(await pgConnects(d.migrator, neighbour)).toMatch(/permission denied for database/);
    await asPg(etl, d.database, async (c) => {
      expect((await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n).toBeGreaterThan(0);
      await expect(c.query("INSERT INTO items (note) VALUES ('etl')")).rejects.toThrow(/permission denied for table items/);
    });
  }
  expect(await pgConnects(etl, "postgres")).toMatch(/permission denied for database/);
}

// ---------------------------------------------------------------- MariaDB plumbing
const myAdmin = () => mysql.createConnection({ ...MY, user: ADMIN, password: ADMIN_PASSWORD, ssl: { ca: CA() }, connectTimeout: 5000 });
async function withMyAdmin<T>(work: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const c = await myAdmin();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}
async function asMy<T>(user: string, work: (c: mysql.Connection) => Promise<T>, ssl: object | false = { ca: CA() }): Promise<T> {
  const c = await mysql.createConnection({ ...MY, user, password: passwords[user], ...(ssl ? { ssl } : {}), connectTimeout: 5000 });
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function myApply(model: MysqlServerAccess): Promise<void> {
  await withMyAdmin(async (c) => {
    for (const user of model.users) {
      passwords[user.name] = newPassword();
      await replay.mysqlUserCreate(c, user.name, user.host, passwords[user.name]!, "SSL");
    }
    for (const g of model.grants) await replay.mysqlGrantCreate(c, g.user, "%", g.database, [...g.privileges].sort());
  });
}

/** SHOW GRANTS of every user equals the model (the provider's read cannot tell), and real statements. */
async function assertMy(model: MysqlServerAccess): Promise<void> {
  const deviations: string[] = [];
  await withMyAdmin(async (c) => {
    for (const user of model.users) {
      const [rows] = await c.query(`SHOW GRANTS FOR '${user.name}'@'%'`);
      const lines = (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!);
      const global = lines.filter((l) => l.includes(" ON *.* "));
      if (global.length !== 1 || !/^GRANT USAGE ON \*\.\* TO .* REQUIRE SSL$/.test(global[0]!)) deviations.push(`${user.name}: global ${global.join(" | ")}`);
      const actual = lines
        .filter((l) => !l.includes(" ON *.* "))
        .map((l) => /^GRANT (.+) ON `(\w+)`\.\* TO [^ ]+$/.exec(l))
        .map((m) => (m ? `${m[2]}:${m[1]!.split(", ").sort().join(",")}` : "unparsed"))
        .sort();
      const expected = model.grants.filter((g) => g.user === user.name).map((g) => `${g.database}:${[...g.privileges].sort().join(",")}`).sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) deviations.push(`${user.name}: ${actual.join(" ")} ≠ ${expected.join(" ")}`);
    }
  });
  expect(deviations).toEqual([]);
  const databases = [...new Set(model.grants.map((g) => g.database))];
  for (const g of model.grants) {
    await asMy(g.user, async (c) => {
      await c.query(`SELECT count(*) FROM \`${g.database}\`.records`);
      const write = c.query(`INSERT INTO \`${g.database}\`.records (note) VALUES ('probe')`);
      if (g.privileges.includes("INSERT")) await write;
      else await expect(write).rejects.toThrow(/INSERT command denied/);
      const erase = c.query(`DELETE FROM \`${g.database}\`.records WHERE note = 'probe'`);
      if (g.privileges.includes("DELETE")) await erase;
      else await expect(erase).rejects.toThrow(/DELETE command denied/);
      await expect(c.query(`CREATE TABLE \`${g.database}\`.sneaky (id int)`)).rejects.toThrow(/CREATE command denied/);
      for (const other of databases.filter((d) => !model.grants.some((x) => x.user === g.user && x.database === d))) {
        await expect(c.query(`SELECT * FROM \`${other}\`.records`)).rejects.toThrow(/denied/);
      }
    });
  }
  // Without TLS, every account is refused (require_secure_transport and REQUIRE SSL).
  for (const user of model.users) await expect(asMy(user.name, async () => undefined, false)).rejects.toThrow(/denied|insecure transport/);
}

async function myAdminDrop(): Promise<void> {
  await withMyAdmin(async (c) => {
    for (const d of GENIMS_CATALOG.mysql) await c.query(`DROP DATABASE IF EXISTS \`${d.name}\``);
    for (const user of [...initial.mysql[0]!.users.map((u) => u.name), RENAMED.my[1]]) await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
  });
}

// ---------------------------------------------------------------- npm run verify after each step
/**
 * `npm run verify` (scripts/lib/verify) after a step, against the model as it stands after it: the
 * stack outputs and vault secrets it would read (scripts/lib/verify/local.ts, with the passwords the step
 * left), only the engine the step touched (the other one may not be applied yet). Every check must
 * hold, and nothing it prints may contain a password.
 */
async function verified(engine: Engine): Promise<string[]> {
  const model: AccessModel = { postgres: [pgModel], mysql: [myModel], atlas: initial.atlas };
  const { outputs, secrets } = localVerifyInputs(model, passwords, PG, MY, env.access.keyVaultName, [engine]);
  const { results, report } = await verifyStack({
    stack: "dev",
    model,
    // Through the parser the CLI uses, as `pulumi stack output --json` would print them.
    outputs: parseStackOutputs(JSON.stringify(outputs)),
    secrets: memorySecrets(secrets),
    cas: caBundle(path.join(ROOT, "tls", "ca.pem")),
    engines: [engine],
    redactor: new Redactor(),
  });
  const leaked = Object.entries(passwords).filter(([, password]) => report.includes(password)).map(([login]) => `${login}'s password printed`);
  expect(leaked).toEqual([]);
  expect(results.all.length).toBeGreaterThan(0);
  return results.deviations().map((d) => `${d.database} | ${d.principal} | ${d.check}: expected ${d.expected}, got ${d.actual}`);
}

// ---------------------------------------------------------------- the day-2 sequence
beforeAll(async () => {
  try {
    await pgAdminDrop();
    await myAdminDrop();
  } catch (error) {
    throw new Error(`integration servers not reachable or not set up (PostgreSQL ${PG.host}:${PG.port}, MariaDB ${MY.host}:${MY.port}, CA ${ROOT}/tls/ca.pem); start them with: bash .ci/integration-servers.sh\n${String(error)}`, { cause: error });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([...pools.values()].map((p) => p.end()));
});

describe("PostgreSQL 16 with an Azure-like admin (dev placement: 13 module databases on one server)", () => {
  test("the admin is what Azure documents: no superuser, CREATEROLE and CREATEDB, member of azure_pg_admin", async () => {
    const c = await pool("postgres").connect();
    try {
      const { rows } = await c.query("SELECT rolsuper, rolcreaterole, rolcreatedb, pg_has_role(current_user, 'azure_pg_admin', 'MEMBER') AS azure, current_setting('server_version_num')::int / 10000 AS major FROM pg_roles WHERE rolname = current_user");
      expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: true, rolcreatedb: true, azure: true, major: 16 });
      expect((await c.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0].ssl).toBe(true);
    } finally {
      c.release();
    }
  });

  test("apply: roles, then one chain of grants per database (databases in parallel); a migration as the migrator", async () => {
    // Azure creates the databases (ARM), then the providers run.
    const admin = await pool("postgres").connect();
    for (const database of moduleDatabases()) await admin.query(`CREATE DATABASE "${database}"`);
    admin.release();
    await pgApply(pgModel);
    for (const d of pgModel.databases) {
      await asPg(d.migrator, d.database, async (c) => {
        await c.query("CREATE TABLE items (id serial PRIMARY KEY, note text)");
        await c.query("INSERT INTO items (note) VALUES ('seeded by the migration')");
      });
    }
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
    expect(await verified("postgresql")).toEqual([]);
  }, 300_000);

  test("rotation: between the provider's revoke and re-grant, another session of the login still has its access (one transaction)", async () => {
    const d = pgModel.databases[0]!;
    const app = pgModel.roles.find((r) => r.name === d.app)!;
    const state = replay.roleState(app, passwords[app.name]);
    let seen: number | undefined;
    await replay.roleUpdate(connect, providerDatabase(app), state, state, async () => {
      seen = await asPg(app.name, d.database, async (c) => (await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n as number);
    });
    expect(seen).toBeGreaterThan(0);
  });

  test("rotation: every Role update (new password, same roles) leaves every membership and privilege as it was", async () => {
    const old: Record<string, string> = {};
    await Promise.all(
      pgModel.roles
        .filter((r) => r.login)
        .map(async (role) => {
          old[role.name] = passwords[role.name]!;
          const before = replay.roleState(role, passwords[role.name]);
          passwords[role.name] = newPassword();
          await replay.roleUpdate(connect, providerDatabase(role), before, replay.roleState(role, passwords[role.name]));
        }),
    );
    for (const [login, password] of Object.entries(old).slice(0, 3)) expect(await pgConnects(login, pgModel.databases[0]!.database, password)).toMatch(/password authentication failed/);
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
    expect(await verified("postgresql")).toEqual([]);
  }, 300_000);

  test("refresh, then reapply: every Role reads back exactly its declared roles, so the next up has nothing to change; drift is read and repaired", async () => {
    for (const role of pgModel.roles) expect([role.name, await replay.roleReadRoles(connect, providerDatabase(role), role.name)]).toEqual([role.name, [...role.memberOf]]);
    // Drift: someone revokes an application's membership. The checks see it, a refresh reads it,
    // and the next up's Role update grants it back.
    const app = pgModel.roles.find((r) => r.name === pgModel.databases[0]!.app)!;
    const admin = await pool("postgres").connect();
    await admin.query(`GRANT "${app.memberOf[0]}" TO "${ADMIN}"`);
    await admin.query(`REVOKE "${app.memberOf[0]}" FROM "${app.name}"`);
    await admin.query(`REVOKE "${app.memberOf[0]}" FROM "${ADMIN}"`);
    admin.release();
    await expect(assertPgCatalog(pgModel)).rejects.toThrow();
    // verify names the drift: the membership, and the application shut out of its database.
    const drift = await verified("postgresql");
    expect(drift.map((d) => d.replace(/got refused: .*/, "got refused")).sort()).toEqual([
      `${pgModel.databases[0]!.database} | ${app.name} | connect over TLS (certificate verified): expected allowed, got refused`,
      `${pgModel.server.serverName} (server) | ${app.name} | member of: expected ${app.memberOf[0]}, got none`,
    ].sort());
    expect(drift.find((d) => d.includes("connect over TLS"))).toMatch(/permission denied for database/);
    expect(await replay.roleReadRoles(connect, providerDatabase(app), app.name)).toEqual([]);
    await replay.roleUpdate(connect, providerDatabase(app), { ...replay.roleState(app, passwords[app.name]), roles: [] }, replay.roleState(app, passwords[app.name]));
    // Reapplying the same Grants and DefaultPrivileges (what an up after drift would do) changes nothing.
    await Promise.all(
      pgModel.databases.map(async (d) => {
        for (const g of pgModel.grants.filter((x) => x.database === d.database)) await replay.grantCreate(connect, g);
        for (const p of pgModel.defaultPrivileges.filter((x) => x.database === d.database)) await replay.defaultPrivilegesCreate(connect, p);
      }),
    );
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
    expect(await verified("postgresql")).toEqual([]);
  }, 300_000);

  test(`module removal: ${REMOVED_PG} leaves the server; its roles drop cleanly even though its tables belong to its owner`, async () => {
    const after = postgresServerAccess({ key: pgServer.key, serverName: pgServer.serverName }, pgServer.databases.filter((d) => d.name !== REMOVED_PG));
    const gone = pgModel.databases.find((d) => d.database === REMOVED_PG)!;
    // Updates first: roles whose memberships shrink (the ETL reader, the module's team).
    for (const role of after.roles) {
      const before = pgModel.roles.find((r) => r.name === role.name)!;
      if (JSON.stringify(before.memberOf) !== JSON.stringify(role.memberOf)) await replay.roleUpdate(connect, providerDatabase(role), replay.roleState(before, passwords[role.name]), replay.roleState(role, passwords[role.name]));
    }
    // Then deletes, dependents first: the database's chain backwards, then its roles (members
    // before the roles they are members of), each through the module database's provider.
    // Through a provider connected to postgres (the old rendering), the owner cannot be dropped:
    // its tables and schema in the module database stay behind (the transaction rolls back).
    await expect(replay.roleDelete(connect, "postgres", ADMIN, gone.owner)).rejects.toThrow(/cannot be dropped because some objects depend on it/);
    for (const p of [...pgModel.defaultPrivileges.filter((x) => x.database === REMOVED_PG)].reverse()) await replay.defaultPrivilegesDelete(connect, p);
    for (const g of [...pgModel.grants.filter((x) => x.database === REMOVED_PG)].reverse()) await replay.grantDelete(connect, g);
    for (const role of [gone.app, gone.migrator, gone.readWrite, gone.readOnly, gone.owner]) await replay.roleDelete(connect, REMOVED_PG, ADMIN, role);
    // Last, Azure deletes the database (its provider is gone by then).
    await pool(REMOVED_PG).end();
    pools.delete(REMOVED_PG);
    const admin = await pool("postgres").connect();
    await admin.query(`DROP DATABASE "${REMOVED_PG}" WITH (FORCE)`);
    expect((await admin.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'genims_crm_%'")).rows).toEqual([]);
    admin.release();
    pgModel = after;
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
    expect(await verified("postgresql")).toEqual([]);
  }, 300_000);

  test(`rename: ${RENAMED.pg[0]} becomes ${RENAMED.pg[1]} in place (ALTER ROLE RENAME), keeping its memberships`, async () => {
    const [from, to] = RENAMED.pg;
    const renamed = postgresServerAccess({ key: pgServer.key, serverName: pgServer.serverName }, pgServer.databases.filter((d) => d.name !== REMOVED_PG), { [from]: [] });
    const role = renamed.roles.find((r) => r.name === from)!;
    // What the model gives once PG_ETL_READER names the new role and PRINCIPAL_RENAMES its old
    // name: the role renamed, and its memberships (derived from the roles) with it.
    const roles = renamed.roles.map((r) => (r.name === from ? { ...r, name: to, formerNames: [from] } : r));
    const after: PostgresServerAccess = { ...renamed, roles, memberships: roles.flatMap((r) => r.memberOf.map((of) => ({ role: of, member: r.name }))) };
    passwords[to] = passwords[from]!;
    await replay.roleUpdate(connect, providerDatabase(role), replay.roleState(role, passwords[from]), replay.roleState({ ...role, name: to }, passwords[to]));
    expect(await pgConnects(from, after.databases[0]!.database, passwords[to])).toMatch(/password authentication failed/);
    pgModel = after;
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
    expect(await verified("postgresql")).toEqual([]);
  }, 300_000);
});

describe("break-glass: the `npm run sql` script", () => {
  test("applied by the Azure-like admin on PostgreSQL 16, it yields the privileges the matrix states", async () => {
    await pgAdminDrop();
    pgModel = initial.postgres[0]!;
    const admin = await pool("postgres").connect();
    for (const database of moduleDatabases()) await admin.query(`CREATE DATABASE "${database}"`);
    admin.release();
    for (const role of pgModel.roles) if (role.login) passwords[role.name] = newPassword();
    for (const statement of postgresSql(pgModel).statements) {
      const client = await connect(statement.database ?? "postgres");
      try {
        await client.query(fillPasswords(statement.sql, passwords));
      } finally {
        client.release();
      }
    }
    for (const d of pgModel.databases) await asPg(d.migrator, d.database, (c) => c.query("CREATE TABLE items (id serial PRIMARY KEY, note text); INSERT INTO items (note) VALUES ('seeded')"));
    await assertPgCatalog(pgModel);
    await assertPgLogins(pgModel);
  }, 300_000);
});

describe("MariaDB with TLS required and an Azure-like admin (dev placement: reporting, analytics and audit)", () => {
  test("the admin has Azure's documented privileges and no SUPER; the server requires TLS", async () => {
    await withMyAdmin(async (c) => {
      const [grants] = await c.query("SHOW GRANTS");
      const text = (grants as Record<string, string>[]).map((r) => Object.values(r)[0]).join("\n");
      expect(text).toMatch(/CREATE USER/);
      expect(text).not.toMatch(/\bSUPER\b|ALL PRIVILEGES/);
      const [vars] = await c.query("SELECT @@require_secure_transport AS r");
      expect((vars as { r: number }[])[0]!.r).toBe(1);
      // The bundled provider's version probe (provider.go:175-183) cannot run here.
      await expect(c.query("SELECT @@GLOBAL.innodb_version")).rejects.toThrow(/Unknown system variable/);
    });
  });

  test("apply: users REQUIRE SSL and database-scoped grants, as the provider issues them", async () => {
    await withMyAdmin(async (c) => {
      for (const d of GENIMS_CATALOG.mysql) {
        await c.query(`CREATE DATABASE \`${d.name}\``);
        await c.query(`CREATE TABLE \`${d.name}\`.records (id int AUTO_INCREMENT PRIMARY KEY, note varchar(100))`);
        await c.query(`INSERT INTO \`${d.name}\`.records (note) VALUES ('seeded')`);
      }
    });
    await myApply(myModel);
    await assertMy(myModel);
    expect(await verified("mysql")).toEqual([]);
  }, 120_000);

  test("a User replaced create-first fails with error 1396: why Users are deleteBeforeReplace", async () => {
    const user = myModel.users[0]!;
    await withMyAdmin(async (c) => {
      await expect(replay.mysqlUserCreate(c, user.name, user.host, newPassword(), "X509")).rejects.toThrow(/Operation CREATE USER failed/);
    });
    await assertMy(myModel);
  });

  test("rotation: ALTER USER ... IDENTIFIED BY changes the password and nothing else", async () => {
    await withMyAdmin(async (c) => {
      for (const user of myModel.users) {
        passwords[user.name] = newPassword();
        await replay.mysqlUserUpdatePassword(c, user.name, user.host, passwords[user.name]!);
      }
    });
    await assertMy(myModel);
    expect(await verified("mysql")).toEqual([]);
  });

  test("refresh: the provider's reads see an out-of-band REVOKE as no change; SHOW GRANTS does", async () => {
    const victim = myModel.grants[0]!;
    await withMyAdmin(async (c) => {
      await c.query(`REVOKE DELETE ON \`${victim.database}\`.* FROM '${victim.user}'@'%'`);
      expect(await replay.mysqlUserRead(c, victim.user)).toBe(true);
      await replay.mysqlGrantRead(c, victim.user, "%"); // succeeds: the read proves only existence
      await expect(assertMy(myModel)).rejects.toThrow();
      // What the provider cannot see, verify names: SHOW GRANTS and the DELETE itself.
      expect(await verified("mysql")).toEqual([
        `${victim.database} | ${victim.user} | SHOW GRANTS on ${victim.database}.*: expected ${[...victim.privileges].sort().join(", ")}, got ${victim.privileges.filter((p) => p !== "DELETE").sort().join(", ")}`,
        `${victim.database} | ${victim.user} | DELETE records: expected allowed, got denied`,
      ]);
      // Reapplying means replacing the grant (no update exists), which deleteBeforeReplace orders.
      await replay.mysqlGrantDelete(c, victim.user, "%", victim.database, [...victim.privileges].sort());
      await replay.mysqlGrantCreate(c, victim.user, "%", victim.database, [...victim.privileges].sort());
    });
    await assertMy(myModel);
    expect(await verified("mysql")).toEqual([]);
  });

  test(`module removal: ${REMOVED_MY} leaves the server; its users and grants go, the ETL writer keeps reporting`, async () => {
    const after = mysqlServerAccess({ key: myServer.key, serverName: myServer.serverName }, myServer.databases.filter((d) => d.name !== REMOVED_MY));
    await withMyAdmin(async (c) => {
      for (const g of myModel.grants.filter((x) => x.database === REMOVED_MY)) {
        await replay.mysqlGrantDelete(c, g.user, "%", g.database, [...g.privileges].sort());
      }
      for (const user of myModel.users.filter((u) => !after.users.some((a) => a.name === u.name))) await replay.mysqlUserDelete(c, user.name, user.host);
      await c.query(`DROP DATABASE \`${REMOVED_MY}\``);
    });
    myModel = after;
    await assertMy(myModel);
    expect(await verified("mysql")).toEqual([]);
  });

  test(`rename: ${RENAMED.my[0]} becomes ${RENAMED.my[1]}: grants and user deleted first, then created under the new name`, async () => {
    const [from, to] = RENAMED.my;
    const after: MysqlServerAccess = {
      ...myModel,
      users: myModel.users.map((u) => (u.name === from ? { ...u, name: to, formerNames: [from] } : u)),
      grants: myModel.grants.map((g) => (g.user === from ? { ...g, user: to } : g)),
    };
    await withMyAdmin(async (c) => {
      for (const g of myModel.grants.filter((x) => x.user === from)) {
        await replay.mysqlGrantDelete(c, from, "%", g.database, [...g.privileges].sort());
      }
      await replay.mysqlUserDelete(c, from, "%");
      passwords[to] = newPassword();
      await replay.mysqlUserCreate(c, to, "%", passwords[to]!, "SSL");
      for (const g of after.grants.filter((x) => x.user === to)) await replay.mysqlGrantCreate(c, to, "%", g.database, [...g.privileges].sort());
      expect(await replay.mysqlUserRead(c, from)).toBe(false);
    });
    myModel = after;
    await assertMy(myModel);
    expect(await verified("mysql")).toEqual([]);
  });
});
