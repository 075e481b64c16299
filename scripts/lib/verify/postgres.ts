/**
 * PostgreSQL: every login of the model, against every database of its server and `postgres`, over
 * verified TLS and in plain text, then real statements in a transaction that is rolled back, then
 * the catalog's ACLs against the model's grants. Connections use only the logins' own credentials:
 * every fact read here (pg_database, pg_namespace, pg_class, pg_default_acl, pg_auth_members) is
 * readable by any role that can connect.
 */
import { Client, type ClientConfig } from "pg";
import type { AccessMatrixEntry } from "../../../access/matrix";
import { PG_MAINTENANCE_DATABASE, PG_SCHEMA, type PgObjectType, type PostgresServerAccess } from "../../../access/model";
import { refusal } from "./connect";
import type { Redactor } from "./redact";
import { type Results, yesNo } from "./report";
import type { TrustedCas } from "./tls";

const MAINTENANCE_DATABASE = PG_MAINTENANCE_DATABASE;

export interface PostgresTarget {
  readonly access: PostgresServerAccess;
  /** The access matrix rows of this server (the auditors' view of the same model). */
  readonly matrix: readonly AccessMatrixEntry[];
  readonly host: string;
  readonly port: number;
  /** login → password, from the vault. */
  readonly passwords: ReadonlyMap<string, string>;
}

export interface VerifyContext {
  readonly results: Results;
  readonly redactor: Redactor;
  readonly cas: TrustedCas;
}

const INSUFFICIENT_PRIVILEGE = "42501";
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const list = (values: Iterable<string>) => sorted(values).join(", ") || "none";

async function connect(target: PostgresTarget, context: VerifyContext, login: string, database: string, tls: boolean): Promise<Client> {
  const config: ClientConfig = {
    host: target.host,
    port: target.port,
    user: login,
    password: target.passwords.get(login),
    database,
    connectionTimeoutMillis: 15_000,
    // verify-full: the chain must end at a trusted CA and the name must match the host.
    ssl: tls ? { ca: [...context.cas.pem], rejectUnauthorized: true } : false,
  };
  const client = new Client(config);
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** A statement's outcome: allowed, denied (insufficient_privilege) or another error. */
async function attempt(client: Client, sql: string): Promise<{ allowed: boolean; detail: string }> {
  await client.query("SAVEPOINT genims_verify");
  try {
    await client.query(sql);
    return { allowed: true, detail: "allowed" };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    // Any error other than insufficient_privilege means the privilege check passed
    // (e.g. a NOT NULL column rejects DEFAULT VALUES only after the INSERT privilege was granted).
    if (e.code === INSUFFICIENT_PRIVILEGE) return { allowed: false, detail: "denied" };
    return { allowed: true, detail: `allowed (then: ${e.code ?? ""} ${e.message ?? ""})`.trim() };
  } finally {
    await client.query("ROLLBACK TO SAVEPOINT genims_verify");
  }
}

interface ProbeObjects {
  readonly table: { readonly name: string; readonly column: string } | undefined;
  readonly sequence: string | undefined;
}

/** Effective privileges of `principal` on `database`, as the matrix spells them. */
function matrixPrivileges(target: PostgresTarget, principal: string, database: string): ReadonlySet<string> {
  return new Set(target.matrix.find((e) => e.principal === principal && e.database === database)?.privileges ?? []);
}

/**
 * What a session of `login` can do in `database`: its own privileges, plus those of the role it
 * becomes at login (the matrix's `SET ROLE <role> at login`, the migrator's owner). The owner of
 * schema public owns the tables the probes use, so it holds every privilege on them.
 */
function sessionPrivileges(target: PostgresTarget, login: string, database: string): { has: (privilege: string) => boolean } {
  const own = matrixPrivileges(target, login, database);
  const assumed = [...own].map((p) => /^SET ROLE (\S+) at login$/.exec(p)?.[1]).filter((r): r is string => r !== undefined);
  const all = new Set([...own, ...assumed.flatMap((role) => [...matrixPrivileges(target, role, database)])]);
  const owner = all.has(`OWNER of schema ${PG_SCHEMA}`);
  return { has: (privilege) => all.has(privilege) || (owner && / on (tables|sequences)$/.test(privilege)) };
}

/** The ACL the model gives each grantee on one kind of object of a database (PUBLIC as `public`). */
function expectedAcl(target: PostgresTarget, database: string, objectType: PgObjectType): Map<string, string[]> {
  const acl = new Map<string, string[]>();
  for (const g of target.access.grants) {
    if (g.database !== database || g.objectType !== objectType || g.privileges.length === 0) continue;
    acl.set(g.role, sorted([...(acl.get(g.role) ?? []), ...g.privileges]));
  }
  return acl;
}

function compareAcl(context: VerifyContext, database: string, check: string, expected: Map<string, string[]>, actual: Map<string, string[]>): void {
  for (const grantee of sorted([...expected.keys(), ...actual.keys()])) {
    context.results.add(database, grantee === "public" ? "PUBLIC" : grantee, check, list(expected.get(grantee) ?? []), list(actual.get(grantee) ?? []));
  }
  // PUBLIC must hold nothing: said explicitly even when both sides are empty.
  if (!expected.has("public") && !actual.has("public")) context.results.add(database, "PUBLIC", check, "none", "none");
}

function aclRows(rows: readonly { grantee: string; privilege_type: string }[]): Map<string, string[]> {
  const acl = new Map<string, string[]>();
  for (const r of rows) acl.set(r.grantee, sorted([...(acl.get(r.grantee) ?? []), r.privilege_type]));
  return acl;
}

const GRANTEE = "CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END AS grantee";

/** Database, schema, table, sequence and default ACLs of one database against the model; returns what the probes can use. */
async function verifyCatalog(target: PostgresTarget, context: VerifyContext, client: Client, database: string, preferred: string | undefined): Promise<ProbeObjects> {
  const { rows: dbAcl } = await client.query(
    `SELECT ${GRANTEE}, a.privilege_type FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE d.datname = $1 AND a.grantee <> d.datdba`,
    [database],
  );
  compareAcl(context, database, "privileges on the database", expectedAcl(target, database, "database"), aclRows(dbAcl));

  const owner = target.access.schemaOwners.find((o) => o.database === database && o.schema === PG_SCHEMA)?.owner;
  const { rows: schema } = await client.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1`, [PG_SCHEMA]);
  context.results.add(database, owner ?? "-", `owner of schema ${PG_SCHEMA}`, owner ?? "-", schema[0]?.owner ?? "no such schema");
  const { rows: schemaAcl } = await client.query(
    `SELECT ${GRANTEE}, a.privilege_type FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE n.nspname = $1 AND a.grantee <> n.nspowner`,
    [PG_SCHEMA],
  );
  compareAcl(context, database, `privileges on schema ${PG_SCHEMA}`, expectedAcl(target, database, "schema"), aclRows(schemaAcl));

  // Every table and sequence in the schema: owned by the owner role, and granted exactly as the model says.
  const { rows: relations } = await client.query(
    `SELECT c.relname, c.relkind::text AS kind, pg_get_userbyid(c.relowner) AS owner,
            coalesce((SELECT json_agg(json_build_object('grantee', x.grantee, 'privilege_type', x.privilege_type))
                      FROM (SELECT ${GRANTEE}, a.privilege_type FROM aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
                            WHERE a.grantee <> c.relowner) x), '[]') AS acl,
            (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = 1) AS first_column
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relname NOT LIKE 'pg_temp%'
      ORDER BY c.relname`,
    [PG_SCHEMA],
  );
  const kinds = { table: relations.filter((r) => r.kind !== "S"), sequence: relations.filter((r) => r.kind === "S") };
  for (const objectType of ["table", "sequence"] as const) {
    const expected = expectedAcl(target, database, objectType);
    const deviating = kinds[objectType].filter((r) => {
      const actual = aclRows(r.acl);
      const same = r.owner === owner && [...new Set([...expected.keys(), ...actual.keys()])].every((k) => list(expected.get(k) ?? []) === list(actual.get(k) ?? []));
      if (!same) {
        if (r.owner !== owner) context.results.add(database, r.owner, `owner of ${objectType} ${r.relname}`, owner ?? "-", r.owner);
        compareAcl(context, database, `privileges on ${objectType} ${r.relname}`, expected, actual);
      }
      return !same;
    });
    if (deviating.length === 0) {
      const grants = [...expected].map(([role, privileges]) => `${role}: ${privileges.join(" ")}`).join("; ");
      context.results.add(database, "-", `every ${objectType} in ${PG_SCHEMA} (${kinds[objectType].length}) owned by the owner and granted`, grants || "none", grants || "none");
    }
  }

  const { rows: defaults } = await client.query(
    `SELECT pg_get_userbyid(d.defaclrole) AS owner, CASE d.defaclobjtype WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'function' WHEN 'T' THEN 'type' ELSE 'schema' END AS objtype,
            coalesce(n.nspname, '*') AS schema, ${GRANTEE}, a.privilege_type
       FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
      WHERE a.grantee <> d.defaclrole`,
  );
  const key = (owner: string, objtype: string, schema: string) => `default privileges of ${owner} on ${objtype}s in ${schema}`;
  const expectedDefaults = new Map<string, Map<string, string[]>>();
  for (const p of target.access.defaultPrivileges.filter((x) => x.database === database)) {
    const k = key(p.owner, p.objectType, p.schema);
    const acl = expectedDefaults.get(k) ?? new Map<string, string[]>();
    acl.set(p.role, sorted([...(acl.get(p.role) ?? []), ...p.privileges]));
    expectedDefaults.set(k, acl);
  }
  const actualDefaults = new Map<string, Map<string, string[]>>();
  for (const r of defaults) {
    const k = key(r.owner, r.objtype, r.schema);
    const acl = actualDefaults.get(k) ?? new Map<string, string[]>();
    acl.set(r.grantee, sorted([...(acl.get(r.grantee) ?? []), r.privilege_type]));
    actualDefaults.set(k, acl);
  }
  for (const k of sorted([...expectedDefaults.keys(), ...actualDefaults.keys()])) {
    const expected = expectedDefaults.get(k) ?? new Map<string, string[]>();
    const actual = actualDefaults.get(k) ?? new Map<string, string[]>();
    for (const grantee of sorted([...expected.keys(), ...actual.keys()])) context.results.add(database, grantee, k, list(expected.get(grantee) ?? []), list(actual.get(grantee) ?? []));
  }

  const table = kinds.table.find((r) => r.relname === preferred) ?? kinds.table.find((r) => r.owner === owner && r.kind === "r");
  const sequence = kinds.sequence.find((r) => r.relname === `${preferred}_id_seq`) ?? kinds.sequence.find((r) => r.owner === owner);
  return { table: table === undefined ? undefined : { name: table.relname, column: table.first_column }, sequence: sequence?.relname };
}

/** PUBLIC's privileges, asked of the server with has_*_privilege('public', ...): the pseudo-role itself. */
async function verifyPublic(context: VerifyContext, client: Client, database: string, schema: boolean): Promise<void> {
  const { rows } = await client.query(
    `SELECT has_database_privilege('public', $1, 'CONNECT') AS connect, has_database_privilege('public', $1, 'TEMPORARY') AS temporary,
            ${schema ? `has_schema_privilege('public', '${PG_SCHEMA}', 'CREATE')` : "false"} AS create, ${schema ? `has_schema_privilege('public', '${PG_SCHEMA}', 'USAGE')` : "false"} AS usage`,
    [database],
  );
  const held = Object.entries(rows[0] as Record<string, boolean>).filter(([, v]) => v).map(([k]) => k.toUpperCase());
  context.results.add(database, "PUBLIC", schema ? "has_*_privilege: CONNECT, TEMPORARY; CREATE, USAGE on schema public" : "has_*_privilege: CONNECT, TEMPORARY", "none", list(held));
}

/** What the catalog says of `postgres` (pg_database, pg_roles: readable by any login). */
export interface MaintenanceOwnerFacts {
  readonly owner: string;
  readonly ownerIsSuperuser: boolean;
  /** PUBLIC's entries in datacl (aclexplode, grantee 0); `undefined` when datacl is NULL (the built-in default ACL). */
  readonly publicAcl: readonly string[] | undefined;
  /** has_database_privilege('public', 'postgres', 'CONNECT'): the default ACL included. */
  readonly publicConnect: boolean;
}

/**
 * Whether the model's closing of `postgres` to PUBLIC can hold (issue 17, item 10). Azure does not
 * document who owns `postgres`; only its owner or a member of the owner can REVOKE PUBLIC's
 * privileges there, and Azure's admin is a member of azure_pg_admin, never a superuser. When a
 * superuser (Azure's azuresu) owns it, the admin's REVOKE only warns ("no privileges could be
 * revoked"), and the Grant resource that issues it (cyrilgdn/terraform-provider-postgresql ff936b9,
 * resource_postgresql_grant.go: create revokes then grants nothing, :193-206; read selects
 * aclexplode(datacl) for grantee 0, :266-285, and sets `privileges` when they differ from []):
 * - with a NULL datacl reads nothing back, so no diff ever shows that PUBLIC keeps CONNECT;
 * - with an explicit datacl reads PUBLIC's CONNECT, TEMPORARY back, so every preview plans an
 *   update that changes nothing: the permanent diff.
 */
export function maintenanceOwnerVerdict(facts: MaintenanceOwnerFacts): { readonly ok: boolean; readonly actual: string } {
  const readBack = facts.publicAcl === undefined ? [] : sorted(facts.publicAcl);
  if (!facts.ownerIsSuperuser) {
    return facts.publicConnect
      ? { ok: false, actual: `${facts.owner} owns postgres and the admin can act as it, but PUBLIC still has CONNECT: run \`pulumi up\` to apply the model's REVOKE` }
      : { ok: true, actual: `${facts.owner} (the admin closes it to PUBLIC)` };
  }
  if (!facts.publicConnect) return { ok: true, actual: `${facts.owner} (a superuser), and PUBLIC has no CONNECT` };
  const flap =
    readBack.length === 0
      ? "the provider's Grant reads no PUBLIC entry back, so no diff shows it"
      : `the provider's Grant reads PUBLIC's ${readBack.join(", ")} back, so every preview plans an update that changes nothing`;
  return {
    ok: false,
    actual:
      `${facts.owner} (a superuser the admin cannot act as) owns postgres: the REVOKE of PUBLIC's CONNECT there is a no-op and every login can connect to postgres; ${flap}. ` +
      "What to do: ask Azure support to make azure_pg_admin the owner of postgres (ALTER DATABASE needs a superuser), or accept PUBLIC's CONNECT on postgres: genims:closePostgresMaintenanceDatabase false removes the revoke the provider would report on every refresh (docs/access-model.md)",
  };
}

async function verifyMaintenanceOwner(context: VerifyContext, client: Client, server: string): Promise<void> {
  const { rows } = await client.query(
    `SELECT r.rolname AS owner, r.rolsuper AS owner_is_superuser, d.datacl IS NULL AS default_acl,
            coalesce((SELECT array_agg(a.privilege_type::text) FROM aclexplode(d.datacl) a WHERE a.grantee = 0), '{}') AS public_acl,
            has_database_privilege('public', d.datname, 'CONNECT') AS public_connect
       FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1`,
    [MAINTENANCE_DATABASE],
  );
  const row = rows[0] as { owner: string; owner_is_superuser: boolean; default_acl: boolean; public_acl: string[]; public_connect: boolean } | undefined;
  if (row === undefined) return;
  const verdict = maintenanceOwnerVerdict({ owner: row.owner, ownerIsSuperuser: row.owner_is_superuser, publicAcl: row.default_acl ? undefined : row.public_acl, publicConnect: row.public_connect });
  context.results.add(server, "owner of postgres", "can the admin close postgres to PUBLIC (owner, pg_database.datdba)", "an owner the admin acts as (azure_pg_admin)", verdict.actual, verdict.ok);
}

/** Real statements as the login, each in a savepoint, the whole transaction rolled back. */
async function probe(target: PostgresTarget, context: VerifyContext, client: Client, login: string, database: string, objects: ProbeObjects): Promise<void> {
  const granted = sessionPrivileges(target, login, database);
  // pg_stat_ssl shows a session's TLS only to its own user: a migrator's session has switched to
  // the owner, so it is asked as the login itself (ROLE NONE), for this transaction only.
  await client.query("BEGIN");
  await client.query("SET LOCAL ROLE NONE");
  const { rows: tls } = await client.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
  await client.query("ROLLBACK");
  context.results.add(database, login, "session is encrypted (pg_stat_ssl)", "TLS", tls[0]?.ssl ? `TLS (${tls[0].version})` : "plain", tls[0]?.ssl === true);
  const statements: [string, string, boolean][] = [
    ["CREATE TEMP TABLE", "CREATE TEMP TABLE genims_verify_temp (id int)", granted.has("TEMPORARY")],
    [`CREATE TABLE in ${PG_SCHEMA}`, `CREATE TABLE ${ident(PG_SCHEMA)}.genims_verify_ddl (id int)`, granted.has(`CREATE on schema ${PG_SCHEMA}`) || granted.has(`OWNER of schema ${PG_SCHEMA}`)],
  ];
  if (objects.table !== undefined) {
    const t = `${ident(PG_SCHEMA)}.${ident(objects.table.name)}`;
    const c = ident(objects.table.column);
    statements.push(
      [`SELECT ${objects.table.name}`, `SELECT * FROM ${t} LIMIT 1`, granted.has("SELECT on tables")],
      // No row is written and no default evaluated (a sequence privilege would muddle the answer); needs SELECT too, as every model grant of INSERT has.
      [`INSERT ${objects.table.name}`, `INSERT INTO ${t} SELECT * FROM ${t} WHERE false`, granted.has("INSERT on tables")],
      [`UPDATE ${objects.table.name}`, `UPDATE ${t} SET ${c} = ${c} WHERE false`, granted.has("UPDATE on tables")],
      [`DELETE ${objects.table.name}`, `DELETE FROM ${t} WHERE false`, granted.has("DELETE on tables")],
    );
  }
  if (objects.sequence !== undefined) {
    // nextval is not undone by ROLLBACK: at most a gap of one in a sequence, which any aborted insert leaves too.
    statements.push([`nextval(${objects.sequence})`, `SELECT nextval('${ident(PG_SCHEMA)}.${ident(objects.sequence)}')`, granted.has("USAGE on sequences") || granted.has("UPDATE on sequences")]);
  }
  await client.query("BEGIN");
  try {
    for (const [check, sql, expected] of statements) {
      const outcome = await attempt(client, sql);
      context.results.add(database, login, check, yesNo(expected), outcome.allowed ? outcome.detail : "denied", outcome.allowed === expected);
    }
  } finally {
    await client.query("ROLLBACK");
  }
}

/**
 * Server-wide facts of every role of the model, read once through any login: each exists with the
 * modelled LOGIN/NOLOGIN, holds no cluster privilege, and is a member of exactly the modelled roles.
 * Read from the catalog, not through the role itself, so a login that lost every database is covered.
 */
async function verifyRoles(target: PostgresTarget, context: VerifyContext, client: Client): Promise<void> {
  const server = `${target.access.server.serverName} (server)`;
  const names = target.access.roles.map((r) => r.name);
  const { rows } = await client.query(
    `SELECT r.rolname, r.rolcanlogin, r.rolinherit, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
            coalesce((SELECT array_agg(DISTINCT g.rolname::text) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '{}') AS member_of
       FROM pg_roles r WHERE r.rolname = ANY($1)`,
    [names],
  );
  for (const role of target.access.roles) {
    const row = rows.find((r) => r.rolname === role.name);
    const kind = (login: boolean, inherit: boolean) => `${login ? "LOGIN" : "NOLOGIN"} ${inherit ? "INHERIT" : "NOINHERIT"}`;
    context.results.add(server, role.name, "exists", kind(role.login, role.inherit), row === undefined ? "missing" : kind(row.rolcanlogin, row.rolinherit));
    if (row === undefined) continue;
    const held = ["rolsuper", "rolcreatedb", "rolcreaterole", "rolreplication", "rolbypassrls"].filter((k) => row[k] === true).map((k) => k.replace(/^rol/, "").toUpperCase());
    context.results.add(server, role.name, "server-wide attributes (SUPERUSER, CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS)", "none", list(held));
    const expected = target.access.memberships.filter((m) => m.member === role.name).map((m) => m.role);
    context.results.add(server, role.name, "member of", list(expected), list(row.member_of as string[]));
  }
}

/** The login a module's migrations run as (`PgDatabaseRoles.migrator`) and the owner its sessions become. */
function migratorOf(target: PostgresTarget, database: string): { login: string; owner: string } | undefined {
  const d = target.access.databases.find((x) => x.database === database);
  return d === undefined ? undefined : { login: d.migrator, owner: d.owner };
}

/**
 * The migration principal's job, for real: its session is the owner, it creates a table (committed,
 * so that other sessions see it) and the table is the owner's. Every other login's probes then run
 * on that table, so "the application can use what a migration creates" is proven by the same
 * statements, through the default privileges alone. Returns the table's name; `dropProbeTable`
 * removes it at the end.
 */
async function createProbeTable(target: PostgresTarget, context: VerifyContext, database: string, name: string): Promise<string | undefined> {
  const migrator = migratorOf(target, database);
  if (migrator === undefined || !target.passwords.has(migrator.login)) return undefined;
  const { client, outcome } = await tryConnect(target, context, migrator.login, database, true);
  if (client === undefined) {
    context.results.add(database, migrator.login, "migration: connect over TLS", "allowed", outcome, false);
    return undefined;
  }
  try {
    const { rows } = await client.query("SELECT current_user AS current_user");
    context.results.add(database, migrator.login, "migration: every session acts as", migrator.owner, rows[0].current_user);
    try {
      await client.query(`CREATE TABLE ${ident(PG_SCHEMA)}.${ident(name)} (id serial PRIMARY KEY, note text)`);
      await client.query(`INSERT INTO ${ident(PG_SCHEMA)}.${ident(name)} (note) VALUES ('written by the migration principal')`);
    } catch (error) {
      context.results.add(database, migrator.login, `migration: CREATE TABLE ${name}`, "created", `failed: ${context.redactor.redact(refusal(error))}`, false);
      return undefined;
    }
    const { rows: owner } = await client.query("SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = $2", [PG_SCHEMA, name]);
    context.results.add(database, migrator.login, `migration: CREATE TABLE ${name}, owned by`, migrator.owner, owner[0]?.tableowner ?? "missing");
    return name;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropProbeTable(target: PostgresTarget, context: VerifyContext, database: string, name: string): Promise<void> {
  const migrator = migratorOf(target, database)!;
  let outcome = "dropped";
  try {
    const client = await connect(target, context, migrator.login, database, true);
    try {
      await client.query(`DROP TABLE ${ident(PG_SCHEMA)}.${ident(name)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    outcome = `failed: ${context.redactor.redact(refusal(error))} (drop ${PG_SCHEMA}.${name} by hand)`;
  }
  context.results.add(database, migrator.login, `migration: DROP TABLE ${name}`, "dropped", outcome);
}

/** A connection attempt: the client when it was accepted, and the outcome in words (redacted). */
async function tryConnect(target: PostgresTarget, context: VerifyContext, login: string, database: string, tls: boolean): Promise<{ client: Client | undefined; outcome: string }> {
  try {
    return { client: await connect(target, context, login, database, tls), outcome: "allowed" };
  } catch (error) {
    return { client: undefined, outcome: `refused: ${context.redactor.redact(refusal(error))}` };
  }
}

async function verifyPlainRefused(target: PostgresTarget, context: VerifyContext, login: string, database: string): Promise<void> {
  const { client, outcome } = await tryConnect(target, context, login, database, false);
  await client?.end().catch(() => undefined);
  context.results.add(database, login, "connect without TLS", "refused", outcome, client === undefined);
}

export async function verifyPostgresServer(target: PostgresTarget, context: VerifyContext): Promise<void> {
  const server = `${target.access.server.serverName} (server)`;
  const databases = target.access.databases.map((d) => d.database);
  const catalogDone = new Map<string, ProbeObjects>();
  // One name per run, so a table left behind by an interrupted run is never mistaken for this one's.
  const probeName = `genims_verify_${Date.now().toString(36)}`;
  const probeTables = new Map<string, string>();
  for (const database of databases) {
    const created = await createProbeTable(target, context, database, probeName);
    if (created !== undefined) probeTables.set(database, created);
  }
  let serverChecked = false;
  try {
    for (const role of target.access.roles.filter((r) => r.login)) {
      const login = role.name;
      if (!target.passwords.has(login)) {
        context.results.add(server, login, "connection string in the vault", "present", "missing");
        continue;
      }
      for (const database of [...databases, MAINTENANCE_DATABASE]) {
        // The maintenance database admits every login when the stack leaves it open (an accepted exception).
        const entitled = database === MAINTENANCE_DATABASE ? !target.access.maintenanceClosed : matrixPrivileges(target, login, database).has("CONNECT");
        const { client, outcome } = await tryConnect(target, context, login, database, true);
        context.results.add(database, login, "connect over TLS (certificate verified)", yesNo(entitled, "allowed", "refused"), outcome, (client !== undefined) === entitled);
        if (entitled) await verifyPlainRefused(target, context, login, database);
        if (client === undefined) continue;
        try {
          if (!serverChecked) {
            await verifyRoles(target, context, client);
            await verifyMaintenanceOwner(context, client, server);
            if (target.access.maintenanceClosed) await verifyPublic(context, client, MAINTENANCE_DATABASE, false);
            serverChecked = true;
          }
          if (database !== MAINTENANCE_DATABASE) {
            if (!catalogDone.has(database)) {
              catalogDone.set(database, await verifyCatalog(target, context, client, database, probeTables.get(database)));
              await verifyPublic(context, client, database, true);
            }
            await probe(target, context, client, login, database, catalogDone.get(database)!);
          }
        } finally {
          await client.end().catch(() => undefined);
        }
      }
    }
  } finally {
    for (const [database, name] of probeTables) await dropProbeTable(target, context, database, name);
  }
  if (!serverChecked) context.results.add(server, "-", "roles and memberships", "checked through a login", "no login could connect");
  for (const database of databases) {
    if (!catalogDone.has(database)) context.results.add(database, "-", "catalog and probes", "checked through a login", "no login could connect");
    else if (catalogDone.get(database)!.table === undefined) {
      context.results.add(database, "-", `a table in ${PG_SCHEMA} owned by the owner, for the table probes`, "present", "none (run a migration first)");
    }
  }
}
