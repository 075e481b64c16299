/**
 * The controls of the GenIMS database platform as Pulumi policies: CIS Microsoft Azure
 * Foundations server parameters, Azure Policy built-ins, Checkov checks, MongoDB Atlas security
 * settings and our own protection rules. One policy per control; every message is a sentence that
 * names the resource and cites the control.
 *
 * No policy sets its own enforcement level: each environment's pack config
 * (`config.<stack>.json`) decides mandatory or advisory, and the pack default is mandatory, so a
 * run without a config is the strict one.
 */
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import type { PolicyPackArgs, PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import {
  type FlexibleServerEngine,
  type ParameterRule,
  type ResourceClass,
  ENGINES,
  MYSQL,
  POSTGRESQL,
  checkServerParameter,
  describe,
  describeResource,
  hasDeleteLock,
  hasDiagnosticSetting,
  isOn,
  listEntries,
  namesServer,
} from "./resources";

export const POLICY_PACK_NAME = "genims-database-controls";

// A resource's input properties as the engine sends them: untyped JSON, read field by field with
// `?.` and checked against literal values, so `any` is the honest type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

/** One validation per class, each filtered by the class's type token. */
function forEach(classes: readonly ResourceClass[], check: (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void): ResourceValidation[] {
  return classes.map((resourceClass) => validateResourceOfType<pulumi.Resource, Props>(resourceClass, check));
}

/** A resource policy on the flexible servers of both engines. */
function serverResourcePolicy(
  name: string,
  description: string,
  check: (engine: FlexibleServerEngine, server: Props, subject: string, reportViolation: ReportViolation) => void,
): ResourceValidationPolicy {
  return {
    name,
    description,
    validateResource: ENGINES.flatMap((engine) =>
      forEach([engine.server], (props, args, reportViolation) => check(engine, props, describe(args.type, props, args.name), reportViolation)),
    ),
  };
}

/** A stack policy that checks every flexible server of `engines` against what else the stack holds. */
function serverStackPolicy(
  name: string,
  description: string,
  engines: readonly FlexibleServerEngine[],
  check: (args: StackValidationArgs, engine: FlexibleServerEngine, server: PolicyResource, reportViolation: ReportViolation) => void,
): StackValidationPolicy {
  return {
    name,
    description,
    validateStack: (args, reportViolation) => {
      for (const engine of engines) {
        for (const server of args.resources.filter((resource) => resource.isType(engine.server))) check(args, engine, server, reportViolation);
      }
    },
  };
}

/** A stack policy requiring server parameters on every server of one engine. */
function parameterPolicy(name: string, description: string, engine: FlexibleServerEngine, rules: readonly ParameterRule[]): StackValidationPolicy {
  return serverStackPolicy(name, description, [engine], (args, _engine, server, reportViolation) => {
    for (const rule of rules) checkServerParameter(args, engine, server, rule, reportViolation);
  });
}

const on = (parameter: string, control: string): ParameterRule => ({ parameter, expected: "on", accepts: isOn, control });
const ON = (parameter: string, control: string): ParameterRule => ({ parameter, expected: "ON", accepts: isOn, control });
const MODERN_TLS = new Set(["tlsv1.2", "tlsv1.3"]);
/** Every listed protocol is TLS 1.2 or 1.3, and at least one is listed. */
const onlyModernTls = (value: string) => listEntries(value).length > 0 && listEntries(value).every((entry) => MODERN_TLS.has(entry));
const includes = (entry: string) => (value: string) => listEntries(value).includes(entry.toLowerCase());

// --- PostgreSQL server parameters (CIS Microsoft Azure Foundations 4.3.x, flexible server) ---

const postgresParameterPolicies: StackValidationPolicy[] = [
  parameterPolicy("postgresql-require-secure-transport", "PostgreSQL flexible servers refuse connections without TLS.", POSTGRESQL, [
    on("require_secure_transport", "CIS Microsoft Azure Foundations 4.3.1"),
  ]),
  parameterPolicy("postgresql-minimum-tls-version", "PostgreSQL flexible servers accept TLS 1.2 or newer only.", POSTGRESQL, [
    {
      parameter: "ssl_min_protocol_version",
      expected: "TLSv1.2 or TLSv1.3",
      accepts: (value) => MODERN_TLS.has(value.trim().toLowerCase()),
      control: "Microsoft cloud security benchmark DP-3: encrypt data in transit",
    },
  ]),
  parameterPolicy("postgresql-log-checkpoints", "PostgreSQL flexible servers log checkpoints.", POSTGRESQL, [on("log_checkpoints", "CIS Microsoft Azure Foundations 4.3.2")]),
  parameterPolicy("postgresql-log-connections", "PostgreSQL flexible servers log connections.", POSTGRESQL, [on("log_connections", "CIS Microsoft Azure Foundations 4.3.3")]),
  parameterPolicy("postgresql-log-disconnections", "PostgreSQL flexible servers log disconnections.", POSTGRESQL, [on("log_disconnections", "CIS Microsoft Azure Foundations 4.3.4")]),
  parameterPolicy("postgresql-connection-throttling", "PostgreSQL flexible servers throttle repeated failed logins.", POSTGRESQL, [
    on("connection_throttle.enable", "CIS Microsoft Azure Foundations 4.3.5"),
  ]),
  parameterPolicy("postgresql-log-retention", "PostgreSQL flexible servers keep their logs at least 7 days.", POSTGRESQL, [
    {
      parameter: "logfiles.retention_days",
      // CIS asks for more than 3 days; the GenIMS issue asks for 7, the most Azure allows.
      expected: "7 days or more",
      accepts: (value) => /^\d+$/.test(value.trim()) && Number(value) >= 7,
      control: "CIS Microsoft Azure Foundations 4.3.6",
    },
  ]),
  parameterPolicy("postgresql-pgaudit", "PostgreSQL flexible servers load pgaudit and log at least one audit class.", POSTGRESQL, [
    { parameter: "shared_preload_libraries", expected: "a list that includes pgaudit", accepts: includes("pgaudit"), control: "Microsoft cloud security benchmark LT-3: audit logging" },
    {
      parameter: "pgaudit.log",
      expected: "the audit classes to log, not none",
      accepts: (value) => listEntries(value).length > 0 && !listEntries(value).includes("none"),
      control: "Microsoft cloud security benchmark LT-3: audit logging",
    },
  ]),
];

// --- MySQL server parameters (CIS Microsoft Azure Foundations 4.4.x, flexible server) ---

const mysqlParameterPolicies: StackValidationPolicy[] = [
  parameterPolicy("mysql-require-secure-transport", "MySQL flexible servers refuse connections without TLS.", MYSQL, [
    ON("require_secure_transport", "CIS Microsoft Azure Foundations 4.4.1"),
  ]),
  parameterPolicy("mysql-tls-version", "MySQL flexible servers accept TLS 1.2 and 1.3 only.", MYSQL, [
    { parameter: "tls_version", expected: "TLSv1.2 and/or TLSv1.3 only", accepts: onlyModernTls, control: "CIS Microsoft Azure Foundations 4.4.2" },
  ]),
  parameterPolicy("mysql-audit-log", "MySQL flexible servers audit-log connection events.", MYSQL, [
    ON("audit_log_enabled", "CIS Microsoft Azure Foundations 4.4.3"),
    { parameter: "audit_log_events", expected: "a list that includes CONNECTION", accepts: includes("CONNECTION"), control: "CIS Microsoft Azure Foundations 4.4.4" },
  ]),
];

// --- Azure Policy built-ins and Checkov ---

const geoRedundantBackup = serverResourcePolicy(
  "flexible-server-geo-redundant-backup",
  "Flexible servers store their backups in the paired region.",
  (engine, server, subject, reportViolation) => {
    if (server.backup?.geoRedundantBackup === "Enabled") return;
    // A geo-restore runs while the source's region may be down; its own geo-redundant backup would
    // need that region, so Microsoft says to restore without it (MicrosoftDocs/azure-databases-docs
    // articles/{postgresql,mysql}/flexible-server/concepts-backup-restore.md). Re-protect it by a
    // second restore once the region is back.
    if ((server as { createMode?: string }).createMode === "GeoRestore") return;
    const checkov = engine === POSTGRESQL ? "; Checkov CKV_AZURE_136" : "";
    reportViolation(`${subject} must enable geo-redundant backup (Azure Policy: Geo-redundant backup should be enabled for Azure Database for ${engine.label} flexible servers${checkov}).`);
  },
);

const publicNetworkAccess = serverResourcePolicy(
  "flexible-server-public-network-access-disabled",
  "Flexible servers accept no connections from the public internet.",
  (engine, server, subject, reportViolation) => {
    const network = server.network ?? {};
    // A server in a delegated subnet has no public endpoint; Azure then reports access as Disabled.
    const disabled = network.publicNetworkAccess === "Disabled" || (network.publicNetworkAccess === undefined && typeof network.delegatedSubnetResourceId === "string");
    if (disabled) return;
    reportViolation(`${subject} must disable public network access (Azure Policy: Public network access should be disabled for ${engine.label} flexible servers).`);
  },
);

const postgresEntraOnly: ResourceValidationPolicy = {
  name: "postgresql-entra-id-only",
  description: "PostgreSQL flexible servers accept Microsoft Entra ID authentication only, no passwords.",
  validateResource: validateResourceOfType(dbforpostgresql.Server, (server, args, reportViolation) => {
    const entra = server.authConfig?.activeDirectoryAuth;
    const password = server.authConfig?.passwordAuth;
    if (entra === "Enabled" && password === "Disabled") return;
    reportViolation(
      `${describe(args.type, server, args.name)} must accept Microsoft Entra ID authentication only, with authConfig.activeDirectoryAuth Enabled and authConfig.passwordAuth Disabled ` +
        `(Azure Policy: Azure PostgreSQL flexible server should have Microsoft Entra Only Authentication enabled); it has activeDirectoryAuth ${entra ?? "unset"} and passwordAuth ${password ?? "unset"}.`,
    );
  }),
};

const MYSQL_ENTRA_CONTROL = "Azure Policy: Azure MySQL flexible server should have Microsoft Entra Only Authentication enabled";

const mysqlEntraOnly = serverStackPolicy(
  "mysql-entra-id-only",
  "MySQL flexible servers have a Microsoft Entra administrator and accept Microsoft Entra ID authentication only.",
  [MYSQL],
  (args, engine, server, reportViolation) => {
    const hasAdministrator = args.resources.some((resource) => resource.isType(dbformysql.AzureADAdministrator) && namesServer(resource, "serverName", server));
    if (!hasAdministrator) {
      reportViolation(`${describeResource(server)} must have a Microsoft Entra administrator (azure-native:dbformysql:AzureADAdministrator) (${MYSQL_ENTRA_CONTROL}).`, server.urn);
    }
    checkServerParameter(args, engine, server, ON("aad_auth_only", MYSQL_ENTRA_CONTROL), reportViolation);
  },
);

const noAllowAllFirewallRule: ResourceValidationPolicy = {
  name: "flexible-server-firewall-no-allow-all",
  description: "No flexible server firewall rule starts or ends at 0.0.0.0 (all Azure services, or the whole internet).",
  validateResource: forEach(
    ENGINES.map((engine) => engine.firewallRule),
    (rule, args, reportViolation) => {
      if (rule.startIpAddress !== "0.0.0.0" && rule.endIpAddress !== "0.0.0.0") return;
      reportViolation(
        `${describe(args.type, rule, args.name)} must not start or end at 0.0.0.0, which opens the server to all of Azure or the whole internet (Checkov CKV2_AZURE_26); it spans ${rule.startIpAddress}-${rule.endIpAddress}.`,
      );
    },
  ),
};

// --- MongoDB Atlas ---

const atlasNoOpenAccess: ResourceValidationPolicy = {
  name: "atlas-no-open-access-list",
  description: "No Atlas IP access-list entry admits the whole internet.",
  validateResource: validateResourceOfType(mongodbatlas.ProjectIpAccessList, (entry, args, reportViolation) => {
    const everyone = entry.cidrBlock === "0.0.0.0/0" || entry.ipAddress === "0.0.0.0";
    if (!everyone) return;
    reportViolation(`${describe(args.type, entry, args.name)} must not admit 0.0.0.0/0, the whole internet (MongoDB Atlas security checklist: restrict the IP access list to known clients).`);
  }),
};

const ATLAS_MODERN_TLS = new Set(["TLS1_2", "TLS1_3"]);

const atlasMinimumTls: ResourceValidationPolicy = {
  name: "atlas-minimum-tls",
  description: "The Atlas cluster accepts TLS 1.2 or newer only.",
  validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, args, reportViolation) => {
    const minimum = cluster.advancedConfiguration?.minimumEnabledTlsProtocol;
    if (minimum !== undefined && ATLAS_MODERN_TLS.has(minimum)) return;
    reportViolation(
      `${describe(args.type, cluster, args.name)} must set advancedConfiguration.minimumEnabledTlsProtocol to TLS1_2 or TLS1_3 (Microsoft cloud security benchmark DP-3: encrypt data in transit); it is ${minimum === undefined ? "not set" : `"${minimum}"`}.`,
    );
  }),
};

const atlasCloudBackup: ResourceValidationPolicy = {
  name: "atlas-cloud-backup",
  description: "The Atlas cluster has cloud backup with continuous (point-in-time) restore.",
  validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, args, reportViolation) => {
    if (cluster.backupEnabled === true && cluster.pitEnabled === true) return;
    reportViolation(
      `${describe(args.type, cluster, args.name)} must enable cloud backup with point-in-time restore, backupEnabled and pitEnabled true (Microsoft cloud security benchmark BR-1: automated backups); ` +
        `it has backupEnabled ${String(cluster.backupEnabled ?? "unset")} and pitEnabled ${String(cluster.pitEnabled ?? "unset")}.`,
    );
  }),
};

const atlasEncryptionAtRest: ResourceValidationPolicy = {
  name: "atlas-encryption-at-rest",
  description: "The Atlas cluster encrypts its storage with a customer-managed key in Azure Key Vault.",
  validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, args, reportViolation) => {
    if (cluster.encryptionAtRestProvider === "AZURE") return;
    reportViolation(
      `${describe(args.type, cluster, args.name)} must encrypt data at rest with a customer-managed Azure Key Vault key, encryptionAtRestProvider AZURE (Microsoft cloud security benchmark DP-5: customer-managed keys); it is ${cluster.encryptionAtRestProvider === undefined ? "not set" : `"${cluster.encryptionAtRestProvider}"`}.`,
    );
  }),
};

const atlasAuditing: StackValidationPolicy = {
  name: "atlas-database-auditing",
  description: "Every Atlas project has database auditing enabled.",
  validateStack: (args, reportViolation) => {
    for (const project of args.resources.filter((resource) => resource.isType(mongodbatlas.Project))) {
      const audited = args.resources.some(
        (resource) =>
          resource.isType(mongodbatlas.Auditing) &&
          resource.props.enabled === true &&
          (resource.propertyDependencies?.projectId?.includes(project) || (typeof project.props.id === "string" && resource.props.projectId === project.props.id)),
      );
      if (audited) continue;
      reportViolation(
        `${describeResource(project)} must enable database auditing with a mongodbatlas Auditing resource whose enabled is true (Microsoft cloud security benchmark LT-3: audit logging).`,
        project.urn,
      );
    }
  },
};

const atlasTerminationProtection: ResourceValidationPolicy = {
  name: "atlas-termination-protection",
  description: "The Atlas cluster cannot be terminated until termination protection is turned off.",
  validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, args, reportViolation) => {
    if (cluster.terminationProtectionEnabled === true) return;
    reportViolation(`${describe(args.type, cluster, args.name)} must enable termination protection, terminationProtectionEnabled true, so a deletion cannot drop the documents database.`);
  }),
};

// --- GenIMS: protection, diagnostics, locks ---

/** Stateful resources: deleting one loses data or everything inside it. */
const STATEFUL_RESOURCES: readonly ResourceClass[] = [
  dbforpostgresql.Server,
  dbforpostgresql.Database,
  dbformysql.Server,
  dbformysql.Database,
  keyvault.Vault,
  mongodbatlas.Project,
  mongodbatlas.AdvancedCluster,
  resources.ResourceGroup,
];

const statefulProtected: ResourceValidationPolicy = {
  name: "stateful-resources-protected",
  description: "Servers, databases, the Key Vault, the Atlas project and cluster and the resource group carry Pulumi's protect option.",
  validateResource: forEach(STATEFUL_RESOURCES, (props, args, reportViolation) => {
    if (args.opts.protect) return;
    reportViolation(`${describe(args.type, props, args.name)} must be protected from deletion with the Pulumi protect option (genims:protect: true).`);
  }),
};

const diagnosticSettings = serverStackPolicy(
  "flexible-server-diagnostic-settings",
  "Every flexible server sends its logs and metrics out through a diagnostic setting.",
  ENGINES,
  (args, engine, server, reportViolation) => {
    if (hasDiagnosticSetting(args, engine, server)) return;
    reportViolation(`${describeResource(server)} must have a diagnostic setting (azure-native:monitor:DiagnosticSetting whose resourceUri is the server's id) so its logs outlive the server (Microsoft cloud security benchmark LT-3).`, server.urn);
  },
);

const deleteLocks = serverStackPolicy(
  "flexible-server-delete-lock",
  "Every flexible server carries a CanNotDelete management lock, which also stops deletion outside Pulumi.",
  ENGINES,
  (args, engine, server, reportViolation) => {
    if (hasDeleteLock(args, engine, server)) return;
    reportViolation(`${describeResource(server)} must have a CanNotDelete management lock (ManagementLockAtResourceLevel or ManagementLockByScope on the server) so it cannot be deleted outside Pulumi either.`, server.urn);
  },
);

/** Every policy of the pack, in the order of docs/policy.md's controls table. */
export const POLICIES: ReadonlyArray<ResourceValidationPolicy | StackValidationPolicy> = [
  ...postgresParameterPolicies,
  ...mysqlParameterPolicies,
  geoRedundantBackup,
  publicNetworkAccess,
  postgresEntraOnly,
  mysqlEntraOnly,
  noAllowAllFirewallRule,
  atlasNoOpenAccess,
  atlasMinimumTls,
  atlasCloudBackup,
  atlasEncryptionAtRest,
  atlasAuditing,
  atlasTerminationProtection,
  statefulProtected,
  diagnosticSettings,
  deleteLocks,
];

export const POLICY_PACK_ARGS: PolicyPackArgs = {
  policies: [...POLICIES],
  description: "CIS Azure, Azure Policy, Checkov and GenIMS controls for the PostgreSQL and MySQL flexible servers and the MongoDB Atlas cluster.",
  provider: "azure",
  // Without a pack config every control blocks: forgetting --policy-pack-config must not relax anything.
  enforcementLevel: "mandatory",
};
