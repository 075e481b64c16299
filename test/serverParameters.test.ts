/**
 * Issue 10, item 8 and "What to build" 3: the server-parameter table, checked against what every
 * stack sets; static parameters shown in the plan and listed in the README's checklist and docs/operating.md; pgaudit created.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MYSQL_BASELINE_PARAMETERS } from "../packages/db-components/lib/mysqlServer";
import { POSTGRES_BASELINE_PARAMETERS } from "../packages/db-components/lib/postgresServer";
import { SERVER_PARAMETERS, equalsDefault, parameterSetProblems, parameterSpec } from "../packages/db-components/lib/serverParameters";
import { MYSQL_VERSIONS, POSTGRES_VERSIONS } from "../config/schema";
import { renderInventory } from "../scripts/lib/inventory";
import { findAddedStaticParameters, findReplacements, parsePlan } from "../scripts/lib/planDiff";
import { type ProgramRun, REPO_ROOT, id, resourcesOfType, runGenims, stackConfig } from "./harness";

const ENGINES = [
  { kind: "pg" as const, server: "azure-native:dbforpostgresql:Server", configuration: "azure-native:dbforpostgresql:Configuration" },
  { kind: "mysql" as const, server: "azure-native:dbformysql:Server", configuration: "azure-native:dbformysql:Configuration" },
];

let dev: ProgramRun;
let prod: ProgramRun;
let prodWithExtension: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
  prodWithExtension = await runGenims("prod", { ...stackConfig("prod"), "genims:pgauditExtension": "true" });
}, 90_000);

/** Per server: engine, version and the parameters it sets. */
function serverParameters(run: ProgramRun) {
  return ENGINES.flatMap((engine) =>
    resourcesOfType(run, engine.server).map((server) => ({
      engine: engine.kind,
      server: server.name,
      version: String(server.inputs.version),
      values: Object.fromEntries(
        run.resources.filter((r) => r.type === engine.configuration && r.parent === id(server.type, server.name)).map((c) => [String(c.inputs.configurationName), String(c.inputs.value)]),
      ),
    })),
  );
}

describe("every parameter a stack sets is in the table, with a value Azure allows for the server's version", () => {
  test.each([
    ["dev", () => dev],
    ["prod", () => prod],
  ])("%s", (_stack, run) => {
    const servers = serverParameters(run());
    expect(servers.length).toBeGreaterThan(0);
    for (const server of servers) {
      expect(Object.keys(server.values).length).toBeGreaterThan(0);
      expect([server.server, parameterSetProblems(server.engine, server.version, server.values)]).toEqual([server.server, []]);
    }
  });

  test("the baselines hold on every engine version the config accepts", () => {
    for (const version of POSTGRES_VERSIONS) expect(parameterSetProblems("pg", version, POSTGRES_BASELINE_PARAMETERS)).toEqual([]);
    for (const version of MYSQL_VERSIONS) expect(parameterSetProblems("mysql", version, { ...MYSQL_BASELINE_PARAMETERS, aad_auth_only: "ON" })).toEqual([]);
  });

  test("the checks bite: an unknown parameter, a value outside the allowed ones, an unmet dependency", () => {
    expect(parameterSetProblems("pg", "16", { work_mem: "4MB" })).toEqual([expect.stringContaining("work_mem: not in the server-parameter table")]);
    expect(parameterSetProblems("pg", "16", { "logfiles.download_enable": "on", "logfiles.retention_days": "8" })).toEqual([expect.stringContaining("must be an integer 1-7")]);
    expect(parameterSetProblems("pg", "16", { "logfiles.retention_days": "7" })).toEqual([expect.stringContaining("needs logfiles.download_enable = on")]);
    expect(parameterSetProblems("pg", "16", { "pgaudit.log": "-misc" })).toEqual([expect.stringContaining("-misc not in")]);
    expect(parameterSetProblems("mysql", "8.0.21", { tls_version: "TLSv1.1,TLSv1.2" })).toEqual([expect.stringContaining("TLSv1.1 not in")]);
    expect(parameterSetProblems("pg", "18", { log_connections: "on" })).toEqual([expect.stringContaining("not in the server-parameter table")]);
  });
});

describe("what the item-8 findings asked for", () => {
  test("shared_preload_libraries keeps Azure's default libraries (pg_cron, pg_stat_statements) and adds pgaudit", () => {
    const preload = parameterSpec("pg", "16", "shared_preload_libraries")!;
    const set = POSTGRES_BASELINE_PARAMETERS.shared_preload_libraries!.split(",");
    for (const library of preload.defaultValue.split(",")) expect(set).toContain(library);
    expect(set).toContain("pgaudit");
  });

  test("logfiles.retention_days comes with logfiles.download_enable on", () => {
    for (const server of serverParameters(prod).filter((s) => s.engine === "pg")) expect(server.values["logfiles.download_enable"]).toBe("on");
  });

  test("MySQL tls_version and PostgreSQL shared_preload_libraries are static in the table", () => {
    expect(parameterSpec("mysql", "8.0.21", "tls_version")?.restart).toBe(true);
    expect(parameterSpec("pg", "16", "shared_preload_libraries")?.restart).toBe(true);
  });
});

describe("static parameters: in the plan and in the README's checklist and docs/operating.md", () => {
  const staticNames = [...new Set(SERVER_PARAMETERS.filter((p) => p.restart).map((p) => p.name))];

  test("the plan marks each static parameter resource as needing a restart, and only those", () => {
    const plan = renderInventory("prod", prod).split("\n");
    const headers = plan.map((line, index) => ({ line, next: plan[index + 1] ?? "" })).filter(({ line }) => /Configuration {2}/.test(line));
    expect(headers.length).toBeGreaterThan(0);
    for (const { line, next } of headers) {
      const isStatic = staticNames.some((name) => line.includes(`-param-${name.replace(/[._]/g, "-")} `) || line.endsWith(`-param-${name.replace(/[._]/g, "-")}`));
      expect([line, next.includes("static: restart after up")]).toEqual([line, isStatic]);
    }
  });

  test("a plan change that adds or changes a static parameter on a running server is reported as a restart; on a new server it is not (a create is not a restart)", () => {
    const after = parsePlan(renderInventory("prod", prod));
    expect(findAddedStaticParameters(new Map(), after)).toEqual([]);
    // The servers run already; their parameters are new.
    const serversOnly = new Map([...after].filter(([, r]) => !r.type.endsWith(":Configuration")));
    const added = findAddedStaticParameters(serversOnly, after);
    expect(new Set(added.map((f) => f.severity))).toEqual(new Set(["restart"]));
    const names = new Set(added.map((f) => after.get(`${f.type}  ${f.name}`)?.inputs.configurationName));
    expect([...names].sort()).toEqual([...staticNames].sort());
    expect(findAddedStaticParameters(after, after)).toEqual([]);
    expect(findReplacements(after, after)).toEqual([]);
    // A changed value of an existing static parameter, through the plan diff.
    const [first] = added;
    const changed = new Map(after);
    changed.set(`${first!.type}  ${first!.name}`, { ...after.get(`${first!.type}  ${first!.name}`)!, inputs: { ...after.get(`${first!.type}  ${first!.name}`)!.inputs, value: "changed" } });
    expect(findReplacements(after, changed)).toEqual([expect.objectContaining({ severity: "restart", name: first!.name, after: "changed" })]);
  });

  test("the README's first-deploy checklist and docs/operating.md's post-deploy notes name every static parameter", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const checklist = readme.slice(readme.indexOf("## First deploy, step by step"), readme.indexOf("## A new environment"));
    const operating = fs.readFileSync(path.join(REPO_ROOT, "docs", "operating.md"), "utf8");
    const notes = operating.slice(operating.indexOf("## After the first `pulumi up`"), operating.indexOf("## Reviewing a change"));
    expect([checklist.length, notes.length].every((length) => length > 100)).toBe(true);
    for (const name of staticNames) expect([name, checklist.includes(`\`${name}\``), notes.includes(`\`${name}\``)]).toEqual([name, true, true]);
  });
});

describe("values equal to Azure's default (pulumi-azure-native#4736)", () => {
  test("are exactly the ones docs/operating.md names as not repaired by `pulumi up` after a drift", () => {
    const atDefault = (engine: "pg" | "mysql", version: string, values: Readonly<Record<string, string>>) =>
      Object.entries(values)
        .filter(([name, value]) => equalsDefault(parameterSpec(engine, version, name)!, value))
        .map(([name]) => name)
        .sort();
    expect(atDefault("pg", "16", POSTGRES_BASELINE_PARAMETERS)).toEqual(["log_checkpoints", "log_connections", "log_disconnections", "require_secure_transport", "ssl_min_protocol_version"]);
    expect(atDefault("mysql", "8.0.21", MYSQL_BASELINE_PARAMETERS)).toEqual(["audit_log_events", "require_secure_transport"]);
    const readme = fs.readFileSync(path.join(REPO_ROOT, "docs", "operating.md"), "utf8");
    const note = readme.slice(readme.indexOf("**Server parameters equal to Azure's default**"), readme.indexOf("- **Day-2 deletions in prod**"));
    for (const name of [...atDefault("pg", "16", POSTGRES_BASELINE_PARAMETERS), ...atDefault("mysql", "8.0.21", MYSQL_BASELINE_PARAMETERS)]) expect([name, note.includes(`\`${name}\``)]).toEqual([name, true]);
  });
});

describe("pgaudit extension", () => {
  test("off by default (CREATE EXTENSION fails before the restart); when switched on, one per PostgreSQL database", () => {
    expect(resourcesOfType(prod, "postgresql:index/extension:Extension")).toEqual([]);
    const extensions = resourcesOfType(prodWithExtension, "postgresql:index/extension:Extension");
    const databases = resourcesOfType(prodWithExtension, "azure-native:dbforpostgresql:Database");
    expect(extensions.map((e) => e.inputs.database).sort()).toEqual(databases.map((d) => d.inputs.databaseName).sort());
    for (const extension of extensions) {
      expect(extension.inputs).toEqual(expect.objectContaining({ name: "pgaudit", dropCascade: false }));
      const database = databases.find((d) => d.inputs.databaseName === extension.inputs.database)!;
      expect(extension.dependsOn).toEqual([id(database.type, database.name)]);
    }
  });
});
