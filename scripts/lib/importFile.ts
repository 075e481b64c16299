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
import type { ProgramRun, RecordedResource } from "./offline";

/** One `importSpec` of Pulumi's import file (the fields this program uses). */
export interface ImportSpec {
  readonly type: string;
  readonly name: string;
  readonly logicalName: string;
  readonly id?: string;
  readonly parent?: string;
  readonly component?: true;
}

export interface ImportFile {
  readonly resources: ImportSpec[];
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
  if (ids.atlasProjectId === undefined) return undefined;
  if (resource.type === "mongodbatlas:index/project:Project") return ids.atlasProjectId;
  if (resource.type === "mongodbatlas:index/advancedCluster:AdvancedCluster") return `${ids.atlasProjectId}-${String(resource.inputs.name)}`;
  return undefined;
}

/**
 * The import file for a program run: every adoptable resource with its id, plus the components
 * above them (no id). Entries are named by their `type::logicalName`, unique in a run.
 */
export function buildImportFile(run: ProgramRun, env: Environment, ids: ImportIds): ImportFile {
  const byKey = new Map<string, RecordedResource>(run.resources.map((resource) => [`${resource.type}::${resource.name}`, resource]));
  const adopted = new Map<string, string>();
  for (const resource of run.resources) {
    if (!resource.custom) continue;
    const id = cloudId(resource, resource.parent === undefined ? undefined : byKey.get(resource.parent), env, ids);
    if (id !== undefined) adopted.set(`${resource.type}::${resource.name}`, id);
  }
  // Every ancestor of an adopted resource must be in the file for its URN to be the program's.
  const needed = new Set<string>();
  for (const key of adopted.keys()) {
    for (let at: string | undefined = key; at !== undefined && !needed.has(at); at = byKey.get(at)?.parent) needed.add(at);
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
      };
    });
  return { resources };
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
