/**
 * What the policies know about the resources they check: the two flexible-server engines, how a
 * resource is named in a violation message, and how a server's children and attachments (server
 * parameters, Entra administrators, diagnostic settings, locks) are found in a stack.
 *
 * Deliberately independent of `components/`: a policy that read the components' own constants
 * would pass whatever the components do. The controls are restated here from their sources.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as monitor from "@pulumi/azure-native/monitor";
import * as resources from "@pulumi/azure-native/resources";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";

/** An SDK resource class, as the policy SDK's type filters take it (only its type token matters). */
// The policy SDK's own filter signature (@pulumi/policy 1.21.0 policy.d.ts: `new (...rest: any[]) => TResource`);
// `unknown[]` or `never[]` make the SDK classes or the SDK's parameters unassignable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceClass = new (...rest: any[]) => pulumi.Resource;

/** The type token an SDK class registers with (`azure-native:dbforpostgresql:Server`). */
export function pulumiType(resourceClass: object): string {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token !== "string") throw new Error(`${String((resourceClass as { name?: string }).name)} has no Pulumi type token`);
  return token;
}

/** One flexible-server engine: its SDK classes and how Azure and the benchmarks name it. */
export interface FlexibleServerEngine {
  /** "PostgreSQL" or "MySQL", as the Azure Policy display names spell it. */
  readonly label: "PostgreSQL" | "MySQL";
  readonly server: ResourceClass;
  readonly database: ResourceClass;
  readonly configuration: ResourceClass;
  readonly firewallRule: ResourceClass;
  /** ARM resource provider namespace, as in `/providers/<namespace>/flexibleServers/<name>`. */
  readonly providerNamespace: "Microsoft.DBforPostgreSQL" | "Microsoft.DBforMySQL";
}

export const POSTGRESQL: FlexibleServerEngine = {
  label: "PostgreSQL",
  server: dbforpostgresql.Server,
  database: dbforpostgresql.Database,
  configuration: dbforpostgresql.Configuration,
  firewallRule: dbforpostgresql.FirewallRule,
  providerNamespace: "Microsoft.DBforPostgreSQL",
};

export const MYSQL: FlexibleServerEngine = {
  label: "MySQL",
  server: dbformysql.Server,
  database: dbformysql.Database,
  configuration: dbformysql.Configuration,
  firewallRule: dbformysql.FirewallRule,
  providerNamespace: "Microsoft.DBforMySQL",
};

export const ENGINES: readonly FlexibleServerEngine[] = [POSTGRESQL, MYSQL];

/** Physical name from the first of `keys` that is a string; the logical name when none is. */
function physicalName(props: Record<string, unknown>, keys: readonly string[], logicalName: string): string {
  for (const key of keys) {
    const value = props[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return logicalName;
}

/**
 * How each kind of resource is named in a message. Resource validations see inputs
 * (`serverName`), stack validations see outputs (`name`), hence the lists.
 */
const DESCRIPTIONS: ReadonlyMap<string, (props: Record<string, unknown>, logicalName: string) => string> = new Map([
  ...ENGINES.flatMap((engine) => [
    [pulumiType(engine.server), (p: Record<string, unknown>, n: string) => `${engine.label} flexible server "${physicalName(p, ["serverName", "name"], n)}"`] as const,
    [
      pulumiType(engine.database),
      (p: Record<string, unknown>, n: string) => `${engine.label} database "${physicalName(p, ["databaseName", "name"], n)}" on server "${physicalName(p, ["serverName"], "?")}"`,
    ] as const,
    [
      pulumiType(engine.firewallRule),
      (p: Record<string, unknown>, n: string) => `${engine.label} firewall rule "${physicalName(p, ["firewallRuleName", "name"], n)}" on server "${physicalName(p, ["serverName"], "?")}"`,
    ] as const,
  ]),
  [pulumiType(keyvault.Vault), (p, n) => `Key Vault "${physicalName(p, ["vaultName", "name"], n)}"`],
  [pulumiType(resources.ResourceGroup), (p, n) => `Resource group "${physicalName(p, ["resourceGroupName", "name"], n)}"`],
  [pulumiType(mongodbatlas.Project), (p, n) => `Atlas project "${physicalName(p, ["name"], n)}"`],
  [pulumiType(mongodbatlas.AdvancedCluster), (p, n) => `Atlas cluster "${physicalName(p, ["name"], n)}"`],
  [pulumiType(mongodbatlas.ProjectIpAccessList), (_p, n) => `Atlas IP access-list entry "${n}"`],
]);

/** `PostgreSQL flexible server "genims-prod-pg-master"`: the subject of a violation message. */
export function describe(type: string, props: Record<string, unknown>, logicalName: string): string {
  const description = DESCRIPTIONS.get(type);
  return description ? description(props, logicalName) : `${type} "${logicalName}"`;
}

export function describeResource(resource: Pick<PolicyResource, "type" | "props" | "name">): string {
  return describe(resource.type, resource.props, resource.name);
}

const sameText = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * Whether `child.props[property]` names `server` (a `serverName` or `resourceName`). The engine's
 * property dependencies are asked first: they are known during a preview, when the server's name
 * output may not be.
 */
export function namesServer(child: PolicyResource, property: string, server: PolicyResource): boolean {
  if (child.propertyDependencies?.[property]?.includes(server)) return true;
  return sameText(child.props[property], physicalName(server.props, ["serverName", "name"], "\u0000"));
}

/**
 * Whether `child.props[property]` is the ARM id of `server` (a `resourceUri` or lock `scope`):
 * by property dependency, by the server's own `id`, or by the id's
 * `/providers/<namespace>/flexibleServers/<name>` ending.
 */
export function identifiesServer(child: PolicyResource, property: string, server: PolicyResource, engine: FlexibleServerEngine): boolean {
  if (child.propertyDependencies?.[property]?.includes(server)) return true;
  const value = child.props[property];
  if (typeof value !== "string") return false;
  if (typeof server.props.id === "string" && sameText(value, server.props.id)) return true;
  const name = physicalName(server.props, ["serverName", "name"], "\u0000");
  return value.toLowerCase().endsWith(`/providers/${engine.providerNamespace}/flexibleServers/${name}`.toLowerCase());
}

/** The value `server` gives `parameter` through a Configuration resource, or `undefined`. */
export function serverParameter(args: StackValidationArgs, engine: FlexibleServerEngine, server: PolicyResource, parameter: string): string | undefined {
  const configuration = args.resources.find(
    (resource) =>
      resource.isType(engine.configuration) &&
      physicalName(resource.props, ["configurationName", "name"], resource.name) === parameter &&
      namesServer(resource, "serverName", server),
  );
  const value = configuration?.props.value;
  return typeof value === "string" ? value : undefined;
}

/** A server parameter a control requires, and the values it accepts. */
export interface ParameterRule {
  readonly parameter: string;
  /** What the message asks for: `on`, `TLSv1.2 or TLSv1.3`, `a list that includes pgaudit`. */
  readonly expected: string;
  readonly accepts: (value: string) => boolean;
  /** The control the message cites, e.g. `CIS Microsoft Azure Foundations 4.3.2`. */
  readonly control: string;
}

/** Reports, naming the server, when `server` does not set `rule.parameter` to an accepted value. */
export function checkServerParameter(args: StackValidationArgs, engine: FlexibleServerEngine, server: PolicyResource, rule: ParameterRule, reportViolation: ReportViolation): void {
  const value = serverParameter(args, engine, server, rule.parameter);
  if (value !== undefined && rule.accepts(value)) return;
  const actual = value === undefined ? "it is not set" : `it is "${value}"`;
  reportViolation(`${describeResource(server)} must set server parameter ${rule.parameter} to ${rule.expected} (${rule.control}); ${actual}.`, server.urn);
}

/** Comma-separated parameter value → trimmed, lower-case entries. */
export function listEntries(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}

export const isOn = (value: string) => value.trim().toLowerCase() === "on";

/**
 * Whether a CanNotDelete management lock in the stack sits on `server`. (A ReadOnly lock would also
 * stop deletion, but it blocks the server's own control-plane operations: not a lock we want.)
 */
export function hasDeleteLock(args: StackValidationArgs, engine: FlexibleServerEngine, server: PolicyResource): boolean {
  return args.resources.some((resource) => {
    if (resource.isType(authorization.ManagementLockByScope)) {
      return sameText(resource.props.level, "CanNotDelete") && identifiesServer(resource, "scope", server, engine);
    }
    if (resource.isType(authorization.ManagementLockAtResourceLevel)) {
      return (
        sameText(resource.props.level, "CanNotDelete") &&
        sameText(resource.props.resourceProviderNamespace, engine.providerNamespace) &&
        sameText(resource.props.resourceType, "flexibleServers") &&
        // A server is a top-level resource: no parent path.
        (resource.props.parentResourcePath ?? "") === "" &&
        namesServer(resource, "resourceName", server)
      );
    }
    return false;
  });
}

/** Whether a diagnostic setting in the stack sends `server`'s logs somewhere. */
export function hasDiagnosticSetting(args: StackValidationArgs, engine: FlexibleServerEngine, server: PolicyResource): boolean {
  return args.resources.some((resource) => resource.isType(monitor.DiagnosticSetting) && identifiesServer(resource, "resourceUri", server, engine));
}
