/**
 * Adopting existing servers, databases and the Atlas project and cluster: builds the file
 * `pulumi import --file <file>` reads, with the logical names, types and parents the program
 * registers and the cloud ids computed from the stack's config. Run the program offline for the
 * stack (same config → same names), keep the resources that can be adopted, and give each the id
 * its provider's importer expects.
 *
 * File format: pulumi/pulumi v3.248.0 pkg/cmd/pulumi/operations/import.go, `importFile`
 * { nameTable, resources: importSpec[] } and `importSpec` { type, name, id, parent, component,
 * logicalName, ... }; `parseImportFile` builds each URN from the parent's URN type chain and the
 * logical name, requires an id for every non-component and no id on a component, and resolves a
 * `parent` by the `name` of another entry. Components are listed (component: true) so the parent
 * chain, and so every URN, is the program's.
 *
 * Ids: Azure resource ids (ARM: /subscriptions/<s>/resourceGroups/<rg>/providers/<namespace>/
 * flexibleServers/<server>[/databases|configurations|firewallRules/<name>]); Atlas project: its id
 * (terraform-provider-mongodbatlas v2.16.0 internal/service/project/resource_project.go
 * ImportStatePassthroughID); Atlas cluster: `<project id>-<cluster name>`
 * (internal/common/conversion/import_state.go ImportStateProjectIDClusterName, SplitN on the first "-").
 */
import type { Environment } from "../../config/environment";
import { urnsOf } from "../../lifecycle/emulator";
import type { ProgramRun, RecordedResource } from "./offline";

/** One `importSpec` of Pulumi's import file (the fields this program uses). */
export interface ImportSpec {
  readonly type: string;
  readonly name: string;
  readonly logicalName: string;
  readonly id?: string;
  readonly parent?: string;
  /** The name (in `nameTable` or `resources`) of the explicit provider the resource uses. */
  readonly provider?: string;
  readonly component?: true;
}

export interface ImportFile {
  /** Names of resources already in the stack (parents, providers) → their URNs. */
  readonly nameTable?: Readonly<Record<string, string>>;
  readonly resources: ImportSpec[];
}

/**
 * What the stack already holds (from `pulumi stack export`): URN → id. `pulumi import` of a URN
 * already in the stack fails ("resource '%v' already exists", pulumi/pulumi v3.248.0
 * pkg/resource/deploy/step.go:1831) unless its id is the same, when it is skipped
 * (pkg/cmd/pulumi/operations/import.go:577-589): entries in state are left out, and ancestors in
 * state are referred to through `nameTable`.
 */
export type StackState = ReadonlyMap<string, string | undefined>;

/** `pulumi stack export` JSON → URN → id. */
export function stateOfExport(exported: unknown): StackState {
  const resources = ((exported as { deployment?: { resources?: { urn: string; id?: string }[] } })?.deployment?.resources ?? []);
  return new Map(resources.map((r) => [r.urn, r.id] as const));
}

export interface ImportIds {
  readonly subscriptionId: string;
  /** The existing Atlas project's id; without it the Atlas resources are left out. */
  readonly atlasProjectId: string | undefined;
}

const NAMESPACE: Record<string, string> = { dbforpostgresql: "Microsoft.DBforPostgreSQL", dbformysql: "Microsoft.DBforMySQL" };
const CHILD_COLLECTION: Record<string, string> = { Database: "databases", Configuration: "configurations", FirewallRule: "firewallRules" };

/** The cloud id of a recorded resource, or `undefined` when the program does not adopt that type. */
export function cloudId(resource: RecordedResource, parent: RecordedResource | undefined, env: Environment, ids: ImportIds): string | undefined {
  const group = `/subscriptions/${ids.subscriptionId}/resourceGroups/${env.resourceGroupName}`;
  const azure = /^azure-native:(dbforpostgresql|dbformysql):(Server|Database|Configuration|FirewallRule)$/.exec(resource.type);
  if (resource.type === "azure-native:resources:ResourceGroup") return group;
  if (azure) {
    const [, module, kind] = azure as unknown as [string, string, string];
    if (kind === "Server") return `${group}/providers/${NAMESPACE[module]}/flexibleServers/${String(resource.inputs.serverName)}`;
    // Children are parented to their server: its physical name is on the parent's inputs.
    const name = resource.inputs.databaseName ?? resource.inputs.configurationName ?? resource.inputs.firewallRuleName;
    if (parent === undefined) return undefined;
    return `${group}/providers/${NAMESPACE[module]}/flexibleServers/${String(parent.inputs.serverName)}/${CHILD_COLLECTION[kind]}/${String(name)}`;
  }
  // cyrilgdn/terraform-provider-postgresql ff936b9 postgresql/resource_postgresql_role.go:53-55,377:
  // ImportStatePassthroughContext, the id is the role name. (MySQL users have no importer at
  // hashicorp/terraform-provider-mysql v1.9.0: resource_user.go.)
  if (resource.type === "postgresql:index/role:Role") return String(resource.inputs.name);
  if (ids.atlasProjectId === undefined) return undefined;
  if (resource.type === "mongodbatlas:index/project:Project") return ids.atlasProjectId;
  if (resource.type === "mongodbatlas:index/advancedCluster:AdvancedCluster") return `${ids.atlasProjectId}-${String(resource.inputs.name)}`;
  return undefined;
}

/**
 * The import file for a program run: every adoptable resource with its id, plus the components
 * above them (no id). Entries are named by their `type::logicalName`, unique in a run.
 */
export function buildImportFile(run: ProgramRun, env: Environment, ids: ImportIds, state: StackState = new Map(), stack = env.stack): ImportFile {
  const byKey = new Map<string, RecordedResource>(run.resources.map((resource) => [`${resource.type}::${resource.name}`, resource]));
  const urns = new Map<string, string>([...urnsOf(run, stack)].map(([resource, urn]) => [`${resource.type}::${resource.name}`, urn]));
  const inState = (key: string) => state.has(urns.get(key)!);
  const adopted = new Map<string, string>();
  for (const resource of run.resources) {
    if (!resource.custom) continue;
    const key = `${resource.type}::${resource.name}`;
    if (inState(key)) continue;
    // A role is imported through its server's provider, which must exist in the stack already.
    if (resource.type === "postgresql:index/role:Role" && (resource.provider === undefined || !inState(resource.provider))) continue;
    const id = cloudId(resource, resource.parent === undefined ? undefined : byKey.get(resource.parent), env, ids);
    if (id !== undefined) adopted.set(key, id);
  }
  // Every ancestor of an adopted resource must be in the file for its URN to be the program's.
  const needed = new Set<string>();
  const nameTable: Record<string, string> = {};
  for (const key of adopted.keys()) {
    for (let at: string | undefined = key; at !== undefined && !needed.has(at) && nameTable[at] === undefined; at = byKey.get(at)?.parent) {
      if (inState(at)) nameTable[at] = urns.get(at)!;
      else needed.add(at);
    }
    const provider = byKey.get(key)?.provider;
    if (provider !== undefined) nameTable[provider] = urns.get(provider)!;
  }
  const resources: ImportSpec[] = run.resources
    .filter((resource) => needed.has(`${resource.type}::${resource.name}`))
    .map((resource) => {
      const key = `${resource.type}::${resource.name}`;
      const id = adopted.get(key);
      if (id === undefined && resource.custom) throw new Error(`${key} is the parent of an adopted resource but cannot be adopted itself`);
      return {
        type: resource.type,
        name: key,
        logicalName: resource.name,
        ...(id === undefined ? { component: true as const } : { id }),
        ...(resource.parent === undefined ? {} : { parent: resource.parent }),
        ...(resource.provider === undefined || id === undefined ? {} : { provider: resource.provider }),
      };
    });
  return Object.keys(nameTable).length === 0 ? { resources } : { nameTable: Object.fromEntries(Object.entries(nameTable).sort(([a], [b]) => a.localeCompare(b))), resources };
}

/**
 * What adopting these resources will do next, in sentences: what the file could not take and why,
 * and what the first `pulumi up` after the import changes on the adopted servers.
 */
export function adoptionNotes(run: ProgramRun, file: ImportFile, state: StackState, stack: string): string[] {
  const urns = new Map<string, string>([...urnsOf(run, stack)].map(([resource, urn]) => [`${resource.type}::${resource.name}`, urn]));
  const inFile = new Set(file.resources.map((spec) => spec.name));
  const notes: string[] = [];
  const skipped = run.resources.filter((r) => r.custom && state.has(urns.get(`${r.type}::${r.name}`)!)).length;
  if (skipped > 0) notes.push(`${skipped} resources are already in the stack and are left out (pulumi import fails on a URN it holds).`);
  const waitingRoles = run.resources.filter((r) => r.type === "postgresql:index/role:Role" && !inFile.has(`${r.type}::${r.name}`) && !state.has(urns.get(`${r.type}::${r.name}`)!));
  if (waitingRoles.length > 0) {
    // The providers and the components above them (a targeted up creates what it targets only).
    const byKey = new Map<string, RecordedResource>(run.resources.map((r) => [`${r.type}::${r.name}`, r]));
    const targets = new Set<string>();
    for (const provider of new Set(waitingRoles.map((r) => r.provider).filter((p): p is string => p !== undefined))) {
      for (let at: string | undefined = provider; at !== undefined; at = byKey.get(at)?.parent) if (!state.has(urns.get(at)!)) targets.add(urns.get(at)!);
    }
    notes.push(
      `${waitingRoles.length} PostgreSQL roles are not in the file: a role is imported through its server's provider, which is not in the stack yet. After this import, create the providers alone ` +
        `(pulumi up ${[...targets].sort().map((urn) => `--target '${urn}'`).join(" ")}), export the state again and run this command again: it then adopts the roles, so CREATE ROLE never meets an existing one.`,
    );
  }
  if (run.resources.some((r) => r.type === "mysql:index/user:User")) {
    notes.push("MySQL users cannot be imported (hashicorp/terraform-provider-mysql v1.9.0 mysql_user has no importer): a user that already exists under a name the access model uses makes CREATE USER fail; drop or rename it first (SELECT user, host FROM mysql.user).");
  }
  const servers = file.resources.filter((spec) => /:(dbforpostgresql|dbformysql):Server$/.test(spec.type));
  if (servers.length > 0) {
    notes.push(
      "The administrator login is fixed at creation (administratorLogin: x-ms-mutability create, read): if an adopted server's differs from the stack's, the import reports that its inputs do not match; set the stack's login to the server's before importing, or the next up plans a replacement.",
      "The first pulumi up after the import sets each adopted server's administrator password to the stack's generated one (the SQL providers sign in with it): anyone still using the old password must switch to the stack's secret.",
    );
  }
  return notes;
}

/**
 * The URN `pulumi import` gives an entry: `urn:pulumi:<stack>::<project>::<parent type chain>$<type>::<logical name>`
 * (parseImportFile: resource.NewURN(stack, project, parentURN.QualifiedType(), spec.Type, spec.LogicalName)).
 */
export function importUrns(file: ImportFile, stack: string, project: string): Map<string, string> {
  const byName = new Map(file.resources.map((spec) => [spec.name, spec] as const));
  const chains = new Map<string, string>();
  const chain = (spec: ImportSpec): string => {
    const known = chains.get(spec.name);
    if (known !== undefined) return known;
    const parent = spec.parent === undefined ? undefined : byName.get(spec.parent);
    if (spec.parent !== undefined && parent === undefined) throw new Error(`the parent '${spec.parent}' of '${spec.name}' has no entry`);
    const qualified = parent === undefined ? spec.type : `${chain(parent)}$${spec.type}`;
    chains.set(spec.name, qualified);
    return qualified;
  };
  return new Map(file.resources.map((spec) => [spec.name, `urn:pulumi:${stack}::${project}::${chain(spec)}::${spec.logicalName}`]));
}
