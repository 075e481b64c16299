import * as pulumi from "@pulumi/pulumi";
import { type ArgProblem, type FlexibleServerArgs, duplicateProblems, flexibleServerProblems, keyVaultFor, serverArgs, throwIfProblems } from "./clusterArgs";
import { type LoginUse, postgresLoginUses, postgresServerAccess } from "./lib/accessModel";
import { PostgresAccess, connectionSecretName, connectionString } from "./lib/databaseAccess";
import { PostgresServer } from "./lib/postgresServer";
import type { PostgresStorageType, PostgresVersion } from "./lib/types";

/** A database on the server, with its roles. */
export interface PostgresDatabase {
  /** Required. Database name: lowercase letters, digits and underscores, starting with a letter (up to 63). Removing a database from the list drops it (blocked while `protect` is on). */
  name: string;
  /** Optional. Root of the database's role names (`<prefix>_owner`, `_rw`, `_ro`, `_app`, `_migrator`). Default: the name without a trailing `_db`. Changing it replaces the roles, not the database. */
  rolePrefix?: string;
}

/** A server-wide group or login: a member of some databases' read-write and read-only groups. */
export interface PostgresPrincipal {
  /** Required. Role name, unique on the server. */
  name: string;
  /** Optional. Databases this principal reads and writes (member of their `_rw` group). Default none. */
  readWrite?: string[];
  /** Optional. Databases this principal reads (member of their `_ro` group). Default none. */
  readOnly?: string[];
  /** Optional. Why the principal exists, for reviewers. Default: a description of its memberships. */
  purpose?: string;
}

/** Arguments of a PostgreSQL cluster. */
export interface PostgresClusterArgs extends FlexibleServerArgs {
  /** Required. The databases. Each gets an owner (NOLOGIN, owns schema public), `_rw` and `_ro` groups, an `_app` login (member of `_rw`) and a `_migrator` login whose sessions run as the owner. */
  databases: PostgresDatabase[];
  /** Optional. Server-wide NOLOGIN groups (teams). Default none. */
  groups?: PostgresPrincipal[];
  /** Optional. Server-wide logins with a generated password (an ETL reader); each gets a connection string per database it may use. Default none. */
  logins?: PostgresPrincipal[];
  /** Optional. PostgreSQL major version. Default 16. An upgrade is an in-place major-version upgrade; a downgrade is refused by Azure. */
  version?: PostgresVersion;
  /** Optional. Storage type. Default Premium_LRS. Changing it is a storage migration: review. */
  storageType?: PostgresStorageType;
}

const POSTGRES_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** What is wrong with the Args of a PostgreSQL cluster, every problem named. */
export function postgresClusterProblems(args: PostgresClusterArgs): ArgProblem[] {
  const problems = flexibleServerProblems(args);
  const databases = args.databases ?? [];
  if (databases.length === 0) problems.push({ propertyPath: "databases", reason: "at least one database is required" });
  databases.forEach((d, index) => {
    if (!POSTGRES_IDENTIFIER.test(d.name)) problems.push({ propertyPath: `databases[${index}].name`, reason: `${d.name}: lowercase letters, digits and underscores, starting with a letter, up to 63` });
  });
  problems.push(...duplicateProblems("databases", databases.map((d) => d.name)));
  const known = new Set(databases.map((d) => d.name));
  for (const kind of ["groups", "logins"] as const) {
    (args[kind] ?? []).forEach((principal, index) => {
      for (const list of ["readWrite", "readOnly"] as const) {
        for (const database of principal[list] ?? []) {
          if (!known.has(database)) problems.push({ propertyPath: `${kind}[${index}].${list}`, reason: `${database} is not one of databases` });
        }
      }
    });
  }
  return problems;
}

/** The default purpose of a principal: its memberships. */
export function principalPurpose(principal: { readonly readWrite?: readonly string[]; readonly readOnly?: readonly string[]; readonly purpose?: string }): string {
  if (principal.purpose !== undefined) return principal.purpose;
  const parts = [principal.readWrite?.length ? `reads and writes ${principal.readWrite.join(", ")}` : "", principal.readOnly?.length ? `reads ${principal.readOnly.join(", ")}` : ""].filter((p) => p !== "");
  return parts.join("; ") || "no database privileges";
}

/** Connection strings of the given login uses: by secret name, and by database for the application logins. */
export function connectionStrings(uses: readonly LoginUse[], host: pulumi.Input<string>, passwords: Readonly<Record<string, pulumi.Output<string>>>) {
  const all: Record<string, pulumi.Output<string>> = {};
  const applications: Record<string, pulumi.Output<string>> = {};
  for (const use of uses) {
    const password = passwords[use.login];
    if (password === undefined) throw new Error(`login ${use.login} of ${use.database} has no generated password`);
    const value = connectionString(use, host, password);
    all[connectionSecretName(use)] = value;
    if (use.application) applications[use.database] = value;
  }
  return { all, applications };
}

/**
 * An Azure Database for PostgreSQL flexible server with its databases, firewall rules, roles,
 * logins and grants, and optionally a Key Vault holding every login's connection string. Secure by
 * default: no public access, TLS 1.2+, CIS server parameters, zone-redundant HA, 35-day
 * geo-redundant backups, delete protection; the server's control-plane operations run one at a time.
 */
export class PostgresCluster extends pulumi.ComponentResource {
  /** Physical server name. */
  readonly serverName: pulumi.Output<string>;
  /** Resource id of the server. */
  readonly serverId: pulumi.Output<string>;
  /** Host name clients connect to (TLS required). */
  readonly fqdn: pulumi.Output<string>;
  /** Login of the generated password administrator. */
  readonly administratorLogin: pulumi.Output<string>;
  /** Password of the generated administrator (secret). */
  readonly administratorPassword: pulumi.Output<string>;
  /** Names of the databases on the server. */
  readonly databaseNames: string[];
  /** Names of every LOGIN role (application, migrator and server-wide logins). */
  readonly loginNames: string[];
  /** Database name → connection string of its application login (secret). */
  readonly applicationConnectionStrings: pulumi.Output<Record<string, string>>;
  /** Secret name (`<database>--<login>`) → connection string of every login and database it uses (secret). */
  readonly connectionStrings: pulumi.Output<Record<string, string>>;
  /** Name of the Key Vault holding the connection strings, when `keyVault` is set. */
  readonly keyVaultName?: pulumi.Output<string>;

  constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("db-components:index:PostgresCluster", name, {}, opts);
    throwIfProblems("PostgresCluster", name, postgresClusterProblems(args));
    const databases = args.databases;
    const server = new PostgresServer(
      name,
      serverArgs(args, databases, args.version, args.storageType === undefined ? {} : { type: args.storageType }),
      { parent: this },
    );
    const model = postgresServerAccess(
      { key: name, serverName: args.serverName },
      databases.map((d) => (d.rolePrefix === undefined ? { name: d.name } : { name: d.name, rolePrefix: d.rolePrefix })),
      {
        groups: (args.groups ?? []).map((g) => ({ ...g, purpose: principalPurpose(g) })),
        logins: (args.logins ?? []).map((l) => ({ ...l, purpose: principalPurpose(l) })),
      },
    );
    const access = new PostgresAccess(`${name}-access`, { server, access: model, passwordRotation: args.passwordRotation ?? 0 }, { parent: server });
    const strings = connectionStrings(postgresLoginUses(model), server.fqdn, access.passwords);
    const vault = keyVaultFor(name, args.keyVault, { resourceGroupName: args.resourceGroupName, location: args.location, protect: args.protect ?? true, tags: args.tags ?? {} }, strings.all, this);

    this.serverName = server.serverName;
    this.serverId = server.server.id;
    this.fqdn = server.fqdn;
    this.administratorLogin = pulumi.output(server.administratorLogin ?? "");
    this.administratorPassword = pulumi.secret(server.administratorPassword ?? pulumi.output(""));
    this.databaseNames = databases.map((d) => d.name);
    this.loginNames = model.roles.filter((r) => r.login).map((r) => r.name);
    this.applicationConnectionStrings = pulumi.secret(pulumi.all(strings.applications));
    this.connectionStrings = pulumi.secret(pulumi.all(strings.all));
    if (vault !== undefined) this.keyVaultName = vault.vaultName;
    this.registerOutputs({
      serverName: this.serverName,
      serverId: this.serverId,
      fqdn: this.fqdn,
      administratorLogin: this.administratorLogin,
      administratorPassword: this.administratorPassword,
      databaseNames: this.databaseNames,
      loginNames: this.loginNames,
      applicationConnectionStrings: this.applicationConnectionStrings,
      connectionStrings: this.connectionStrings,
      keyVaultName: this.keyVaultName,
    });
  }
}
