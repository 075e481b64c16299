/**
 * The GenIMS access model: who may do what on each of the 17 databases, derived from the catalog
 * and the stack's placement (which server hosts which database). Pure data, no Pulumi import: the
 * same model is rendered as Pulumi resources (`components/databaseAccess.ts`), as SQL for a DBA
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
 * Memberships are a property of the member (`PgRole.memberOf`): the provider's Role resource
 * manages them, and nothing else does (see components/databaseAccess.ts for why).
 */
import type { MysqlDatabaseSpec, PostgresDatabaseSpec, Team } from "../catalog";
import type { Environment } from "../config/environment";

/** Where a database lives: the server key and physical name from the placement. */
export interface ServerRef {
  readonly key: string;
  readonly serverName: string;
}

/** The schema every GenIMS PostgreSQL module uses. */
export const PG_SCHEMA = "public";

export const PG_TABLE_RW = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;
export const PG_TABLE_RO = ["SELECT"] as const;
/** Sequences behind serial/identity columns: writers need nextval (USAGE, UPDATE). */
export const PG_SEQUENCE_RW = ["SELECT", "UPDATE", "USAGE"] as const;
export const PG_SEQUENCE_RO = ["SELECT"] as const;

export interface PgRole {
  readonly name: string;
  /** LOGIN roles get a generated password; NOLOGIN roles are groups. */
  readonly login: boolean;
  /**
   * Whether the role uses its memberships' privileges without SET ROLE. PostgreSQL 16 records
   * each membership's INHERIT option from this attribute when the GRANT does not say (the
   * provider's GRANT never does).
   */
  readonly inherit: boolean;
  /** The roles this role is a member of, sorted: rendered as the Role's `roles`. */
  readonly memberOf: readonly string[];
  /** The role every session of this login starts as (`ALTER ROLE ... SET ROLE`), if any. */
  readonly assumeRole: string | undefined;
  /**
   * The module database whose objects the role can own or hold privileges in; `undefined` for
   * server-wide roles (teams, the ETL reader). A module's roles are managed through a connection
   * to this database, so their removal reassigns and drops what they own there.
   */
  readonly database: string | undefined;
  /** Earlier names of this role, newest last: its resources keep their identity across a rename. */
  readonly formerNames: readonly string[];
  /** Why the role exists, for reviewers. */
  readonly purpose: string;
}

/** `member` is granted membership in `role`. Derived from `PgRole.memberOf`. */
export interface PgMembership {
  readonly role: string;
  readonly member: string;
}

export type PgObjectType = "database" | "schema" | "table" | "sequence";

/**
 * A privilege set of `role` on objects of `database`. An empty `privileges` is a revocation of
 * everything (how PUBLIC's defaults are taken away). `table`/`sequence` mean all of them in `schema`.
 */
export interface PgGrant {
  readonly database: string;
  readonly role: string;
  readonly objectType: PgObjectType;
  readonly schema: string | undefined;
  readonly privileges: readonly string[];
}

/** Privileges `role` gets on objects `owner` creates later in `schema`, without another grant. */
export interface PgDefaultPrivilege {
  readonly database: string;
  readonly owner: string;
  readonly role: string;
  readonly schema: string;
  readonly objectType: "table" | "sequence";
  readonly privileges: readonly string[];
}

export interface PgSchemaOwner {
  readonly database: string;
  readonly schema: string;
  readonly owner: string;
}

/** The roles of one module database. */
export interface PgDatabaseRoles {
  readonly database: string;
  readonly team: Team;
  readonly owner: string;
  readonly readWrite: string;
  readonly readOnly: string;
  readonly app: string;
  /** The login migrations run as; every session of it is the owner. */
  readonly migrator: string;
}

/** The server's maintenance database: nobody but the admin connects to it. */
export const PG_MAINTENANCE_DATABASE = "postgres";

export interface PostgresServerAccess {
  readonly server: ServerRef;
  readonly databases: readonly PgDatabaseRoles[];
  readonly roles: readonly PgRole[];
  /** Every role's `memberOf`, flattened (for the matrix and the SQL). */
  readonly memberships: readonly PgMembership[];
  readonly schemaOwners: readonly PgSchemaOwner[];
  readonly grants: readonly PgGrant[];
  readonly defaultPrivileges: readonly PgDefaultPrivilege[];
  /**
   * PUBLIC's CONNECT and TEMPORARY on `postgres` are revoked (default). Off where Azure's own
   * superuser owns `postgres`: the admin's revoke is then a no-op that every refresh reports again
   * (genims:closePostgresMaintenanceDatabase; `npm run verify` detects the case).
   */
  readonly maintenanceClosed: boolean;
}

export interface MysqlUser {
  readonly name: string;
  /** Accounts are 'name'@'%': Azure clients come from changing addresses; TLS and the firewall bound them. */
  readonly host: "%";
  /** Earlier names of this user, newest last: its resources keep their identity across a rename. */
  readonly formerNames: readonly string[];
  readonly purpose: string;
}

/** Database-scoped only: `ON db.*`, never `ON *.*`, never GRANT OPTION. */
export interface MysqlGrant {
  readonly user: string;
  readonly database: string;
  readonly privileges: readonly string[];
}

export interface MysqlServerAccess {
  readonly server: ServerRef;
  readonly users: readonly MysqlUser[];
  readonly grants: readonly MysqlGrant[];
  /** database → the user its application connects as. */
  readonly applicationUsers: Readonly<Record<string, string>>;
}

export interface AtlasUser {
  readonly username: string;
  readonly purpose: string;
  readonly roles: readonly { readonly roleName: "read" | "readWrite" | "dbAdmin"; readonly databaseName: string }[];
}

export interface AtlasAccess {
  readonly clusterName: string;
  /**
   * Every cluster the logins may use: the source and, while a restore is configured, the restored
   * cluster. Atlas database users are scoped to clusters (mongodbatlas_database_user `scopes`), so a
   * cutover to a cluster outside the scopes would lock every application out; scopes change in
   * place (terraform-provider-mongodbatlas v2.16.0 databaseuser/resource_database_user.go: no
   * RequiresReplace on `scopes`), so the restored cluster is added before the cutover moves anyone.
   */
  readonly scopedClusters: readonly string[];
  readonly database: string;
  readonly users: readonly AtlasUser[];
}

/** A login and one database it uses: one Key Vault secret (its connection string) each. */
export interface LoginUse {
  readonly engine: "postgresql" | "mysql" | "mongodb";
  readonly server: string;
  readonly login: string;
  readonly database: string;
  /** The application login of the database: the one in the `connectionStrings` output. */
  readonly application: boolean;
}

export interface AccessModel {
  readonly postgres: readonly PostgresServerAccess[];
  readonly mysql: readonly MysqlServerAccess[];
  readonly atlas: AtlasAccess;
}

/** `genims_hr_db` → `genims_hr`: the root of the database's role names. */
export function roleStem(database: string): string {
  return database.replace(/_db$/, "");
}

/** `Supply Chain` → `genims_team_supply_chain`. */
export function teamRole(team: Team): string {
  return `genims_team_${team.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
}

export const PG_ETL_READER = "genims_etl_reader";
export const MYSQL_ETL_WRITER = "genims_etl_writer";

export function pgDatabaseRoles(database: PostgresDatabaseSpec): PgDatabaseRoles {
  const stem = roleStem(database.name);
  return { database: database.name, team: database.team, owner: `${stem}_owner`, readWrite: `${stem}_rw`, readOnly: `${stem}_ro`, app: `${stem}_app`, migrator: `${stem}_migrator` };
}

/**
 * Principal renames: current name → its earlier names, oldest first. A rename keeps the
 * principal's resources (aliases) and is applied in place: `ALTER ROLE ... RENAME TO` on
 * PostgreSQL, a drop and re-create of the account on MySQL (the provider has no rename). Add an
 * entry here in the commit that renames a principal; keep it while any stack may still hold the old
 * name.
 */
export type PrincipalRenames = Readonly<Record<string, readonly string[]>>;
export const PRINCIPAL_RENAMES: PrincipalRenames = {};

interface RoleDraft {
  readonly name: string;
  readonly login: boolean;
  readonly inherit?: boolean;
  readonly memberOf?: readonly string[];
  readonly assumeRole?: string;
  readonly database?: string;
  readonly purpose: string;
}

export function postgresServerAccess(server: ServerRef, databases: readonly PostgresDatabaseSpec[], renames: PrincipalRenames = PRINCIPAL_RENAMES, maintenanceClosed = true): PostgresServerAccess {
  const perDatabase = databases.map(pgDatabaseRoles);
  const teams = [...new Set(perDatabase.map((d) => d.team))];
  const drafts: RoleDraft[] = [];
  const schemaOwners: PgSchemaOwner[] = [];
  const grants: PgGrant[] = [];
  const defaultPrivileges: PgDefaultPrivilege[] = [];
  const grant = (database: string, role: string, objectType: PgObjectType, privileges: readonly string[]) =>
    grants.push({ database, role, objectType, schema: objectType === "database" ? undefined : PG_SCHEMA, privileges });

  // Any role may connect to the maintenance database through PUBLIC, create temporary tables
  // there and list every role and database: closed. The admin keeps its way in: only the
  // database's owner (or a member of it) can take PUBLIC's privileges away, and the owner's own
  // privileges are implicit.
  if (maintenanceClosed) grant(PG_MAINTENANCE_DATABASE, "public", "database", []);
  for (const d of perDatabase) {
    drafts.push(
      { name: d.owner, login: false, database: d.database, purpose: `owns ${d.database}'s schema and every table in it` },
      { name: d.readWrite, login: false, database: d.database, purpose: `reads and writes ${d.database}` },
      { name: d.readOnly, login: false, database: d.database, purpose: `reads ${d.database}` },
      { name: d.app, login: true, memberOf: [d.readWrite], database: d.database, purpose: `${d.database}'s application` },
      // NOINHERIT with SET ROLE at login: every session is the owner, so every object a migration
      // creates is the owner's and covered by its default privileges (RESET ROLE returns to the
      // owner); after SET ROLE NONE the login itself holds nothing but CONNECT, so it cannot
      // create an object the defaults miss.
      { name: d.migrator, login: true, inherit: false, memberOf: [d.owner], assumeRole: d.owner, database: d.database, purpose: `runs ${d.database}'s migrations as ${d.owner}` },
    );
    schemaOwners.push({ database: d.database, schema: PG_SCHEMA, owner: d.owner });
    // PUBLIC's defaults (CONNECT and TEMPORARY on the database; CREATE on schema public before
    // PostgreSQL 15, which Azure still offers as 14) would let every login into every module.
    grant(d.database, "public", "database", []);
    grant(d.database, "public", "schema", []);
    grant(d.database, d.owner, "database", ["CONNECT", "CREATE", "TEMPORARY"]);
    grant(d.database, d.readWrite, "database", ["CONNECT"]);
    grant(d.database, d.readOnly, "database", ["CONNECT"]);
    // NOINHERIT: the login's connection is checked before its session becomes the owner.
    grant(d.database, d.migrator, "database", ["CONNECT"]);
    grant(d.database, d.readWrite, "schema", ["USAGE"]);
    grant(d.database, d.readOnly, "schema", ["USAGE"]);
    // Tables that exist already (e.g. restored from a dump) ...
    grant(d.database, d.readWrite, "table", PG_TABLE_RW);
    grant(d.database, d.readOnly, "table", PG_TABLE_RO);
    grant(d.database, d.readWrite, "sequence", PG_SEQUENCE_RW);
    grant(d.database, d.readOnly, "sequence", PG_SEQUENCE_RO);
    // ... and every table the owner creates later, with no grant in the migration.
    for (const [role, objectType, privileges] of [
      [d.readWrite, "table", PG_TABLE_RW],
      [d.readOnly, "table", PG_TABLE_RO],
      [d.readWrite, "sequence", PG_SEQUENCE_RW],
      [d.readOnly, "sequence", PG_SEQUENCE_RO],
    ] as const) {
      defaultPrivileges.push({ database: d.database, owner: d.owner, role, schema: PG_SCHEMA, objectType, privileges });
    }
  }
  for (const team of teams) {
    const owned = perDatabase.filter((d) => d.team === team);
    drafts.push({ name: teamRole(team), login: false, memberOf: owned.map((d) => d.readWrite), purpose: `${team} team: reads and writes ${owned.map((d) => d.database).join(", ")}` });
  }
  drafts.push({ name: PG_ETL_READER, login: true, memberOf: perDatabase.map((d) => d.readOnly), purpose: "ETL (PostgreSQL → MySQL, MongoDB): reads every module database, writes none" });

  const roles: PgRole[] = drafts.map((r) => ({
    name: r.name,
    login: r.login,
    inherit: r.inherit ?? true,
    memberOf: [...(r.memberOf ?? [])].sort(),
    assumeRole: r.assumeRole,
    database: r.database,
    formerNames: renames[r.name] ?? [],
    purpose: r.purpose,
  }));
  assertRenamable(server, roles, grants, defaultPrivileges, schemaOwners);
  const memberships = roles.flatMap((r) => r.memberOf.map((role) => ({ role, member: r.name })));
  return { server, databases: perDatabase, roles, memberships, schemaOwners, grants, defaultPrivileges, maintenanceClosed };
}

/**
 * A renamed role keeps its Role resource (ALTER ROLE RENAME, in place), but a Grant names its
 * role in a ForceNew field (resource_postgresql_grant.go:48-52 at v1.27.0): the grant would be
 * replaced, and the old grant's delete revokes from the old name, which no longer exists
 * (resource_postgresql_grant.go:236-254). So only roles that hold memberships alone (logins other
 * than the migrator, teams) can be renamed; the others take their names from the database.
 */
function assertRenamable(server: ServerRef, roles: readonly PgRole[], grants: readonly PgGrant[], defaults: readonly PgDefaultPrivilege[], owners: readonly PgSchemaOwner[]): void {
  const problems = roles
    .filter((r) => r.formerNames.length > 0)
    .filter((r) => grants.some((g) => g.role === r.name) || defaults.some((d) => d.role === r.name || d.owner === r.name) || owners.some((o) => o.owner === r.name) || roles.some((o) => o.assumeRole === r.name))
    .map((r) => `${r.name} (formerly ${r.formerNames.join(", ")}) holds grants or owns objects on ${server.serverName}; only roles whose access is all memberships can be renamed in place`);
  if (problems.length > 0) throw new Error(`access model: cannot rename ${problems.join("; ")}`);
}

const MYSQL_DML = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

/** Per MySQL database of the catalog: its users and their privileges on it. */
function mysqlDatabaseUsers(database: MysqlDatabaseSpec): { user: MysqlUser; privileges: readonly string[]; application: boolean }[] {
  const stem = roleStem(database.name);
  const user = (name: string, purpose: string): MysqlUser => ({ name, host: "%", formerNames: [], purpose });
  if (database.name === "genims_audit_db") {
    return [
      // Append-only: an audit trail its writer could rewrite would prove nothing.
      { user: user(`${stem}_writer`, "appends audit records (INSERT, SELECT; never UPDATE or DELETE)"), privileges: ["INSERT", "SELECT"], application: true },
      { user: user(`${stem}_auditor`, `${database.users}: read only`), privileges: ["SELECT"], application: false },
    ];
  }
  return [
    { user: user(`${stem}_app`, `${database.name}'s application`), privileges: MYSQL_DML, application: true },
    { user: user(`${stem}_reader`, `${database.users}: read only`), privileges: ["SELECT"], application: false },
  ];
}

/** MySQL databases the PostgreSQL → MySQL sync loads. */
export const ETL_TARGETS: readonly string[] = ["genims_reporting_db", "genims_analytics_db"];

export function mysqlServerAccess(server: ServerRef, databases: readonly MysqlDatabaseSpec[], renames: PrincipalRenames = PRINCIPAL_RENAMES): MysqlServerAccess {
  const users: MysqlUser[] = [];
  const grants: MysqlGrant[] = [];
  const applicationUsers: Record<string, string> = {};
  for (const database of databases) {
    for (const { user, privileges, application } of mysqlDatabaseUsers(database)) {
      users.push(user);
      grants.push({ user: user.name, database: database.name, privileges });
      if (application) applicationUsers[database.name] = user.name;
    }
  }
  const targets = databases.filter((d) => ETL_TARGETS.includes(d.name));
  if (targets.length > 0) {
    users.push({ name: MYSQL_ETL_WRITER, host: "%", formerNames: [], purpose: `ETL: loads ${targets.map((d) => d.name).join(", ")}` });
    for (const d of targets) grants.push({ user: MYSQL_ETL_WRITER, database: d.name, privileges: MYSQL_DML });
  }
  return { server, users: users.map((u) => ({ ...u, formerNames: renames[u.name] ?? [] })), grants, applicationUsers };
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
  const uses: LoginUse[] = [];
  for (const pg of model.postgres) {
    for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: d.app, database: d.database, application: true });
    for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: d.migrator, database: d.database, application: false });
    // Server-wide logins (the ETL reader) read every module database of their server. Named from
    // the model's roles, not PG_ETL_READER, so a renamed reader's secrets carry the name it has.
    for (const reader of pg.roles.filter((r) => r.login && r.database === undefined)) {
      for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: reader.name, database: d.database, application: false });
    }
  }
  for (const my of model.mysql) {
    for (const g of my.grants) {
      uses.push({ engine: "mysql", server: my.server.serverName, login: g.user, database: g.database, application: my.applicationUsers[g.database] === g.user });
    }
  }
  for (const u of model.atlas.users) {
    uses.push({ engine: "mongodb", server: model.atlas.clusterName, login: u.username, database: model.atlas.database, application: u.username.endsWith("-app") });
  }
  return uses;
}
