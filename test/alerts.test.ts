import { METRIC_NAMESPACE } from "../packages/db-components/lib/alerts";
import { readNamespace } from "../config/load";
import { CONFIG_KEYS } from "../config/schema";
import { configIssues } from "./configIssues";
import { type ProgramRun, findResource, id, resourcesOfType, runGenims, stackConfig, toRuntimeConfig } from "./harness";

const METRIC_ALERT = "azure-native:monitor:MetricAlert";
const ACTION_GROUP = "azure-native:monitor:ActionGroup";
const ATLAS_ALERT = "mongodbatlas:index/alertConfiguration:AlertConfiguration";
const SERVERS = ["azure-native:dbforpostgresql:Server", "azure-native:dbformysql:Server"];

let dev: ProgramRun;
let prod: ProgramRun;
let hooked: ProgramRun;
const WEBHOOK = "https://hooks.example.com/services/T000/B000/not-a-real-token";
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
  hooked = await runGenims("prod", { ...stackConfig("prod"), ...toRuntimeConfig({ "genims:alertWebhooks": { pager: WEBHOOK } }) });
}, 90_000);

type Criterion = { metricName: string; metricNamespace: string; operator: string; threshold: number; timeAggregation: string };
const criterionOf = (alert: { inputs: Record<string, unknown> }) => (alert.inputs.criteria as { allOf: Criterion[] }).allOf[0]!;

/** Alerts of each server: server logical id → metric name → threshold. */
function alertsByServer(run: ProgramRun): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const server of run.resources.filter((r) => SERVERS.includes(r.type))) result[id(server.type, server.name)] = {};
  for (const alert of resourcesOfType(run, METRIC_ALERT)) {
    const criterion = criterionOf(alert);
    result[alert.parent ?? "<unparented>"]![criterion.metricName] = criterion.threshold;
  }
  return result;
}

describe("metric alerts on every flexible server", () => {
  test("prod: storage, CPU, memory and connections on every server; HA replication lag on the MySQL servers", () => {
    const alerts = alertsByServer(prod);
    expect(Object.keys(alerts)).toHaveLength(9);
    for (const [server, metrics] of Object.entries(alerts)) {
      const base = { storage_percent: 85, cpu_percent: 90, memory_percent: 90, active_connections: 400 };
      // Prod runs zone-redundant HA: MySQL publishes HA_replication_lag, PostgreSQL (synchronous standby) nothing.
      expect(metrics).toEqual(server.includes("dbformysql") ? { ...base, HA_replication_lag: 60 } : base);
    }
  });

  test("dev: its own thresholds, and no lag alert without HA", () => {
    for (const metrics of Object.values(alertsByServer(dev))) {
      expect(metrics).toEqual({ storage_percent: 85, cpu_percent: 95, memory_percent: 95, active_connections: 100 });
    }
  });

  test("each alert targets its server, in the engine's metric namespace, notifies the stack's action group, and is not protected", () => {
    const group = findResource(prod, ACTION_GROUP, "genims-alerts-action-group");
    for (const alert of resourcesOfType(prod, METRIC_ALERT)) {
      const server = prod.resources.find((r) => id(r.type, r.name) === alert.parent)!;
      expect(alert.inputs.scopes).toEqual([`${server.name}-id`]);
      expect(criterionOf(alert).metricNamespace).toBe(server.type.includes("dbformysql") ? METRIC_NAMESPACE.mysql : METRIC_NAMESPACE.pg);
      expect(criterionOf(alert)).toEqual(expect.objectContaining({ operator: "GreaterThan" }));
      expect(alert.inputs.actions).toEqual([{ actionGroupId: `${group.name}-id` }]);
      expect(alert.inputs.ruleName).toBe(`${String(server.inputs.serverName)}-${String((alert.inputs.criteria as { allOf: { name: string }[] }).allOf[0]!.name)}`);
      expect(alert.protect).toBe(false);
    }
    expect(group.protect).toBe(false);
  });

  test("the action group mails the stack's receivers; webhook URLs are secrets", () => {
    expect(findResource(prod, ACTION_GROUP, "genims-alerts-action-group").inputs).toEqual(
      expect.objectContaining({ actionGroupName: "genims-prod-alerts", groupShortName: "genims-prod", emailReceivers: [{ name: "dba-oncall", emailAddress: "genims-dba-oncall@example.com", useCommonAlertSchema: true }] }),
    );
    const group = findResource(hooked, ACTION_GROUP, "genims-alerts-action-group");
    expect(group.inputs.webhookReceivers).toEqual([{ name: "pager", serviceUri: WEBHOOK, useCommonAlertSchema: true }]);
    expect(group.secretInputs).toContain("webhookReceivers");
    expect(JSON.stringify(hooked.outputs)).not.toContain("not-a-real-token");
  });
});

describe("Atlas alert configurations", () => {
  test("the same concerns in Atlas's metric names, to the project owners and the stack's receivers", () => {
    const alerts = resourcesOfType(prod, ATLAS_ALERT);
    const metrics = Object.fromEntries(alerts.map((alert) => [(alert.inputs.metricThresholdConfig as { metricName: string }).metricName, alert.inputs.metricThresholdConfig]));
    expect(metrics).toEqual({
      DISK_PARTITION_SPACE_USED_DATA: { metricName: "DISK_PARTITION_SPACE_USED_DATA", operator: "GREATER_THAN", threshold: 85, units: "RAW", mode: "AVERAGE" },
      NORMALIZED_SYSTEM_CPU_USER: { metricName: "NORMALIZED_SYSTEM_CPU_USER", operator: "GREATER_THAN", threshold: 90, units: "RAW", mode: "AVERAGE" },
      SYSTEM_MEMORY_PERCENT_USED: { metricName: "SYSTEM_MEMORY_PERCENT_USED", operator: "GREATER_THAN", threshold: 90, units: "RAW", mode: "AVERAGE" },
      CONNECTIONS_PERCENT: { metricName: "CONNECTIONS_PERCENT", operator: "GREATER_THAN", threshold: 80, units: "RAW", mode: "AVERAGE" },
      OPLOG_SLAVE_LAG_MASTER_TIME: { metricName: "OPLOG_SLAVE_LAG_MASTER_TIME", operator: "GREATER_THAN", threshold: 60, units: "SECONDS", mode: "AVERAGE" },
    });
    for (const alert of alerts) {
      expect(alert.inputs).toEqual(expect.objectContaining({ enabled: true, eventType: "OUTSIDE_METRIC_THRESHOLD", projectId: "mongo-project-id" }));
      expect(alert.inputs.notifications).toEqual([
        expect.objectContaining({ typeName: "GROUP", roles: ["GROUP_OWNER"] }),
        expect.objectContaining({ typeName: "EMAIL", emailAddress: "genims-dba-oncall@example.com" }),
      ]);
      expect(alert.protect).toBe(false);
    }
    for (const alert of resourcesOfType(hooked, ATLAS_ALERT)) {
      expect(alert.inputs.notifications).toContainEqual(expect.objectContaining({ typeName: "WEBHOOK", webhookUrl: WEBHOOK }));
      expect(alert.secretInputs).toContain("notifications");
    }
  });
});

describe("alert config validation", () => {
  const issuesOf = configIssues;
  const prodValues = () => readNamespace(stackConfig("prod"));

  test("bad receivers are each named: not an email, a clear-text webhook, a repeated name", () => {
    const issues = issuesOf({ ...prodValues(), alertEmails: { dba: "not-an-email", ops: "ops@example.com" }, alertWebhooks: { hook: "http://hooks.example.com/x", ops: "https://hooks.example.com/y" } });
    expect(issues.map((issue) => [issue.path, issue.problem])).toEqual([
      ["genims:alertEmails.dba", '"not-an-email" is not valid here'],
      ["genims:alertWebhooks.hook", '"http://hooks.example.com/x" is not valid here'],
      ["genims:alertWebhooks.ops", 'repeats receiver name "ops"'],
    ]);
    expect(issues[1]!.expected).toContain("HTTPS only");
  });

  test("thresholds outside their range are rejected with the key's description", () => {
    const issues = issuesOf({ ...prodValues(), alertStoragePercent: 100, alertCpuPercent: 10 });
    expect(issues.map((issue) => issue.path)).toEqual(["genims:alertStoragePercent", "genims:alertCpuPercent"]);
    expect(issues[0]!.expected).toBe(CONFIG_KEYS.alertStoragePercent.description);
  });
});
