/**
 * `npm run verify:local -- [<stack>] [--plant] [--remove] [--out-dir <dir>]`: `npm run verify`
 * against the local servers of `.ci/integration-servers.sh` (PostgreSQL 16 and MariaDB, TLS only,
 * Azure-like admins), so a newcomer sees it pass and fail in minutes without Azure.
 *
 * It applies the stack's access model to them as `npm run sql` renders it, with a fresh random
 * password per login (databases and roles are dropped and created again), writes the two files
 * verify reads, `outputs.json` (shaped like `pulumi stack output --json`) and `secrets.json` (shaped
 * like the Key Vault: `<database>--<login>` → connection string), and runs verify on them.
 * `--plant` then plants two deviations (PUBLIC given CONNECT on a PostgreSQL database; DELETE on
 * the audit trail for MySQL's audit writer) so verify fails naming them. `--remove` drops what it
 * created. The local servers hold one server per engine, so the stack must place each engine on
 * one server (dev).
 *
 * Settings, as for the integration tests: PGPORT (5432), MYSQL_PORT (3306), GENIMS_DB_ROOT
 * (/var/tmp/genims-integration, whose tls/ca.pem the servers' certificate chains to),
 * GENIMS_ADMIN_PASSWORD (genims-local-admin).
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import mysql from "mysql2/promise";
import { Client } from "pg";
import { type AccessModel, accessModel } from "../access/model";
import { fillPasswords, mysqlSql, postgresSql } from "../access/sql";
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { CliError, type Command, runCommand, usageError } from "./lib/cli";
import { stackConfig } from "./lib/offline";
import { REPO_ROOT, repositoryStacks, requireStack } from "./lib/stacks";
import { verifyStack } from "./lib/verify";
import { fileSecrets, parseStackOutputs } from "./lib/verify/inputs";
import { localVerifyInputs } from "./lib/verify/local";
import { Redactor } from "./lib/verify/redact";
import { caBundle } from "./lib/verify/tls";

const COMMAND: Command = {
  name: "verify:local",
  failureCode: 2,
  help: `usage: npm run verify:local -- [<stack>] [--plant] [--remove] [--out-dir <dir>]   (default stack: dev)
Applies the stack's access model to the local servers of \`bash .ci/integration-servers.sh\`, writes
outputs.json and secrets.json (default directory: .verify-local/), and runs npm run verify on them.
--plant adds two deviations first, so verify fails naming them; --remove drops what it created.
Exit 0: no deviation; 1: deviations; 2: it could not run.`,
};

const ADMIN_PASSWORD = process.env.GENIMS_ADMIN_PASSWORD ?? "genims-local-admin";
const PG = { host: "127.0.0.1", port: Number(process.env.PGPORT ?? 5432), user: "genimsadmin", password: ADMIN_PASSWORD };
const MY = { host: "127.0.0.1", port: Number(process.env.MYSQL_PORT ?? 3306), user: "genimsadmin", password: ADMIN_PASSWORD };
const CA_FILE = path.join(process.env.GENIMS_DB_ROOT ?? "/var/tmp/genims-integration", "tls", "ca.pem");

interface Options {
  readonly stack: string;
  readonly plant: boolean;
  readonly remove: boolean;
  readonly outDir: string;
}

export function parseArguments(args: readonly string[]): Options {
  const positional: string[] = [];
  let outDir = path.join(REPO_ROOT, ".verify-local");
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--out-dir") {
      const value = args[++i];
      if (value === undefined) throw usageError(COMMAND, "--out-dir needs a directory");
      outDir = path.resolve(value);
    } else if (arg === "--plant" || arg === "--remove") flags.add(arg);
    else if (arg.startsWith("-")) throw usageError(COMMAND, `unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw usageError(COMMAND, `expected one stack, got ${positional.join(" ")}`);
  if (flags.has("--plant") && flags.has("--remove")) throw usageError(COMMAND, "--plant and --remove exclude each other");
  return { stack: positional[0] ?? "dev", plant: flags.has("--plant"), remove: flags.has("--remove"), outDir };
}

/** The stack's model, if the local servers can hold it: one PostgreSQL and one MySQL server. */
export function localModel(stack: string): AccessModel {
  requireStack(stack);
  const model = accessModel(validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG));
  if (model.postgres.length !== 1 || model.mysql.length !== 1) {
    const onOne = repositoryStacks().filter((s) => s !== stack);
    throw new CliError(
      `${stack} places its databases on ${model.postgres.length} PostgreSQL and ${model.mysql.length} MySQL servers, but the local servers are one of each: use a stack with one server per engine${onOne.includes("dev") ? " (dev)" : ""}`,
      2,
    );
  }
  return model;
}

async function connected<T>(what: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CliError(`cannot reach the local ${what} (${reason}): start the servers with \`bash .ci/integration-servers.sh\` (as root), with the same PGPORT, MYSQL_PORT and GENIMS_DB_ROOT`, 2);
  }
}

const ca = () => {
  if (!fs.existsSync(CA_FILE)) throw new CliError(`no ${CA_FILE}: start the servers with \`bash .ci/integration-servers.sh\` (it creates the CA), or set GENIMS_DB_ROOT to where they run`, 2);
  return fs.readFileSync(CA_FILE, "utf8");
};
const pgClient = (database = "postgres", user = PG.user, password = PG.password) =>
  connected(`PostgreSQL on ${PG.host}:${PG.port}`, async () => {
    const client = new Client({ ...PG, user, password, database, ssl: { ca: ca(), rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
    await client.connect();
    return client;
  });
const myConnection = () => connected(`MariaDB on ${MY.host}:${MY.port}`, () => mysql.createConnection({ ...MY, ssl: { ca: ca(), rejectUnauthorized: true }, connectTimeout: 5000 }));

async function inPg(database: string, statements: readonly string[]): Promise<void> {
  const client = await pgClient(database);
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

async function inMysql(statements: readonly string[]): Promise<void> {
  const connection = await myConnection();
  try {
    for (const sql of statements) await connection.query(sql);
  } finally {
    await connection.end();
  }
}

const pgDatabases = (model: AccessModel) => model.postgres[0]!.databases.map((d) => d.database);
const myDatabases = (model: AccessModel) => [...new Set(model.mysql[0]!.grants.map((g) => g.database))];

async function remove(model: AccessModel): Promise<void> {
  await inPg("postgres", [...pgDatabases(model).map((d) => `DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`), ...[...model.postgres[0]!.roles].reverse().map((r) => `DROP ROLE IF EXISTS "${r.name}"`)]);
  await inMysql([...myDatabases(model).map((d) => `DROP DATABASE IF EXISTS \`${d}\``), ...model.mysql[0]!.users.map((u) => `DROP USER IF EXISTS '${u.name}'@'%'`)]);
}

/** The model applied as `npm run sql` renders it, each login with a fresh password. */
async function apply(model: AccessModel): Promise<Record<string, string>> {
  const pg = model.postgres[0]!;
  const my = model.mysql[0]!;
  const passwords: Record<string, string> = {};
  for (const role of pg.roles) if (role.login) passwords[role.name] = randomBytes(16).toString("hex");
  for (const user of my.users) passwords[user.name] = randomBytes(16).toString("hex");
  await inPg("postgres", pgDatabases(model).map((d) => `CREATE DATABASE "${d}"`));
  // In the script's order, each statement in the database it names (one session per database).
  const clients = new Map<string, Client>();
  try {
    for (const statement of postgresSql(pg).statements) {
      const database = statement.database ?? "postgres";
      if (!clients.has(database)) clients.set(database, await pgClient(database));
      await clients.get(database)!.query(fillPasswords(statement.sql, passwords));
    }
  } finally {
    for (const client of clients.values()) await client.end();
  }
  await inMysql([...myDatabases(model).map((d) => `CREATE DATABASE \`${d}\``), ...mysqlSql(my, { requireTls: true }).statements.map((s) => fillPasswords(s.sql, passwords))]);
  return passwords;
}

/** Two deviations verify must name: PUBLIC may connect to a module database; the audit writer may delete. */
export const PLANTED = {
  postgres: (database: string) => `GRANT CONNECT ON DATABASE "${database}" TO PUBLIC`,
  mysql: (database: string, user: string) => `GRANT DELETE ON \`${database}\`.* TO '${user}'@'%'`,
};

async function main(args: string[]): Promise<number> {
  const options = parseArguments(args);
  const model = localModel(options.stack);
  await remove(model);
  if (options.remove) {
    fs.rmSync(options.outDir, { recursive: true, force: true });
    process.stdout.write(`verify:local: dropped ${options.stack}'s databases and logins from the local servers, removed ${options.outDir}\n`);
    return 0;
  }
  const passwords = await apply(model);
  const { outputs, secrets } = localVerifyInputs(model, passwords, PG, MY, `${options.stack}-local-vault`);
  fs.mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const outputsFile = path.join(options.outDir, "outputs.json");
  const secretsFile = path.join(options.outDir, "secrets.json");
  fs.writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`, { mode: 0o600 });
  fs.writeFileSync(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  if (options.plant) {
    await inPg("postgres", [PLANTED.postgres(pgDatabases(model).find((d) => d.includes("crm")) ?? pgDatabases(model)[0]!)]);
    const audit = model.mysql[0]!.grants.find((g) => g.database.includes("audit") && g.privileges.includes("INSERT") && !g.privileges.includes("DELETE"));
    if (audit !== undefined) await inMysql([PLANTED.mysql(audit.database, audit.user)]);
  }
  const relative = (file: string) => path.relative(process.cwd(), file) || file;
  process.stdout.write(
    `verify:local: ${options.stack}'s access model applied to PostgreSQL ${PG.host}:${PG.port} and MariaDB ${MY.host}:${MY.port}${options.plant ? ", with two planted deviations" : ""}; ` +
      `the same check by hand: npm run verify -- ${options.stack} --outputs ${relative(outputsFile)} --secrets ${relative(secretsFile)} --ca ${CA_FILE} --engines postgresql,mysql\n`,
  );
  const redactor = new Redactor();
  const { results, report } = await verifyStack({ stack: options.stack, outputs: parseStackOutputs(fs.readFileSync(outputsFile, "utf8")), secrets: fileSecrets(secretsFile), cas: caBundle(CA_FILE), engines: ["postgresql", "mysql"], redactor });
  process.stdout.write(report);
  return results.deviations().length === 0 ? 0 : 1;
}

if (require.main === module) runCommand(COMMAND, main);
