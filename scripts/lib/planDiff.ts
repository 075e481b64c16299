import { staticParameterNames } from "../../components/serverParameters";

/**
 * Compares two offline plans (the text `renderInventory` prints) resource by resource and finds
 * the changes a reviewer must not miss: those that make Azure or Atlas build a stateful resource
 * anew (data restored from backup at best, a new address always) and stateful resources that
 * disappear. Pure functions over parsed text: no Pulumi, no files, so they work on any two
 * snapshots (git HEAD vs working tree, committed vs regenerated).
 *
 * The parser is deliberately tolerant: it reads only the `+ <type>  <name>` header lines and the
 * indented `key: value` input lines under them and ignores everything else, so the plan format
 * can gain sections and resource kinds without breaking this.
 */

export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  /** Flattened inputs as the plan prints them (`storage.storageSizeGB` → `"128"`). */
  readonly inputs: Readonly<Record<string, string>>;
  /** The plan's `[protect]` flag: Pulumi refuses to delete (or replace) it. */
  readonly protect?: boolean;
}

/** Resources by `type  name` (the identity Pulumi keys state on, minus the parent chain). */
export type PlanInventory = ReadonlyMap<string, PlannedResource>;

export const resourceKey = (type: string, name: string) => `${type}  ${name}`;

const HEADER = /^\+ (\S+)\s{2}(\S+)/;
const INPUT = /^\s{4}([^\s[][^:]*): ?(.*)$/;

export function parsePlan(text: string): PlanInventory {
  const inventory = new Map<string, PlannedResource>();
  let current: { type: string; name: string; inputs: Record<string, string>; protect?: boolean } | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      current = { type: header[1]!, name: header[2]!, inputs: {} };
      inventory.set(resourceKey(current.type, current.name), current);
      continue;
    }
    if (current && /^\s{4}\[/.test(line)) {
      if (line.includes("[protect]")) current.protect = true;
      continue;
    }
    const input = INPUT.exec(line);
    if (input && current) {
      current.inputs[input[1]!] = input[2]!;
      continue;
    }
    // A line that is neither a header nor indented ends the resource (section headings, outputs).
    if (!line.startsWith("    ")) current = undefined;
  }
  return inventory;
}

export type Severity = "replace" | "delete" | "restart" | "review";

export interface PlanFinding {
  readonly severity: Severity;
  readonly type: string;
  readonly name: string;
  /** The input that triggers it, or `undefined` for a deletion. */
  readonly property: string | undefined;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly why: string;
}

export const PG_SERVER = "azure-native:dbforpostgresql:Server";
export const MYSQL_SERVER = "azure-native:dbformysql:Server";
export const PG_DATABASE = "azure-native:dbforpostgresql:Database";
export const MYSQL_DATABASE = "azure-native:dbformysql:Database";
export const ATLAS_PROJECT = "mongodbatlas:index/project:Project";
export const ATLAS_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
export const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";
export const KEY_VAULT = "azure-native:keyvault:Vault";

type Rule = (
  property: string,
  before: string | undefined,
  after: string | undefined,
  /** The resource's inputs after the change (to tell, say, which server parameter this is). */
  inputs: Readonly<Record<string, string>>,
) => Omit<PlanFinding, "type" | "name" | "property" | "before" | "after"> | undefined;

const restartsOnChange =
  (why: string): Rule =>
  (_property, before, after) =>
    before !== undefined && after !== undefined && before !== after ? { severity: "restart", why } : undefined;

/**
 * Server parameters the program sets that only take effect at a restart, by Configuration type:
 * derived from the server-parameter table (`components/serverParameters.ts`, Microsoft's docs cited
 * per entry), so the plan and the table cannot disagree. Changing one is applied by Azure, then
 * waits for a restart.
 */
export const STATIC_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:dbforpostgresql:Configuration": staticParameterNames("pg"),
  "azure-native:dbformysql:Configuration": staticParameterNames("mysql"),
};

const staticParameter =
  (type: string): Rule =>
  (_property, before, after, inputs) =>
    before !== undefined && after !== undefined && before !== after && (STATIC_PARAMETERS[type] ?? []).includes(inputs.configurationName ?? "")
      ? { severity: "restart", why: `${inputs.configurationName} is a static server parameter: the new value applies only after the server restarts (restart it in its maintenance window)` }
      : undefined;

const replacesOnChange =
  (why: string): Rule =>
  (_property, before, after) =>
    before !== after ? { severity: "replace", why } : undefined;

/** Numeric-aware version comparison: "8.0.21" < "8.4", "9" < "16". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return a.localeCompare(b);
}

const majorOf = (version: string) => version.split(".").slice(0, version.startsWith("8.") || version.startsWith("5.") ? 2 : 1).join(".");

const serverVersion: Rule = (_property, before, after) => {
  if (before === undefined || after === undefined || before === after) return undefined;
  if (compareVersions(after, before) < 0) return { severity: "replace", why: "version downgrade: Azure cannot downgrade a server in place; Pulumi would build a new server" };
  if (majorOf(after) !== majorOf(before)) {
    return { severity: "review", why: "major version upgrade: Azure upgrades in place, with downtime and no way back; plan it (test on a restored copy first)" };
  }
  return undefined;
};

const storageShrink: Rule = (_property, before, after) => {
  if (before === undefined || after === undefined) return undefined;
  return Number(after) < Number(before) ? { severity: "replace", why: "storage shrink: flexible server storage can only grow; a smaller size means a new server" } : undefined;
};

const ignoredZone: Rule = (_property, before, after) =>
  before !== after
    ? { severity: "review", why: "availabilityZone is in ignoreChanges: existing servers keep their zone (no replacement), only newly created servers get the new one" }
    : undefined;

const FLEXIBLE_SERVER_RULES: Record<string, Rule> = {
  serverName: replacesOnChange("server name is the global DNS name: a rename is a new server"),
  location: replacesOnChange("a server cannot move region: a new server in the new region"),
  resourceGroupName: replacesOnChange("a server cannot change resource group through the API: a new server"),
  administratorLogin: replacesOnChange("the administrator login is fixed at creation: a new server"),
  "backup.geoRedundantBackup": replacesOnChange("geo-redundant backup is fixed at creation: a new server"),
  "storage.storageSizeGB": storageShrink,
  // VNet integration and customer-managed keys are chosen when Azure creates the server.
  "network.delegatedSubnetResourceId": replacesOnChange("a server moves into or out of a delegated subnet only by being recreated"),
  "network.privateDnsZoneArmResourceId": replacesOnChange("the private DNS zone of a VNet-integrated server is fixed at creation: a new server"),
  "network.privateDnsZoneResourceId": replacesOnChange("the private DNS zone of a VNet-integrated server is fixed at creation: a new server"),
  "dataEncryption.type": replacesOnChange("switching between service-managed and customer-managed keys is only possible at creation: a new server"),
  version: serverVersion,
  availabilityZone: ignoredZone,
  // Compute scaling restarts the server: 60-120 s of downtime, a failover to the standby with HA
  // (learn.microsoft.com/azure/mysql/flexible-server/concepts-service-tiers-storage, "Compute
  // scaling requires a restart"; PostgreSQL: concepts-compute-storage, "Scale resources").
  "sku.name": restartsOnChange("a compute size change restarts the server (about a minute of downtime; with HA, a failover to the standby)"),
  "sku.tier": restartsOnChange("a compute tier change restarts the server (about a minute of downtime; with HA, a failover to the standby)"),
};

const DATABASE_RULES: Record<string, Rule> = {
  databaseName: replacesOnChange("a database rename is drop + create: the data is gone"),
  serverName: replacesOnChange("moving a database to another server is drop + create: the data is not moved"),
  resourceGroupName: replacesOnChange("the database's server changes: drop + create"),
  charset: replacesOnChange("charset is fixed at creation: drop + create"),
  collation: replacesOnChange("collation is fixed at creation: drop + create"),
};

/** Atlas region settings live inside arrays: any `replicationSpecs[..].regionConfigs[..].regionName`. */
const ATLAS_CLUSTER_RULES: Record<string, Rule> = {
  name: replacesOnChange("the cluster name is its identity in Atlas: a new cluster"),
  projectId: replacesOnChange("a cluster cannot change project: a new cluster"),
  "*.providerName": replacesOnChange("changing cloud provider rebuilds the cluster"),
  "*.regionName": replacesOnChange("changing the region of the only region config rebuilds the cluster nodes elsewhere"),
};

/** Which properties of which stateful types trigger what. Types not listed are not stateful. */
export const STATEFUL_RULES: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  [PG_SERVER]: FLEXIBLE_SERVER_RULES,
  [MYSQL_SERVER]: FLEXIBLE_SERVER_RULES,
  [PG_DATABASE]: DATABASE_RULES,
  [MYSQL_DATABASE]: DATABASE_RULES,
  [ATLAS_CLUSTER]: ATLAS_CLUSTER_RULES,
  // Not data, but the way in: the PostgreSQL Entra administrator's object id is a URL path segment
  // (flexibleServers/{server}/administrators/{objectId}), so a new principal is a new resource and the old one is removed.
  "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": {
    objectId: (_property, before, after) => (before !== after ? { severity: "review", why: "the Entra administrator is replaced: the new principal is added and the old one removed; check a sign-in as the new one" } : undefined),
  },
  [ATLAS_PROJECT]: { orgId: replacesOnChange("a project cannot change organization: a new project (and cluster)") },
  [RESOURCE_GROUP]: {
    resourceGroupName: replacesOnChange("a resource group rename is a new group: everything in it is deleted with the old one"),
    location: replacesOnChange("a resource group cannot move region"),
  },
  "azure-native:dbforpostgresql:Configuration": { value: staticParameter("azure-native:dbforpostgresql:Configuration") },
  "azure-native:dbformysql:Configuration": { value: staticParameter("azure-native:dbformysql:Configuration") },
  [KEY_VAULT]: {
    vaultName: replacesOnChange("the vault name is a global DNS name: a new vault, and the keys that encrypt the servers are in the old one"),
    location: replacesOnChange("a vault cannot move region"),
    resourceGroupName: replacesOnChange("a vault cannot change resource group through the API"),
  },
};

function ruleFor(rules: Readonly<Record<string, Rule>>, property: string): Rule | undefined {
  const exact = rules[property];
  if (exact) return exact;
  const leaf = property.slice(property.lastIndexOf(".") + 1);
  return rules[`*.${leaf}`];
}

/**
 * What going from `before` to `after` would replace or delete among stateful resources, sorted
 * (deletions, replacements, then review notes; by type, name, property) so the report is stable.
 */
export function findReplacements(before: PlanInventory, after: PlanInventory): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const [key, old] of before) {
    const rules = STATEFUL_RULES[old.type];
    if (!rules) continue;
    const next = after.get(key);
    // A removed server parameter override holds no data: nothing to report as a deletion.
    if (!next && STATIC_PARAMETERS[old.type] !== undefined) continue;
    if (!next) {
      findings.push({
        severity: "delete",
        type: old.type,
        name: old.name,
        property: undefined,
        before: undefined,
        after: undefined,
        why: "a stateful resource disappears from the plan: Pulumi deletes it (a logical rename needs an alias, or it is delete + create)",
      });
      continue;
    }
    const properties = new Set([...Object.keys(old.inputs), ...Object.keys(next.inputs)]);
    for (const property of properties) {
      const rule = ruleFor(rules, property);
      const finding = rule?.(property, old.inputs[property], next.inputs[property], next.inputs);
      if (finding) findings.push({ ...finding, type: old.type, name: old.name, property, before: old.inputs[property], after: next.inputs[property] });
    }
  }
  findings.push(...findAddedStaticParameters(before, after));
  const order: Record<Severity, number> = { delete: 0, replace: 1, restart: 2, review: 3 };
  return findings.sort(
    (a, b) => order[a.severity] - order[b.severity] || a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || (a.property ?? "").localeCompare(b.property ?? ""),
  );
}

/**
 * Static server parameters a plan adds (a new server, or a parameter newly set): Azure stores the
 * value at once, the engine uses it only after a restart, so each is a post-deploy step (README,
 * "After the first `pulumi up`"). Changes of existing ones are the `staticParameter` rule above.
 */
export function findAddedStaticParameters(before: PlanInventory, after: PlanInventory): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const [key, next] of after) {
    const parameter = next.inputs.configurationName;
    if (before.has(key) || parameter === undefined || !(STATIC_PARAMETERS[next.type] ?? []).includes(parameter)) continue;
    findings.push({
      severity: "restart",
      type: next.type,
      name: next.name,
      property: "value",
      before: undefined,
      after: next.inputs.value,
      why: `${parameter} is a static server parameter: the server uses it only after a restart (README, "After the first \`pulumi up\`")`,
    });
  }
  return findings;
}

export interface PlanChangeSummary {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** Every resource added, removed or with different inputs (stateful or not), sorted. */
export function summarizeChanges(before: PlanInventory, after: PlanInventory): PlanChangeSummary {
  const added = [...after.keys()].filter((key) => !before.has(key)).sort();
  const removed = [...before.keys()].filter((key) => !after.has(key)).sort();
  const changed = [...after.keys()]
    .filter((key) => before.has(key) && JSON.stringify(sorted(before.get(key)!.inputs)) !== JSON.stringify(sorted(after.get(key)!.inputs)))
    .sort();
  return { added, removed, changed };
}

const sorted = (inputs: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b)));

const MARKER: Record<Severity, string> = { delete: "!!! WILL DELETE", replace: "!!! WILL REPLACE", restart: "!!  RESTART", review: "!!  REVIEW" };

/** The loud, human report of one stack's findings (empty findings → one reassuring line). */
export function renderFindings(stack: string, findings: readonly PlanFinding[]): string {
  if (findings.length === 0) return `${stack}: no stateful resource is replaced or deleted\n`;
  const count = (...severities: Severity[]) => findings.filter((f) => severities.includes(f.severity)).length;
  const restarts = count("restart");
  const lines = [
    `${stack}: ${count("delete", "replace")} stateful resource change(s) that lose or move data, ${restarts === 0 ? "" : `${restarts} that restart a server, `}${count("review")} to review`,
  ];
  for (const finding of findings) {
    const change = finding.property === undefined ? "" : ` ${finding.property}: ${finding.before ?? "(unset)"} -> ${finding.after ?? "(unset)"}`;
    lines.push(`${MARKER[finding.severity]} ${finding.type} ${finding.name}${change}`, `      ${finding.why}`);
  }
  return `${lines.join("\n")}\n`;
}
