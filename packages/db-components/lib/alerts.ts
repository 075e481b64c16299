/**
 * Alerts: one Azure Monitor action group per stack (who is told), metric alerts on every flexible
 * server (storage, CPU, memory, connections, and replication lag where the engine publishes it
 * for our topology), and the same concerns as Atlas alert configurations on the MongoDB project.
 *
 * Alerts hold no data: nothing here is protected, and a replaced alert loses only its history.
 *
 * Sources, checked at the versions this program uses:
 * - Resource shapes: `@pulumi/azure-native` 3.28.0 `monitor/metricAlert.d.ts` (REST API 2018-03-01)
 *   and `monitor/actionGroup.d.ts` (REST API 2024-10-01-preview); `@pulumi/mongodbatlas` 4.16.0
 *   `alertConfiguration.d.ts`.
 * - Azure metric names ("Name in REST API" column): Supported metrics for
 *   Microsoft.DBforPostgreSQL/flexibleServers and Microsoft.DBforMySQL/flexibleServers,
 *   https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-dbforpostgresql-flexibleservers-metrics
 *   and .../microsoft-dbformysql-flexibleservers-metrics (source: MicrosoftDocs/azure-reference-other,
 *   azure-monitor-ref/supported-metrics/includes/Microsoft-DBfor{PostgreSQL,MySQL}-flexibleServers-metrics-include.md).
 *   PostgreSQL publishes lag only for asynchronous slots and read replicas
 *   (`physical_replication_delay_in_bytes`, `physical_replication_delay_in_seconds`); its HA standby
 *   is synchronous, so a PostgreSQL server without read replicas gets no lag alert. MySQL publishes
 *   `HA_replication_lag` (seconds) for its HA standby.
 * - Atlas metric names and units: the Atlas Admin API spec vendored by
 *   mongodb/terraform-provider-mongodbatlas v2.16.0 (the provider `@pulumi/mongodbatlas` 4.16.0
 *   bundles), tools/codegen/atlasapispec/raw-multi-version-api-spec.yml: DISK_PARTITION_SPACE_USED_DATA,
 *   NORMALIZED_SYSTEM_CPU_USER, SYSTEM_MEMORY_PERCENT_USED, CONNECTIONS_PERCENT (RawMetricAlertView,
 *   units RAW) and OPLOG_SLAVE_LAG_MASTER_TIME (TimeMetricAlertView, units SECONDS..DAYS).
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import type { AlertReceivers, AlertThresholds } from "./types";
import { HOLDS_NO_DATA } from "./protection";

/** Azure Monitor metric namespaces of the two flexible server kinds. */
export const METRIC_NAMESPACE = {
  pg: "Microsoft.DBforPostgreSQL/flexibleServers",
  mysql: "Microsoft.DBforMySQL/flexibleServers",
} as const;

/** Azure alert severities: 0 critical … 4 verbose. */
export type AlertSeverity = 0 | 1 | 2 | 3 | 4;

/** One static-threshold metric alert on a flexible server. */
export interface ServerAlertRule {
  /** Logical and physical name part: `storage`, `cpu`, … */
  readonly key: string;
  readonly metricName: string;
  readonly aggregation: "Average" | "Maximum";
  readonly threshold: number;
  readonly severity: AlertSeverity;
  readonly description: string;
}

/**
 * The alerts a flexible server gets. A full disk stops writes (severity 1); CPU, memory and
 * connections degrade service first (severity 2). Replication lag only where Azure measures it.
 */
export function flexibleServerAlertRules(kind: "pg" | "mysql", highAvailability: boolean, t: AlertThresholds): ServerAlertRule[] {
  const rules: ServerAlertRule[] = [
    { key: "storage", metricName: "storage_percent", aggregation: "Average", threshold: t.storagePercent, severity: 1, description: `storage used above ${t.storagePercent}%: grow storage (in place) before the server turns read-only` },
    { key: "cpu", metricName: "cpu_percent", aggregation: "Average", threshold: t.cpuPercent, severity: 2, description: `CPU above ${t.cpuPercent}% for 15 minutes` },
    { key: "memory", metricName: "memory_percent", aggregation: "Average", threshold: t.memoryPercent, severity: 2, description: `memory above ${t.memoryPercent}% for 15 minutes` },
    { key: "connections", metricName: "active_connections", aggregation: "Maximum", threshold: t.activeConnections, severity: 2, description: `more than ${t.activeConnections} active connections` },
  ];
  if (kind === "mysql" && highAvailability) {
    rules.push({ key: "replication-lag", metricName: "HA_replication_lag", aggregation: "Maximum", threshold: t.replicationLagSeconds, severity: 1, description: `HA standby more than ${t.replicationLagSeconds} s behind: a failover now would wait for it` });
  }
  return rules;
}

/**
 * Metric alerts for one server, parented to the server (they live and die with it). Not server
 * operations: Microsoft.Insights resources do not take the server's one-at-a-time lock.
 */
export function serverMetricAlerts(
  name: string,
  server: pulumi.CustomResource & { readonly id: pulumi.Output<string> },
  args: {
    readonly kind: "pg" | "mysql";
    readonly serverName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly highAvailability: boolean;
    readonly actionGroupId: pulumi.Input<string>;
    readonly thresholds: AlertThresholds;
    readonly tags: Readonly<Record<string, string>>;
  },
): Record<string, monitor.MetricAlert> {
  const alerts: Record<string, monitor.MetricAlert> = {};
  for (const rule of flexibleServerAlertRules(args.kind, args.highAvailability, args.thresholds)) {
    alerts[rule.key] = new monitor.MetricAlert(
      `${name}-alert-${rule.key}`,
      {
        resourceGroupName: args.resourceGroupName,
        ruleName: `${args.serverName}-${rule.key}`,
        // Metric alert rules are global resources whatever the target's region.
        location: "global",
        description: `${args.serverName}: ${rule.description}`,
        enabled: true,
        severity: rule.severity,
        scopes: [server.id],
        evaluationFrequency: "PT5M",
        windowSize: "PT15M",
        autoMitigate: true,
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [
            {
              criterionType: "StaticThresholdCriterion",
              name: rule.key,
              metricName: rule.metricName,
              metricNamespace: METRIC_NAMESPACE[args.kind],
              operator: "GreaterThan",
              threshold: rule.threshold,
              timeAggregation: rule.aggregation,
            },
          ],
        },
        actions: [{ actionGroupId: args.actionGroupId }],
        tags: { ...args.tags },
      },
      { parent: server, ...HOLDS_NO_DATA },
    );
  }
  return alerts;
}

export interface AlertActionGroupArgs {
  /** Required. Resource group of the action group. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Required. Physical name of the action group. */
  readonly actionGroupName: string;
  /** Required. Short name (at most 12 characters) Azure puts in SMS and email subjects. */
  readonly shortName: string;
  /** Required. Email and webhook receivers (may be empty: the alerts still show in the portal). */
  readonly receivers: AlertReceivers;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The stack's action group: who every metric alert notifies. */
export class AlertActionGroup extends pulumi.ComponentResource {
  readonly actionGroupId: pulumi.Output<string>;

  constructor(name: string, args: AlertActionGroupArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:monitoring:AlertActionGroup") {
    super(type, name, {}, opts);
    if (args.shortName.length > 12) throw new Error(`${name}: an action group short name has at most 12 characters, got "${args.shortName}"`);
    const group = new monitor.ActionGroup(
      `${name}-action-group`,
      {
        resourceGroupName: args.resourceGroupName,
        actionGroupName: args.actionGroupName,
        groupShortName: args.shortName,
        // Action groups are global resources.
        location: "Global",
        enabled: true,
        // The common alert schema: one payload shape for every receiver, whatever the alert type.
        emailReceivers: args.receivers.emails.map((email) => ({ name: email.name, emailAddress: email.address, useCommonAlertSchema: true })),
        // Webhook URLs often carry a token: treat them as secrets.
        webhookReceivers: args.receivers.webhooks.map((hook) => ({ name: hook.name, serviceUri: pulumi.secret(hook.url), useCommonAlertSchema: true })),
        tags: { ...(args.tags ?? {}) },
      },
      { parent: this, ...HOLDS_NO_DATA },
    );
    this.actionGroupId = group.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }
}

/** One Atlas metric alert. */
export interface AtlasAlertRule {
  readonly key: string;
  readonly metricName: string;
  readonly threshold: number;
  readonly units: "RAW" | "SECONDS";
}

/** The same concerns as the Azure alerts, in Atlas's metric names. */
export function atlasAlertRules(t: AlertThresholds): AtlasAlertRule[] {
  return [
    { key: "storage", metricName: "DISK_PARTITION_SPACE_USED_DATA", threshold: t.storagePercent, units: "RAW" },
    { key: "cpu", metricName: "NORMALIZED_SYSTEM_CPU_USER", threshold: t.cpuPercent, units: "RAW" },
    { key: "memory", metricName: "SYSTEM_MEMORY_PERCENT_USED", threshold: t.memoryPercent, units: "RAW" },
    { key: "connections", metricName: "CONNECTIONS_PERCENT", threshold: t.atlasConnectionsPercent, units: "RAW" },
    { key: "replication-lag", metricName: "OPLOG_SLAVE_LAG_MASTER_TIME", threshold: t.replicationLagSeconds, units: "SECONDS" },
  ];
}

/**
 * Atlas alert configurations on the project (every host of every cluster in it, a restored cluster
 * included). Each notifies the project owners plus the stack's email and webhook receivers.
 */
export function atlasAlertConfigurations(
  name: string,
  project: mongodbatlas.Project,
  receivers: AlertReceivers,
  thresholds: AlertThresholds,
): Record<string, mongodbatlas.AlertConfiguration> {
  const notifications: mongodbatlas.types.input.AlertConfigurationNotification[] = [
    { typeName: "GROUP", roles: ["GROUP_OWNER"], emailEnabled: true, intervalMin: 60, delayMin: 0 },
    ...receivers.emails.map((email) => ({ typeName: "EMAIL", emailAddress: email.address, intervalMin: 60, delayMin: 0 })),
    ...receivers.webhooks.map((hook) => ({ typeName: "WEBHOOK", webhookUrl: pulumi.secret(hook.url), intervalMin: 60, delayMin: 0 })),
  ];
  const alerts: Record<string, mongodbatlas.AlertConfiguration> = {};
  for (const rule of atlasAlertRules(thresholds)) {
    alerts[rule.key] = new mongodbatlas.AlertConfiguration(
      `${name}-alert-${rule.key}`,
      {
        projectId: project.id,
        enabled: true,
        eventType: "OUTSIDE_METRIC_THRESHOLD",
        metricThresholdConfig: { metricName: rule.metricName, operator: "GREATER_THAN", threshold: rule.threshold, units: rule.units, mode: "AVERAGE" },
        notifications,
      },
      { parent: project, ...HOLDS_NO_DATA },
    );
  }
  return alerts;
}
