/**
 * The statements the bundled providers issue, replayed on a real server as their admin, so the
 * integration test exercises what `pulumi up` would do rather than our own SQL.
 *
 * PostgreSQL: cyrilgdn/terraform-provider-postgresql v1.27.0 (bundled by @pulumi/postgresql 3.18.1;
 * the bridge's `upstream` submodule is commit ff936b9), files under `postgresql/`.
 * MySQL: hashicorp/terraform-provider-mysql v1.9.0 (bundled by @pulumi/mysql 3.3.2), files under
 * `mysql/`. Each function cites the lines it mirrors. What is left out is what our resources
 * never set (search_path, timeouts, objects/columns lists, roles on MySQL grants).
 */
import type { Pool, PoolClient } from "pg";
import type mysql from "mysql2/promise";
import type { PgDefaultPrivilege, PgGrant, PgRole } from "../../access/model";

/** pq.QuoteIdentifier. */
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** pqQuoteLiteral (helpers.go:51-55). */
const lit = (value: string) => value.replace(/'/g, "''");

/** A connection per database, as the provider's startTransaction opens one (helpers.go:390-405). */
export type Connect = (database: string) => Promise<PoolClient>;

async function inTransaction<T>(connect: Connect, database: string, work: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(database);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** helpers.go:586-603. */
async function pgLockRole(c: PoolClient, role: string): Promise<void> {
  await c.query("SET statement_timeout = 0");
  await c.query("SELECT pg_advisory_xact_lock(oid::bigint) FROM pg_roles WHERE rolname = $1", [role]);
  await c.query("SELECT pg_advisory_xact_lock(member::bigint) FROM pg_auth_members JOIN pg_roles ON roleid = pg_roles.oid WHERE rolname = $1", [role]);
}

/** helpers.go:606-616. */
async function pgLockDatabase(c: PoolClient, database: string): Promise<void> {
  await c.query("SET statement_timeout = 0");
  await c.query("SELECT pg_advisory_xact_lock(oid::bigint) FROM pg_database WHERE datname = $1", [database]);
}

/** helpers.go:57-89: on PostgreSQL 16 a membership counts only with SET. */
async function isMemberOfRole(c: PoolClient, role: string, member: string): Promise<boolean> {
  const { rowCount } = await c.query("SELECT 1 FROM pg_auth_members WHERE pg_get_userbyid(roleid) = $1 AND pg_get_userbyid(member) = $2 AND set_option", [role, member]);
  return (rowCount ?? 0) > 0;
}

/** helpers.go:142-239: the non-superuser admin temporarily becomes a member of each role. */
async function withRolesGranted<T>(c: PoolClient, roles: readonly string[], fn: () => Promise<T>): Promise<T> {
  if (roles.length === 0) return fn();
  const currentUser = (await c.query("SELECT CURRENT_USER AS u")).rows[0].u as string;
  const isSuper = async (role: string) => Boolean((await c.query("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [role])).rows[0]?.rolsuper);
  if (await isSuper(currentUser)) return fn();
  const granted: string[] = [];
  const revoked: string[] = [];
  for (const role of roles) {
    if (await isSuper(role)) continue;
    // revokeRoleMembership(currentUser, role): helpers.go:117-137
    if (role !== currentUser && (await isMemberOfRole(c, currentUser, role))) {
      await c.query(`REVOKE ${q(currentUser)} FROM ${q(role)}`);
      revoked.push(role);
    }
    // grantRoleMembership(role, currentUser): helpers.go:91-113
    if (role !== currentUser && !(await isMemberOfRole(c, role, currentUser))) {
      await c.query(`GRANT ${q(role)} TO ${q(currentUser)}`);
      granted.push(role);
    }
  }
  const result = await fn();
  for (const role of granted) if (await isMemberOfRole(c, role, currentUser)) await c.query(`REVOKE ${q(role)} FROM ${q(currentUser)}`);
  for (const role of revoked) {
    if ((await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 0) continue;
    if (!(await isMemberOfRole(c, currentUser, role))) await c.query(`GRANT ${q(currentUser)} TO ${q(role)}`);
  }
  return result;
}

/** The inputs a Role resource gets from packages/db-components/lib/databaseAccess.ts. */
export interface RoleState {
  readonly name: string;
  readonly login: boolean;
  readonly inherit: boolean;
  readonly password: string | undefined;
  readonly roles: readonly string[];
  readonly assumeRole: string | undefined;
}

export const roleState = (role: PgRole, password: string | undefined): RoleState => ({
  name: role.name,
  login: role.login,
  inherit: role.inherit,
  password,
  roles: role.memberOf,
  assumeRole: role.assumeRole,
});

/** resource_postgresql_role.go:200-380 (create), with grantRoles :1031-1043 and setAssumeRole. */
export async function roleCreate(connect: Connect, database: string, r: RoleState): Promise<void> {
  await inTransaction(connect, database, async (c) => {
    // stringOpts (PASSWORD, VALID UNTIL), intOpts, boolOpts in that order (:207-334); BYPASSRLS and
    // REPLICATION are appended when the server supports them (:252-258).
    const opts = [
      ...(r.password ? [`ENCRYPTED PASSWORD '${lit(r.password)}'`] : []),
      "VALID UNTIL 'infinity'",
      "CONNECTION LIMIT -1",
      "NOSUPERUSER",
      "NOCREATEDB",
      "NOCREATEROLE",
      r.inherit ? "INHERIT" : "NOINHERIT",
      r.login ? "LOGIN" : "NOLOGIN",
      "NOBYPASSRLS",
      "NOREPLICATION",
    ];
    await c.query(`CREATE ROLE ${q(r.name)} WITH ${opts.join(" ")}`);
    for (const role of r.roles) await c.query(`GRANT ${q(role)} TO ${q(r.name)}`);
    if (r.assumeRole) await c.query(`ALTER ROLE ${q(r.name)} SET ROLE TO ${q(r.assumeRole)}`);
  });
}

/** resource_postgresql_role.go:485-516: what a refresh reads back as `roles`. */
export async function roleReadRoles(connect: Connect, database: string, name: string): Promise<string[] | undefined> {
  const client = await connect(database);
  try {
    const { rows } = await client.query(
      "SELECT ARRAY(SELECT pg_get_userbyid(roleid) FROM pg_catalog.pg_auth_members members WHERE member = pg_roles.oid)::text[] AS roles FROM pg_catalog.pg_roles WHERE rolname = $1",
      [name],
    );
    return rows[0] === undefined ? undefined : [...(rows[0].roles as string[])].sort();
  } finally {
    client.release();
  }
}

/**
 * resource_postgresql_role.go:671-757 (update): rename, password, then revoke every membership and
 * grant `roles` back (revokeRoles :989-1029, grantRoles :1031-1043), one transaction.
 */
export async function roleUpdate(connect: Connect, database: string, before: RoleState, after: RoleState, afterRevoke?: () => Promise<void>): Promise<void> {
  await inTransaction(connect, database, async (c) => {
    await pgLockRole(c, before.name);
    if (before.name !== after.name) await c.query(`ALTER ROLE ${q(before.name)} RENAME TO ${q(after.name)}`); // :759-779
    if ((before.password !== after.password || before.name !== after.name) && after.password) await c.query(`ALTER ROLE ${q(after.name)} PASSWORD '${lit(after.password)}'`); // :781-814
    if (before.inherit !== after.inherit) await c.query(`ALTER ROLE ${q(after.name)} WITH ${after.inherit ? "INHERIT" : "NOINHERIT"}`); // :892-909
    const { rows } = await c.query("SELECT pg_get_userbyid(roleid) AS r FROM pg_catalog.pg_auth_members members JOIN pg_catalog.pg_roles ON members.member = pg_roles.oid WHERE rolname = $1", [after.name]);
    for (const row of rows) await c.query(`REVOKE ${q(row.r as string)} FROM ${q(after.name)}`);
    // A test hook: the moment between revokeRoles and grantRoles, before COMMIT.
    if (afterRevoke) await afterRevoke();
    for (const role of after.roles) await c.query(`GRANT ${q(role)} TO ${q(after.name)}`);
    if (before.assumeRole !== after.assumeRole) await c.query(after.assumeRole ? `ALTER ROLE ${q(after.name)} SET ROLE TO ${q(after.assumeRole)}` : `ALTER ROLE ${q(after.name)} RESET ROLE`); // :1122-1145
  });
}

/** resource_postgresql_role.go:382-423 (delete): REASSIGN OWNED and DROP OWNED in the provider's database, then DROP ROLE. */
export async function roleDelete(connect: Connect, database: string, admin: string, name: string): Promise<void> {
  await inTransaction(connect, database, async (c) => {
    await pgLockRole(c, name);
    await withRolesGranted(c, [name], async () => {
      await c.query(`REASSIGN OWNED BY ${q(name)} TO ${q(admin)}`);
      await c.query(`DROP OWNED BY ${q(name)}`);
    });
    await c.query(`DROP ROLE ${q(name)}`);
  });
}

/** resource_postgresql_schema.go:119-158 and createSchema :160-229: the schema exists, so its owner is set. */
export async function schemaCreate(connect: Connect, database: string, schema: string, owner: string): Promise<void> {
  await inTransaction(connect, database, async (c) => {
    const dbOwner = (await c.query("SELECT pg_get_userbyid(datdba) AS o FROM pg_database WHERE datname = current_database()")).rows[0].o as string;
    await withRolesGranted(c, owner === dbOwner ? [dbOwner] : [dbOwner, owner], async () => {
      const exists = (await c.query("SELECT TRUE FROM pg_catalog.pg_namespace WHERE nspname = $1", [schema])).rowCount;
      if (exists) await c.query(`ALTER SCHEMA ${q(schema)} OWNER TO ${q(owner)}`); // setSchemaOwner :415-433
      else await c.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)} AUTHORIZATION ${q(owner)}`);
    });
  });
}

const TARGET = { database: "DATABASE", schema: "SCHEMA", table: "ALL TABLES IN SCHEMA", sequence: "ALL SEQUENCES IN SCHEMA" } as const;
const onWhat = (g: PgGrant) => `${TARGET[g.objectType]} ${q(g.objectType === "database" ? g.database : g.schema!)}`;

/** getRolesToGrant (resource_postgresql_grant.go:800-835): owners of the schema and of its tables. */
async function grantOwners(c: PoolClient, g: PgGrant): Promise<string[]> {
  if (g.objectType === "database") return [];
  const owners: string[] = [];
  if (g.objectType !== "schema") for (const row of (await c.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1", [g.schema])).rows) owners.push(row.tableowner as string);
  const schemaOwner = (await c.query("SELECT nspowner::regrole::text AS o FROM pg_namespace WHERE nspname = $1", [g.schema])).rows[0]?.o as string | undefined;
  if (schemaOwner !== undefined && !owners.includes(schemaOwner)) owners.push(schemaOwner.replace(/^"|"$/g, ""));
  return owners;
}

/** resource_postgresql_grant.go:139-222 (create/update): REVOKE ALL then GRANT, one transaction (:194-207). */
export async function grantCreate(connect: Connect, g: PgGrant): Promise<void> {
  await inTransaction(connect, g.database, async (c) => {
    await pgLockRole(c, g.role);
    if (g.objectType === "database") await pgLockDatabase(c, g.database);
    await withRolesGranted(c, await grantOwners(c, g), async () => {
      await c.query(`REVOKE ALL PRIVILEGES ON ${onWhat(g)} FROM ${q(g.role)}`); // createRevokeQuery :610-689
      if (g.privileges.length > 0) await c.query(`GRANT ${g.privileges.join(",")} ON ${onWhat(g)} TO ${q(g.role)}`); // createGrantQuery :539-608
    });
  });
}

/** resource_postgresql_grant.go:224-264 (delete). */
export async function grantDelete(connect: Connect, g: PgGrant): Promise<void> {
  await inTransaction(connect, g.database, async (c) => {
    await pgLockRole(c, g.role);
    if (g.objectType === "database") await pgLockDatabase(c, g.database);
    await withRolesGranted(c, await grantOwners(c, g), () => c.query(`REVOKE ALL PRIVILEGES ON ${onWhat(g)} FROM ${q(g.role)}`));
  });
}

/** resource_postgresql_default_privileges.go:116-189 (create) with :296-360 (the statements). */
export async function defaultPrivilegesCreate(connect: Connect, p: PgDefaultPrivilege): Promise<void> {
  await inTransaction(connect, p.database, async (c) => {
    await pgLockRole(c, p.owner);
    await withRolesGranted(c, [p.owner], async () => {
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${q(p.owner)} IN SCHEMA ${q(p.schema)} REVOKE ALL ON ${p.objectType.toUpperCase()}S FROM ${q(p.role)}`);
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${q(p.owner)} IN SCHEMA ${q(p.schema)} GRANT ${p.privileges.join(",")} ON ${p.objectType.toUpperCase()}S TO ${q(p.role)}`);
    });
  });
}

/** resource_postgresql_default_privileges.go:191-225 (delete). */
export async function defaultPrivilegesDelete(connect: Connect, p: PgDefaultPrivilege): Promise<void> {
  await inTransaction(connect, p.database, async (c) => {
    await pgLockRole(c, p.owner);
    await withRolesGranted(c, [p.owner], () => c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${q(p.owner)} IN SCHEMA ${q(p.schema)} REVOKE ALL ON ${p.objectType.toUpperCase()}S FROM ${q(p.role)}`));
  });
}

export type PgPool = Pool;

/*
 * MySQL, hashicorp/terraform-provider-mysql v1.9.0. Every create first runs
 * `SELECT @@GLOBAL.innodb_version` (provider.go:175-183) to choose between the pre-8.0 and 8.0
 * statements; MariaDB has no such variable, so the replay takes the MySQL 8 path Azure runs:
 * REQUIRE on CREATE USER (server > 5.7.0) and no REQUIRE or GRANT OPTION on GRANT (hasRoles).
 */
export type MyConnection = mysql.Connection;

/** resource_user.go:66-128. */
export async function mysqlUserCreate(c: MyConnection, user: string, host: string, password: string, tlsOption: string): Promise<void> {
  await c.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}' REQUIRE ${tlsOption}`);
}

/** resource_user.go:130-206: a new password is an ALTER USER (server >= 5.7.6). */
export async function mysqlUserUpdatePassword(c: MyConnection, user: string, host: string, password: string): Promise<void> {
  await c.query(`ALTER USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
}

/** resource_user.go:208-229: the whole read, "does a user of that name exist". */
export async function mysqlUserRead(c: MyConnection, user: string): Promise<boolean> {
  const [rows] = await c.query(`SELECT USER FROM mysql.user WHERE USER='${user}'`);
  return (rows as unknown[]).length > 0;
}

/** resource_user.go:231-248. */
export async function mysqlUserDelete(c: MyConnection, user: string, host: string): Promise<void> {
  await c.query(`DROP USER '${user}'@'${host}'`);
}

/** resource_grant.go:141-218 on MySQL 8 (hasRoles: no REQUIRE, no GRANT OPTION appended, :195-202). */
export async function mysqlGrantCreate(c: MyConnection, user: string, host: string, database: string, privileges: readonly string[]): Promise<void> {
  await c.query(`GRANT ${privileges.join(", ")} ON \`${database}\`.* TO '${user}'@'${host}'`);
}

/** resource_grant.go:220-251: runs SHOW GRANTS and looks at nothing it returns. */
export async function mysqlGrantRead(c: MyConnection, user: string, host: string): Promise<void> {
  await c.query(`SHOW GRANTS FOR '${user}'@'${host}'`);
}

/** resource_grant.go:253-310: REVOKE GRANT OPTION, then the listed privileges. */
export async function mysqlGrantDelete(c: MyConnection, user: string, host: string, database: string, privileges: readonly string[]): Promise<void> {
  await c.query(`REVOKE GRANT OPTION ON \`${database}\`.* FROM '${user}'@'${host}'`);
  await c.query(`REVOKE ${privileges.join(", ")} ON \`${database}\`.* FROM '${user}'@'${host}'`);
}
