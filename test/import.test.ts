import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { deployAsDocumented } from "../lifecycle/deploy";
import { Lifecycle, serverOfHost } from "../lifecycle/emulator";
import { type StackState, adoptionNotes, buildImportFile, importUrns } from "../scripts/lib/importFile";
import { PROJECT, type ProgramRun, type RecordedResource, runGenims, stackConfig } from "./harness";

const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const ATLAS_PROJECT = "0123456789abcdef01234567";
const ADOPTED = [
  "azure-native:resources:ResourceGroup",
  "azure-native:dbforpostgresql:Server",
  "azure-native:dbforpostgresql:Database",
  "azure-native:dbforpostgresql:Configuration",
  "azure-native:dbforpostgresql:FirewallRule",
  "azure-native:dbformysql:Server",
  "azure-native:dbformysql:Database",
  "azure-native:dbformysql:Configuration",
  "azure-native:dbformysql:FirewallRule",
  "mongodbatlas:index/project:Project",
  "mongodbatlas:index/advancedCluster:AdvancedCluster",
];

const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"]) runs[stack] = await runGenims(stack);
}, 90_000);

/**
 * The URN the Pulumi engine gives a registered resource: its parent's qualified type chain, the
 * root stack's type left out (pulumi/pulumi v3.248.0 pkg/resource/deploy/deployment.go:718-721,
 * parentType = parent.QualifiedType(); sdk/go/common/resource/urn/urn.go New: parentType is
 * dropped when it is tokens.RootStackType). Built from the parents the program registered. (The
 * Node SDK's mock monitor keeps only the last parent type and the stack's type, sdk/nodejs/runtime/
 * mocks.ts newUrn, so mocked `resource.urn` values are not the engine's and are not used here.)
 */
function engineUrn(run: ProgramRun, stack: string, key: string): string {
  const byKey = new Map<string, RecordedResource>(run.resources.map((r) => [`${r.type}::${r.name}`, r]));
  const resource = byKey.get(key)!;
  const types: string[] = [];
  for (let at: string | undefined = key; at !== undefined; at = byKey.get(at)?.parent) types.unshift(byKey.get(at)!.type);
  return `urn:pulumi:${stack}::${PROJECT}::${types.join("$")}::${resource.name}`;
}

describe.each(["dev", "prod"])("import file for %s", (stack) => {
  const env = () => validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG);

  test("every server, database, parameter, firewall rule, the resource group, the Atlas project and cluster are adopted, each once", () => {
    const run = runs[stack]!;
    const file = buildImportFile(run, env(), { subscriptionId: SUBSCRIPTION, atlasProjectId: ATLAS_PROJECT });
    const withId = file.resources.filter((spec) => spec.id !== undefined).map((spec) => spec.name).sort();
    expect(withId).toEqual(run.resources.filter((r) => ADOPTED.includes(r.type)).map((r) => `${r.type}::${r.name}`).sort());
    expect(new Set(file.resources.map((spec) => spec.name)).size).toBe(file.resources.length);
  });

  test("ids are the Azure resource ids and Atlas import ids the providers expect", () => {
    const file = buildImportFile(runs[stack]!, env(), { subscriptionId: SUBSCRIPTION, atlasProjectId: ATLAS_PROJECT });
    const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-genims-${stack}`;
    for (const spec of file.resources.filter((s) => s.id !== undefined)) {
      if (spec.type === "mongodbatlas:index/project:Project") expect(spec.id).toBe(ATLAS_PROJECT);
      else if (spec.type.startsWith("mongodbatlas:")) expect(spec.id).toBe(`${ATLAS_PROJECT}-genims-${stack}-mongo`);
      else if (spec.type === "azure-native:resources:ResourceGroup") expect(spec.id).toBe(rg);
      else expect(spec.id).toMatch(new RegExp(`^${rg}/providers/Microsoft\\.DBfor(PostgreSQL|MySQL)/flexibleServers/genims-${stack}-(pg|mysql)-[a-z-]+(/(databases|configurations|firewallRules)/[\\w.-]+)?$`));
    }
    const database = file.resources.find((s) => s.logicalName.endsWith("-db-genims-hr-db"))!;
    expect(database.id).toMatch(/\/databases\/genims_hr_db$/);
  });

  test("the URN pulumi import gives each entry is the URN the program registers (same names, types and parents)", () => {
    const run = runs[stack]!;
    const file = buildImportFile(run, env(), { subscriptionId: SUBSCRIPTION, atlasProjectId: ATLAS_PROJECT });
    const urns = importUrns(file, stack, PROJECT);
    for (const spec of file.resources) expect([spec.name, urns.get(spec.name)]).toEqual([spec.name, engineUrn(run, stack, spec.name)]);
    // Pulumi's rule: components carry no id, everything else one.
    for (const spec of file.resources) expect(spec.component === true).toBe(spec.id === undefined);
  });
});

test("without an Atlas project id the Atlas resources are left out, and so is their component", () => {
  const env = validateEnvironment("prod", readNamespace(stackConfig("prod")), GENIMS_CATALOG);
  const file = buildImportFile(runs.prod!, env, { subscriptionId: SUBSCRIPTION, atlasProjectId: undefined });
  expect(file.resources.filter((spec) => spec.type.startsWith("mongodbatlas:") || spec.type === "genims:database:AtlasProject")).toEqual([]);
  expect(file.resources.filter((spec) => spec.type === "azure-native:dbforpostgresql:Server")).toHaveLength(7);
});

describe("adoption on a live stack, replayed through the lifecycle emulator", () => {
  const env = () => validateEnvironment("dev", readNamespace(stackConfig("dev")), GENIMS_CATALOG);
  const stateOf = (emulator: Lifecycle): StackState => new Map([...emulator.state].map(([urn, entry]) => [urn, entry.cloudId]));
  const entriesOf = (file: ReturnType<typeof buildImportFile>) => {
    const urns = importUrns({ resources: file.resources.map((spec) => (file.nameTable?.[spec.parent ?? ""] === undefined ? spec : { ...spec, parent: undefined })) }, "dev", PROJECT);
    return file.resources.map((spec) => ({ urn: spec.parent !== undefined && file.nameTable?.[spec.parent] !== undefined ? `${file.nameTable[spec.parent]!.replace(/::[^:]+$/, "")}$${spec.type}::${spec.logicalName}` : urns.get(spec.name)!, type: spec.type, id: spec.id }));
  };

  test("only what the stack does not hold is imported; existing roles come in through their server's provider; the next up creates nothing that exists", () => {
    const run = runs.dev!;
    const emulator = new Lifecycle("dev");
    expect(deployAsDocumented(emulator, run).errors).toEqual([]);
    // The PostgreSQL roles exist on the server but the stack lost them (created by hand, or a state rebuilt).
    for (const [urn, entry] of [...emulator.state]) if (entry.type === "postgresql:index/role:Role") emulator.state.delete(urn);
    const lostRoles = run.resources.filter((r) => r.type === "postgresql:index/role:Role").length;
    // The old file (state ignored) takes no roles: the up then meets every role on the server.
    expect(emulator.preview(run).errors.filter((e) => /cannot create already existing resource 'pg-role/.test(e))).toHaveLength(lostRoles);
    const file = buildImportFile(run, env(), { subscriptionId: SUBSCRIPTION, atlasProjectId: undefined }, stateOf(emulator), "dev");
    expect(file.resources.every((spec) => spec.type === "postgresql:index/role:Role" || spec.component === true)).toBe(true);
    expect(file.resources.filter((spec) => spec.id !== undefined)).toHaveLength(lostRoles);
    for (const spec of file.resources.filter((s) => s.id !== undefined)) expect(file.nameTable?.[spec.provider!]).toMatch(/^urn:pulumi:dev::genims::.*pulumi:providers:postgresql::/);
    // A Role's import id is its name, read through its provider: on the server that provider connects to.
    const serverOfRole = (urn: string) => {
      const provider = run.resources.find((r) => r.type === "postgresql:index/role:Role" && urn.endsWith(`::${r.name}`))!.provider!;
      return serverOfHost(String(run.resources.find((r) => `${r.type}::${r.name}` === provider)!.inputs.host));
    };
    expect(emulator.pulumiImport(entriesOf(file).map((e) => (e.type === "postgresql:index/role:Role" ? { ...e, id: `pg-role|${serverOfRole(e.urn)}|${e.id}` } : e)))).toEqual([]);
    expect(emulator.preview(run, { refresh: true }).errors).toEqual([]);
  });

  test("without the providers in the stack, roles wait, and the notes say how to bring them in; the administrator caveats are named", () => {
    const run = runs.dev!;
    const file = buildImportFile(run, env(), { subscriptionId: SUBSCRIPTION, atlasProjectId: undefined }, new Map(), "dev");
    expect(file.resources.some((spec) => spec.type === "postgresql:index/role:Role")).toBe(false);
    const notes = adoptionNotes(run, file, new Map(), "dev").join("\n");
    expect(notes).toMatch(/PostgreSQL roles are not in the file: .*pulumi up --target 'urn:pulumi:dev::genims::[^']*pulumi:providers:postgresql::/);
    expect(notes).toMatch(/MySQL users cannot be imported/);
    expect(notes).toMatch(/administrator login is fixed at creation/);
    expect(notes).toMatch(/sets each adopted server's administrator password/);
  });
});
