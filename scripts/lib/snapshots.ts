/**
 * Committed plan snapshots: `plans/<stack>.plan.txt` holds the offline plan of every stack file,
 * so a pull request shows in its diff what the change does to each environment, without cloud
 * credentials. The file holds only the plan (deterministic, so an unchanged stack gives an
 * unchanged file); the replacement report is computed by comparing it with the new plan and
 * printed by `npm run plan:update` / `npm run plan:check` (and by the snapshot test on failure),
 * rather than written into the file where it would go stale with the next commit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, offlineSubstitutions, runGenims, stackConfig } from "./offline";
import { renderInventory } from "./inventory";
import { repositoryStacks } from "./stacks";

export { repositoryStacks };
import { type PlanChangeSummary, type PlanFinding, type PlannedResource, STATIC_PARAMETERS, findReplacements, parsePlan, renderFindings, summarizeChanges } from "./planDiff";

export const PLANS_DIR = "plans";
export const UPDATE_COMMAND = "npm run plan:update";

export function snapshotPath(stack: string, root = REPO_ROOT): string {
  return path.join(root, PLANS_DIR, `${stack}.plan.txt`);
}

/** Stacks with a committed snapshot, sorted (a snapshot without a stack file is an orphan). */
export function snapshotStacks(root = REPO_ROOT): string[] {
  const dir = path.join(root, PLANS_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((file) => /^(.+)\.plan\.txt$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

export async function generatePlan(stack: string, root = REPO_ROOT): Promise<string> {
  return renderInventory(stack, await runGenims(stack, stackConfig(stack, root)), offlineSubstitutions(stack, root));
}

export interface SnapshotComparison {
  readonly stack: string;
  /** What is on disk; `undefined` when there is none. */
  readonly committed: string | undefined;
  /** The plan now; `undefined` when the stack file is gone (the snapshot is an orphan). */
  readonly generated: string | undefined;
  readonly stale: boolean;
  readonly findings: PlanFinding[];
  readonly changes: PlanChangeSummary;
}

/** Compares a committed snapshot with a freshly generated plan: pure, for tests and the CLI. */
export function compareSnapshot(stack: string, committed: string | undefined, generated: string | undefined): SnapshotComparison {
  const before = parsePlan(committed ?? "");
  const after = parsePlan(generated ?? "");
  return { stack, committed, generated, stale: committed !== generated, findings: findReplacements(before, after), changes: summarizeChanges(before, after) };
}

/** Every stack file and every committed snapshot, compared. */
export async function compareAll(root = REPO_ROOT): Promise<SnapshotComparison[]> {
  const stacks = [...new Set([...repositoryStacks(root), ...snapshotStacks(root)])].sort();
  const comparisons: SnapshotComparison[] = [];
  for (const stack of stacks) {
    const file = snapshotPath(stack, root);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    const generated = repositoryStacks(root).includes(stack) ? await generatePlan(stack, root) : undefined;
    comparisons.push(compareSnapshot(stack, committed, generated));
  }
  return comparisons;
}

/** One stack's status line plus, when anything changed, its replacement report. */
export function renderComparison(comparison: SnapshotComparison): string {
  const file = `${PLANS_DIR}/${comparison.stack}.plan.txt`;
  if (!comparison.stale) return `${file}: up to date\n`;
  const { added, removed, changed } = comparison.changes;
  const status =
    comparison.committed === undefined
      ? "new snapshot (no committed plan to compare with)"
      : comparison.generated === undefined
        ? "orphan: its stack file is gone, so every resource of the stack would be deleted"
        : `${added.length} added, ${removed.length} removed, ${changed.length} changed resources`;
  if (comparison.committed === undefined && comparison.generated !== undefined) return `${file}: ${status}\n${renderNewStack(comparison)}`;
  return `${file}: ${status}\n${renderFindings(comparison.stack, comparison.findings)}`;
}

/**
 * A brand-new stack: nothing exists yet, so nothing is replaced, deleted or restarted. Its static
 * parameters are not restarts of a running server but the one-time restart of each new server
 * after the first `pulumi up`, which the first-deploy checklist names.
 */
function renderNewStack(comparison: SnapshotComparison): string {
  // The plan report does not count parameters of servers it creates as restarts (findAddedStaticParameters).
  const staticParameters = newStaticParameters(comparison.generated ?? "");
  const others = comparison.findings.filter((finding) => finding.severity !== "restart");
  const restart =
    staticParameters.length === 0
      ? ""
      : `${comparison.stack}: a new stack, nothing running to restart; its ${staticParameters.length} static server parameters take effect at the one-time restart of each server after the first \`pulumi up\` (README, "First deploy", step 6)\n`;
  return `${restart}${others.length === 0 ? `${comparison.stack}: ${comparison.changes.added.length} resources to create, none replaced or deleted\n` : renderFindings(comparison.stack, others)}`;
}

/** The static server parameters a plan sets (each takes effect at a restart of its server). */
export function newStaticParameters(plan: string): PlannedResource[] {
  return [...parsePlan(plan).values()].filter((r) => (STATIC_PARAMETERS[r.type] ?? []).includes(r.inputs.configurationName ?? ""));
}
