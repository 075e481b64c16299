/**
 * The access model (`access/model.ts`) rendered as provider resources: roles, logins and grants
 * inside the servers, through one provider per server that connects as the server's admin.
 *
 * - `PostgresAccess` (default token `db-components:access:PostgresAccess`; a program passes its own): `@pulumi/postgresql` roles, memberships,
 *   schema ownership, grants, PUBLIC revocations and default privileges.
 * - `MysqlAccess` (`db-components:access:MysqlAccess`): `@pulumi/mysql` users and database-scoped grants.
 * - `AtlasAccess` (`db-components:access:AtlasAccess`): `@pulumi/mongodbatlas` database users.
 *
 * These talk to the database engines, not to Azure's control plane, so they do not go through the
 * server's `OperationQueue`; they only wait for the databases to exist. Every login's password is
 * a `RandomPassword` (secret end to end) whose `keepers` carry the stack's rotation counter: one
 * config change rotates every password and replaces no server.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as mysql from "@pulumi/mysql";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { type AtlasAccess as AtlasAccessModel, type LoginUse, type MysqlServerAccess, PG_MAINTENANCE_DATABASE, type PostgresServerAccess } from "./accessModel";
import { databaseSlug } from "./flexibleServer";

/** What the access components need of a flexible server (`FlexibleServerCluster` has it all). */
export interface ServerConnection {
  readonly fqdn: pulumi.Output<string>;
  /**
   * The server's operation queue: its tail is the last Azure operation on the server (firewall
   * rules included). The providers wait for it, so no role is created before a client may connect.
   */
  readonly operations: { readonly tail: pulumi.Resource };
  /** The password administrator the providers sign in as (the server must keep password authentication). */
  readonly administratorLogin: string | undefined;
  readonly administratorPassword: pulumi.Output<string> | undefined;
  readonly databases: Readonly<Record<string, pulumi.Resource>>;
}

/** The administrator credential the providers sign in with, or a clear error when there is none. */
function administrator(name: string, server: ServerConnection): { username: string; password: pulumi.Output<string> } {
  if (server.administratorLogin === undefined || server.administratorPassword === undefined) {
    throw new Error(`${name}: the access providers sign in as the server's password administrator, but the server has password authentication off`);
  }
  return { username: server.administratorLogin, password: server.administratorPassword };
}

interface AccessArgsBase {
  /**
   * Optional. Rotation counter of every generated password (GenIMS: `genims:passwordRotation`). Default 0.
   * Changing it regenerates every password of the component; roles and users are updated in place.
   */
  readonly passwordRotation?: number;
  /**
   * Optional. Further keepers of every generated password: a change of any value regenerates them
   * all, as a rotation does (GenIMS: `servedBy`, the restored server after a cutover, whose roles
   * came with the restore point's passwords). Default none.
   */
  readonly passwordKeepers?: Readonly<Record<string, string>>;
}

export interface PostgresAccessArgs extends AccessArgsBase {
  /** Required. The server, its admin credential and its databases (the grants wait for them). */
  readonly server: ServerConnection;
  /** Required. The server's part of the access model. */
  readonly access: PostgresServerAccess;
}

export interface MysqlAccessArgs extends AccessArgsBase {
  /** Required. The server, its admin credential and its databases. */
  readonly server: ServerConnection;
  /** Required. The server's part of the access model. */
  readonly access: MysqlServerAccess;
}

export interface AtlasAccessArgs extends AccessArgsBase {
  /** Required. Atlas project id. */
  readonly projectId: pulumi.Input<string>;
  /** Required. The cluster: users are scoped to it and created after it. */
  readonly cluster: pulumi.Resource;
  /** Optional. Further clusters in the users' scopes (a restored cluster): the users wait for them too (Atlas scopes name existing clusters). */
  readonly scopedClusters?: readonly pulumi.Resource[];
  /** Required. The model's MongoDB part. */
  readonly access: AtlasAccessModel;
}

/**
 * A login's password: letters and digits only (no escaping in connection strings or SQL), 32
 * characters ≈ 190 bits, regenerated when the rotation counter changes.
 */
function loginPassword(name: string, args: AccessArgsBase, parent: pulumi.Resource, aliases: pulumi.Alias[] = []): pulumi.Output<string> {
  // Without further keepers the map is exactly { rotation }: adding the argument churns no stack.
  const keepers = { ...args.passwordKeepers, rotation: String(args.passwordRotation ?? 0) };
  const password = new random.RandomPassword(
    name,
    { length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2, keepers },
    { parent, aliases },
  );
  return pulumi.secret(password.result);
}

const PG_NO_SERVER_PRIVILEGES = { superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false, inherit: true } as const;

/**
 * How the access model becomes `@pulumi/postgresql` resources, and why, against the provider's Go
 * source at the tag `@pulumi/postgresql` 3.18.1 bundles (cyrilgdn/terraform-provider-postgresql
 * v1.27.0 = commit ff936b9, the bridge's `upstream` submodule; paths below are in `postgresql/`):
 *
 * - Memberships live on the member's `Role.roles` and nowhere else. The Role's update revokes every
 *   membership the role has and grants its `roles` back, in the same transaction as the password
 *   change (resource_postgresql_role.go:671-757, revokeRoles :989-1029, grantRoles :1031-1043), and
 *   its read fills `roles` from pg_auth_members (:485-516). A separate GrantRole for the same
 *   membership would be revoked by every update (a password rotation) and re-found by every refresh:
 *   the two fight. With the membership on the Role, a rotation re-grants the same set before
 *   COMMIT, so no other session ever sees the role without it.
 * - A module's roles are managed through a provider connected to the module's database. A Role's
 *   delete runs `REASSIGN OWNED BY <role> TO <admin>; DROP OWNED BY <role>` in the provider's
 *   database before `DROP ROLE` (resource_postgresql_role.go:382-423, temporarily granting the role
 *   to the admin, helpers.go:142-239). Connected to `postgres`, that leaves the module database's
 *   schema and tables owned by the role and DROP ROLE fails ("some objects depend on it"); connected
 *   to the module's database, it hands them to the admin and the drop succeeds, whether or not the
 *   database itself is dropped afterwards.
 * - Every Grant and DefaultPrivileges of one database waits for the previous one. Each runs
 *   `GRANT <owner> TO <admin>` ... `REVOKE` around its statements when the admin is not a superuser
 *   (resource_postgresql_grant.go:190-207, resource_postgresql_default_privileges.go:159-176) and
 *   rewrites one catalog row (the schema's or the database's ACL): run in parallel, they fail with
 *   "tuple concurrently updated" (provider issue #178) or "deadlock detected" (measured on
 *   PostgreSQL 16 with the Azure-like admin: 6 of 6 runs of the dev server's 208 grants failed
 *   with up to 5 at once per database; 0 of 6 with one chain per database, databases parallel).
 * - Grant and DefaultPrivileges replace on any change of role, database, schema or object type
 *   (ForceNew: resource_postgresql_grant.go:48-102, resource_postgresql_default_privileges.go:27-72)
 *   and their delete revokes everything they granted (resource_postgresql_grant.go:224-264).
 *   Pulumi's default replacement creates the new one first, then deletes the old one, revoking
 *   what was just granted: they are `deleteBeforeReplace`.
 * - Logical names derive from the principal's name; a rename (`PRINCIPAL_RENAMES`) aliases the
 *   old name, so the Role is updated in place: `ALTER ROLE ... RENAME TO`, then the password and
 *   memberships again (resource_postgresql_role.go:759-779, :781-814).
 */
export class PostgresAccess extends pulumi.ComponentResource {
  /** Login name → its password (secret). */
  readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;
  readonly host: pulumi.Output<string>;

  constructor(name: string, args: PostgresAccessArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:access:PostgresAccess") {
    super(type, name, {}, opts);
    const model = args.access;
    this.host = args.server.fqdn;
    // Azure's admin is a member of azure_pg_admin, not a superuser: the provider must not try
    // superuser-only statements. TLS is required by the server (require_secure_transport).
    const connection = { host: args.server.fqdn, port: 5432, ...administrator(name, args.server), sslmode: "require", superuser: false, connectTimeout: 30 };
    const serverProvider = new postgresql.Provider(`${name}-provider`, { ...connection, database: PG_MAINTENANCE_DATABASE }, { parent: this, dependsOn: [args.server.operations.tail] });
    const databaseResource = (database: string) => [args.server.databases[database]].filter((d): d is pulumi.Resource => d !== undefined);
    const providers: Record<string, postgresql.Provider> = {};
    for (const d of model.databases) {
      providers[d.database] = new postgresql.Provider(
        `${name}-provider-${databaseSlug(d.database)}`,
        { ...connection, database: d.database },
        { parent: this, dependsOn: [args.server.operations.tail, ...databaseResource(d.database)] },
      );
    }
    const providerOf = (database: string | undefined) => (database === undefined ? serverProvider : providers[database]) ?? serverProvider;

    const passwords: Record<string, pulumi.Output<string>> = {};
    const roles: Record<string, postgresql.Role> = {};
    // Role names as Outputs, so each resource waits for the roles it names; PUBLIC is no resource.
    const roleName = (role: string): pulumi.Input<string> => roles[role]?.name ?? role;
    // The model lists every role after the roles it is a member of.
    for (const role of model.roles) {
      const aliases = role.formerNames.map((former) => ({ name: `${name}-role-${former}` }));
      const password = role.login ? loginPassword(`${name}-password-${role.name}`, args, this, role.formerNames.map((former) => ({ name: `${name}-password-${former}` }))) : undefined;
      if (password !== undefined) passwords[role.name] = password;
      roles[role.name] = new postgresql.Role(
        `${name}-role-${role.name}`,
        {
          name: role.name,
          login: role.login,
          password,
          ...PG_NO_SERVER_PRIVILEGES,
          inherit: role.inherit,
          roles: role.memberOf.map(roleName),
          ...(role.assumeRole === undefined ? {} : { assumeRole: roleName(role.assumeRole) }),
        },
        { parent: this, provider: providerOf(role.database), additionalSecretOutputs: ["password"], aliases },
      );
    }

    // One chain per database: each Grant or DefaultPrivileges waits for the one before.
    const tail: Record<string, pulumi.Resource> = {};
    const inChain = (database: string): pulumi.CustomResourceOptions => ({
      parent: this,
      provider: providerOf(model.databases.some((d) => d.database === database) ? database : undefined),
      dependsOn: [...databaseResource(database), ...(tail[database] ? [tail[database]] : [])],
      deleteBeforeReplace: true,
    });
    for (const o of model.schemaOwners) {
      tail[o.database] = new postgresql.Schema(
        `${name}-schema-${databaseSlug(o.database)}-${o.schema}`,
        { database: o.database, name: o.schema, owner: roleName(o.owner), ifNotExists: true, dropCascade: false },
        // The schema exists in every new database; taking this resource away must never drop it.
        { ...inChain(o.database), deleteBeforeReplace: false, retainOnDelete: true },
      );
    }
    for (const g of model.grants) {
      tail[g.database] = new postgresql.Grant(
        `${name}-grant-${databaseSlug(g.database)}-${g.role}-${g.objectType}`,
        { database: g.database, role: roleName(g.role), objectType: g.objectType, schema: g.schema, privileges: [...g.privileges].sort(), withGrantOption: false },
        inChain(g.database),
      );
    }
    for (const p of model.defaultPrivileges) {
      tail[p.database] = new postgresql.DefaultPrivileges(
        `${name}-default-${databaseSlug(p.database)}-${p.role}-${p.objectType}`,
        { database: p.database, owner: roleName(p.owner), role: roleName(p.role), schema: p.schema, objectType: p.objectType, privileges: [...p.privileges].sort(), withGrantOption: false },
        inChain(p.database),
      );
    }
    this.passwords = passwords;
    this.registerOutputs({ roles: model.roles.map((r) => r.name) });
  }
}

export class MysqlAccess extends pulumi.ComponentResource {
  /** User name → its password (secret). */
  readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;
  readonly host: pulumi.Output<string>;

  constructor(name: string, args: MysqlAccessArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:access:MysqlAccess") {
    super(type, name, {}, opts);
    this.host = args.server.fqdn;
    const provider = new mysql.Provider(
      `${name}-provider`,
      { endpoint: pulumi.interpolate`${args.server.fqdn}:3306`, ...administrator(name, args.server), tls: "true" },
      { parent: this, dependsOn: [args.server.operations.tail] },
    );
    // hashicorp/terraform-provider-mysql v1.9.0 (what @pulumi/mysql 3.3.2 bundles), mysql/:
    // `user`, `host` and `tls_option` of a User are ForceNew (resource_user.go:21-59) and its create
    // is a plain CREATE USER (resource_user.go:87-119): a replacement that creates first fails with
    // error 1396 while the old account exists, so Users are deleteBeforeReplace. A Grant has no
    // update at all (resource_grant.go:18, every field ForceNew) and its delete revokes the
    // privileges it lists (resource_grant.go:294-304): replacing it create-first would revoke the
    // new grant, so Grants are deleteBeforeReplace too. A Grant names its user through the User's
    // output, so when a User is replaced its Grants are replaced with it (DROP USER takes the
    // grants with it) instead of being left in the state as if they still existed.
    const child = { parent: this, provider, dependsOn: Object.values(args.server.databases), deleteBeforeReplace: true };
    const passwords: Record<string, pulumi.Output<string>> = {};
    const users: Record<string, mysql.User> = {};
    for (const user of args.access.users) {
      passwords[user.name] = loginPassword(`${name}-password-${user.name}`, args, this, user.formerNames.map((former) => ({ name: `${name}-password-${former}` })));
      users[user.name] = new mysql.User(
        `${name}-user-${user.name}`,
        // REQUIRE SSL on the account as well as the server: the account stays TLS-only even if
        // the server parameter is ever relaxed.
        { user: user.name, host: user.host, plaintextPassword: passwords[user.name], tlsOption: "SSL" },
        { ...child, additionalSecretOutputs: ["plaintextPassword"], aliases: user.formerNames.map((former) => ({ name: `${name}-user-${former}` })) },
      );
    }
    for (const g of args.access.grants) {
      const formerNames = args.access.users.find((u) => u.name === g.user)?.formerNames ?? [];
      new mysql.Grant(
        `${name}-grant-${g.user}-${databaseSlug(g.database)}`,
        // tls_option defaults to NONE and is appended as `REQUIRE NONE` on servers the provider
        // takes for older than 8.0 (resource_grant.go:82-86, :195-198), which would take the
        // account's REQUIRE SSL away there; on MySQL 8 the provider omits it.
        { user: users[g.user]?.user ?? g.user, host: "%", database: g.database, table: "*", privileges: [...g.privileges].sort(), grant: false, tlsOption: "SSL" },
        { ...child, aliases: formerNames.map((former) => ({ name: `${name}-grant-${former}-${databaseSlug(g.database)}` })) },
      );
    }
    this.passwords = passwords;
    this.registerOutputs({ users: args.access.users.map((u) => u.name) });
  }
}

export class AtlasAccess extends pulumi.ComponentResource {
  /** Username → its password (secret). */
  readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: AtlasAccessArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:access:AtlasAccess") {
    super(type, name, {}, opts);
    const passwords: Record<string, pulumi.Output<string>> = {};
    for (const user of args.access.users) {
      passwords[user.username] = loginPassword(`${name}-password-${user.username}`, args, this);
      new mongodbatlas.DatabaseUser(
        `${name}-user-${user.username}`,
        {
          projectId: args.projectId,
          username: user.username,
          password: passwords[user.username],
          // "admin" is where SCRAM users authenticate, not a role: every role below names the
          // GenIMS database, and the scopes limit the user to the stack's clusters (a restored one too).
          authDatabaseName: "admin",
          roles: user.roles.map((r) => ({ roleName: r.roleName, databaseName: r.databaseName })),
          scopes: args.access.scopedClusters.map((cluster) => ({ name: cluster, type: "CLUSTER" })),
          description: user.purpose,
        },
        { parent: this, dependsOn: [args.cluster, ...(args.scopedClusters ?? [])], additionalSecretOutputs: ["password"] },
      );
    }
    this.passwords = passwords;
    this.registerOutputs({ users: args.access.users.map((u) => u.username) });
  }
}

/**
 * A login's connection string (secret): TLS required on every engine. `host` is the server FQDN,
 * or for MongoDB the cluster's `mongodb+srv://` address.
 */
export function connectionString(use: LoginUse, host: pulumi.Input<string>, password: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([host, password]).apply(([h, p]) => {
      switch (use.engine) {
        case "postgresql":
          return `postgresql://${use.login}:${p}@${h}:5432/${use.database}?sslmode=require`;
        case "mysql":
          return `mysql://${use.login}:${p}@${h}:3306/${use.database}?ssl-mode=REQUIRED`;
        case "mongodb":
          return `${h.replace(/^mongodb\+srv:\/\//, `mongodb+srv://${use.login}:${p}@`)}/${use.database}?authSource=admin&tls=true`;
      }
    }),
  );
}

/** Key Vault secret name of a login's connection string to a database: `genims_hr_db` + `genims_hr_app` → `genims-hr-db--genims-hr-app`. */
export function connectionSecretName(use: Pick<LoginUse, "database" | "login">): string {
  return `${databaseSlug(use.database)}--${use.login.replace(/_/g, "-")}`;
}
