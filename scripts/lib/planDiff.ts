import { staticParameterNames } from "../../packages/db-components/lib/serverParameters";
import { changedPaths, replacementReasons, withIgnoredFromOld } from "../../lifecycle/emulator";
import { compareVersions, covers, lifecycleOf } from "../../lifecycle/rules";

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
  /** The plan's `[ignoreChanges ...]`: the engine keeps the old input at these paths. */
  readonly ignoreChanges?: readonly string[];
  /** The plan's `[replaceOnChanges ...]`. */
  readonly replaceOnChanges?: readonly string[];
  /** The logical name of the parent, from the header's `(parent ...)`. */
  readonly parent?: string;
}

/** Resources by `type  name` (the identity Pulumi keys state on, minus the parent chain). */
export type PlanInventory = ReadonlyMap<string, PlannedResource>;

export const resourceKey = (type: string, name: string) => `${type}  ${name}`;

const HEADER = /^\+ (\S+)\s{2}(\S+)(?:\s+\(parent (\S+)\))?/;
const INPUT = /^\s{4}([^\s[][^:]*): ?(.*)$/;
const flagList = (line: string, flag: string) => {
  const match = new RegExp(`\\[${flag} ([^\\]]*)\\]`).exec(line);
  return match === null ? undefined : match[1]!.split(", ");
};

export function parsePlan(text: string): PlanInventory {
  const inventory = new Map<string, PlannedResource>();
  let current: { -readonly [K in keyof PlannedResource]: PlannedResource[K] } & { inputs: Record<string, string> } | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      current = { type: header[1]!, name: header[2]!, inputs: {}, ...(header[3] === undefined ? {} : { parent: header[3] }) };
      inventory.set(resourceKey(current.type, current.name), current);
      continue;
    }
    if (current && /^\s{4}\[/.test(line)) {
      if (line.includes("[protect]")) current.protect = true;
      const ignored = flagList(line, "ignoreChanges");
      if (ignored !== undefined) current.ignoreChanges = ignored;
      const replaced = flagList(line, "replaceOnChanges");
      if (replaced !== undefined) current.replaceOnChanges = replaced;
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

/**
 * `replace` and `delete`: a stateful resource is rebuilt or removed; `refused`: the provider
 * sends the change and the service does not make it (a shrink, a setting fixed at creation);
 * `ignored`: the engine keeps the old value (ignoreChanges), so the change never reaches the
 * cloud; `restart`; `review`.
 */
export type Severity = "replace" | "delete" | "refused" | "ignored" | "restart" | "review";

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
const LOCK = "azure-native:authorization:ManagementLockByScope";

export { compareVersions };

/**
 * Server parameters the program sets that only take effect at a restart, by Configuration type:
 * derived from the server-parameter table (`packages/db-components/lib/serverParameters.ts`, Microsoft's docs cited
 * per entry), so the plan and the table cannot disagree.
 */
export const STATIC_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:dbforpostgresql:Configuration": staticParameterNames("pg"),
  "azure-native:dbformysql:Configuration": staticParameterNames("mysql"),
};

const staticWhy = (parameter: string | undefined) => `${parameter} is a static server parameter: the new value applies only after the server restarts (restart it in its maintenance window)`;

/**
 * What going from `before` to `after` does, resource by resource, by the lifecycle tables
 * (`lifecycle/rules.ts`, the same the emulator applies): which stateful resources are replaced
 * or deleted, which changes the service refuses or the engine ignores, which restart a server or
 * need a review. Sorted (deletions, replacements, refusals, ignored, restarts, reviews; by type,
 * name, property) so the report is stable.
 */
export function findReplacements(before: PlanInventory, after: PlanInventory): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const [key, old] of before) {
    const table = lifecycleOf(old.type);
    const next = after.get(key);
    if (!next) {
      // A removed server parameter override holds no data: nothing to report as a deletion.
      if (table.stateful) findings.push({ severity: "delete", type: old.type, name: old.name, property: undefined, before: undefined, after: undefined, why: "a stateful resource disappears from the plan: Pulumi deletes it (a logical rename needs an alias, or it is delete + create)" });
      continue;
    }
    const finding = (severity: Severity, property: string, why: string) => findings.push({ severity, type: old.type, name: old.name, property, before: old.inputs[property], after: next.inputs[property], why });
    const inputs = withIgnoredFromOld(next.inputs, old.inputs, next.ignoreChanges ?? []);
    for (const property of changedPaths(old.inputs, next.inputs).filter((p) => inputs[p] === old.inputs[p])) finding("ignored", property, `${property} is in ignoreChanges: the engine keeps the deployed value, so this change is not applied (see docs: the change's own procedure)`);
    const changed = changedPaths(old.inputs, inputs);
    if (changed.length === 0) continue;
    const options = { replaceOnChanges: next.replaceOnChanges ?? [] };
    const replacing = changed.map((p) => [p, replacementReasons(table, options, old.inputs, inputs, [p])] as const).filter(([, reasons]) => reasons.length > 0);
    if (replacing.length > 0) {
      if (table.stateful) for (const [property, reasons] of replacing) finding("replace", property, reasons.join("; "));
      continue;
    }
    for (const rule of table.fixed) for (const property of changed.filter((p) => covers(rule.path, p))) finding("refused", property, rule.why);
    for (const rule of table.valueRules) {
      const property = rule.path;
      if (!changed.includes(property) || !rule.applies(old.inputs[property] ?? "", inputs[property] ?? "")) continue;
      if (rule.effect === "rejected") finding("refused", property, rule.why);
      if (rule.effect === "review") finding("review", property, rule.why);
    }
    for (const rule of table.restartOn) for (const property of changed.filter((p) => covers(rule.path, p))) finding("restart", property, rule.why);
    for (const rule of table.reviewOn) for (const property of changed.filter((p) => covers(rule.path, p))) finding("review", property, rule.why);
    if ((STATIC_PARAMETERS[old.type] ?? []).includes(inputs.configurationName ?? "") && changed.includes("value")) finding("restart", "value", staticWhy(inputs.configurationName));
  }
  findings.push(...findAddedStaticParameters(before, after));
  const order: Record<Severity, number> = { delete: 0, replace: 1, refused: 2, ignored: 3, restart: 4, review: 5 };
  return findings.sort(
    (a, b) => order[a.severity] - order[b.severity] || a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || (a.property ?? "").localeCompare(b.property ?? ""),
  );
}

/**
 * Static server parameters a plan adds on a server that already runs (a parameter newly set):
 * Azure stores the value at once, the engine uses it only after a restart. On a server the plan
 * creates it is part of the first deploy's restart step, not a restart of a running server.
 */
export function findAddedStaticParameters(before: PlanInventory, after: PlanInventory): PlanFinding[] {
  const findings: PlanFinding[] = [];
  const names = new Set([...before.values()].map((r) => r.name));
  for (const [key, next] of after) {
    const parameter = next.inputs.configurationName;
    if (before.has(key) || parameter === undefined || !(STATIC_PARAMETERS[next.type] ?? []).includes(parameter)) continue;
    if (next.parent === undefined || !names.has(next.parent)) continue;
    findings.push({ severity: "restart", type: next.type, name: next.name, property: "value", before: undefined, after: next.inputs.value, why: staticWhy(parameter) });
  }
  return findings;
}

/** The CanNotDelete lock that covers a resource (on it or an ancestor) and stays in `after`. */
export function lockCovering(before: PlanInventory, after: PlanInventory, name: string): string | undefined {
  const byName = new Map([...before.values()].map((r) => [r.name, r] as const));
  const locks = [...after.values()].filter((r) => r.type === LOCK && r.inputs.level === "CanNotDelete" && before.has(resourceKey(r.type, r.name)));
  for (let current = byName.get(name); current !== undefined; current = current.parent === undefined ? undefined : byName.get(current.parent)) {
    const lock = locks.find((l) => l.parent === current!.name);
    if (lock !== undefined) return lock.name;
  }
  return undefined;
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

const MARKER: Record<Severity, string> = { delete: "!!! WILL DELETE", replace: "!!! WILL REPLACE", refused: "!!! REFUSED BY THE SERVICE", ignored: "!!  NOT APPLIED (ignoreChanges)", restart: "!!  RESTART", review: "!!  REVIEW" };

/** The loud, human report of one stack's findings (empty findings → one reassuring line). */
export function renderFindings(stack: string, findings: readonly PlanFinding[]): string {
  if (findings.length === 0) return `${stack}: no stateful resource is replaced or deleted\n`;
  const count = (...severities: Severity[]) => findings.filter((f) => severities.includes(f.severity)).length;
  const restarts = count("restart");
  const lines = [
    `${stack}: ${count("delete", "replace")} stateful resource change(s) that lose or move data, ${count("refused") === 0 ? "" : `${count("refused")} the service refuses, `}${count("ignored") === 0 ? "" : `${count("ignored")} not applied (ignoreChanges), `}${restarts === 0 ? "" : `${restarts} that restart a server, `}${count("review")} to review`,
  ];
  for (const finding of findings) {
    const change = finding.property === undefined ? "" : ` ${finding.property}: ${finding.before ?? "(unset)"} -> ${finding.after ?? "(unset)"}`;
    lines.push(`${MARKER[finding.severity]} ${finding.type} ${finding.name}${change}`, `      ${finding.why}`);
  }
  return `${lines.join("\n")}\n`;
}
