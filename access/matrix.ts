/**
 * The access matrix for auditors: every principal's effective privileges on each of the 17
 * databases, memberships resolved. Computed from the access model alone, so it is the same facts
 * the Pulumi resources and the SQL are rendered from. No secrets: names and privileges only.
 */
import { type AccessModel, PG_MAINTENANCE_DATABASE, PG_SCHEMA, type PostgresServerAccess } from "./model";

export interface AccessMatrixEntry {
  readonly principal: string;
  readonly kind: "login" | "group";
  readonly engine: "postgresql" | "mysql" | "mongodb";
  readonly server: string;
  /** One of the 17 databases, or a PostgreSQL server's maintenance database `postgres` (PUBLIC only). */
  readonly database: string;
  /**
   * Effective privileges, sorted, e.g. `CONNECT`, `USAGE on schema public`, `SELECT on tables`.
   * A login that starts every session as another role (the migrator) also lists
   * `SET ROLE <role> at login`; it inherits nothing from that role.
   */
  readonly privileges: string[];
}

const OBJECT_LABEL = { database: "", schema: ` on schema ${PG_SCHEMA}`, table: " on tables", sequence: " on sequences" } as const;

/** Direct privileges of each role on each database, as matrix strings. */
function directPrivileges(pg: PostgresServerAccess): Map<string, Map<string, Set<string>>> {
  const direct = new Map<string, Map<string, Set<string>>>();
  const add = (role: string, database: string, privilege: string) => {
    const byDatabase = direct.get(role) ?? new Map<string, Set<string>>();
    direct.set(role, byDatabase);
    byDatabase.set(database, (byDatabase.get(database) ?? new Set()).add(privilege));
  };
  for (const g of pg.grants) for (const p of g.privileges) add(g.role, g.database, `${p}${OBJECT_LABEL[g.objectType]}`);
  for (const o of pg.schemaOwners) add(o.owner, o.database, `OWNER of schema ${o.schema}`);
  // Default privileges are the same set on future tables: recorded once more so a reviewer sees them.
  for (const d of pg.defaultPrivileges) for (const p of d.privileges) add(d.role, d.database, `${p} on future ${d.objectType}s of ${d.owner}`);
  return direct;
}

function postgresEntries(pg: PostgresServerAccess): AccessMatrixEntry[] {
  const direct = directPrivileges(pg);
  const roles = new Map(pg.roles.map((r) => [r.name, r]));
  // A NOINHERIT role holds only its own privileges: its memberships are SET ROLE paths.
  const effective = (role: string, database: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(role)) return new Set();
    seen.add(role);
    const result = new Set(direct.get(role)?.get(database) ?? []);
    const r = roles.get(role);
    if (r?.assumeRole !== undefined && r.database === database) result.add(`SET ROLE ${r.assumeRole} at login`);
    if (r?.inherit ?? true) for (const parent of r?.memberOf ?? []) for (const p of effective(parent, database, seen)) result.add(p);
    return result;
  };
  const entries: AccessMatrixEntry[] = [
    // PostgreSQL's default for PUBLIC on a database is CONNECT and TEMPORARY; closed unless the stack accepts it open.
    { principal: "PUBLIC", kind: "group", engine: "postgresql", server: pg.server.serverName, database: PG_MAINTENANCE_DATABASE, privileges: pg.maintenanceClosed ? [] : ["CONNECT", "TEMPORARY"] },
  ];
  for (const d of pg.databases) {
    entries.push({ principal: "PUBLIC", kind: "group", engine: "postgresql", server: pg.server.serverName, database: d.database, privileges: [] });
    for (const role of pg.roles) {
      const privileges = effective(role.name, d.database);
      if (privileges.size === 0) continue;
      entries.push({ principal: role.name, kind: role.login ? "login" : "group", engine: "postgresql", server: pg.server.serverName, database: d.database, privileges: [...privileges].sort() });
    }
  }
  return entries;
}

export function accessMatrix(model: AccessModel): AccessMatrixEntry[] {
  return [
    ...model.postgres.flatMap(postgresEntries),
    ...model.mysql.flatMap((my) =>
      my.grants.map((g): AccessMatrixEntry => ({ principal: g.user, kind: "login", engine: "mysql", server: my.server.serverName, database: g.database, privileges: [...g.privileges].sort() })),
    ),
    ...model.atlas.users.map((u): AccessMatrixEntry => ({
      principal: u.username,
      kind: "login",
      engine: "mongodb",
      server: model.atlas.clusterName,
      database: model.atlas.database,
      privileges: u.roles.map((r) => `${r.roleName}@${r.databaseName}`).sort(),
    })),
  ];
}
