/**
 * The access model (`access/model.ts`) rendered as provider resources: roles, logins and grants
 * inside the servers, through one provider per server that connects as the server's admin.
 *
 * - `PostgresAccess` (`genims:access:PostgresAccess`): `@pulumi/postgresql` roles, memberships,
 *   schema ownership, grants, PUBLIC revocations and default privileges.
 * - `MysqlAccess` (`genims:access:MysqlAccess`): `@pulumi/mysql` users and database-scoped grants.
 * - `AtlasAccess` (`genims:access:AtlasAccess`): `@pulumi/mongodbatlas` database users.
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
import type { AtlasAccess as AtlasAccessModel, LoginUse, MysqlServerAccess, PostgresServerAccess } from "../access/model";
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
   * Optional. Rotation counter of every generated password (`genims:passwordRotation`). Default 0.
   * Changing it regenerates every password of the component; roles and users are updated in place.
   */
  readonly passwordRotation?: number;
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
  /** Required. The model's MongoDB part. */
  readonly access: AtlasAccessModel;
}

/**
 * A login's password: letters and digits only (no escaping in connection strings or SQL), 32
 * characters ≈ 190 bits, regenerated when the rotation counter changes.
 */
function loginPassword(name: string, rotation: number, parent: pulumi.Resource): pulumi.Output<string> {
  const password = new random.RandomPassword(
    name,
    { length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2, keepers: { rotation: String(rotation) } },
    { parent },
  );
  return pulumi.secret(password.result);
}

const PG_NO_SERVER_PRIVILEGES = { superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false, inherit: true } as const;

export class PostgresAccess extends pulumi.ComponentResource {
  /** Login name → its password (secret). */
  readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;
  readonly host: pulumi.Output<string>;

  constructor(name: string, args: PostgresAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:access:PostgresAccess", name, {}, opts);
    const rotation = args.passwordRotation ?? 0;
    const model = args.access;
    this.host = args.server.fqdn;
    // Azure's admin is a member of azure_pg_admin, not a superuser: the provider must not try
    // superuser-only statements. TLS is required by the server (require_secure_transport).
    const provider = new postgresql.Provider(
      `${name}-provider`,
      { host: args.server.fqdn, port: 5432, database: "postgres", ...administrator(name, args.server), sslmode: "require", superuser: false, connectTimeout: 30 },
      { parent: this, dependsOn: [args.server.operations.tail] },
    );
    // Roles are server-wide and need only the server (the provider's host); what lives inside a
    // database waits for that database.
    const child = { parent: this, provider };
    const inDatabase = (database: string, ...after: pulumi.Resource[]) => ({ ...child, dependsOn: [...[args.server.databases[database]].filter((d): d is pulumi.Resource => d !== undefined), ...after] });

    const passwords: Record<string, pulumi.Output<string>> = {};
    const roles: Record<string, postgresql.Role> = {};
    for (const role of model.roles) {
      const password = role.login ? loginPassword(`${name}-password-${role.name}`, rotation, this) : undefined;
      if (password !== undefined) passwords[role.name] = password;
      roles[role.name] = new postgresql.Role(
        `${name}-role-${role.name}`,
        { name: role.name, login: role.login, password, ...PG_NO_SERVER_PRIVILEGES },
        { ...child, additionalSecretOutputs: ["password"] },
      );
    }
    // Role names as Outputs, so each grant waits for the roles it names; PUBLIC is no resource.
    const roleName = (role: string): pulumi.Input<string> => roles[role]?.name ?? role;

    for (const m of model.memberships) {
      new postgresql.GrantRole(`${name}-member-${m.member}-of-${m.role}`, { role: roleName(m.member), grantRole: roleName(m.role) }, child);
    }
    const schemas: Record<string, postgresql.Schema> = {};
    for (const o of model.schemaOwners) {
      schemas[o.database] = new postgresql.Schema(
        `${name}-schema-${databaseSlug(o.database)}-${o.schema}`,
        { database: o.database, name: o.schema, owner: roleName(o.owner), ifNotExists: true, dropCascade: false },
        // The schema exists in every new database; taking this resource away must never drop it.
        { ...inDatabase(o.database), retainOnDelete: true },
      );
    }
    const afterSchema = (database: string) => inDatabase(database, ...(schemas[database] ? [schemas[database]] : []));
    for (const g of model.grants) {
      new postgresql.Grant(
        `${name}-grant-${databaseSlug(g.database)}-${g.role}-${g.objectType}`,
        { database: g.database, role: roleName(g.role), objectType: g.objectType, schema: g.schema, privileges: [...g.privileges].sort(), withGrantOption: false },
        afterSchema(g.database),
      );
    }
    for (const p of model.defaultPrivileges) {
      new postgresql.DefaultPrivileges(
        `${name}-default-${databaseSlug(p.database)}-${p.role}-${p.objectType}`,
        { database: p.database, owner: roleName(p.owner), role: roleName(p.role), schema: p.schema, objectType: p.objectType, privileges: [...p.privileges].sort(), withGrantOption: false },
        afterSchema(p.database),
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

  constructor(name: string, args: MysqlAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:access:MysqlAccess", name, {}, opts);
    const rotation = args.passwordRotation ?? 0;
    this.host = args.server.fqdn;
    const provider = new mysql.Provider(
      `${name}-provider`,
      { endpoint: pulumi.interpolate`${args.server.fqdn}:3306`, ...administrator(name, args.server), tls: "true" },
      { parent: this, dependsOn: [args.server.operations.tail] },
    );
    const child = { parent: this, provider, dependsOn: Object.values(args.server.databases) };
    const passwords: Record<string, pulumi.Output<string>> = {};
    const users: Record<string, mysql.User> = {};
    for (const user of args.access.users) {
      passwords[user.name] = loginPassword(`${name}-password-${user.name}`, rotation, this);
      users[user.name] = new mysql.User(
        `${name}-user-${user.name}`,
        // REQUIRE SSL on the account as well as the server: the account stays TLS-only even if
        // the server parameter is ever relaxed.
        { user: user.name, host: user.host, plaintextPassword: passwords[user.name], tlsOption: "SSL" },
        { ...child, additionalSecretOutputs: ["plaintextPassword"] },
      );
    }
    for (const g of args.access.grants) {
      new mysql.Grant(
        `${name}-grant-${g.user}-${databaseSlug(g.database)}`,
        { user: users[g.user]?.user ?? g.user, host: "%", database: g.database, table: "*", privileges: [...g.privileges].sort(), grant: false },
        child,
      );
    }
    this.passwords = passwords;
    this.registerOutputs({ users: args.access.users.map((u) => u.name) });
  }
}

export class AtlasAccess extends pulumi.ComponentResource {
  /** Username → its password (secret). */
  readonly passwords: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: AtlasAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:access:AtlasAccess", name, {}, opts);
    const rotation = args.passwordRotation ?? 0;
    const passwords: Record<string, pulumi.Output<string>> = {};
    for (const user of args.access.users) {
      passwords[user.username] = loginPassword(`${name}-password-${user.username}`, rotation, this);
      new mongodbatlas.DatabaseUser(
        `${name}-user-${user.username}`,
        {
          projectId: args.projectId,
          username: user.username,
          password: passwords[user.username],
          // "admin" is where SCRAM users authenticate, not a role: every role below names the
          // GenIMS database, and the scope limits the user to this cluster.
          authDatabaseName: "admin",
          roles: user.roles.map((r) => ({ roleName: r.roleName, databaseName: r.databaseName })),
          scopes: [{ name: args.access.clusterName, type: "CLUSTER" }],
          description: user.purpose,
        },
        { parent: this, dependsOn: [args.cluster], additionalSecretOutputs: ["password"] },
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
