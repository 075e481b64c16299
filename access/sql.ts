/**
 * The access model rendered as SQL, per server: what a DBA reviews, and the break-glass path when
 * Pulumi cannot run. Passwords are never rendered: each login's password is the placeholder
 * `{{PASSWORD:<login>}}`, left unquoted so that running the script without filling it in is a
 * syntax error rather than a login with a guessable password. A unit test requires it to state
 * the same roles, memberships and grants as the Pulumi resources; the integration tests apply the
 * model the way the providers do (test/integration/providerReplay.ts), not this script.
 */
import { type AccessModel, type MysqlServerAccess, type PgGrant, type PostgresServerAccess } from "./model";

export interface SqlStatement {
  /** The database to run it in (PostgreSQL: `\connect`); `undefined` = the maintenance database. */
  readonly database: string | undefined;
  readonly sql: string;
}

export interface SqlScript {
  readonly engine: "postgresql" | "mysql";
  readonly server: string;
  readonly statements: readonly SqlStatement[];
}

export interface SqlOptions {
  /**
   * MySQL accounts get `REQUIRE SSL`. Default true, as on Azure (require_secure_transport is on).
   * False only for a server without TLS.
   */
  readonly requireTls?: boolean;
}

export const passwordPlaceholder = (login: string) => `{{PASSWORD:${login}}}`;
const PLACEHOLDER = /\{\{PASSWORD:([A-Za-z0-9_-]+)\}\}/g;

/** Replaces every placeholder with the quoted password of its login; throws on a missing one. */
export function fillPasswords(sql: string, passwords: Readonly<Record<string, string>>): string {
  return sql.replace(PLACEHOLDER, (_match, login: string) => {
    const password = passwords[login];
    if (password === undefined) throw new Error(`no password for login ${login}`);
    if (!/^[A-Za-z0-9]+$/.test(password)) throw new Error(`password of ${login} must be letters and digits (as the generated ones are)`);
    return `'${password}'`;
  });
}

export const pgIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A role in GRANT/REVOKE: the model's `public` is the PUBLIC pseudo-role, not a role named "public". */
const pgRole = (name: string) => (name === "public" ? "PUBLIC" : pgIdent(name));
const TARGET = { database: "DATABASE", schema: "SCHEMA", table: "ALL TABLES IN SCHEMA", sequence: "ALL SEQUENCES IN SCHEMA" } as const;

function pgGrantSql(g: PgGrant): string {
  const on = `${TARGET[g.objectType]} ${pgIdent(g.objectType === "database" ? g.database : (g.schema ?? "public"))}`;
  return g.privileges.length === 0 ? `REVOKE ALL ON ${on} FROM ${pgRole(g.role)};` : `GRANT ${[...g.privileges].sort().join(", ")} ON ${on} TO ${pgRole(g.role)};`;
}

export function postgresSql(pg: PostgresServerAccess): SqlScript {
  const statements: SqlStatement[] = [];
  const onServer = (sql: string) => statements.push({ database: undefined, sql });
  for (const role of pg.roles) {
    // Spelled out: no login may hold a server-wide privilege.
    const attributes = role.login ? `LOGIN PASSWORD ${passwordPlaceholder(role.name)}` : "NOLOGIN";
    onServer(`CREATE ROLE ${pgIdent(role.name)} ${attributes} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${role.inherit ? "INHERIT" : "NOINHERIT"};`);
  }
  for (const m of pg.memberships) onServer(`GRANT ${pgIdent(m.role)} TO ${pgIdent(m.member)};`);
  for (const role of pg.roles.filter((r) => r.assumeRole !== undefined)) onServer(`ALTER ROLE ${pgIdent(role.name)} SET ROLE TO ${pgIdent(role.assumeRole!)};`);
  for (const g of pg.grants.filter((g) => !pg.databases.some((d) => d.database === g.database))) onServer(pgGrantSql(g));
  // Azure's admin is no superuser: to hand a schema to an owner role and set that role's default
  // privileges it must be a member of it. Granted here and revoked at the end, as the Pulumi
  // provider does around the same statements.
  const owners = [...new Set(pg.schemaOwners.map((o) => o.owner))];
  for (const owner of owners) onServer(`GRANT ${pgIdent(owner)} TO CURRENT_USER;`);
  for (const d of pg.databases) {
    const inDatabase = (sql: string) => statements.push({ database: d.database, sql });
    for (const o of pg.schemaOwners.filter((o) => o.database === d.database)) inDatabase(`ALTER SCHEMA ${pgIdent(o.schema)} OWNER TO ${pgIdent(o.owner)};`);
    for (const g of pg.grants.filter((g) => g.database === d.database)) inDatabase(pgGrantSql(g));
    for (const p of pg.defaultPrivileges.filter((p) => p.database === d.database)) {
      inDatabase(`ALTER DEFAULT PRIVILEGES FOR ROLE ${pgIdent(p.owner)} IN SCHEMA ${pgIdent(p.schema)} GRANT ${[...p.privileges].sort().join(", ")} ON ${p.objectType.toUpperCase()}S TO ${pgIdent(p.role)};`);
    }
  }
  for (const owner of owners) onServer(`REVOKE ${pgIdent(owner)} FROM CURRENT_USER;`);
  return { engine: "postgresql", server: pg.server.serverName, statements };
}

const myAccount = (user: string) => `'${user}'@'%'`;

export function mysqlSql(my: MysqlServerAccess, options: SqlOptions = {}): SqlScript {
  const tls = options.requireTls ?? true ? " REQUIRE SSL" : "";
  const statements: SqlStatement[] = [];
  for (const user of my.users) statements.push({ database: undefined, sql: `CREATE USER IF NOT EXISTS ${myAccount(user.name)} IDENTIFIED BY ${passwordPlaceholder(user.name)}${tls};` });
  // `ON db.*` only: never `ON *.*`, never WITH GRANT OPTION.
  for (const g of my.grants) statements.push({ database: undefined, sql: `GRANT ${[...g.privileges].sort().join(", ")} ON \`${g.database}\`.* TO ${myAccount(g.user)};` });
  return { engine: "mysql", server: my.server.serverName, statements };
}

export function accessSql(model: AccessModel, options: SqlOptions = {}): SqlScript[] {
  return [...model.postgres.map(postgresSql), ...model.mysql.map((my) => mysqlSql(my, options))];
}

/** One script as text: psql (`\connect`) for PostgreSQL, the mysql client for MySQL. */
export function renderScript(script: SqlScript): string {
  const lines =
    script.engine === "postgresql"
      ? [`-- PostgreSQL server ${script.server}: run with psql as the server admin, connected to database postgres.`]
      : [`-- MySQL server ${script.server}: run with the mysql client as the server admin.`];
  let current: string | undefined;
  for (const statement of script.statements) {
    if (script.engine === "postgresql" && statement.database !== current) {
      lines.push("", `\\connect ${statement.database ?? "postgres"}`);
      current = statement.database;
    }
    lines.push(statement.sql);
  }
  return `${lines.join("\n")}\n`;
}
