/**
 * The deploy as a graph of dependent operations, and its critical path: how long a from-scratch
 * `pulumi up` takes at best when the engine runs everything that can run in parallel.
 *
 * Edges (what must finish before a resource can be created):
 * - explicit `dependsOn` (the per-server `OperationQueue`);
 * - a custom parent (a server's databases need the server);
 * - implicit references, approximated from input values, because the harness records resolved
 *   inputs, not which Output they came from: `serverName` → the server of that name,
 *   `resourceGroupName` → the resource group of that name, `projectId` → the Atlas project whose
 *   (mock) id it is.
 * Pure over a `ProgramRun`-shaped list; the longest-path search is independent of Pulumi.
 */
import type { RecordedResource } from "./offline";

export const nodeId = (resource: Pick<RecordedResource, "type" | "name">) => `${resource.type}::${resource.name}`;

const SERVER_TYPES = new Set(["azure-native:dbforpostgresql:Server", "azure-native:dbformysql:Server"]);
const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";
const ATLAS_PROJECT = "mongodbatlas:index/project:Project";

/** For each resource (`type::name`), the resources it waits for. */
export function dependencyEdges(resources: readonly RecordedResource[]): Map<string, string[]> {
  const byServerName = new Map<string, string>();
  const byGroupName = new Map<string, string>();
  const byProjectId = new Map<string, string>();
  const custom = new Set(resources.filter((r) => r.custom).map(nodeId));
  for (const resource of resources) {
    if (SERVER_TYPES.has(resource.type)) byServerName.set(String(resource.inputs.serverName), nodeId(resource));
    if (resource.type === RESOURCE_GROUP) byGroupName.set(String(resource.inputs.resourceGroupName), nodeId(resource));
    // The mock monitor gives every resource the id `<name>-id` (test/harness.ts).
    if (resource.type === ATLAS_PROJECT) byProjectId.set(`${resource.name}-id`, nodeId(resource));
  }
  const edges = new Map<string, string[]>();
  for (const resource of resources) {
    const self = nodeId(resource);
    const waitsFor = new Set<string>(resource.dependsOn);
    if (resource.parent !== undefined && custom.has(resource.parent)) waitsFor.add(resource.parent);
    const references = [
      byServerName.get(String(resource.inputs.serverName)),
      byGroupName.get(String(resource.inputs.resourceGroupName)),
      byProjectId.get(String(resource.inputs.projectId)),
    ];
    for (const reference of references) if (reference !== undefined) waitsFor.add(reference);
    waitsFor.delete(self);
    edges.set(self, [...waitsFor].sort());
  }
  return edges;
}

/**
 * Typical create durations in seconds, from the providers' documentation (docs/benchmark.md):
 * a flexible server 10 min (Azure: 5-15), +5 min with high availability (the standby is built
 * too); a database, firewall rule or server parameter ≈ 1 min (each is an ARM long-running
 * operation on the server); an Atlas M10+ cluster 10 min (Atlas: 7-10); an Atlas project or
 * access-list entry ≈ 10 s; a resource group ≈ 2 s and random values locally: below the model's
 * resolution, 0; components are not operations.
 */
export function modeledSeconds(resource: Pick<RecordedResource, "type" | "custom" | "inputs">): number {
  if (!resource.custom) return 0;
  const type = resource.type;
  if (SERVER_TYPES.has(type)) {
    const mode = (resource.inputs.highAvailability as { mode?: string } | undefined)?.mode;
    return 600 + (mode !== undefined && mode !== "Disabled" ? 300 : 0);
  }
  if (/^azure-native:dbfor(postgresql|mysql):(Database|FirewallRule|Configuration|Administrator|AzureADAdministrator|AdministratorsMicrosoftEntra)$/.test(type)) return 60;
  if (type === "mongodbatlas:index/advancedCluster:AdvancedCluster") return 600;
  if (type.startsWith("mongodbatlas:")) return 10;
  return 0;
}

export interface GraphNode {
  readonly id: string;
  readonly seconds: number;
  /** The server (or Atlas project) the operation belongs to, or `undefined` for shared ones. */
  readonly group: string | undefined;
}

export interface CriticalPath {
  /** The longest chain of dependent operations, first to last. */
  readonly path: string[];
  readonly seconds: number;
  /** The longest chain using only one group's own operations: no deploy can be faster. */
  readonly lowerBound: { readonly group: string | undefined; readonly path: string[]; readonly seconds: number };
  /** seconds / lowerBound.seconds; 1.00 means no cross-server wait lengthens the deploy. */
  readonly ratio: number;
}

/** Longest weighted path over the nodes whose ids pass `keep` (edges to others are dropped). */
function longestPath(nodes: readonly GraphNode[], edges: ReadonlyMap<string, readonly string[]>, keep: (node: GraphNode) => boolean): { path: string[]; seconds: number } {
  const included = new Map(nodes.filter(keep).map((node) => [node.id, node] as const));
  const best = new Map<string, { seconds: number; previous: string | undefined }>();
  const visiting = new Set<string>();
  const finish = (id: string): { seconds: number; previous: string | undefined } => {
    const known = best.get(id);
    if (known) return known;
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    let start = { seconds: 0, previous: undefined as string | undefined };
    for (const before of edges.get(id) ?? []) {
      if (!included.has(before)) continue;
      const candidate = finish(before).seconds;
      // Edges are sorted: the first of equally long predecessors wins, deterministically.
      if (start.previous === undefined || candidate > start.seconds) start = { seconds: candidate, previous: before };
    }
    visiting.delete(id);
    const result = { seconds: start.seconds + included.get(id)!.seconds, previous: start.previous };
    best.set(id, result);
    return result;
  };
  let end: string | undefined;
  let seconds = 0;
  // Sorted ids: ties resolve the same way every run, so the printed path is deterministic.
  for (const id of [...included.keys()].sort()) {
    const total = finish(id).seconds;
    if (end === undefined || total > seconds) {
      end = id;
      seconds = total;
    }
  }
  const path: string[] = [];
  for (let at = end; at !== undefined; at = best.get(at)!.previous) path.unshift(at);
  return { path, seconds };
}

/** The deploy's critical path, its single-group lower bound, and their ratio. */
export function criticalPath(nodes: readonly GraphNode[], edges: ReadonlyMap<string, readonly string[]>): CriticalPath {
  const whole = longestPath(nodes, edges, () => true);
  const groups = [...new Set(nodes.map((node) => node.group).filter((group): group is string => group !== undefined))].sort();
  let lowerBound: CriticalPath["lowerBound"] = { group: undefined, path: [], seconds: 0 };
  for (const group of groups) {
    const own = longestPath(nodes, edges, (node) => node.group === group);
    if (own.seconds > lowerBound.seconds) lowerBound = { group, ...own };
  }
  return { path: whole.path, seconds: whole.seconds, lowerBound, ratio: lowerBound.seconds === 0 ? 1 : whole.seconds / lowerBound.seconds };
}

/**
 * The graph of a recorded run: one node per resource, grouped by the top-level component it
 * belongs to (a `PostgresCluster`, `MysqlCluster` or `AtlasProject`: one server each).
 */
export function deployGraph(resources: readonly RecordedResource[]): { nodes: GraphNode[]; edges: Map<string, string[]> } {
  const byId = new Map(resources.map((resource) => [nodeId(resource), resource] as const));
  const groupOf = (resource: RecordedResource): string | undefined => {
    let top: RecordedResource | undefined;
    for (let at: RecordedResource | undefined = resource; at !== undefined; at = at.parent === undefined ? undefined : byId.get(at.parent)) top = at;
    return top === undefined || top.custom ? undefined : nodeId(top);
  };
  return {
    nodes: resources.map((resource) => ({ id: nodeId(resource), seconds: modeledSeconds(resource), group: groupOf(resource) })),
    edges: dependencyEdges(resources),
  };
}
