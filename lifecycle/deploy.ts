/**
 * How a deployment is run, as data: the deploy job (.github/workflows/) and the README's
 * first-deploy checklist run exactly these commands, and the lifecycle scenarios replay them, so
 * what is tested is what is done.
 *
 * Why two `up`s: Azure applies some properties only on an update (a flexible server's
 * `maintenanceWindow` is `x-ms-mutability: read, update` in both engines' specs), so a server
 * created by the first `up` has the system-managed window. The second `up` refreshes first
 * (Pulumi.yaml `options.refresh: always`), azure-native's Read reports the window Azure holds as
 * the input, the program's window differs, and the update applies it. On a stack where nothing
 * was created the second `up` changes nothing. The closing preview with `--expect-no-changes`
 * is the idempotency check (as Azure Verified Modules deploy every module twice): it fails the job
 * when the stack does not converge.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { ProgramRun } from "../scripts/lib/offline";
import type { Deployment, Lifecycle } from "./emulator";

export interface DeployCommand {
  readonly command: "up" | "preview";
  /** `--expect-no-changes`: the command fails when the stack would change. */
  readonly expectNoChanges: boolean;
  readonly why: string;
}

export const DEPLOY_PROCEDURE: readonly DeployCommand[] = [
  { command: "up", expectNoChanges: false, why: "creates and updates the stack" },
  { command: "up", expectNoChanges: false, why: "applies what Azure takes only on an update (maintenance windows of servers the first up created); nothing otherwise" },
  { command: "preview", expectNoChanges: true, why: "the stack has converged: a further up would change nothing" },
];

/** Pulumi.yaml's `options.refresh` (the CLI refreshes before every preview and up when it is `always`). */
export function projectRefreshes(root = path.resolve(__dirname, "..")): boolean {
  const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { options?: { refresh?: string } };
  return project.options?.refresh === "always";
}

/** The result of a documented deployment: every command's outcome, and whether the stack converged. */
export interface DeployResult {
  readonly deployments: readonly Deployment[];
  readonly errors: readonly string[];
  /** Changes the closing preview still shows (empty when converged). */
  readonly pending: readonly string[];
}

export const changesOf = (deployment: Deployment) => deployment.steps.filter((step) => step.op !== "same").map((step) => `${step.op} ${step.name}${step.changed.length > 0 ? ` (${step.changed.join(", ")})` : ""}`);

/** Runs the procedure against the emulator, with the project's refresh setting (or the one given). */
export function deployAsDocumented(emulator: Lifecycle, run: ProgramRun, options: { refresh?: boolean; procedure?: readonly DeployCommand[] } = {}): DeployResult {
  const refresh = options.refresh ?? projectRefreshes();
  const deployments: Deployment[] = [];
  const errors: string[] = [];
  let pending: string[] = [];
  for (const command of options.procedure ?? DEPLOY_PROCEDURE) {
    const deployment = command.command === "up" ? emulator.up(run, { refresh }) : emulator.preview(run, { refresh });
    deployments.push(deployment);
    errors.push(...deployment.errors);
    if (deployment.errors.length > 0) break;
    if (command.expectNoChanges) {
      pending = changesOf(deployment);
      if (pending.length > 0) errors.push(`preview --expect-no-changes: the stack did not converge: ${pending.join("; ")}`);
    }
  }
  return { deployments, errors, pending };
}
