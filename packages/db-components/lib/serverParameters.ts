/**
 * The server-parameter table: every Azure flexible-server parameter this program sets, per engine
 * and engine version, with the values Azure allows, its default and whether it is static (takes
 * effect only after a server restart), each from Microsoft's documentation. Pure data: no Pulumi.
 *
 * Used three ways, so they cannot drift: `test/serverParameters.test.ts` checks that every
 * parameter a server gets is here and that its value is allowed for the server's version; the
 * offline plan (`scripts/lib/inventory.ts`, `scripts/lib/planDiff.ts`) marks static ones as needing
 * a restart; the README's first-deploy checklist and docs/operating.md list the static ones.
 *
 * Sources (MicrosoftDocs/azure-databases-docs; the per-version PostgreSQL tables are generated from
 * the service, `articles/postgresql/flexible-server/includes/param-<version>-<category>.md`):
 * each entry names the file it was read from and the versions read. Where Microsoft documents a
 * version the program does not read separately, the entry says which version's table it relies on.
 */

export type ParameterEngine = "pg" | "mysql";

/** What Azure accepts for a parameter. Comparison is case-insensitive, as the service's is for these types. */
export type AllowedValues =
  | { readonly kind: "one-of"; readonly values: readonly string[] }
  /** A comma-separated set whose members each come from `values` (PostgreSQL "set" parameters, MySQL tls_version). */
  | { readonly kind: "set-of"; readonly values: readonly string[] }
  | { readonly kind: "integer"; readonly min: number; readonly max: number };

export interface ServerParameterSpec {
  readonly engine: ParameterEngine;
  readonly name: string;
  /** Engine versions this entry covers (the program's supported versions: config/schema.ts). */
  readonly versions: readonly string[];
  readonly allowed: AllowedValues;
  /** Azure's default on a new server, as documented. */
  readonly defaultValue: string;
  /** Static: Azure stores the value at once but the engine uses it only after a restart. */
  readonly restart: boolean;
  /** Another parameter that must hold a value for this one to have any effect. */
  readonly requires?: { readonly name: string; readonly value: string; readonly why: string };
  /** Where it was read: file (and commit where the search index gave one), and which versions. */
  readonly source: string;
}

const PG_VERSIONS = ["14", "15", "16", "17"] as const;
const MYSQL_VERSIONS = ["8.0.21", "8.4"] as const;
const ON_OFF = { kind: "one-of", values: ["on", "off"] } as const;
const PG_PARAMS = "MicrosoftDocs/azure-databases-docs articles/postgresql/flexible-server/includes";

export const SERVER_PARAMETERS: readonly ServerParameterSpec[] = [
  // PostgreSQL
  {
    engine: "pg",
    name: "require_secure_transport",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "on",
    restart: false,
    source: "articles/postgresql/flexible-server/concepts-security.md: \"Encryption is enforced by default\", turned off only \"by updating the require_secure_transport server parameter to OFF\"",
  },
  {
    engine: "pg",
    name: "ssl_min_protocol_version",
    versions: PG_VERSIONS,
    allowed: { kind: "one-of", values: ["TLSv1.2", "TLSv1.3"] },
    defaultValue: "TLSv1.2",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-connections-authentication-ssl.md (read: 12; enumeration TLSv1.2,TLSv1.3, default TLSv1.2, dynamic)`,
  },
  {
    engine: "pg",
    name: "log_checkpoints",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "on",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-reporting-logging-what-log.md (read: 13, 17; boolean, default on, dynamic)`,
  },
  {
    engine: "pg",
    name: "log_connections",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "on",
    restart: false,
    source: `${PG_PARAMS}/param-17-reporting-logging-what-log.md (boolean, default on, dynamic)`,
  },
  {
    engine: "pg",
    name: "log_disconnections",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "on",
    restart: false,
    source: `${PG_PARAMS}/param-17-reporting-logging-what-log.md (boolean, default on, dynamic)`,
  },
  {
    engine: "pg",
    name: "connection_throttle.enable",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "off",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-customized-options.md (read: two versions' tables; boolean, default off, dynamic)`,
  },
  {
    engine: "pg",
    name: "logfiles.download_enable",
    versions: PG_VERSIONS,
    allowed: ON_OFF,
    defaultValue: "off",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-intelligent-tuning.md and param-18-customized-options.md ("Enables or disables server logs functionality", boolean, default off, dynamic)`,
  },
  {
    engine: "pg",
    name: "logfiles.retention_days",
    versions: PG_VERSIONS,
    allowed: { kind: "integer", min: 1, max: 7 },
    defaultValue: "3",
    restart: false,
    requires: { name: "logfiles.download_enable", value: "on", why: "it is the retention of the server logs that logfiles.download_enable turns on; without it there are no log files to keep" },
    source: `${PG_PARAMS}/param-<version>-intelligent-tuning.md (integer 1-7, default 3, dynamic); concepts-major-version-upgrade.md: "set logfiles.download_enable to ON ... use logfiles.retention_days"`,
  },
  {
    engine: "pg",
    name: "shared_preload_libraries",
    versions: PG_VERSIONS,
    allowed: {
      kind: "set-of",
      values: ["age", "anon", "auto_explain", "azure_storage", "pg_cron", "pg_failover_slots", "pg_hint_plan", "pg_partman_bgw", "pg_prewarm", "pg_squeeze", "pg_stat_statements", "pgaudit", "pglogical", "timescaledb", "wal2json"],
    },
    defaultValue: "pg_cron,pg_stat_statements",
    restart: true,
    source: `${PG_PARAMS}/param-16-client-connection-defaults-shared-library-preloading.md @ 4e46dbb8 (set, default pg_cron,pg_stat_statements, static)`,
  },
  {
    engine: "pg",
    name: "azure.extensions",
    versions: PG_VERSIONS,
    // The documented list is long; the program only ever allow-lists pgaudit (its table entry here).
    allowed: { kind: "set-of", values: ["pgaudit", "pg_cron", "pg_stat_statements"] },
    defaultValue: "",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-customized-options.md (set of lowercase extension names including pgaudit, pg_cron, pg_stat_statements; default empty; dynamic); concepts-audit.md: allow-list pgaudit before CREATE EXTENSION`,
  },
  {
    engine: "pg",
    name: "pgaudit.log",
    versions: PG_VERSIONS,
    allowed: { kind: "set-of", values: ["none", "read", "write", "function", "role", "ddl", "misc", "all"] },
    defaultValue: "none",
    restart: false,
    source: `${PG_PARAMS}/param-<version>-customized-options.md (read: three versions' tables; set none,read,write,function,role,ddl,misc,all, default none, dynamic); concepts-audit.md: no "-" shortcut on Azure`,
  },
  // MySQL
  {
    engine: "mysql",
    name: "require_secure_transport",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "one-of", values: ["ON", "OFF"] },
    defaultValue: "ON",
    restart: false,
    source: "articles/mysql/flexible-server/how-to-connect-tls-ssl.md @ 017b7aa3: \"require_secure_transport is a dynamic server parameter\"; TLS enforced by default",
  },
  {
    engine: "mysql",
    name: "tls_version",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "set-of", values: ["TLSv1.2", "TLSv1.3"] },
    defaultValue: "TLSv1.2",
    restart: true,
    source:
      "articles/mysql/flexible-server/how-to-connect-tls-ssl.md @ 017b7aa3: \"tls_version is a static server parameter which requires a server restart\"; MySQL 8.0 supports TLS 1.2, TLS 1.3, default TLS 1.2 (the table has no 8.4 row: 8.4 relies on the 8.0 row)",
  },
  {
    engine: "mysql",
    name: "audit_log_enabled",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "one-of", values: ["ON", "OFF"] },
    defaultValue: "OFF",
    restart: false,
    source: "articles/mysql/flexible-server/concepts-audit-logs.md @ 0a87d3e2: \"By default, audit logs are disabled. To enable them, set the audit_log_enabled server parameter to ON\" (no restart named)",
  },
  {
    engine: "mysql",
    name: "audit_log_events",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "set-of", values: ["CONNECTION", "CONNECTION_V2", "DML_SELECT", "DML_NONSELECT", "DML", "DDL", "DCL", "ADMIN", "GENERAL", "TABLE_ACCESS"] },
    defaultValue: "CONNECTION",
    restart: false,
    requires: { name: "audit_log_enabled", value: "ON", why: "it only chooses what the audit log records" },
    source: "articles/mysql/flexible-server/concepts-audit-logs.md @ 0a87d3e2 (event table; the article names no default: CONNECTION is the portal's, not verified here)",
  },
  {
    engine: "mysql",
    name: "slow_query_log",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "one-of", values: ["ON", "OFF"] },
    defaultValue: "OFF",
    restart: false,
    source: "articles/mysql/flexible-server/concepts-slow-query-logs.md @ 2398f1cd: \"By default, the slow query log is disabled. To enable logs, set the slow_query_log server parameter to ON\"",
  },
  {
    engine: "mysql",
    name: "aad_auth_only",
    versions: MYSQL_VERSIONS,
    allowed: { kind: "one-of", values: ["ON", "OFF"] },
    defaultValue: "OFF",
    restart: false,
    source: "articles/mysql/flexible-server/concepts-azure-ad-authentication.md (Entra-only authentication is the aad_auth_only parameter; Azure Policy 'Azure MySQL flexible server should have Microsoft Entra Only Authentication enabled')",
  },
];

/** The table's entry for a parameter on an engine version, or `undefined` if the program never sets it there. */
export function parameterSpec(engine: ParameterEngine, version: string, name: string): ServerParameterSpec | undefined {
  return SERVER_PARAMETERS.find((p) => p.engine === engine && p.name === name && p.versions.includes(version));
}

/** Why `value` is not allowed for the parameter, or `undefined` when it is. */
export function valueProblem(spec: ServerParameterSpec, value: string): string | undefined {
  const allowed = spec.allowed;
  if (allowed.kind === "integer") {
    const n = Number(value);
    return Number.isInteger(n) && n >= allowed.min && n <= allowed.max ? undefined : `must be an integer ${allowed.min}-${allowed.max}`;
  }
  const known = new Set(allowed.values.map((v) => v.toLowerCase()));
  const members = allowed.kind === "set-of" ? value.split(",").map((v) => v.trim()) : [value];
  const unknown = members.filter((m) => !known.has(m.toLowerCase()));
  return unknown.length === 0 && members.length > 0 ? undefined : `${unknown.join(", ") || "(empty)"} not in ${allowed.values.join(", ")}`;
}

/**
 * Every problem of a server's parameter set: parameters missing from the table, values Azure does
 * not allow, and parameters whose `requires` is not met by the same set.
 */
export function parameterSetProblems(engine: ParameterEngine, version: string, values: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const spec = parameterSpec(engine, version, name);
    if (spec === undefined) {
      problems.push(`${engine} ${version} ${name}: not in the server-parameter table (packages/db-components/lib/serverParameters.ts)`);
      continue;
    }
    const problem = valueProblem(spec, value);
    if (problem !== undefined) problems.push(`${engine} ${version} ${name} = ${value}: ${problem}`);
    if (spec.requires !== undefined && values[spec.requires.name]?.toLowerCase() !== spec.requires.value.toLowerCase()) {
      problems.push(`${engine} ${version} ${name}: needs ${spec.requires.name} = ${spec.requires.value}, because ${spec.requires.why}`);
    }
  }
  return problems;
}

/** The static parameters of an engine (need a restart), in any version the program supports. */
export function staticParameterNames(engine: ParameterEngine): string[] {
  return [...new Set(SERVER_PARAMETERS.filter((p) => p.engine === engine && p.restart).map((p) => p.name))];
}

/** Is this a static parameter of the engine (needs a restart), in any version the program supports? */
export function isStaticParameter(engine: ParameterEngine, name: string): boolean {
  return SERVER_PARAMETERS.some((p) => p.engine === engine && p.name === name && p.restart);
}

/**
 * Does `value` equal Azure's documented default? Such a setting may be ignored by Azure
 * (pulumi/pulumi-azure-native#4736: "Setting ... Configuration to a default value is ignored"): on
 * a new server it changes nothing; a later drift away from it is not repaired by `pulumi up`.
 */
export function equalsDefault(spec: ServerParameterSpec, value: string): boolean {
  const norm = (v: string) =>
    v
      .split(",")
      .map((m) => m.trim().toLowerCase())
      .sort()
      .join(",");
  return norm(spec.defaultValue) === norm(value);
}
