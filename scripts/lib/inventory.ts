/**
 * Renders a mocked program run as the stack's resource inventory: what `pulumi up` would create,
 * grouped by server, with every input (secrets as `[secret]`) and the options that matter to a
 * reviewer (protect, ordering, ignored changes). Deterministic: same config, same text.
 */
import { isStaticParameter } from "../../packages/db-components/lib/serverParameters";
import { renderPostureTable, type ServerPostureRow } from "../../stacks/posture";
import type { ProgramRun, RecordedResource } from "./offline";

/** Static server parameters need a restart after `pulumi up` (packages/db-components/lib/serverParameters.ts). */
function needsRestart(resource: RecordedResource): boolean {
  const engine = resource.type === "azure-native:dbforpostgresql:Configuration" ? "pg" : resource.type === "azure-native:dbformysql:Configuration" ? "mysql" : undefined;
  return engine !== undefined && typeof resource.inputs.configurationName === "string" && isStaticParameter(engine, resource.inputs.configurationName);
}

const SECRET = "[secret]";

/** A made-up value shown for what it is. */
const unknown = (label: string) => `(known after deploy: ${label})`;

/** Flattens inputs to `a.b[0].c: value` lines, masking properties registered as secrets. */
export function flattenInputs(resource: RecordedResource, inventions: ReadonlyMap<string, string> = new Map()): string[] {
  const lines: string[] = [];
  const visit = (prefix: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${prefix}: []`);
      value.forEach((item, index) => visit(`${prefix}[${index}]`, item));
      return;
    }
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
      if (entries.length === 0) lines.push(`${prefix}: {}`);
      for (const [key, item] of entries) {
        // A made-up id used as a map key (userAssignedIdentities): named, without a colon the plan parser would split on.
        const name = inventions.has(key) ? `<${inventions.get(key)}>` : key;
        visit(prefix ? `${prefix}.${name}` : name, item);
      }
      return;
    }
    const invented = typeof value === "string" ? inventions.get(value) : undefined;
    lines.push(`${prefix}: ${invented !== undefined ? unknown(invented) : typeof value === "string" ? value : JSON.stringify(value)}`);
  };
  for (const [key, value] of Object.entries(resource.inputs).sort(([a], [b]) => a.localeCompare(b))) {
    if (resource.secretInputs.includes(key)) lines.push(`${key}: ${SECRET}`);
    else visit(key, value);
  }
  return lines;
}

/** The top-level component a resource belongs to (its group), or `stack`. */
function groupOf(resource: RecordedResource, byId: Map<string, RecordedResource>): string {
  let current: RecordedResource | undefined = resource;
  let top = resource;
  while (current !== undefined) {
    top = current;
    current = current.parent === undefined ? undefined : byId.get(current.parent);
  }
  return top.custom ? "stack" : `${top.type}::${top.name}`;
}

const shortName = (qualified: string) => qualified.slice(qualified.lastIndexOf("::") + 2);

/** The width a plan stays within, for a terminal and a PR comment (input values excepted: they are data). */
export const PLAN_WIDTH = 120;

const FLAG_INDENT = "    ";

/**
 * `[label a, b, c]` as one or more flags, each within the plan's width: a long list (a server's
 * last children, waited for one after another) continues in another `[label …]`.
 */
function listFlags(label: string, items: readonly string[]): string[] {
  const flags: string[] = [];
  let current: string[] = [];
  const render = (names: readonly string[]) => `[${label} ${names.join(", ")}]`;
  for (const item of items) {
    if (current.length > 0 && FLAG_INDENT.length + render([...current, item]).length > PLAN_WIDTH) {
      flags.push(render(current));
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) flags.push(render(current));
  return flags;
}

/** Flags packed into lines of at most the plan's width, each line starting `    [` (what the plan parser reads as flags). */
function flagLines(flags: readonly string[]): string[] {
  const lines: string[] = [];
  for (const flag of flags) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + flag.length <= PLAN_WIDTH) lines[last] = `${lines[last]} ${flag}`;
    else lines.push(`${FLAG_INDENT}${flag}`);
  }
  return lines;
}

export function renderResource(resource: RecordedResource, inventions: ReadonlyMap<string, string> = new Map()): string[] {
  const flags = [
    ...(resource.protect ? ["[protect]"] : []),
    ...(needsRestart(resource) ? ["[static: restart after up]"] : []),
    ...listFlags("after", resource.dependsOn.map(shortName)),
    ...listFlags("ignoreChanges", resource.ignoreChanges),
    ...listFlags("replaceOnChanges", resource.replaceOnChanges),
    ...listFlags("secretOutputs", resource.additionalSecretOutputs),
    ...(resource.importId === undefined ? [] : [`[import ${resource.importId}]`]),
  ];
  const header = `+ ${resource.type}  ${resource.name}${resource.parent ? `  (parent ${shortName(resource.parent)})` : ""}`;
  return [header, ...flagLines(flags), ...(resource.custom ? flattenInputs(resource, inventions).map((line) => `    ${line}`) : [])];
}

/** The per-cluster posture table, from the stack's `servers` output (stacks/posture.ts). */
function serverTable(run: ProgramRun): string[] {
  const rows = run.outputs.servers as ServerPostureRow[] | undefined;
  if (!Array.isArray(rows) || rows.length === 0) return [];
  return ["", "## Servers", ...renderPostureTable(rows, PLAN_WIDTH).split("\n")];
}

/** The whole inventory of one stack as text. */
export function renderInventory(stack: string, run: ProgramRun, substituted: readonly string[] = []): string {
  const byId = new Map(run.resources.map((resource) => [`${resource.type}::${resource.name}`, resource] as const));
  const groups = new Map<string, RecordedResource[]>();
  for (const resource of run.resources) {
    const group = groupOf(resource, byId);
    groups.set(group, [...(groups.get(group) ?? []), resource]);
  }
  const counts = new Map<string, number>();
  for (const resource of run.resources) if (resource.custom) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  const lines = [
    `# Offline plan of stack "${stack}": ${run.resources.filter((r) => r.custom).length} resources in ${run.resources.filter((r) => !r.custom).length} components`,
    "# Generated under mocks from the stack file and the catalog; what `pulumi up` would create from scratch.",
    ...(substituted.length === 0 ? [] : [`# Offline example ids stand in for ${substituted.join(", ")} (set with \`pulumi config set\`, not committed).`]),
    ...serverTable(run),
    "",
    "## Resource counts",
    ...[...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${String(count).padStart(4)}  ${type}`),
  ];
  for (const [group, members] of groups) {
    lines.push("", `## ${group === "stack" ? "stack-level resources" : shortName(group)} (${group === "stack" ? "stack" : group.slice(0, group.lastIndexOf("::"))})`);
    for (const resource of members) lines.push(...renderResource(resource, run.inventions));
  }
  const shown = JSON.stringify(run.outputs, (_key, value: unknown) => (typeof value === "string" && run.inventions.has(value) ? unknown(run.inventions.get(value)!) : value), 2);
  lines.push("", "## Stack outputs", ...shown.split("\n"));
  return `${lines.join("\n")}\n`;
}
