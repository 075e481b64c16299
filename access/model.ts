/**
 * The GenIMS access model: who may do what on each of the 17 databases, derived from the catalog
 * and the stack's placement (which server hosts which database). Pure data, no Pulumi import: the
 * same model is rendered as Pulumi resources (`packages/db-components/lib/databaseAccess.ts`), as SQL for a DBA
 * (`access/sql.ts`, `npm run sql`) and as the auditors' `accessMatrix` stack output.
 *
 * PostgreSQL, per database `genims_<x>_db`: `genims_<x>_owner` (NOLOGIN; owns schema public and
 * every table), `genims_<x>_rw`, `genims_<x>_ro` (NOLOGIN groups), `genims_<x>_app` (LOGIN, member
 * of rw) and `genims_<x>_migrator` (LOGIN, NOINHERIT, member of owner with SET: every session starts
 * as the owner, so whatever a migration creates is the owner's and the default privileges cover
 * it). Names derive from the database name, so they stay unique when dev hosts all 13 modules on
 * one server. Owning teams are NOLOGIN groups, members of their modules' rw. ETL: one reader login
 * per PostgreSQL server (member of every ro there), one writer per MySQL server hosting reporting or
 * analytics, one MongoDB writer. The maintenance database `postgres` is closed to PUBLIC.
 *
 * The model's shape and its per-database derivation are the component package's
 * (`packages/db-components/lib/accessModel.ts`); this file maps the catalog onto it: the owning
 * teams, the ETL principals, the audit database's append-only users.
 *
 * Memberships are a property of the member (`PgRole.memberOf`): the provider's Role resource
 * manages them, and nothing else does (see packages/db-components/lib/databaseAccess.ts for why).
 */
import type { MysqlDatabaseSpec, PostgresDatabaseSpec, Team } from "../catalog";
import type { Environment } from "../config/environment";
import {
  type AtlasAccess,
  type AtlasUser,
  type LoginUse,
  type MysqlDatabaseUserSpec,
  type MysqlServerAccess,
  type PostgresServerAccess,
  type PrincipalRenames,
  type ServerRef,
  MYSQL_DML,
  atlasLoginUses,
  defaultMysqlUsers,
  mysqlLoginUses,
  mysqlServerAccess as packageMysqlServerAccess,
  postgresLoginUses,
  postgresServerAccess as packagePostgresServerAccess,
  roleStem,
} from "../packages/db-components/lib/accessModel";

export * from "../packages/db-components/lib/accessModel";

export interface AccessModel {
  readonly postgres: readonly PostgresServerAccess[];
  readonly mysql: readonly MysqlServerAccess[];
  readonly atlas: AtlasAccess;
}

/** `Supply Chain` → `genims_team_supply_chain`. */
export function teamRole(team: Team): string {
  return `genims_team_${team.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
}

export const PG_ETL_READER = "genims_etl_reader";
export const MYSQL_ETL_WRITER = "genims_etl_writer";

/**
 * Principal renames: current name → its earlier names, oldest first (see `PrincipalRenames`).
 * Add an entry here in the commit that renames a principal.
 */
export const PRINCIPAL_RENAMES: PrincipalRenames = {};

/**
 * A GenIMS PostgreSQL server's model: each module database's roles, its owning teams (NOLOGIN,
 * members of their modules' rw) and one ETL reader login (member of every ro there).
 */
export function postgresServerAccess(server: ServerRef, databases: readonly PostgresDatabaseSpec[], renames: PrincipalRenames = PRINCIPAL_RENAMES, maintenanceClosed = true): PostgresServerAccess {
  const teams = [...new Set(databases.map((d) => d.team))];
  return packagePostgresServerAccess(
    server,
    databases.map((d) => ({ name: d.name })),
    {
      groups: teams.map((team) => {
        const owned = databases.filter((d) => d.team === team).map((d) => d.name);
        return { name: teamRole(team), readWrite: owned, purpose: `${team} team: reads and writes ${owned.join(", ")}` };
      }),
      logins: [{ name: PG_ETL_READER, readOnly: databases.map((d) => d.name), purpose: "ETL (PostgreSQL → MySQL, MongoDB): reads every module database, writes none" }],
    },
    renames,
    maintenanceClosed,
  );
}

/** Per MySQL database of the catalog: its users and their privileges on it. */
function mysqlDatabaseUsers(database: MysqlDatabaseSpec): MysqlDatabaseUserSpec[] {
  const stem = roleStem(database.name);
  if (database.name === "genims_audit_db") {
    return [
      // Append-only: an audit trail its writer could rewrite would prove nothing.
      { name: `${stem}_writer`, purpose: "appends audit records (INSERT, SELECT; never UPDATE or DELETE)", privileges: ["INSERT", "SELECT"], application: true },
      { name: `${stem}_auditor`, purpose: `${database.users}: read only`, privileges: ["SELECT"], application: false },
    ];
  }
  return defaultMysqlUsers(database.name, `${database.users}: read only`);
}

/** MySQL databases the PostgreSQL → MySQL sync loads. */
export const ETL_TARGETS: readonly string[] = ["genims_reporting_db", "genims_analytics_db"];

export function mysqlServerAccess(server: ServerRef, databases: readonly MysqlDatabaseSpec[], renames: PrincipalRenames = PRINCIPAL_RENAMES): MysqlServerAccess {
  const targets = databases.filter((d) => ETL_TARGETS.includes(d.name));
  return packageMysqlServerAccess(
    server,
    databases.map((d) => ({ name: d.name, users: mysqlDatabaseUsers(d) })),
    targets.length === 0 ? [] : [{ name: MYSQL_ETL_WRITER, purpose: `ETL: loads ${targets.map((d) => d.name).join(", ")}`, grants: targets.map((d) => ({ database: d.name, privileges: MYSQL_DML })) }],
    renames,
  );
}

export function atlasAccess(clusterName: string, database: string, restoredClusterName?: string): AtlasAccess {
  const stem = roleStem(database).replace(/_/g, "-");
  return {
    clusterName,
    scopedClusters: restoredClusterName === undefined ? [clusterName] : [clusterName, restoredClusterName],
    database,
    users: [
      { username: `${stem}-app`, purpose: "the document store's application", roles: [{ roleName: "readWrite", databaseName: database }] },
      { username: `${stem}-etl-writer`, purpose: "ETL: PostgreSQL → MongoDB sync", roles: [{ roleName: "readWrite", databaseName: database }] },
      { username: `${stem}-analyst`, purpose: "Data Analysts: read only", roles: [{ roleName: "read", databaseName: database }] },
      // The collections step (npm run collections) needs collMod, which readWrite lacks; dbAdmin has
      // it with createCollection, createIndex, listCollections and listIndexes, and reads no
      // documents (MongoDB manual, "Built-In Roles": dbAdmin). Like PostgreSQL's migrator: schema, not data.
      { username: `${stem}-schema`, purpose: "the collection definitions of the catalog (npm run collections): dbAdmin, reads no documents", roles: [{ roleName: "dbAdmin", databaseName: database }] },
    ],
  };
}

/** The Atlas login that owns the collection definitions (dbAdmin on the database): what `npm run collections` connects as. */
export function atlasSchemaLogin(access: AtlasAccess): AtlasUser {
  const user = access.users.find((u) => u.roles.some((r) => r.roleName === "dbAdmin" && r.databaseName === access.database));
  if (user === undefined) throw new Error(`the access model has no Atlas login with dbAdmin on ${access.database}: npm run collections has nobody to connect as`);
  return user;
}

/** The whole model from a validated environment: the placement decides which server gets what. */
export function accessModel(env: Environment, renames: PrincipalRenames = PRINCIPAL_RENAMES): AccessModel {
  return {
    postgres: env.postgres.servers.map((s) => postgresServerAccess({ key: s.key, serverName: s.serverName }, s.databases, renames, env.access.closeMaintenanceDatabase)),
    mysql: env.mysql.servers.map((s) => mysqlServerAccess({ key: s.key, serverName: s.serverName }, s.databases, renames)),
    atlas: atlasAccess(env.atlas.clusterName, env.atlas.database.name, env.atlas.restore?.clusterName),
  };
}

/** Every (login, database) pair: each gets one Key Vault secret holding its connection string. */
export function loginUses(model: AccessModel): LoginUse[] {
  return [...model.postgres.flatMap(postgresLoginUses), ...model.mysql.flatMap(mysqlLoginUses), ...atlasLoginUses(model.atlas)];
}
