/**
 * MySQL: each user of the model over verified TLS and in plain text, its grants as the server
 * reports them (`SHOW GRANTS`, `SHOW CREATE USER` for the current user need no privilege) against
 * the model, and real statements per database. The bundled provider
 * (hashicorp/terraform-provider-mysql v1.9.0) reads a grant or a user only as "exists", so this is
 * the only place a REVOKE, an extra GRANT or `REQUIRE NONE` made out of band shows up.
 *
 * Sources (MySQL 8.0 reference manual): SHOW GRANTS rows are `GRANT <privileges> ON <target> TO
 * <account>` and the current user needs no privilege to list its own
 * (https://dev.mysql.com/doc/refman/8.0/en/show-grants.html); TLS requirements are not in SHOW GRANTS
 * on MySQL 8 but in SHOW CREATE USER, which needs no privilege for the current user either
 * (https://dev.mysql.com/doc/refman/8.0/en/show-create-user.html). MariaDB 10.11 prints the same shapes
 * (plus `IDENTIFIED BY PASSWORD '<hash>' REQUIRE SSL` on the USAGE row); the integration test runs there.
 */
import mysql from "mysql2/promise";
import type { MysqlServerAccess } from "../../../access/model";
import { refusal } from "./connect";
import type { VerifyContext } from "./postgres";
import { yesNo } from "./report";

export interface MysqlTarget {
  readonly access: MysqlServerAccess;
  readonly host: string;
  readonly port: number;
  readonly passwords: ReadonlyMap<string, string>;
}

const ER_TABLEACCESS_DENIED_ERROR = 1142;
const ER_NO_SUCH_TABLE = 1146;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const list = (values: Iterable<string>) => sorted(values).join(", ") || "none";
const quote = (name: string) => `\`${name.replace(/`/g, "``")}\``;

async function connect(target: MysqlTarget, context: VerifyContext, user: string, tls: boolean): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: target.host,
    port: target.port,
    user,
    password: target.passwords.get(user),
    connectTimeout: 15_000,
    // Chain to a trusted CA and the host name in the certificate (verifyIdentity), as ssl-mode=VERIFY_IDENTITY.
    ...(tls ? { ssl: { ca: [...context.cas.pem], rejectUnauthorized: true, verifyIdentity: true } } : {}),
  });
}

export interface ParsedGrant {
  readonly target: string;
  readonly privileges: readonly string[];
  readonly grantOption: boolean;
}

/**
 * One `SHOW GRANTS` row: `GRANT <privileges> ON <target> TO <account> [IDENTIFIED BY PASSWORD '…'] [REQUIRE …] [WITH GRANT OPTION]`,
 * as MySQL 8 and MariaDB print it. A row of another shape (a role granted to the user) is returned as undefined.
 */
export function parseGrant(row: string): ParsedGrant | undefined {
  const match = /^GRANT (.+?) ON (\S+) TO (?:\S+)(.*)$/.exec(row.trim());
  if (match === null) return undefined;
  const privileges = match[1]!.split(",").map((p) => p.trim().toUpperCase()).filter((p) => p !== "");
  const target = match[2]!.replace(/`/g, "");
  return { target, privileges: privileges.includes("ALL PRIVILEGES") ? ["ALL PRIVILEGES"] : sorted(privileges), grantOption: /WITH GRANT OPTION/i.test(match[3]!) };
}

/** The model's grants of one user, as SHOW GRANTS would list them: USAGE on *.*, then per database. */
export function expectedGrants(access: MysqlServerAccess, user: string): Map<string, string[]> {
  const expected = new Map<string, string[]>([["*.*", ["USAGE"]]]);
  for (const g of access.grants.filter((x) => x.user === user)) expected.set(`${g.database}.*`, sorted([...(expected.get(`${g.database}.*`) ?? []), ...g.privileges]));
  return expected;
}

/** A statement's outcome by error number: 1142 = the privilege is missing, 1146 = it was there but the table is not. */
async function attempt(connection: mysql.Connection, sql: string): Promise<{ allowed: boolean; detail: string }> {
  try {
    await connection.query(sql);
    return { allowed: true, detail: "allowed" };
  } catch (error) {
    const e = error as { errno?: number; message?: string };
    if (e.errno === ER_TABLEACCESS_DENIED_ERROR) return { allowed: false, detail: "denied" };
    if (e.errno === ER_NO_SUCH_TABLE) return { allowed: true, detail: "allowed (no such table)" };
    return { allowed: true, detail: `allowed (then: ${e.errno ?? ""} ${e.message ?? ""})` };
  }
}

async function probe(target: MysqlTarget, context: VerifyContext, connection: mysql.Connection, user: string, database: string): Promise<void> {
  const granted = new Set(target.access.grants.filter((g) => g.user === user && g.database === database).flatMap((g) => g.privileges));
  // A real table when the user can see one; otherwise a name that does not exist. MySQL checks the
  // privilege before it looks the table up, so "command denied" (1142) vs "doesn't exist" (1146)
  // tells the privilege apart without touching data.
  const [tables] = await connection.query("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = ? AND ordinal_position = 1 ORDER BY table_name LIMIT 1", [database]);
  const row = (tables as { t: string; c: string }[])[0];
  const t = `${quote(database)}.${quote(row?.t ?? "genims_verify_absent")}`;
  const c = quote(row?.c ?? "id");
  const label = row?.t ?? "(absent table)";
  await connection.query("START TRANSACTION");
  try {
    for (const [privilege, sql] of [
      ["SELECT", `SELECT 1 FROM ${t} WHERE 1 = 0`],
      ["INSERT", `INSERT INTO ${t} SELECT * FROM ${t} WHERE 1 = 0`],
      ["UPDATE", `UPDATE ${t} SET ${c} = ${c} WHERE 1 = 0`],
      ["DELETE", `DELETE FROM ${t} WHERE 1 = 0`],
    ] as const) {
      const outcome = await attempt(connection, sql);
      const expected = granted.has(privilege);
      context.results.add(database, user, `${privilege} ${label}`, yesNo(expected), outcome.allowed ? outcome.detail : "denied", outcome.allowed === expected);
    }
  } finally {
    await connection.query("ROLLBACK");
  }
}

export async function verifyMysqlServer(target: MysqlTarget, context: VerifyContext): Promise<void> {
  const server = `${target.access.server.serverName} (server)`;
  const databases = sorted(target.access.grants.map((g) => g.database));
  for (const { name: user } of target.access.users) {
    if (!target.passwords.has(user)) {
      context.results.add(server, user, "connection string in the vault", "present", "missing");
      continue;
    }
    let connection: mysql.Connection | undefined;
    try {
      connection = await connect(target, context, user, true);
      context.results.add(server, user, "connect over TLS (certificate verified)", "allowed", "allowed");
    } catch (error) {
      context.results.add(server, user, "connect over TLS (certificate verified)", "allowed", `refused: ${context.redactor.redact(refusal(error))}`, false);
    }
    let plain: mysql.Connection | undefined;
    let plainOutcome = "allowed";
    try {
      plain = await connect(target, context, user, false);
    } catch (error) {
      plainOutcome = `refused: ${context.redactor.redact(refusal(error))}`;
    } finally {
      await plain?.end().catch(() => undefined);
    }
    context.results.add(server, user, "connect without TLS", "refused", plainOutcome, plain === undefined);
    if (connection === undefined) continue;
    try {
      const [cipher] = await connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
      const value = (cipher as { Value: string }[])[0]?.Value ?? "";
      context.results.add(server, user, "session is encrypted (Ssl_cipher)", "TLS", value === "" ? "plain" : `TLS (${value})`, value !== "");

      // The account itself requires TLS, whatever require_secure_transport says (it can be turned off).
      const [created] = await connection.query("SHOW CREATE USER CURRENT_USER()");
      const statement = Object.values((created as Record<string, string>[])[0] ?? {})[0] ?? "";
      const requireSsl = /\bREQUIRE\s+(SSL|X509|ISSUER|SUBJECT|CIPHER)\b/i.test(statement);
      context.results.add(server, user, "account requires TLS (SHOW CREATE USER)", "REQUIRE SSL", requireSsl ? "REQUIRE SSL" : "REQUIRE NONE");

      const [rows] = await connection.query("SHOW GRANTS");
      const lines = (rows as Record<string, string>[]).map((r) => Object.values(r)[0] ?? "");
      const actual = new Map<string, string[]>();
      for (const line of lines) {
        const grant = parseGrant(line);
        if (grant === undefined) {
          context.results.add(server, user, "SHOW GRANTS row", "none other", context.redactor.redact(line), false);
          continue;
        }
        actual.set(grant.target, sorted([...(actual.get(grant.target) ?? []), ...grant.privileges]));
        if (grant.grantOption) context.results.add(server, user, `WITH GRANT OPTION on ${grant.target}`, "no", "yes", false);
      }
      const expected = expectedGrants(target.access, user);
      for (const on of sorted([...expected.keys(), ...actual.keys()])) {
        const where = on === "*.*" ? server : on.replace(/\.\*$/, "");
        context.results.add(where, user, `SHOW GRANTS on ${on}`, list(expected.get(on) ?? []), list(actual.get(on) ?? []));
      }

      for (const database of databases) {
        const entitled = expected.has(`${database}.*`);
        let outcome = "allowed";
        try {
          await connection.query(`USE ${quote(database)}`);
        } catch (error) {
          outcome = `refused: ${context.redactor.redact(refusal(error))}`;
        }
        context.results.add(database, user, "USE the database", yesNo(entitled, "allowed", "refused"), outcome, (outcome === "allowed") === entitled);
        if (entitled && outcome === "allowed") await probe(target, context, connection, user, database);
      }
    } finally {
      await connection.end().catch(() => undefined);
    }
  }
}
