/**
 * "What replaces a server", derived rather than written: each Arg of the PostgreSQL and MySQL
 * components is changed on its own under mocks, the server inputs that change are read off the
 * registered server, and the repository's lifecycle tables (`lifecycle/rules.ts`: identity,
 * create-only, fixed-at-creation, value rules, restarts) say what that change does. The package
 * README carries the table between markers; `npm run package:docs` rewrites it and a test checks it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { covers, lifecycleOf } from "../../lifecycle/rules";
import { MysqlCluster, type MysqlClusterArgs } from "../../packages/db-components/mysqlCluster";
import { PostgresCluster, type PostgresClusterArgs } from "../../packages/db-components/postgresCluster";
import { runProgram } from "../lib/offline";

export const README = path.resolve(__dirname, "../../packages/db-components/README.md");
const BEGIN = "<!-- replacements:begin (npm run package:docs) -->";
const END = "<!-- replacements:end -->";

type Engine = "PostgreSQL" | "MySQL";
type Args = Partial<Omit<PostgresClusterArgs, "databases">> | Partial<Omit<MysqlClusterArgs, "databases">>;

const BASE = { resourceGroupName: "rg", location: "westeurope", serverName: "base-server" } as const;
const IDENTITY = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id";

/** One change per Arg (or Arg field), from the defaults. */
export const VARIANTS: readonly { readonly arg: string; readonly engines: readonly Engine[]; readonly args: Args }[] = [
  { arg: "resourceGroupName", engines: ["PostgreSQL", "MySQL"], args: { resourceGroupName: "rg-other" } },
  { arg: "location", engines: ["PostgreSQL", "MySQL"], args: { location: "northeurope" } },
  { arg: "serverName", engines: ["PostgreSQL", "MySQL"], args: { serverName: "other-server" } },
  { arg: "administratorLogin", engines: ["PostgreSQL", "MySQL"], args: { administratorLogin: "otheradmin" } },
  { arg: "version (upgrade)", engines: ["PostgreSQL"], args: { version: "17" } },
  { arg: "version (upgrade)", engines: ["MySQL"], args: { version: "8.4" } },
  { arg: "sku", engines: ["PostgreSQL", "MySQL"], args: { sku: { tier: "MemoryOptimized", name: "Standard_E4ds_v5" } } },
  { arg: "storageGb (grow, auto-grow on)", engines: ["PostgreSQL", "MySQL"], args: { storageGb: 256 } },
  { arg: "storageGb (grow, auto-grow off)", engines: ["PostgreSQL", "MySQL"], args: { storageGb: 256, storageAutoGrow: false } },
  { arg: "storageGb (shrink, auto-grow off)", engines: ["PostgreSQL", "MySQL"], args: { storageGb: 64, storageAutoGrow: false } },
  { arg: "storageAutoGrow", engines: ["PostgreSQL", "MySQL"], args: { storageAutoGrow: false } },
  { arg: "storageType", engines: ["PostgreSQL"], args: { storageType: "PremiumV2_LRS" } },
  { arg: "autoIoScaling", engines: ["MySQL"], args: { autoIoScaling: false } },
  { arg: "highAvailability.mode", engines: ["PostgreSQL", "MySQL"], args: { highAvailability: { mode: "SameZone", zone: "1", standbyZone: "2" } } },
  { arg: "highAvailability.zone", engines: ["PostgreSQL", "MySQL"], args: { highAvailability: { mode: "ZoneRedundant", zone: "3", standbyZone: "2" } } },
  { arg: "backup.retentionDays", engines: ["PostgreSQL", "MySQL"], args: { backup: { retentionDays: 14, geoRedundant: true } } },
  { arg: "backup.geoRedundant", engines: ["PostgreSQL", "MySQL"], args: { backup: { retentionDays: 35, geoRedundant: false } } },
  { arg: "maintenanceWindow", engines: ["PostgreSQL", "MySQL"], args: { maintenanceWindow: { dayOfWeek: "Sunday", startHour: 2, startMinute: 0 } } },
  { arg: "publicNetworkAccess", engines: ["PostgreSQL", "MySQL"], args: { publicNetworkAccess: true } },
  { arg: "privateNetwork", engines: ["PostgreSQL", "MySQL"], args: { privateNetwork: { subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db", dnsZoneId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z" } } },
  { arg: "encryption", engines: ["PostgreSQL", "MySQL"], args: { identityId: IDENTITY, encryption: { keyUri: "https://kv.vault.azure.net/keys/k/1" } } },
  { arg: "tags", engines: ["PostgreSQL", "MySQL"], args: { tags: { team: "other" } } },
];

/** Leaf paths of a value: `{ a: { b: 1 } }` → `a.b`. Arrays are leaves. */
function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) for (const [p, v] of flatten(item, prefix === "" ? key : `${prefix}.${key}`)) out.set(p, v);
  } else if (prefix !== "") out.set(prefix, JSON.stringify(value));
  return out;
}

const EFFECTS = ["in place", "in place, restarts the server", "in place, needs review", "refused by Azure", "refused in place: fixed at creation", "replaces the server"] as const;
type Effect = (typeof EFFECTS)[number];

/** A generated secret: the mocks give each component its own, so it differs between any two runs. */
const GENERATED = ["administratorLoginPassword"];

/**
 * What changing these server inputs does, by the lifecycle tables and the server's own resource
 * options (`replaceOnChanges`, `ignoreChanges` of the changed server); the worst effect wins, and
 * paths the server ignores after creation are named apart.
 */
export function serverEffect(
  token: string,
  before: Map<string, string>,
  after: Map<string, string>,
  options: { readonly ignoreChanges: readonly string[]; readonly replaceOnChanges: readonly string[] },
): { effect: Effect; paths: string[]; ignored: string[] } {
  const table = lifecycleOf(token);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p) && !GENERATED.includes(p)).sort();
  const ignored = changed.filter((p) => options.ignoreChanges.some((i) => covers(i, p)));
  const paths = changed.filter((p) => !ignored.includes(p));
  const effectOf = (p: string): Effect => {
    const has = (rules: readonly { path: string }[]) => rules.some((r) => covers(r.path, p));
    if (table.identity.some((i) => covers(i, p)) || has(table.createOnly) || options.replaceOnChanges.some((r) => covers(r, p))) return "replaces the server";
    for (const rule of table.valueRules.filter((r) => covers(r.path, p))) {
      if (rule.applies(JSON.parse(before.get(p) ?? '""') as string, JSON.parse(after.get(p) ?? '""') as string)) return rule.effect === "replace" ? "replaces the server" : rule.effect === "rejected" ? "refused by Azure" : "in place, needs review";
    }
    if (has(table.fixed)) return "refused in place: fixed at creation";
    if (has(table.restartOn)) return "in place, restarts the server";
    return "in place";
  };
  const effect = paths.map(effectOf).reduce<Effect>((worst, e) => (EFFECTS.indexOf(e) > EFFECTS.indexOf(worst) ? e : worst), "in place");
  return { effect, paths, ignored };
}

export interface ReplacementRow {
  readonly arg: string;
  readonly engine: Engine;
  readonly effect: Effect;
  readonly paths: readonly string[];
  /** Server inputs the component sets at creation only (`ignoreChanges`): a change of them does nothing. */
  readonly ignored: readonly string[];
}

/** Runs every variant under mocks (one program per engine) and returns the table's rows. */
export async function replacementRows(): Promise<ReplacementRow[]> {
  const rows: ReplacementRow[] = [];
  for (const engine of ["PostgreSQL", "MySQL"] as const) {
    const variants = VARIANTS.filter((v) => v.engines.includes(engine));
    const create = (name: string, args: Args) =>
      engine === "PostgreSQL"
        ? new PostgresCluster(name, { ...BASE, ...args, databases: [{ name: "app_db" }], protect: false } as PostgresClusterArgs)
        : new MysqlCluster(name, { ...BASE, ...args, databases: [{ name: "app_db" }], protect: false } as MysqlClusterArgs);
    const run = await runProgram("replacements", {}, () => {
      create("base", {});
      variants.forEach((variant, index) => create(`v${index}`, variant.args));
      return {};
    });
    const token = engine === "PostgreSQL" ? "azure-native:dbforpostgresql:Server" : "azure-native:dbformysql:Server";
    const server = (name: string) => run.resources.find((r) => r.type === token && r.name === `${name}-server`)!;
    const base = server("base");
    variants.forEach((variant, index) => {
      const changed = server(`v${index}`);
      const { effect, paths, ignored } = serverEffect(token, flatten(base.inputs), flatten(changed.inputs), changed);
      rows.push({ arg: variant.arg, engine, effect, paths, ignored });
    });
  }
  return rows;
}

/** The README's table: one row per Arg, the two engines side by side. */
export function replacementTable(rows: readonly ReplacementRow[]): string {
  const args = [...new Set(rows.map((r) => r.arg))];
  const cell = (arg: string, engine: Engine) => {
    const row = rows.find((r) => r.arg === arg && r.engine === engine);
    if (row === undefined) return "n/a";
    const code = (paths: readonly string[]) => paths.map((p) => `\`${p}\``).join(", ");
    if (row.paths.length === 0) return row.ignored.length > 0 ? `nothing after creation (${code(row.ignored)} set at creation only)` : "no server input";
    return `${row.effect} (${code(row.paths)})${row.ignored.length > 0 ? `; ${code(row.ignored)} set at creation only` : ""}`;
  };
  return [
    BEGIN,
    "| Arg changed | PostgreSQL server | MySQL server |",
    "|---|---|---|",
    ...args.map((arg) => `| \`${arg}\` | ${cell(arg, "PostgreSQL")} | ${cell(arg, "MySQL")} |`),
    END,
  ].join("\n");
}

/** The README with its table replaced (or an error when the markers are missing). */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${README}: no ${BEGIN} ... ${END} block`);
  return readme.slice(0, start) + table + readme.slice(end + END.length);
}

if (require.main === module) {
  void replacementRows().then((rows) => {
    fs.writeFileSync(README, withTable(fs.readFileSync(README, "utf8"), replacementTable(rows)));
    console.log(`wrote the replacement table of ${path.relative(process.cwd(), README)}`);
  });
}
