/**
 * The access model's SQL applied to real servers: PostgreSQL and MariaDB on loopback
 * (`bash .ci/integration-servers.sh`, then `npm run test:integration`). Uses the dev placement,
 * where one PostgreSQL server hosts all 13 module databases, so cross-module isolation on one
 * server is what is proven. Every claim is checked by connecting as the login itself.
 *
 * The servers must be reachable: a connection failure fails the suite, it never skips.
 * Connection parameters: PGHOST/PGPORT/PGUSER/PGPASSWORD and MYSQL_HOST/MYSQL_PORT/MYSQL_USER/
 * MYSQL_PASSWORD, defaulting to the loopback servers the CI script starts. Passwords of the
 * logins are random per run. The local MariaDB has no TLS, so the SQL is rendered without
 * `REQUIRE SSL` (the one difference from what Azure gets).
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { Client } from "pg";
import { type MysqlServerAccess, type PostgresServerAccess, accessModel } from "../../access/model";
import { fillPasswords, mysqlSql, postgresSql } from "../../access/sql";
import { GENIMS_CATALOG } from "../../catalog";
import { readNamespace } from "../../config/load";
import { validateEnvironment } from "../../config/validate";
import { stackConfig } from "../harness";

const PG = { host: process.env.PGHOST ?? "127.0.0.1", port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? "postgres", password: process.env.PGPASSWORD ?? "genims-local-admin" };
const MY = { host: process.env.MYSQL_HOST ?? "127.0.0.1", port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? "root", password: process.env.MYSQL_PASSWORD ?? "genims-local-admin" };

const env = validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG);
const model = accessModel(env);
const pgAccess: PostgresServerAccess = model.postgres[0]!;
const myAccess: MysqlServerAccess = model.mysql[0]!;
const pgDatabases = pgAccess.databases.map((d) => d.database);
const myDatabases = [...new Set(myAccess.grants.map((g) => g.database))];

const passwords: Record<string, string> = {};
for (const role of pgAccess.roles) if (role.login) passwords[role.name] = randomBytes(16).toString("hex");
for (const user of myAccess.users) passwords[user.name] = randomBytes(16).toString("hex");

async function pgConnect(database: string, user = PG.user, password = PG.password): Promise<Client> {
  const client = new Client({ ...PG, user, password, database, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

async function asPg<T>(login: string, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await pgConnect(database, login, passwords[login]);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function asMysql<T>(login: string, work: (connection: mysql.Connection) => Promise<T>, database?: string): Promise<T> {
  const connection = await mysql.createConnection({ ...MY, user: login, password: passwords[login], database, connectTimeout: 5000 });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

async function pgCleanup(): Promise<void> {
  const admin = await pgConnect("postgres");
  try {
    for (const database of pgDatabases) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const role of [...pgAccess.roles].reverse()) await admin.query(`DROP ROLE IF EXISTS "${role.name}"`);
  } finally {
    await admin.end();
  }
}

async function mysqlAdmin(): Promise<mysql.Connection> {
  return mysql.createConnection({ ...MY, connectTimeout: 5000 });
}

async function mysqlCleanup(): Promise<void> {
  const admin = await mysqlAdmin();
  try {
    for (const database of myDatabases) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    for (const user of myAccess.users) await admin.query(`DROP USER IF EXISTS '${user.name}'@'%'`);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  try {
    await pgCleanup();
    await mysqlCleanup();
  } catch (error) {
    throw new Error(`integration servers not reachable (PostgreSQL ${PG.host}:${PG.port}, MariaDB ${MY.host}:${MY.port}); start them with: bash .ci/integration-servers.sh\n${String(error)}`, { cause: error });
  }
  // PostgreSQL: the databases as Azure creates them (by the admin), then the rendered SQL.
  const admin = await pgConnect("postgres");
  for (const database of pgDatabases) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const clients = new Map<string, Client>();
  for (const statement of postgresSql(pgAccess).statements) {
    const database = statement.database ?? "postgres";
    if (!clients.has(database)) clients.set(database, await pgConnect(database));
    await clients.get(database)!.query(fillPasswords(statement.sql, passwords));
  }
  // A migration after the grants: the owner creates a table and grants nothing.
  for (const d of pgAccess.databases) {
    const client = clients.get(d.database)!;
    await client.query(`SET ROLE "${d.owner}"`);
    await client.query("CREATE TABLE items (id serial PRIMARY KEY, note text)");
    await client.query("INSERT INTO items (note) VALUES ('seeded by the owner')");
    await client.query("RESET ROLE");
  }
  for (const client of clients.values()) await client.end();

  // MariaDB: the databases, the rendered SQL, one table each.
  const my = await mysqlAdmin();
  for (const database of myDatabases) await my.query(`CREATE DATABASE \`${database}\``);
  for (const statement of mysqlSql(myAccess, { requireTls: false }).statements) await my.query(fillPasswords(statement.sql, passwords));
  for (const database of myDatabases) {
    await my.query(`CREATE TABLE \`${database}\`.records (id int AUTO_INCREMENT PRIMARY KEY, note varchar(100))`);
    await my.query(`INSERT INTO \`${database}\`.records (note) VALUES ('seeded')`);
  }
  await my.end();
}, 120_000);

afterAll(async () => {
  await pgCleanup();
  await mysqlCleanup();
}, 60_000);

const rejects = (promise: Promise<unknown>, message: RegExp) => expect(promise).rejects.toThrow(message);

describe("PostgreSQL (dev placement: 13 module databases on one server)", () => {
  test("an application login reads and writes its own database and cannot connect to any other module's", async () => {
    await asPg("genims_hr_app", "genims_hr_db", async (c) => {
      await c.query("INSERT INTO items (note) VALUES ('by the app')");
      await c.query("UPDATE items SET note = 'updated' WHERE note = 'by the app'");
      expect((await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n).toBe(2);
      await c.query("DELETE FROM items WHERE note = 'updated'");
      // Least privilege inside its own database too: no DDL (migrations run as the owner).
      await rejects(c.query("CREATE TABLE sneaky (id int)"), /permission denied for schema public/);
    });
    for (const other of pgDatabases.filter((d) => d !== "genims_hr_db")) {
      await rejects(pgConnect(other, "genims_hr_app", passwords.genims_hr_app), /permission denied for database/);
    }
  });

  test("every application login is confined to its own database", async () => {
    for (const d of pgAccess.databases) {
      await asPg(d.app, d.database, async (c) => expect((await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n).toBeGreaterThan(0));
      const neighbour = pgDatabases.find((x) => x !== d.database)!;
      await rejects(pgConnect(neighbour, d.app, passwords[d.app]), /permission denied for database/);
    }
  });

  test("read-only cannot write; a table the owner creates later is readable by ro and writable by rw without another grant", async () => {
    const d = pgAccess.databases.find((x) => x.database === "genims_crm_db")!;
    const admin = await pgConnect(d.database);
    try {
      await admin.query(`SET ROLE "${d.owner}"`);
      await admin.query("CREATE TABLE later_table (id serial PRIMARY KEY, v text)");
      await admin.query("RESET ROLE");
      await admin.query(`SET ROLE "${d.readOnly}"`);
      expect((await admin.query("SELECT count(*)::int AS n FROM later_table")).rows[0].n).toBe(0);
      await rejects(admin.query("INSERT INTO later_table (v) VALUES ('x')"), /permission denied for table later_table/);
      await rejects(admin.query("UPDATE items SET note = 'x'"), /permission denied for table items/);
      await admin.query("RESET ROLE");
      await admin.query(`SET ROLE "${d.readWrite}"`);
      await admin.query("INSERT INTO later_table (v) VALUES ('written by rw')");
      await admin.query("RESET ROLE");
    } finally {
      await admin.end();
    }
    await asPg(d.app, d.database, async (c) => expect((await c.query("SELECT v FROM later_table")).rows).toEqual([{ v: "written by rw" }]));
  });

  test("the ETL reader reads every module database and writes none", async () => {
    for (const database of pgDatabases) {
      await asPg("genims_etl_reader", database, async (c) => {
        expect((await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n).toBeGreaterThan(0);
        await rejects(c.query("INSERT INTO items (note) VALUES ('etl')"), /permission denied for table items/);
        await rejects(c.query("DELETE FROM items"), /permission denied for table items/);
        await rejects(c.query("CREATE TABLE etl_scratch (id int)"), /permission denied for schema public/);
      });
    }
  });

  test("no role has a server-wide privilege", async () => {
    const admin = await pgConnect("postgres");
    try {
      const names = pgAccess.roles.map((r) => r.name);
      const { rows } = await admin.query("SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname", [names]);
      expect(rows).toHaveLength(names.length);
      for (const row of rows) expect(row).toEqual({ rolname: row.rolname, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false });
    } finally {
      await admin.end();
    }
  });
});

describe("MariaDB (dev placement: reporting, analytics and audit on one server)", () => {
  test("application users read and write their own database only; readers only read", async () => {
    await asMysql("genims_reporting_app", async (c) => {
      await c.query("INSERT INTO genims_reporting_db.records (note) VALUES ('app')");
      await c.query("UPDATE genims_reporting_db.records SET note = 'app2' WHERE note = 'app'");
      await c.query("DELETE FROM genims_reporting_db.records WHERE note = 'app2'");
      await rejects(c.query("SELECT * FROM genims_analytics_db.records"), /denied/);
      await rejects(c.query("SELECT * FROM genims_audit_db.records"), /denied/);
      await rejects(c.query("CREATE TABLE genims_reporting_db.sneaky (id int)"), /denied/);
    });
    for (const [reader, database] of [["genims_reporting_reader", "genims_reporting_db"], ["genims_analytics_reader", "genims_analytics_db"]] as const) {
      await asMysql(reader, async (c) => {
        const [rows] = await c.query(`SELECT count(*) AS n FROM ${database}.records`);
        expect(Number((rows as { n: number }[])[0]!.n)).toBeGreaterThan(0);
        await rejects(c.query(`INSERT INTO ${database}.records (note) VALUES ('x')`), /denied/);
      });
    }
  });

  test("the ETL writer loads reporting and analytics and cannot touch the audit trail", async () => {
    await asMysql("genims_etl_writer", async (c) => {
      for (const database of ["genims_reporting_db", "genims_analytics_db"]) {
        await c.query(`INSERT INTO ${database}.records (note) VALUES ('etl')`);
        await c.query(`DELETE FROM ${database}.records WHERE note = 'etl'`);
      }
      await rejects(c.query("SELECT * FROM genims_audit_db.records"), /denied/);
    });
  });

  test("the audit writer can insert and select but not update or delete; the auditor only reads", async () => {
    await asMysql("genims_audit_writer", async (c) => {
      await c.query("INSERT INTO genims_audit_db.records (note) VALUES ('login event')");
      const [rows] = await c.query("SELECT note FROM genims_audit_db.records ORDER BY id");
      expect((rows as { note: string }[]).map((r) => r.note)).toEqual(["seeded", "login event"]);
      await rejects(c.query("UPDATE genims_audit_db.records SET note = 'rewritten'"), /UPDATE command denied/);
      await rejects(c.query("DELETE FROM genims_audit_db.records"), /DELETE command denied/);
    });
    await asMysql("genims_audit_auditor", async (c) => {
      const [rows] = await c.query("SELECT count(*) AS n FROM genims_audit_db.records");
      expect(Number((rows as { n: number }[])[0]!.n)).toBe(2);
      await rejects(c.query("INSERT INTO genims_audit_db.records (note) VALUES ('forged')"), /INSERT command denied/);
      await rejects(c.query("DELETE FROM genims_audit_db.records"), /DELETE command denied/);
    });
  });

  test("no user has a global privilege: SHOW GRANTS has no ON *.* other than USAGE", async () => {
    for (const user of myAccess.users) {
      await asMysql(user.name, async (c) => {
        const [rows] = await c.query("SHOW GRANTS");
        const grants = (rows as Record<string, string>[]).map((row) => Object.values(row)[0]!);
        expect(grants.length).toBeGreaterThan(1);
        for (const grant of grants.filter((g) => g.includes(" ON *.* "))) expect([user.name, grant]).toEqual([user.name, expect.stringMatching(/^GRANT USAGE ON \*\.\* TO /)]);
        for (const grant of grants) expect(grant).not.toMatch(/WITH GRANT OPTION|\bFILE\b|\bPROCESS\b|\bSUPER\b/);
      });
    }
  });
});
