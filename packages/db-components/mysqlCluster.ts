import * as pulumi from "@pulumi/pulumi";
import { type ArgProblem, type FlexibleServerArgs, duplicateProblems, flexibleServerProblems, keyVaultFor, serverArgs, throwIfProblems } from "./clusterArgs";
import { MYSQL_DML, defaultMysqlUsers, mysqlLoginUses, mysqlServerAccess } from "./lib/accessModel";
import { MysqlAccess } from "./lib/databaseAccess";
import { MysqlServer } from "./lib/mysqlServer";
import type { MysqlVersion } from "./lib/types";
import { connectionStrings, principalPurpose } from "./postgresCluster";

/** A database on the server, with its users. */
export interface MysqlDatabase {
  /** Required. Database name: letters, digits and underscores, up to 64. Removing a database from the list drops it (blocked while `protect` is on). */
  name: string;
  /** Optional. Root of the database's user names (`<prefix>_app`: SELECT, INSERT, UPDATE, DELETE; `<prefix>_reader`: SELECT). Default: the name without a trailing `_db`. */
  userPrefix?: string;
}

/** A server-wide user with privileges on several databases. */
export interface MysqlUser {
  /** Required. User name (`'<name>'@'%'`, TLS required), unique on the server. */
  name: string;
  /** Optional. Databases this user reads and writes (SELECT, INSERT, UPDATE, DELETE). Default none. */
  readWrite?: string[];
  /** Optional. Databases this user reads (SELECT). Default none. */
  readOnly?: string[];
  /** Optional. Why the user exists, for reviewers. Default: a description of its privileges. */
  purpose?: string;
}

/** Arguments of a MySQL cluster. */
export interface MysqlClusterArgs extends FlexibleServerArgs {
  /** Required. The databases. Each gets an `_app` user (DML) and a `_reader` user (SELECT), database-scoped. */
  databases: MysqlDatabase[];
  /** Optional. Server-wide users (an ETL writer). Default none. */
  users?: MysqlUser[];
  /** Optional. MySQL version. Default 8.0.21. A major-version upgrade is in place; a downgrade is refused by Azure. */
  version?: MysqlVersion;
  /** Optional. MySQL automatic IO scaling. Default true. In place. */
  autoIoScaling?: boolean;
}

const MYSQL_IDENTIFIER = /^[A-Za-z0-9_]{1,64}$/;

/** What is wrong with the Args of a MySQL cluster, every problem named. */
export function mysqlClusterProblems(args: MysqlClusterArgs): ArgProblem[] {
  const problems = flexibleServerProblems(args);
  const databases = args.databases ?? [];
  if (databases.length === 0) problems.push({ propertyPath: "databases", reason: "at least one database is required" });
  databases.forEach((d, index) => {
    if (!MYSQL_IDENTIFIER.test(d.name)) problems.push({ propertyPath: `databases[${index}].name`, reason: `${d.name}: letters, digits and underscores, up to 64` });
  });
  problems.push(...duplicateProblems("databases", databases.map((d) => d.name)));
  const known = new Set(databases.map((d) => d.name));
  (args.users ?? []).forEach((user, index) => {
    for (const list of ["readWrite", "readOnly"] as const) {
      for (const database of user[list] ?? []) if (!known.has(database)) problems.push({ propertyPath: `users[${index}].${list}`, reason: `${database} is not one of databases` });
    }
  });
  return problems;
}

/**
 * An Azure Database for MySQL flexible server with its databases, firewall rules, database-scoped
 * users and grants (TLS required on every account), and optionally a Key Vault holding every
 * user's connection string. Secure by default, like `PostgresCluster`; note that on MySQL a change
 * of `publicNetworkAccess` or `privateNetwork` replaces the server.
 */
export class MysqlCluster extends pulumi.ComponentResource {
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
  /** Names of every user (per-database and server-wide). */
  readonly userNames: string[];
  /** Database name → connection string of its application user (secret). */
  readonly applicationConnectionStrings: pulumi.Output<Record<string, string>>;
  /** Secret name (`<database>--<user>`) → connection string of every user and database it uses (secret). */
  readonly connectionStrings: pulumi.Output<Record<string, string>>;
  /** Name of the Key Vault holding the connection strings, when `keyVault` is set. */
  readonly keyVaultName?: pulumi.Output<string>;

  constructor(name: string, args: MysqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("db-components:index:MysqlCluster", name, {}, opts);
    throwIfProblems("MysqlCluster", name, mysqlClusterProblems(args));
    const databases = args.databases;
    const server = new MysqlServer(name, serverArgs(args, databases, args.version, { autoIoScaling: args.autoIoScaling ?? true }), { parent: this });
    const model = mysqlServerAccess(
      { key: name, serverName: args.serverName },
      databases.map((d) => ({ name: d.name, users: defaultMysqlUsers(d.name, `reads ${d.name}`, d.userPrefix) })),
      (args.users ?? []).map((u) => ({
        name: u.name,
        purpose: principalPurpose(u),
        grants: [...(u.readWrite ?? []).map((database) => ({ database, privileges: MYSQL_DML })), ...(u.readOnly ?? []).map((database) => ({ database, privileges: ["SELECT"] }))],
      })),
    );
    const access = new MysqlAccess(`${name}-access`, { server, access: model, passwordRotation: args.passwordRotation ?? 0 }, { parent: server });
    const strings = connectionStrings(mysqlLoginUses(model), server.fqdn, access.passwords);
    const vault = keyVaultFor(name, args.keyVault, { resourceGroupName: args.resourceGroupName, location: args.location, protect: args.protect ?? true, tags: args.tags ?? {} }, strings.all, this);

    this.serverName = server.serverName;
    this.serverId = server.server.id;
    this.fqdn = server.fqdn;
    this.administratorLogin = pulumi.output(server.administratorLogin ?? "");
    this.administratorPassword = pulumi.secret(server.administratorPassword ?? pulumi.output(""));
    this.databaseNames = databases.map((d) => d.name);
    this.userNames = model.users.map((u) => u.name);
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
      userNames: this.userNames,
      applicationConnectionStrings: this.applicationConnectionStrings,
      connectionStrings: this.connectionStrings,
      keyVaultName: this.keyVaultName,
    });
  }
}
