import { accessMatrix } from "../access/matrix";
import { type AccessModel, accessModel, loginUses, postgresServerAccess, PRINCIPAL_RENAMES } from "../access/model";
import { accessSql, renderScript } from "../access/sql";
import { GENIMS_CATALOG, allDatabases } from "../catalog";
import { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { renderInventory } from "../scripts/lib/inventory";
import { MOCK_CLIENT_CONFIG, MOCK_PASSWORD_PREFIX, type ProgramRun, type RecordedResource, resourcesOfType, runGenims, stackConfig, toRuntimeConfig } from "./harness";

const PG_ROLE = "postgresql:index/role:Role";
const PG_GRANT = "postgresql:index/grant:Grant";
const PG_GRANT_ROLE = "postgresql:index/grantRole:GrantRole";
const PG_SCHEMA = "postgresql:index/schema:Schema";
const PG_DEFAULTS = "postgresql:index/defaultPrivileges:DefaultPrivileges";
const MYSQL_USER = "mysql:index/user:User";
const MYSQL_GRANT = "mysql:index/grant:Grant";
const ATLAS_USER = "mongodbatlas:index/databaseUser:DatabaseUser";
const VAULT = "azure-native:keyvault:Vault";
const VAULT_SECRET = "azure-native:keyvault:Secret";
const PASSWORD = "random:index/randomPassword:RandomPassword";

const modelOf = (stack: string): AccessModel => accessModel(validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG));

let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
}, 60_000);

/** The access component (`pg-<key>-access`) a resource belongs to. */
const componentOf = (r: RecordedResource) => (r.parent ?? "").replace(/^.*::/, "");
const sorted = (list: unknown) => [...(list as string[])].sort().join(",");

/** The roles and grants the Pulumi program registered, as comparable facts per server. */
function pulumiFacts(run: ProgramRun): string[] {
  const facts: string[] = [];
  for (const r of resourcesOfType(run, PG_ROLE)) {
    facts.push(`${componentOf(r)} role ${r.inputs.name} ${r.inputs.login ? "login" : "nologin"} ${r.inputs.inherit ? "inherit" : "noinherit"}`);
    for (const role of (r.inputs.roles as string[] | undefined) ?? []) facts.push(`${componentOf(r)} member ${r.inputs.name} of ${role}`);
    if (r.inputs.assumeRole !== undefined) facts.push(`${componentOf(r)} assume ${r.inputs.name} ${r.inputs.assumeRole}`);
  }
  for (const r of resourcesOfType(run, PG_SCHEMA)) facts.push(`${componentOf(r)} owner ${r.inputs.database}.${r.inputs.name} ${r.inputs.owner}`);
  for (const r of resourcesOfType(run, PG_GRANT)) {
    facts.push(`${componentOf(r)} grant ${r.inputs.role} ${r.inputs.objectType} ${r.inputs.database}${r.inputs.schema ? `.${r.inputs.schema}` : ""} [${sorted(r.inputs.privileges)}]`);
  }
  for (const r of resourcesOfType(run, PG_DEFAULTS)) facts.push(`${componentOf(r)} default ${r.inputs.database}.${r.inputs.schema} ${r.inputs.owner}->${r.inputs.role} ${r.inputs.objectType} [${sorted(r.inputs.privileges)}]`);
  for (const r of resourcesOfType(run, MYSQL_USER)) facts.push(`${componentOf(r)} user ${r.inputs.user}@${r.inputs.host}`);
  for (const r of resourcesOfType(run, MYSQL_GRANT)) facts.push(`${componentOf(r)} grant ${r.inputs.user}@${r.inputs.host} ${r.inputs.database}.${r.inputs.table} [${sorted(r.inputs.privileges)}]`);
  return facts.sort();
}

/** The same facts parsed back out of the rendered SQL; any statement it cannot account for fails. */
function sqlFacts(model: AccessModel): string[] {
  const facts: string[] = [];
  const keyOf = new Map([...model.postgres.map((s) => [s.server.serverName, `pg-${s.server.key}-access`] as const), ...model.mysql.map((s) => [s.server.serverName, `mysql-${s.server.key}-access`] as const)]);
  const privs = (list: string) => `[${list.split(", ").sort().join(",")}]`;
  const objectType = { DATABASE: "database", SCHEMA: "schema", "ALL TABLES IN SCHEMA": "table", "ALL SEQUENCES IN SCHEMA": "sequence" } as const;
  for (const script of accessSql(model)) {
    const c = keyOf.get(script.server)!;
    for (const { database, sql } of script.statements) {
      const at = (object: keyof typeof objectType, name: string) => (object === "DATABASE" ? name : `${database ?? "postgres"}.${name}`);
      const role = (text: string) => (text === "PUBLIC" ? "public" : text.slice(1, -1));
      let m: RegExpExecArray | null;
      if ((m = /^CREATE ROLE "(\w+)" (LOGIN|NOLOGIN) .* (INHERIT|NOINHERIT);$/.exec(sql))) facts.push(`${c} role ${m[1]} ${m[2]!.toLowerCase()} ${m[3]!.toLowerCase()}`);
      else if ((m = /^GRANT "(\w+)" TO "(\w+)";$/.exec(sql))) facts.push(`${c} member ${m[2]} of ${m[1]}`);
      else if ((m = /^ALTER ROLE "(\w+)" SET ROLE TO "(\w+)";$/.exec(sql))) facts.push(`${c} assume ${m[1]} ${m[2]}`);
      else if (/^(GRANT "\w+" TO|REVOKE "\w+" FROM) CURRENT_USER;$/.test(sql)) continue; // the admin's temporary membership
      else if ((m = /^ALTER SCHEMA "(\w+)" OWNER TO "(\w+)";$/.exec(sql))) facts.push(`${c} owner ${database}.${m[1]} ${m[2]}`);
      else if ((m = /^REVOKE ALL ON (DATABASE|SCHEMA) "(\w+)" FROM (PUBLIC|"\w+");$/.exec(sql))) facts.push(`${c} grant ${role(m[3]!)} ${objectType[m[1] as "DATABASE"]} ${at(m[1] as "DATABASE", m[2]!)} []`);
      else if ((m = /^GRANT ([A-Z, ]+) ON (DATABASE|SCHEMA|ALL TABLES IN SCHEMA|ALL SEQUENCES IN SCHEMA) "(\w+)" TO (PUBLIC|"\w+");$/.exec(sql))) {
        facts.push(`${c} grant ${role(m[4]!)} ${objectType[m[2] as "DATABASE"]} ${at(m[2] as "DATABASE", m[3]!)} ${privs(m[1]!)}`);
      } else if ((m = /^ALTER DEFAULT PRIVILEGES FOR ROLE "(\w+)" IN SCHEMA "(\w+)" GRANT ([A-Z, ]+) ON (TABLES|SEQUENCES) TO "(\w+)";$/.exec(sql))) {
        facts.push(`${c} default ${database}.${m[2]} ${m[1]}->${m[5]} ${m[4]!.toLowerCase().slice(0, -1)} ${privs(m[3]!)}`);
      } else if ((m = /^CREATE USER IF NOT EXISTS '(\w+)'@'(%)' IDENTIFIED BY \{\{PASSWORD:\1\}\} REQUIRE SSL;$/.exec(sql))) facts.push(`${c} user ${m[1]}@${m[2]}`);
      else if ((m = /^GRANT ([A-Z, ]+) ON `(\w+)`\.\* TO '(\w+)'@'(%)';$/.exec(sql))) facts.push(`${c} grant ${m[3]}@${m[4]} ${m[2]}.* ${privs(m[1]!)}`);
      else throw new Error(`statement not accounted for: ${sql}`);
    }
  }
  return facts.sort();
}

describe.each([
  ["dev", () => dev],
  ["prod", () => prod],
])("%s stack: access", (stack, run) => {
  test("one model, two renderings: the Pulumi resources and the SQL state the same roles and grants", () => {
    const fromPulumi = pulumiFacts(run());
    expect(fromPulumi.length).toBeGreaterThan(300);
    expect(sqlFacts(modelOf(stack))).toEqual(fromPulumi);
  });

  test("every PostgreSQL database has owner, rw, ro, app and migrator roles, PUBLIC revoked, default privileges for the owner's future tables", () => {
    const roles = new Map(resourcesOfType(run(), PG_ROLE).map((r) => [String(r.inputs.name), r.inputs]));
    const grants = resourcesOfType(run(), PG_GRANT).map((r) => r.inputs);
    const defaults = resourcesOfType(run(), PG_DEFAULTS).map((r) => r.inputs);
    for (const { name } of GENIMS_CATALOG.postgres) {
      const stem = name.replace(/_db$/, "");
      expect([name, roles.get(`${stem}_owner`)?.login, roles.get(`${stem}_rw`)?.login, roles.get(`${stem}_ro`)?.login, roles.get(`${stem}_app`)?.login]).toEqual([name, false, false, false, true]);
      for (const objectType of ["database", "schema"]) expect(grants).toContainEqual(expect.objectContaining({ database: name, role: "public", objectType, privileges: [] }));
      expect(grants).toContainEqual(expect.objectContaining({ database: name, role: `${stem}_ro`, objectType: "table", privileges: ["SELECT"] }));
      expect(defaults).toContainEqual(expect.objectContaining({ database: name, owner: `${stem}_owner`, role: `${stem}_rw`, objectType: "table", privileges: ["DELETE", "INSERT", "SELECT", "UPDATE"] }));
      expect(defaults).toContainEqual(expect.objectContaining({ database: name, owner: `${stem}_owner`, role: `${stem}_ro`, objectType: "table", privileges: ["SELECT"] }));
      expect(roles.get(`${stem}_app`)?.roles).toEqual([`${stem}_rw`]);
      // The migrator: a login that is the owner in every session and inherits nothing from it.
      expect(roles.get(`${stem}_migrator`)).toEqual(expect.objectContaining({ login: true, inherit: false, roles: [`${stem}_owner`], assumeRole: `${stem}_owner` }));
      expect(grants).toContainEqual(expect.objectContaining({ database: name, role: `${stem}_migrator`, objectType: "database", privileges: ["CONNECT"] }));
      expect(grants.filter((g) => g.role === `${stem}_migrator`)).toHaveLength(1);
      for (const group of ["owner", "rw", "ro"]) expect([group, roles.get(`${stem}_${group}`)?.roles]).toEqual([group, []]);
    }
    for (const role of roles.values()) expect(role).toEqual(expect.objectContaining({ superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false }));
    // No role gets more than table DML from a grant: no TRUNCATE, REFERENCES, TRIGGER, no grant option.
    for (const grant of grants) expect(grant.withGrantOption).toBe(false);
  });

  test("teams are NOLOGIN groups with read-write on exactly their own modules' databases", () => {
    const members = resourcesOfType(run(), PG_ROLE).flatMap((r) => ((r.inputs.roles as string[]) ?? []).map((grantRole) => ({ role: r.inputs.name, grantRole })));
    for (const database of GENIMS_CATALOG.postgres) {
      const team = `genims_team_${database.team.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
      expect(members).toContainEqual(expect.objectContaining({ role: team, grantRole: database.name.replace(/_db$/, "_rw") }));
    }
    const teamGrants = members.filter((m) => String(m.role).startsWith("genims_team_"));
    expect(teamGrants).toHaveLength(GENIMS_CATALOG.postgres.length);
    for (const grant of teamGrants) expect(String(grant.grantRole)).toMatch(/_rw$/);
    for (const role of resourcesOfType(run(), PG_ROLE).filter((r) => String(r.inputs.name).startsWith("genims_team_"))) expect(role.inputs.login).toBe(false);
  });

  test("the ETL reader is a member of every module's ro role and of nothing else", () => {
    const etl = resourcesOfType(run(), PG_ROLE).filter((r) => r.inputs.name === "genims_etl_reader");
    expect(etl).toHaveLength(modelOf(stack).postgres.length);
    expect(etl.flatMap((r) => r.inputs.roles as string[]).sort()).toEqual(GENIMS_CATALOG.postgres.map((d) => d.name.replace(/_db$/, "_ro")).sort());
  });

  test("memberships are managed by the member's Role only: no GrantRole resource exists", () => {
    // A GrantRole beside Role.roles would be revoked by every Role update (password rotation) and
    // re-found by every refresh: resource_postgresql_role.go:727-734 and :485-516 at v1.27.0.
    expect(resourcesOfType(run(), PG_GRANT_ROLE)).toEqual([]);
    const roleNames = new Set(resourcesOfType(run(), PG_ROLE).map((r) => String(r.inputs.name)));
    for (const r of resourcesOfType(run(), PG_ROLE)) for (const member of (r.inputs.roles as string[]) ?? []) expect(roleNames).toContain(member);
  });

  test("a module's roles and grants go through a provider connected to its database; server-wide ones through postgres", () => {
    const providers = new Map(resourcesOfType(run(), "pulumi:providers:postgresql").map((p) => [`${p.type}::${p.name}`, String(p.inputs.database)]));
    const model = modelOf(stack);
    const homeOf = new Map(model.postgres.flatMap((s) => s.roles.map((r) => [r.name, r.database ?? "postgres"] as const)));
    for (const role of resourcesOfType(run(), PG_ROLE)) expect([role.inputs.name, providers.get(role.provider!)]).toEqual([role.inputs.name, homeOf.get(String(role.inputs.name))]);
    for (const r of [...resourcesOfType(run(), PG_GRANT), ...resourcesOfType(run(), PG_DEFAULTS), ...resourcesOfType(run(), PG_SCHEMA)]) {
      expect([r.name, providers.get(r.provider!)]).toEqual([r.name, r.inputs.database]);
    }
    for (const [, database] of providers) expect(["postgres", ...GENIMS_CATALOG.postgres.map((d) => d.name)]).toContain(database);
  });

  test("the grants of one database form a single chain (no two run at once) and are replaced delete-first", () => {
    const chained = [...resourcesOfType(run(), PG_SCHEMA), ...resourcesOfType(run(), PG_GRANT), ...resourcesOfType(run(), PG_DEFAULTS)];
    const byDatabase = new Map<string, typeof chained>();
    for (const r of chained) byDatabase.set(`${componentOf(r)}/${r.inputs.database}`, [...(byDatabase.get(`${componentOf(r)}/${r.inputs.database}`) ?? []), r]);
    const key = (r: RecordedResource) => `${r.type}::${r.name}`;
    for (const [database, members] of byDatabase) {
      const keys = new Set(members.map(key));
      // Every member but the first depends on exactly one other member, and each is depended on once.
      const predecessors = members.map((r) => r.dependsOn.filter((d) => keys.has(d)));
      expect([database, predecessors.filter((p) => p.length === 0).length]).toEqual([database, 1]);
      expect([database, predecessors.every((p) => p.length <= 1)]).toEqual([database, true]);
      const successors = predecessors.flat();
      expect([database, new Set(successors).size]).toEqual([database, members.length - 1]);
    }
    for (const r of [...resourcesOfType(run(), PG_GRANT), ...resourcesOfType(run(), PG_DEFAULTS), ...resourcesOfType(run(), MYSQL_USER), ...resourcesOfType(run(), MYSQL_GRANT)]) {
      expect([r.name, r.deleteBeforeReplace]).toEqual([r.name, true]);
    }
    for (const schema of resourcesOfType(run(), PG_SCHEMA)) expect([schema.retainOnDelete, schema.deleteBeforeReplace]).toEqual([true, false]);
  });

  test("the maintenance database postgres is closed to PUBLIC", () => {
    expect(resourcesOfType(run(), PG_GRANT).map((r) => r.inputs)).toContainEqual(expect.objectContaining({ database: "postgres", role: "public", objectType: "database", privileges: [] }));
  });

  test("MySQL: database-scoped grants only, append-only audit writer, read-only auditor and readers, TLS-only accounts", () => {
    const grants = resourcesOfType(run(), MYSQL_GRANT).map((r) => r.inputs);
    for (const grant of grants) {
      expect(grant).toEqual(expect.objectContaining({ host: "%", table: "*", grant: false }));
      expect(GENIMS_CATALOG.mysql.map((d) => d.name)).toContain(grant.database);
      for (const privilege of grant.privileges as string[]) expect(["SELECT", "INSERT", "UPDATE", "DELETE"]).toContain(privilege);
    }
    const of = (user: string) => grants.filter((g) => g.user === user).map((g) => `${g.database}:${sorted(g.privileges)}`).sort();
    expect(of("genims_audit_writer")).toEqual(["genims_audit_db:INSERT,SELECT"]);
    expect(of("genims_audit_auditor")).toEqual(["genims_audit_db:SELECT"]);
    expect(of("genims_reporting_reader")).toEqual(["genims_reporting_db:SELECT"]);
    expect(of("genims_analytics_reader")).toEqual(["genims_analytics_db:SELECT"]);
    expect(of("genims_etl_writer")).toEqual(["genims_analytics_db:DELETE,INSERT,SELECT,UPDATE", "genims_reporting_db:DELETE,INSERT,SELECT,UPDATE"]);
    for (const user of resourcesOfType(run(), MYSQL_USER)) expect(user.inputs).toEqual(expect.objectContaining({ host: "%", tlsOption: "SSL" }));
  });

  test("Atlas users: roles only on genims_documents_db, scoped to the cluster, never a role on admin", () => {
    const users = resourcesOfType(run(), ATLAS_USER);
    expect(users.map((u) => [u.inputs.username, (u.inputs.roles as { roleName: string }[]).map((r) => r.roleName)])).toEqual([
      ["genims-documents-app", ["readWrite"]],
      ["genims-documents-etl-writer", ["readWrite"]],
      ["genims-documents-analyst", ["read"]],
      ["genims-documents-schema", ["dbAdmin"]],
    ]);
    for (const user of users) {
      expect(user.inputs.authDatabaseName).toBe("admin");
      for (const role of user.inputs.roles as { databaseName: string }[]) expect(role.databaseName).toBe(GENIMS_CATALOG.mongo.name);
      expect(user.inputs.scopes).toEqual([{ name: `genims-${stack}-mongo`, type: "CLUSTER" }]);
      expect(user.dependsOn).toEqual(["mongodbatlas:index/advancedCluster:AdvancedCluster::mongo-cluster"]);
    }
  });

  test("providers sign in as the admin over TLS: PostgreSQL one per server and per module database, MySQL one per server; grants wait for the databases", () => {
    const pgProviders = resourcesOfType(run(), "pulumi:providers:postgresql");
    const mysqlProviders = resourcesOfType(run(), "pulumi:providers:mysql");
    expect(pgProviders.length).toBe(resourcesOfType(run(), "azure-native:dbforpostgresql:Server").length + GENIMS_CATALOG.postgres.length);
    expect(mysqlProviders).toHaveLength(resourcesOfType(run(), "azure-native:dbformysql:Server").length);
    for (const p of pgProviders) {
      expect(p.inputs).toEqual(expect.objectContaining({ superuser: "false", sslmode: "require", username: "genimsadmin" }));
      expect(p.secretInputs).toContain("password");
    }
    for (const p of mysqlProviders) expect(p.inputs).toEqual(expect.objectContaining({ tls: "true", username: "genimsadmin" }));
    for (const grant of resourcesOfType(run(), PG_GRANT).filter((g) => g.inputs.database !== "postgres")) expect(grant.dependsOn).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`dbforpostgresql:Database::.*-db-${String(grant.inputs.database).replace(/_/g, "-")}$`))]));
    for (const grant of resourcesOfType(run(), MYSQL_GRANT)) expect(grant.dependsOn).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`dbformysql:Database::.*-db-${String(grant.inputs.database).replace(/_/g, "-")}$`))]));
  });

  test("Key Vault: RBAC, soft delete, purge protection only when protected, one secret per login and database", () => {
    const [vault] = resourcesOfType(run(), VAULT);
    const properties = vault!.inputs.properties as Record<string, unknown>;
    expect(vault!.inputs.vaultName).toBe(`genims-${stack}-kv`);
    expect(properties).toEqual(expect.objectContaining({ tenantId: MOCK_CLIENT_CONFIG.tenantId, enableRbacAuthorization: true, enableSoftDelete: true, publicNetworkAccess: stack === "dev" ? "Enabled" : "Disabled" }));
    expect(properties.enablePurgeProtection).toBe(stack === "prod" ? true : undefined);
    expect(vault!.protect).toBe(stack === "prod");
    const secrets = resourcesOfType(run(), VAULT_SECRET);
    expect(secrets).toHaveLength(loginUses(modelOf(stack)).length);
    for (const secret of secrets) {
      expect(secret.secretInputs).toContain("properties");
      expect(String(secret.inputs.secretName)).toMatch(/^[a-z0-9-]{1,127}$/);
    }
  });

  test("no password appears in plain text: inputs are secret, outputs masked, plan and SQL free of them", () => {
    const logins = resourcesOfType(run(), PASSWORD).filter((p) => p.name.includes("-access-password-"));
    expect(logins.length).toBe(loginUses(modelOf(stack)).filter((u, i, all) => all.findIndex((o) => o.server === u.server && o.login === u.login) === i).length);
    for (const resource of run().resources) {
      for (const [property, value] of Object.entries(resource.inputs)) {
        if (JSON.stringify(value ?? null).includes(MOCK_PASSWORD_PREFIX)) expect([resource.name, property, resource.secretInputs.includes(property)]).toEqual([resource.name, property, true]);
      }
    }
    expect(run().outputs.connectionStrings).toBe("[secret]");
    expect(JSON.stringify(run().outputs)).not.toContain(MOCK_PASSWORD_PREFIX);
    expect(renderInventory(stack, run())).not.toContain(MOCK_PASSWORD_PREFIX);
    const sql = accessSql(modelOf(stack)).map(renderScript).join("\n");
    expect(sql).not.toContain(MOCK_PASSWORD_PREFIX);
    expect(sql).not.toMatch(/PASSWORD '|IDENTIFIED BY '/);
  });

  test("connectionStrings (secret) gives every one of the 17 databases its application's TLS connection string", () => {
    const strings = run().rawOutputs.connectionStrings as Record<string, string>;
    expect(Object.keys(strings).sort()).toEqual(allDatabases(GENIMS_CATALOG).map((d) => d.name).sort());
    expect(strings.genims_hr_db).toMatch(new RegExp(`^postgresql://genims_hr_app:${MOCK_PASSWORD_PREFIX}-[^@]+@genims-${stack}-pg-\\w+\\.postgres\\.database\\.azure\\.com:5432/genims_hr_db\\?sslmode=require$`));
    expect(strings.genims_audit_db).toMatch(/^mysql:\/\/genims_audit_writer:[^@]+@.*:3306\/genims_audit_db\?ssl-mode=REQUIRED$/);
    // prod reaches Atlas only over Private Link: its applications get the private endpoint's address.
    const mongoHost = stack === "prod" ? "genims-prod-mongo-pl-0" : `genims-${stack}-mongo`;
    expect(strings.genims_documents_db).toMatch(new RegExp(`^mongodb\\+srv://genims-documents-app:[^@]+@${mongoHost}\\.mock\\.mongodb\\.net/genims_documents_db\\?authSource=admin&tls=true$`));
  });

  test("accessMatrix covers all 17 databases, names every login and group, and holds no secret", () => {
    const matrix = run().outputs.accessMatrix as { principal: string; kind: string; engine: string; server: string; database: string; privileges: string[] }[];
    expect(matrix).toEqual(accessMatrix(modelOf(stack)));
    expect([...new Set(matrix.map((e) => e.database))].sort()).toEqual([...allDatabases(GENIMS_CATALOG).map((d) => d.name), "postgres"].sort());
    // The maintenance database appears only as PUBLIC's (empty) entry.
    expect(matrix.filter((e) => e.database === "postgres").map((e) => [e.principal, e.privileges])).toEqual(modelOf(stack).postgres.map(() => ["PUBLIC", []]));
    // The migrator inherits nothing: CONNECT and its login role only.
    expect(matrix).toContainEqual(expect.objectContaining({ principal: "genims_hr_migrator", kind: "login", database: "genims_hr_db", privileges: ["CONNECT", "SET ROLE genims_hr_owner at login"] }));
    expect(matrix).toContainEqual({ principal: "genims_hr_app", kind: "login", engine: "postgresql", server: `genims-${stack}-pg-${stack === "dev" ? "core" : "corporate"}`, database: "genims_hr_db", privileges: expect.arrayContaining(["CONNECT", "INSERT on tables"]) });
    expect(matrix).toContainEqual(expect.objectContaining({ principal: "PUBLIC", database: "genims_hr_db", privileges: [] }));
    // The app of one module has nothing on another, even on the same server.
    expect(matrix.filter((e) => e.principal === "genims_hr_app").map((e) => e.database)).toEqual(["genims_hr_db"]);
    expect(matrix.filter((e) => e.principal === "genims_etl_reader").map((e) => e.database).sort()).toEqual(GENIMS_CATALOG.postgres.map((d) => d.name).sort());
    for (const entry of matrix.filter((e) => e.principal === "genims_etl_reader")) for (const p of entry.privileges) expect(p).toMatch(/^(CONNECT|SELECT .*|USAGE on schema public)$/);
  });
});

describe("password rotation", () => {
  test("genims:passwordRotation changes every login password's keepers and nothing of the servers", async () => {
    const values = Object.fromEntries(Object.entries(readNamespace(stackConfig("dev"))).map(([k, v]) => [`genims:${k}`, v]));
    const rotated = await runGenims("dev", toRuntimeConfig({ ...values, "genims:passwordRotation": 1 }));
    const keepers = (run: ProgramRun) => Object.fromEntries(resourcesOfType(run, PASSWORD).map((p) => [p.name, p.inputs.keepers]));
    for (const [name, value] of Object.entries(keepers(rotated))) {
      expect([name, value]).toEqual([name, name.includes("-access-password-") ? { rotation: "1" } : keepers(dev)[name]]);
    }
    const servers = (run: ProgramRun) => run.resources.filter((r) => /:Server$/.test(r.type)).map((r) => r.inputs);
    expect(servers(rotated)).toEqual(servers(dev));
    // The access resources differ in their passwords and in nothing else: same resources, same
    // memberships, grants and options (a Role update re-grants exactly its `roles`).
    const access = (run: ProgramRun) =>
      run.resources
        .filter((r) => [PG_ROLE, PG_GRANT, PG_DEFAULTS, PG_SCHEMA, MYSQL_USER, MYSQL_GRANT, ATLAS_USER].includes(r.type))
        .map((r) => {
          const { password: _p, plaintextPassword: _m, ...rest } = r.inputs;
          return [r.type, r.name, rest, r.dependsOn, r.deleteBeforeReplace, r.provider];
        });
    expect(access(rotated)).toEqual(access(dev));
  });
});

describe("Key Vault name", () => {
  test("a namePrefix whose vault name breaks Azure's rule (here: two hyphens in a row) is rejected before anything is built", () => {
    const values = { ...readNamespace(stackConfig("dev")), namePrefix: "genims--dev" };
    expect(() => validateEnvironment("dev", values, GENIMS_CATALOG)).toThrow(ConfigError);
    try {
      validateEnvironment("dev", values, GENIMS_CATALOG);
    } catch (error) {
      expect((error as ConfigError).issues).toContainEqual(expect.objectContaining({ path: "genims:namePrefix", problem: expect.stringContaining('Key Vault name "genims--dev-kv"') }));
    }
  });
});

describe("principal renames", () => {
  const servers = () => validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG).postgres.servers;

  test("a login or team holding memberships only keeps its resources: Role and password alias the old name", async () => {
    const renames = PRINCIPAL_RENAMES as Record<string, readonly string[]>;
    renames.genims_etl_reader = ["genims_etl_old"];
    renames.genims_reporting_reader = ["genims_reports_reader"];
    try {
      const run = await runGenims("dev");
      const role = resourcesOfType(run, PG_ROLE).find((r) => r.inputs.name === "genims_etl_reader")!;
      expect(role.aliasNames).toEqual([role.name.replace(/genims_etl_reader$/, "genims_etl_old")]);
      const password = resourcesOfType(run, PASSWORD).find((p) => p.name.endsWith("-password-genims_etl_reader"))!;
      expect(password.aliasNames).toEqual([password.name.replace(/genims_etl_reader$/, "genims_etl_old")]);
      // MySQL has no rename in the provider: the user is replaced (delete first) under its alias,
      // and its grants with it.
      const user = resourcesOfType(run, MYSQL_USER).find((u) => u.inputs.user === "genims_reporting_reader")!;
      expect([user.aliasNames, user.deleteBeforeReplace]).toEqual([[user.name.replace(/genims_reporting_reader$/, "genims_reports_reader")], true]);
      const grant = resourcesOfType(run, MYSQL_GRANT).find((g) => g.inputs.user === "genims_reporting_reader")!;
      expect(grant.aliasNames).toEqual([grant.name.replace("genims_reporting_reader", "genims_reports_reader")]);
    } finally {
      delete renames.genims_etl_reader;
      delete renames.genims_reporting_reader;
    }
  });

  test("renaming a role that holds grants or owns objects is refused, naming it", () => {
    const s = servers()[0]!;
    expect(() => postgresServerAccess({ key: s.key, serverName: s.serverName }, s.databases, { genims_hr_rw: ["genims_people_rw"] })).toThrow(/cannot rename genims_hr_rw \(formerly genims_people_rw\) holds grants/);
    expect(() => postgresServerAccess({ key: s.key, serverName: s.serverName }, s.databases, { genims_hr_owner: ["x"] })).toThrow(/genims_hr_owner/);
    const renamed = postgresServerAccess({ key: s.key, serverName: s.serverName }, s.databases, { genims_hr_app: ["genims_people_app"] });
    expect(renamed.roles.find((r) => r.name === "genims_hr_app")?.formerNames).toEqual(["genims_people_app"]);
  });
});

test("genims:closePostgresMaintenanceDatabase false leaves PUBLIC on `postgres` alone (no grant to flap where Azure's superuser owns it), and the matrix says it is open", async () => {
  const { configWith, runWith } = await import("../lifecycle/scenario");
  const { accessMatrix } = await import("../access/matrix");
  const { accessModel } = await import("../access/model");
  const { validateEnvironment } = await import("../config/validate");
  const { readNamespace } = await import("../config/load");
  const { GENIMS_CATALOG } = await import("../catalog");
  const open = (v: Record<string, unknown>) => { v.closePostgresMaintenanceDatabase = false; };
  const publicOnPostgres = (run: Awaited<ReturnType<typeof runWith>>) =>
    run.resources.filter((r) => r.type === "postgresql:index/grant:Grant" && r.inputs.database === "postgres" && r.inputs.role === "public");
  expect(publicOnPostgres(await runWith("dev"))).toHaveLength(1);
  expect(publicOnPostgres(await runWith("dev", open))).toEqual([]);
  const maintenanceRow = (edit?: (v: Record<string, unknown>) => void) =>
    accessMatrix(accessModel(validateEnvironment("dev", readNamespace(configWith("dev", edit)), GENIMS_CATALOG))).find((e) => e.principal === "PUBLIC" && e.database === "postgres")!.privileges;
  expect(maintenanceRow()).toEqual([]);
  expect(maintenanceRow(open)).toEqual(["CONNECT", "TEMPORARY"]);
});
