/**
 * The day-2 guide as data: the common changes to a running stack, what each does to the running
 * system and the steps to make it safely. Every row is also a test (test/day2.test.ts): its
 * change is applied to a committed stack file (and, for catalog changes, to the catalog), the
 * program is run offline before and after, and the plan diff report (scripts/lib/planDiff.ts)
 * must give the row's verdict. The README's "Day-2 guide" section is generated from this table
 * (`npm run docs`), so the guide says what the tests prove.
 */
import { type Catalog, GENIMS_CATALOG } from "../../catalog";
import { deployAsDocumented, projectRefreshes } from "../../lifecycle/deploy";
import { type Deployment, Lifecycle, changedPaths, replacementReasons, withIgnoredFromOld } from "../../lifecycle/emulator";
import { lifecycleOf } from "../../lifecycle/rules";
import { type StackValues, postgresServers, runWith } from "../../lifecycle/scenario";
import { renderInventory } from "./inventory";
import { type ProgramRun, runGenims, stackConfig } from "./offline";
import { type PlanChangeSummary, type PlanFinding, type PlanInventory, type PlannedResource, findReplacements, lockCovering, parsePlan, resourceKey, summarizeChanges } from "./planDiff";

/**
 * What a change does, most severe first: `blocked` (Pulumi's protect or an Azure CanNotDelete
 * lock stops it), `refused` (the provider sends it, the service does not make it),
 * `replacement`/`deletion` (unprotected stateful resources), `restart`, `review`, `recreates
 * stateless` (rules and the like deleted and created: a short gap, so it outranks an in-place
 * change next to it), `in place`, `not applied` (the engine keeps the old value: ignoreChanges),
 * `additive` (only new resources), `no change`. The lifecycle emulator and the plan report each
 * give one; the guide's rows are tested to agree with both.
 */
export type Day2Verdict = "blocked" | "refused" | "replacement" | "deletion" | "restart" | "review" | "recreates stateless" | "in place" | "not applied" | "additive" | "no change";

/** Resources that are neither data nor access: replacing them is not a gap (a generated password). */
const CLOUDLESS = (type: string) => type.startsWith("random:");

/** The verdict of a plan diff (the plan report, `npm run plan:check`). */
export function verdictOf(before: PlanInventory, findings: readonly PlanFinding[], changes: PlanChangeSummary, after: PlanInventory = new Map()): Day2Verdict {
  const losing = findings.filter((f) => f.severity === "delete" || f.severity === "replace");
  // Replaced or removed resources of any kind: a CanNotDelete lock above them refuses the delete.
  const replaced = [...before].filter(([key, old]) => {
    const next = after.get(key);
    if (next === undefined) return false;
    const inputs = withIgnoredFromOld(next.inputs, old.inputs, next.ignoreChanges ?? []);
    return replacementReasons(lifecycleOf(old.type), { replaceOnChanges: next.replaceOnChanges ?? [] }, old.inputs, inputs, changedPaths(old.inputs, inputs)).length > 0;
  });
  const gone = [...changes.removed.map((key) => before.get(key)), ...replaced.map(([, r]) => r)].filter((r): r is PlannedResource => r !== undefined && !CLOUDLESS(r.type));
  if (losing.some((f) => before.get(`${f.type}  ${f.name}`)?.protect === true)) return "blocked";
  if (after.size > 0 && gone.some((r) => lockCovering(before, after, r.name) !== undefined)) return "blocked";
  if (findings.some((f) => f.severity === "refused")) return "refused";
  if (losing.some((f) => f.severity === "replace")) return "replacement";
  if (losing.length > 0) return "deletion";
  if (findings.some((f) => f.severity === "restart")) return "restart";
  if (findings.some((f) => f.severity === "review")) return "review";
  const statelessRecreated = replaced.some(([, r]) => !CLOUDLESS(r.type));
  if ((changes.removed.length > 0 && changes.added.length > 0) || statelessRecreated) return "recreates stateless";
  const applied = changes.changed.filter((key) => !findings.some((f) => f.severity === "ignored" && resourceKey(f.type, f.name) === key) || changedPaths(before.get(key)!.inputs, withIgnoredFromOld(after.get(key)?.inputs ?? {}, before.get(key)!.inputs, after.get(key)?.ignoreChanges ?? [])).length > 0);
  if (applied.length > 0) return "in place";
  if (changes.removed.length > 0) return "recreates stateless";
  if (findings.some((f) => f.severity === "ignored")) return "not applied";
  if (changes.added.length > 0) return "additive";
  return "no change";
}

/** The verdict of an `up` replayed through the lifecycle emulator. */
export function emulatedVerdict(deployment: Deployment): Day2Verdict {
  if (deployment.errors.some((e) => /marked for protection|ScopeLocked/.test(e))) return "blocked";
  if (deployment.errors.length > 0) return "refused";
  const steps = deployment.steps.filter((s) => !CLOUDLESS(s.type));
  if (steps.some((s) => s.op === "replace" && s.stateful)) return "replacement";
  if (steps.some((s) => s.op === "delete" && s.stateful)) return "deletion";
  if (steps.some((s) => s.restart)) return "restart";
  if (steps.some((s) => s.review.length > 0)) return "review";
  if (steps.some((s) => s.op === "replace") || (steps.some((s) => s.op === "delete") && steps.some((s) => s.op === "create"))) return "recreates stateless";
  if (steps.some((s) => s.op === "update")) return "in place";
  if (steps.some((s) => s.op === "delete" || s.op === "forget")) return "recreates stateless";
  if (steps.some((s) => s.ignored.length > 0)) return "not applied";
  if (steps.some((s) => s.op === "create" || s.op === "import")) return "additive";
  return "no change";
}

type Values = StackValues;
const pg = postgresServers;

export interface Day2Change {
  readonly id: string;
  /** The change, as an operator would name it. */
  readonly change: string;
  /** The committed stack file it is tried on. */
  readonly stack: "dev" | "prod";
  /**
   * Optional. Where the change starts from when that is not the committed stack file: earlier
   * edits, each deployed as documented in turn (a cutover starts from a restore, then its adoption).
   * Each one includes the one before.
   */
  readonly from?: readonly ((values: Values) => void)[];
  /** The stack-file edit (on the decoded `genims:` values; after `from`'s last). */
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

/** The edit of one restore phase: prod's master server restored to a point in time (phase flags added). */
const restoreMaster = (phase: { adopt?: boolean; cutover?: boolean }) => (v: Values) => {
  v.azureSubscriptionId = EXAMPLE_SUBSCRIPTION;
  pg(v).master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: "2026-11-20T03:15:00Z", ...phase };
};

export const DAY2_CHANGES: readonly Day2Change[] = [
  {
    id: "grow-storage",
    change: "Grow a server's storage",
    stack: "prod",
    edit: (v) => { pg(v).master!.storageGb = 256; },
    verdict: "not applied",
    effect: "Nothing, by itself: with auto-grow on (the default) `storage.storageSizeGB` is in ignoreChanges, so the engine keeps the deployed size (Azure grows the disk itself, and a full-body update must never send a smaller size than Azure's). The plan report says NOT APPLIED.",
    data: "stays",
    steps: [
      "Grow it online: `az postgres flexible-server update -g <rg> -n <server> --storage-size <GiB>` (MySQL: `az mysql flexible-server update ...`).",
      "Set the server's `storageGb` to the new size for the record and for new servers.",
      "`pulumi up` (it refreshes first, so the state takes the real size). With `autoGrow: false`, `storageGb` is applied by `pulumi up` in place.",
    ],
  },
  {
    id: "change-sku",
    change: "Change a server's compute size (SKU)",
    stack: "prod",
    edit: (v) => { pg(v).master!.skuName = "Standard_D8ds_v5"; },
    verdict: "restart",
    effect: "In place with a restart: 60-120 s of downtime per Microsoft (with HA, a failover to the standby).",
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
    verdict: "blocked",
    effect: "PostgreSQL: the administrator's object id is in its Azure id, so the change is a replacement, and azure-native deletes before it creates; the server's CanNotDelete lock refuses that delete (ScopeLocked), so prod's `pulumi up` fails there. MySQL: changed in place. Servers and databases untouched.",
    data: "stays",
    steps: [
      "Prefer changing the membership of the Entra group (no deployment at all).",
      "Otherwise, in one reviewed change: lift the server's lock (`pulumi state unprotect` it and remove it), set `entraAdminObjectId` and `entraAdminName`, `pulumi up` (the lock comes back), and check a sign-in as the new principal.",
    ],
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
    verdict: "replacement",
    effect: "PostgreSQL: the public endpoint is disabled in place. MySQL: `network` is create-only (x-ms-mutability create, read at 2024-02-01-preview), so azure-native deletes the server and creates an empty one: in dev (unprotected) its data is gone; in a protected stack the change is blocked. Firewall rules and the Atlas access list are removed: clients outside a private network lose access at once.",
    data: "MySQL: NOT copied",
    steps: [
      "Give the clients a private path first (privateNetworking, VPN or peering).",
      "MySQL: take the data along: restore the server into a new one created private (restore runbook), or dump and reload; then close it.",
      "Empty `allowedClients` and set `publicNetworkAccess: false`; `pulumi up`.",
    ],
  },
  {
    id: "restore-server",
    change: "Restore a server to a point in time",
    stack: "prod",
    edit: restoreMaster({}),
    verdict: "additive",
    effect: "Phase 1: a new server from the backup, with its own lock, alerts and diagnostics; the databases and firewall rules it came with are not in the stack yet (adopted in phase 2). The source keeps serving until cutover. Like any new PostgreSQL server it needs one restart for its static parameters (pgaudit in shared_preload_libraries) before cutover.",
    data: "copied from backup",
    steps: ["See the restore runbook: restore (`pulumi up`), `adopt: true` (`pulumi up`), restart the restored server (`az postgres flexible-server restart`), `npm run verify -- <stack> --restored`, `cutover: true` (`pulumi up`; the logins move to the restored server with new passwords), `npm run verify -- <stack>`, then release the source on purpose."],
  },
  {
    id: "cut-over-restore",
    change: "Cut over to a restored server",
    stack: "prod",
    from: [
      restoreMaster({}),
      restoreMaster({ adopt: true }),
    ],
    edit: restoreMaster({ adopt: true, cutover: true }),
    verdict: "in place",
    effect: "The restored server serves. The stack outputs and the Key Vault connection strings of its databases name it. Its access component connects there: the SQL providers change host in place, and no role, user or grant is replaced. Every login password of that server is generated anew and set on the restored server. The source is untouched. Applications keep the old passwords until they reload the connection strings.",
    data: "stays (the restored server's)",
    steps: [
      "`npm run verify -- <stack> --restored` passes. A refused password is expected when the restore point predates the last rotation.",
      "Set the restore's `cutover: true`. The deploy job's cutover gate verifies the restored server again before its `pulumi up`.",
      "Restart or reload the applications. Then run `npm run verify -- <stack>`.",
      "Release the source on purpose, in a separate change.",
    ],
  },
  {
    id: "move-maintenance-window",
    change: "Set or move a server's maintenance window",
    stack: "prod",
    edit: (v) => { pg(v).master!.maintenanceWindow = { dayOfWeek: "Saturday", startHour: 22, startMinute: 30 }; },
    verdict: "in place",
    effect: "In place on the running server (Azure takes `maintenanceWindow` on an update only: on a server created in the same run it is applied by the deploy's second `up`). Applies from the next scheduled maintenance.",
    data: "stays",
    steps: ["Set the server's `maintenanceWindow` (UTC).", "`pulumi up` (the deploy job's two ups and closing preview converge it)."],
  },
  {
    id: "geo-backup-off",
    change: "Turn geo-redundant backup off (or on) on a running server",
    stack: "prod",
    edit: (v) => { pg(v).master!.geoRedundantBackup = false; },
    verdict: "refused",
    effect: "Not possible in place: Azure chooses backup redundancy at creation (`backup.geoRedundantBackup` is create-only inside `backup`), and azure-native does not replace on a nested property, so the update is sent and refused. The plan report says REFUSED BY THE SERVICE.",
    data: "stays",
    steps: ["Restore the server into a new one created with the setting wanted (restore runbook), cut over, release the old one."],
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
  /** What the plan report says (committed snapshot vs the changed plan). */
  readonly verdict: Day2Verdict;
  /** What the lifecycle emulator says an `up` of the change does to the deployed stack. */
  readonly emulated: Day2Verdict;
  readonly findings: PlanFinding[];
  readonly changes: PlanChangeSummary;
  /** The emulated up's errors, as the engine or the service would say them. */
  readonly errors: readonly string[];
  /** Changes a further up would still make after the documented deploy (empty when it converges). */
  readonly pending: readonly string[];
}

interface Baseline {
  readonly run: ProgramRun;
  readonly plan: PlanInventory;
}

/** The unchanged stack, computed once per process (deterministic). */
const baselines = new Map<string, Promise<Baseline>>();

/** Applies a row's change, to the plan and to an emulated deployed stack, and reports both verdicts. */
export async function tryDay2Change(row: Day2Change): Promise<Day2Result> {
  if (!baselines.has(row.stack)) baselines.set(row.stack, runGenims(row.stack, stackConfig(row.stack)).then((run) => ({ run, plan: parsePlan(renderInventory(row.stack, run)) })));
  const committed = await baselines.get(row.stack)!;
  const emulator = new Lifecycle(row.stack);
  deployAsDocumented(emulator, committed.run);
  // The history the change starts from, deployed step after step.
  let before = committed;
  for (const step of row.from ?? []) {
    const run = await runWith(row.stack, step);
    const history = deployAsDocumented(emulator, run);
    if (history.errors.length > 0) throw new Error(`${row.id}: the starting point does not deploy: ${history.errors.join("; ")}`);
    before = { run, plan: parsePlan(renderInventory(row.stack, run)) };
  }
  const catalog = row.catalog === undefined ? GENIMS_CATALOG : row.catalog(GENIMS_CATALOG);
  const changed = await runWith(row.stack, row.edit, catalog);
  const after = parsePlan(renderInventory(row.stack, changed));
  const findings = findReplacements(before.plan, after);
  const changes = summarizeChanges(before.plan, after);
  const up = emulator.up(changed, { refresh: projectRefreshes() });
  const settled = up.errors.length > 0 ? { pending: [] } : deployAsDocumented(emulator, changed);
  return { verdict: verdictOf(before.plan, findings, changes, after), emulated: emulatedVerdict(up), findings, changes, errors: up.errors, pending: settled.pending };
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
