/**
 * The day-2 guide as data: the common changes to a running stack, what each does to the running
 * system and the steps to make it safely. Every row is also a test (test/day2.test.ts): its
 * change is applied to a committed stack file (and, for catalog changes, to the catalog), the
 * program is run offline before and after, and the plan diff report (scripts/lib/planDiff.ts)
 * must give the row's verdict. The README's "Day-2 guide" section is generated from this table
 * (`npm run docs`), so the guide says what the tests prove.
 */
import { type Catalog, GENIMS_CATALOG } from "../../catalog";
import { readNamespace } from "../../config/load";
import { renderInventory } from "./inventory";
import { runGenims, stackConfig, toRuntimeConfig } from "./offline";
import { type PlanChangeSummary, type PlanFinding, type PlanInventory, findReplacements, parsePlan, summarizeChanges } from "./planDiff";

/**
 * What the plan report says a change does, most severe first: `blocked` (a protected stateful
 * resource would be deleted or replaced: Pulumi refuses, and the Azure lock refuses outside
 * Pulumi), `replacement`/`deletion` (unprotected stateful resources), `restart`, `review`,
 * `recreates stateless` (rules, grants and the like are deleted and created: a short gap for
 * whatever they allow, so it outranks an in-place change next to it), `in place` (inputs change,
 * nothing rebuilt), `additive` (only new resources), `no change`.
 */
export type Day2Verdict = "blocked" | "replacement" | "deletion" | "restart" | "review" | "in place" | "recreates stateless" | "additive" | "no change";

export function verdictOf(before: PlanInventory, findings: readonly PlanFinding[], changes: PlanChangeSummary): Day2Verdict {
  const losing = findings.filter((f) => f.severity === "delete" || f.severity === "replace");
  if (losing.some((f) => before.get(`${f.type}  ${f.name}`)?.protect === true)) return "blocked";
  if (losing.some((f) => f.severity === "replace")) return "replacement";
  if (losing.length > 0) return "deletion";
  if (findings.some((f) => f.severity === "restart")) return "restart";
  if (findings.length > 0) return "review";
  // Stateless resources deleted and others created in their place (a renamed rule): a short gap.
  if (changes.removed.length > 0 && changes.added.length > 0) return "recreates stateless";
  if (changes.changed.length > 0) return "in place";
  if (changes.removed.length > 0) return "recreates stateless";
  if (changes.added.length > 0) return "additive";
  return "no change";
}

type Values = Record<string, unknown>;
type Servers = Record<string, Record<string, unknown>>;
const pg = (values: Values) => values.postgresServers as Servers;

export interface Day2Change {
  readonly id: string;
  /** The change, as an operator would name it. */
  readonly change: string;
  /** The committed stack file it is tried on. */
  readonly stack: "dev" | "prod";
  /** The stack-file edit (on the decoded `genims:` values). */
  readonly edit: (values: Values) => void;
  /** The catalog edit, for changes that are catalog entries. */
  readonly catalog?: (catalog: Catalog) => Catalog;
  /** What the plan report must say. */
  readonly verdict: Day2Verdict;
  /** What it does to the running system. */
  readonly effect: string;
  /** Whether data is copied. */
  readonly data: string;
  /** How to do it safely. */
  readonly steps: readonly string[];
}

const EXAMPLE_SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";

export const DAY2_CHANGES: readonly Day2Change[] = [
  {
    id: "grow-storage",
    change: "Grow a server's storage",
    stack: "prod",
    edit: (v) => { pg(v).master!.storageGb = 256; },
    verdict: "in place",
    effect: "In place, online: Azure grows the disk without a restart (a shrink would be a new server, and the report says so).",
    data: "stays",
    steps: ["Set the server's `storageGb` (PostgreSQL: the next size in the list).", "`npm run plan:update`: the report must say no stateful resource is replaced.", "`pulumi up`."],
  },
  {
    id: "change-sku",
    change: "Change a server's compute size (SKU)",
    stack: "prod",
    edit: (v) => { pg(v).master!.skuName = "Standard_D8ds_v5"; },
    verdict: "restart",
    effect: "In place with a restart: minutes of downtime (with HA, a failover to the standby).",
    data: "stays",
    steps: ["Set the server's `skuName` (and `skuTier` across tiers).", "Schedule it in the server's maintenance window; tell the module team.", "`pulumi up`; watch the CPU and connections alerts settle."],
  },
  {
    id: "add-allowed-client",
    change: "Add an allowed client",
    stack: "dev",
    edit: (v) => { (v.allowedClients as Record<string, string>)["office-vpn"] = "203.0.113.10"; },
    verdict: "in place",
    effect: "New firewall rules on every public server and a new Atlas access-list entry; the Key Vault's firewall gains the address in place.",
    data: "n/a",
    steps: ["Add `name: address` under `genims:allowedClients` (public stacks only; prod is private).", "`pulumi up`."],
  },
  {
    id: "rename-allowed-client",
    change: "Rename an allowed client",
    stack: "dev",
    edit: (v) => {
      const clients = v.allowedClients as Record<string, string>;
      clients["design-office"] = clients["design-client"]!;
      delete clients["design-client"];
    },
    verdict: "recreates stateless",
    effect: "The server firewall rules under the old name are deleted and new ones created: a few seconds in which that client may be refused. The Atlas access-list entry is keyed by address, so it stays; only its comment changes, which the Atlas provider applies as delete-then-create of that one entry (a gap of seconds).",
    data: "n/a",
    steps: ["Add the new name first, `pulumi up`, then remove the old name and `pulumi up` again, so the client is never without a rule."],
  },
  {
    id: "add-module-database",
    change: "Add a module database",
    stack: "prod",
    catalog: (catalog) => ({
      ...catalog,
      postgres: [...catalog.postgres, { name: "genims_iot_db", engine: "postgresql", module: "IoT", tables: 10, sizeMb: 200, team: "Manufacturing", ownershipListTeam: undefined, scalingCluster: "manufacturing" }] as Catalog["postgres"],
    }),
    edit: (v) => { (pg(v).manufacturing!.databases as string[]).push("genims_iot_db"); },
    verdict: "in place",
    effect: "A new database on its server, with its roles, grants and Key Vault connection strings. Two existing roles change in place: the ETL reader and the owning team's group gain membership of the new read-only role (the provider revokes and re-grants a Role's memberships in one transaction, so no session loses access). Existing databases untouched.",
    data: "new, empty",
    steps: ["Add the catalog entry (catalog/), place it on a server in each stack file.", "`npm run plan:update`: only additions.", "`pulumi up`."],
  },
  {
    id: "move-database",
    change: "Move a database to another server",
    stack: "prod",
    edit: (v) => {
      const corporate = pg(v).corporate!.databases as string[];
      pg(v).corporate!.databases = corporate.filter((name) => name !== "genims_supplier_db");
      (pg(v).master!.databases as string[]).push("genims_supplier_db");
    },
    verdict: "blocked",
    effect: "Pulumi would drop the database on the old server and create an empty one on the new: protection and the server's delete lock block it.",
    data: "NOT copied",
    steps: [
      "Copy the data yourself: pg_dump/pg_restore (or the Azure Database migration service) from the old server into a database of the same name on the new one, outside the stack.",
      "`npm run import` (or the `import` option) adopts the copy on the new server; switch the application to it.",
      "Then move the placement, `pulumi state unprotect` the old database, lift the server's lock (it covers the server's databases too) and `pulumi up --refresh`, which drops the old database and puts the lock back.",
    ],
  },
  {
    id: "rotate-passwords",
    change: "Rotate the generated login passwords",
    stack: "prod",
    edit: (v) => { v.passwordRotation = 1; },
    verdict: "in place",
    effect: "New passwords for every generated login, set on the roles and users and in the Key Vault secrets; no server or database is touched.",
    data: "stays",
    steps: ["Increase `genims:passwordRotation` by one.", "`pulumi up`; applications read the new secret on their next connect (restart or reload them)."],
  },
  {
    id: "replace-entra-admin",
    change: "Replace the Microsoft Entra administrator",
    stack: "prod",
    edit: (v) => { v.entraAdminObjectId = "22222222-3333-4444-5555-666666666666"; v.entraAdminName = "genims-dba-prod-2"; },
    verdict: "review",
    effect: "PostgreSQL: the administrator resource is replaced (its object id is in its Azure id: the new principal is added, the old removed); MySQL: changed in place. Servers and databases untouched.",
    data: "stays",
    steps: ["Prefer changing the membership of the Entra group (no deployment at all).", "Otherwise set `entraAdminObjectId` and `entraAdminName`, `pulumi up`, and check a sign-in as the new principal before removing the old one's access."],
  },
  {
    id: "ha-off",
    change: "Turn high availability off (or on)",
    stack: "prod",
    edit: (v) => { pg(v).master!.highAvailability = "Disabled"; },
    verdict: "in place",
    effect: "In place: Azure removes (or builds) the standby without restarting the primary; MySQL servers lose (or gain) their replication-lag alert.",
    data: "stays",
    steps: ["Set the server's `highAvailability`.", "`pulumi up` outside peak hours (building a standby copies the data and loads the primary)."],
  },
  {
    id: "close-public-access",
    change: "Close public access",
    stack: "dev",
    edit: (v) => { v.publicNetworkAccess = false; v.allowedClients = {}; },
    verdict: "in place",
    effect: "The servers' public endpoints are disabled and their firewall rules and the Atlas access list removed: clients outside a private network lose access at once.",
    data: "stays",
    steps: ["Give the clients a private path first (privateNetworking, VPN or peering).", "Empty `allowedClients` and set `publicNetworkAccess: false`; `pulumi up`."],
  },
  {
    id: "restore-server",
    change: "Restore a server to a point in time",
    stack: "prod",
    edit: (v) => {
      v.azureSubscriptionId = EXAMPLE_SUBSCRIPTION;
      pg(v).master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: "2026-11-20T03:15:00Z" };
    },
    verdict: "restart",
    effect: "A new server from the backup, with its own lock, alerts and diagnostics; its databases are adopted; the source keeps serving until cutover. Like any new PostgreSQL server it needs one restart for its static parameters (pgaudit in shared_preload_libraries) before cutover.",
    data: "copied from backup",
    steps: ["See the restore runbook: restore, restart the restored server (`az postgres flexible-server restart`), check, `cutover: true`, then release the source on purpose."],
  },
  {
    id: "remove-module",
    change: "Remove a module database",
    stack: "prod",
    catalog: (catalog) => ({ ...catalog, postgres: catalog.postgres.filter((database) => database.name !== "genims_supplier_db") }),
    edit: (v) => { pg(v).corporate!.databases = (pg(v).corporate!.databases as string[]).filter((name) => name !== "genims_supplier_db"); },
    verdict: "blocked",
    effect: "Pulumi would drop the database (and its roles, grants and secrets): protection and the lock block it.",
    data: "deleted",
    steps: [
      "Take a final backup (export, or keep a restored copy of the server).",
      "Remove the catalog entry and its placement; `pulumi state unprotect` the database; lift the server's CanNotDelete lock (Azure locks cover child resources) and `pulumi up --refresh`, which deletes the database and puts the lock back.",
    ],
  },
];

export interface Day2Result {
  readonly verdict: Day2Verdict;
  readonly findings: PlanFinding[];
  readonly changes: PlanChangeSummary;
}

/** The unchanged plan of each committed stack, computed once per process (deterministic). */
const baselines = new Map<string, Promise<PlanInventory>>();

/** Applies a row's change and reports what the plan diff says about it. */
export async function tryDay2Change(row: Day2Change): Promise<Day2Result> {
  const config = stackConfig(row.stack);
  if (!baselines.has(row.stack)) baselines.set(row.stack, runGenims(row.stack, config).then((run) => parsePlan(renderInventory(row.stack, run))));
  const before = await baselines.get(row.stack)!;
  const values = JSON.parse(JSON.stringify(readNamespace(config))) as Values;
  row.edit(values);
  const changed = { ...config, ...toRuntimeConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [`genims:${key}`, value]))) };
  const catalog = row.catalog === undefined ? GENIMS_CATALOG : row.catalog(GENIMS_CATALOG);
  const after = parsePlan(renderInventory(row.stack, await runGenims(row.stack, changed, catalog)));
  const findings = findReplacements(before, after);
  const changes = summarizeChanges(before, after);
  return { verdict: verdictOf(before, findings, changes), findings, changes };
}

/** The README's day-2 guide. */
export function day2Guide(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = ["| Change | Plan verdict (tested) | What it does to the running system | Data | How to do it safely |", "|---|---|---|---|---|"];
  for (const row of DAY2_CHANGES) {
    lines.push(`| ${cell(row.change)} | **${row.verdict}** | ${cell(row.effect)} | ${cell(row.data)} | ${row.steps.map((step, index) => `${index + 1}. ${cell(step)}`).join("<br>")} |`);
  }
  return lines.join("\n");
}
