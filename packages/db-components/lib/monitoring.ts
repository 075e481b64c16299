/**
 * Monitoring: the Log Analytics workspace that receives every server's logs and metrics (or an
 * existing one by ID), and the diagnostic setting helper every server component uses.
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import { HOLDS_NO_DATA } from "./protection";

export interface LogWorkspaceArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Required. Physical name of the workspace this stack creates. */
  readonly workspaceName: string;
  /** Optional. Use this existing workspace instead of creating one. */
  readonly existingWorkspaceId?: string;
  /** Optional. Retention in days. Default 90. */
  readonly retentionDays?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export class LogWorkspace extends pulumi.ComponentResource {
  readonly workspaceId: pulumi.Output<string>;

  constructor(name: string, args: LogWorkspaceArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:monitoring:LogWorkspace") {
    super(type, name, {}, opts);
    if (args.existingWorkspaceId !== undefined) {
      this.workspaceId = pulumi.output(args.existingWorkspaceId);
    } else {
      const workspace = new operationalinsights.Workspace(
        `${name}-workspace`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          workspaceName: args.workspaceName,
          sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
          retentionInDays: args.retentionDays ?? 90,
          tags: { ...(args.tags ?? {}) },
        },
        { parent: this },
      );
      this.workspaceId = workspace.id;
    }
    this.registerOutputs({ workspaceId: this.workspaceId });
  }
}

/**
 * Sends a resource's logs (by category, or all) and all metrics to the workspace. Diagnostic
 * settings are Microsoft.Insights extension resources, not server operations, so they do not
 * wait in the server's queue.
 */
export function diagnosticSetting(
  name: string,
  target: pulumi.CustomResource & { readonly id: pulumi.Output<string> },
  workspaceId: pulumi.Input<string>,
  logCategories: readonly string[] | "allLogs",
): monitor.DiagnosticSetting {
  return new monitor.DiagnosticSetting(
    name,
    {
      name: "genims-diagnostics",
      resourceUri: target.id,
      workspaceId,
      logs: logCategories === "allLogs" ? [{ categoryGroup: "allLogs", enabled: true }] : logCategories.map((category) => ({ category, enabled: true })),
      metrics: [{ category: "AllMetrics", enabled: true }],
    },
    { parent: target, ...HOLDS_NO_DATA },
  );
}
