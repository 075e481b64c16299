/**
 * The access model of a database server: who may do what on each database, as pure data (no
 * Pulumi import). The same model is rendered as provider resources (`databaseAccess.ts`), and a
 * program can render it as SQL or an access matrix for auditors.
 *
 * PostgreSQL, per database `<prefix>_db` (prefix: the name without `_db`, or `rolePrefix`):
 * `<prefix>_owner` (NOLOGIN; owns schema public and every table), `<prefix>_rw`, `<prefix>_ro`
 * (NOLOGIN groups), `<prefix>_app` (LOGIN, member of rw) and `<prefix>_migrator` (LOGIN, NOINHERIT,
 * member of owner with SET: every session starts as the owner, so whatever a migration creates is
 * the owner's and the default privileges cover it). Server-wide groups and logins are members of
 * databases' rw or ro groups. The maintenance database `postgres` is closed to PUBLIC.
 *
 * MySQL: per database, users with database-scoped privileges (`ON db.*`, never `ON *.*`, never
 * GRANT OPTION). MongoDB Atlas: database users with built-in roles on named databases.
 *
 * Memberships are a property of the member (`PgRole.memberOf`): the provider's Role resource
 * manages them, and nothing else does (see databaseAccess.ts for why).
 */

/** Where a database lives: the server key and physical name from the placement. */
export interface ServerRef {
  readonly key: string;
  readonly serverName: string;
}

/** The schema every database's roles are granted on. */
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

/** The roles of one database. */
export interface PgDatabaseRoles {
  readonly database: string;
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
   * superuser owns `postgres`: the admin's revoke is then a no-op that every refresh reports again.
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

/** A database whose roles the model derives. */
export interface PgDatabaseSpec {
  readonly name: string;
  /** Root of the database's role names. Default: the name without a trailing `_db`. */
  readonly rolePrefix?: string;
}

/** A server-wide group or login: a member of some databases' read-write and read-only groups. */
export interface PgPrincipalSpec {
  readonly name: string;
  readonly readWrite?: readonly string[];
  readonly readOnly?: readonly string[];
  /** Why the principal exists, for reviewers. */
  readonly purpose: string;
}

export interface PgServerPrincipals {
  /** NOLOGIN roles (teams). */
  readonly groups?: readonly PgPrincipalSpec[];
  /** LOGIN roles with a generated password (an ETL reader). */
  readonly logins?: readonly PgPrincipalSpec[];
}

/** `sales_db` → `sales`: the root of the database's role names. */
export function roleStem(database: string): string {
  return database.replace(/_db$/, "");
}

export function pgDatabaseRoles(database: string, prefix: string = roleStem(database)): PgDatabaseRoles {
  return { database, owner: `${prefix}_owner`, readWrite: `${prefix}_rw`, readOnly: `${prefix}_ro`, app: `${prefix}_app`, migrator: `${prefix}_migrator` };
}

/**
 * Principal renames: current name → its earlier names, oldest first. A rename keeps the
 * principal's resources (aliases) and is applied in place: `ALTER ROLE ... RENAME TO` on
 * PostgreSQL, a drop and re-create of the account on MySQL (the provider has no rename). Add an
 * entry in the commit that renames a principal; keep it while any stack may still hold the old name.
 */
export type PrincipalRenames = Readonly<Record<string, readonly string[]>>;

interface RoleDraft {
  readonly name: string;
  readonly login: boolean;
  readonly inherit?: boolean;
  readonly memberOf?: readonly string[];
  readonly assumeRole?: string;
  readonly database?: string;
  readonly purpose: string;
}

export function postgresServerAccess(server: ServerRef, databases: readonly PgDatabaseSpec[], principals: PgServerPrincipals = {}, renames: PrincipalRenames = {}, maintenanceClosed = true): PostgresServerAccess {
  const perDatabase = databases.map((d) => pgDatabaseRoles(d.name, d.rolePrefix));
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
    // PostgreSQL 15, which Azure still offers as 14) would let every login into every database.
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
  // Server-wide principals: memberships of the databases' read-write and read-only groups.
  const rolesOf = (principal: PgPrincipalSpec): string[] => {
    const role = (database: string, kind: "readWrite" | "readOnly") => {
      const d = perDatabase.find((candidate) => candidate.database === database);
      if (d === undefined) throw new Error(`access model: ${principal.name} names database ${database}, which ${server.serverName} does not host`);
      return d[kind];
    };
    return [...(principal.readWrite ?? []).map((d) => role(d, "readWrite")), ...(principal.readOnly ?? []).map((d) => role(d, "readOnly"))];
  };
  for (const group of principals.groups ?? []) drafts.push({ name: group.name, login: false, memberOf: rolesOf(group), purpose: group.purpose });
  for (const login of principals.logins ?? []) drafts.push({ name: login.name, login: true, memberOf: rolesOf(login), purpose: login.purpose });
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

export const MYSQL_DML = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

/** A MySQL user of one database and its privileges there. */
export interface MysqlDatabaseUserSpec {
  readonly name: string;
  readonly privileges: readonly string[];
  /** The user the database's application connects as (one per database). */
  readonly application: boolean;
  readonly purpose: string;
}

/** A MySQL database and its users. */
export interface MysqlDatabaseAccessSpec {
  readonly name: string;
  readonly users: readonly MysqlDatabaseUserSpec[];
}

/** A user with grants on several databases of the server (an ETL writer). */
export interface MysqlServerUserSpec {
  readonly name: string;
  readonly purpose: string;
  readonly grants: readonly { readonly database: string; readonly privileges: readonly string[] }[];
}

/** The default users of a MySQL database: `<prefix>_app` (DML) and `<prefix>_reader` (SELECT). */
export function defaultMysqlUsers(database: string, readerPurpose: string, prefix: string = roleStem(database)): MysqlDatabaseUserSpec[] {
  return [
    { name: `${prefix}_app`, privileges: MYSQL_DML, application: true, purpose: `${database}'s application` },
    { name: `${prefix}_reader`, privileges: ["SELECT"], application: false, purpose: readerPurpose },
  ];
}

export function mysqlServerAccess(server: ServerRef, databases: readonly MysqlDatabaseAccessSpec[], serverUsers: readonly MysqlServerUserSpec[] = [], renames: PrincipalRenames = {}): MysqlServerAccess {
  const users: MysqlUser[] = [];
  const grants: MysqlGrant[] = [];
  const applicationUsers: Record<string, string> = {};
  for (const database of databases) {
    for (const { name, purpose, privileges, application } of database.users) {
      users.push({ name, host: "%", formerNames: [], purpose });
      grants.push({ user: name, database: database.name, privileges });
      if (application) applicationUsers[database.name] = name;
    }
  }
  for (const user of serverUsers) {
    users.push({ name: user.name, host: "%", formerNames: [], purpose: user.purpose });
    for (const g of user.grants) {
      if (!databases.some((d) => d.name === g.database)) throw new Error(`access model: ${user.name} names database ${g.database}, which ${server.serverName} does not host`);
      grants.push({ user: user.name, database: g.database, privileges: g.privileges });
    }
  }
  return { server, users: users.map((u) => ({ ...u, formerNames: renames[u.name] ?? [] })), grants, applicationUsers };
}

/** Every (login, database) pair of a PostgreSQL server: each gets one secret holding its connection string. */
export function postgresLoginUses(pg: PostgresServerAccess): LoginUse[] {
  const uses: LoginUse[] = [];
  for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: d.app, database: d.database, application: true });
  for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: d.migrator, database: d.database, application: false });
  // Server-wide logins (an ETL reader) read every database of their server. Named from the
  // model's roles, so a renamed login's secrets carry the name it has.
  for (const reader of pg.roles.filter((r) => r.login && r.database === undefined)) {
    for (const d of pg.databases) uses.push({ engine: "postgresql", server: pg.server.serverName, login: reader.name, database: d.database, application: false });
  }
  return uses;
}

export function mysqlLoginUses(my: MysqlServerAccess): LoginUse[] {
  return my.grants.map((g) => ({ engine: "mysql", server: my.server.serverName, login: g.user, database: g.database, application: my.applicationUsers[g.database] === g.user }));
}

export function atlasLoginUses(atlas: AtlasAccess): LoginUse[] {
  return atlas.users.map((u) => ({ engine: "mongodb", server: atlas.clusterName, login: u.username, database: atlas.database, application: u.username.endsWith("-app") }));
}
