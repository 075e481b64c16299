/**
 * The audit report: from a `pulumi stack export` (and optionally `pulumi stack output --json`),
 * the security posture of every database server and Key Vault of a GenIMS stack, with every
 * deviation from the platform's controls marked `DEVIATION:`. Pure functions: text in, report out.
 *
 * The export format is Pulumi's (pulumi/pulumi v3.248.0): `{ version, features?, deployment }`
 * (apitype.UntypedDeployment, sdk/go/common/apitype/core.go:374-402). The CLI writes version 3
 * (`DeploymentSchemaVersionCurrent`, core.go:83) unless the state uses a feature that needs 4
 * (`DeploymentSchemaVersionLatest`, core.go:87; pkg/resource/stack/deployment.go:67-72 and
 * :270-274: refreshBeforeUpdate, views, hooks, taint, replaceWith), with the same resource shape
 * (ResourceV3). A resource with `delete: true` is an old copy waiting for the next update to
 * delete it, and one with `pendingReplacement: true` was deleted for a delete-before-replace and
 * not yet recreated (core.go:493 and :519-521): neither is the stack's live resource.
 *
 * Secrets never reach the report: the export is redacted (every secret value, ciphertext or
 * `--show-secrets` plaintext, becomes "[secret]") before anything else reads it, and the report
 * prints only named posture fields, never whole inputs or outputs.
 */

import { SECRET_SIG } from "./secretMarker";

/** The manifest `magic` of an export written by `npm run export` (scripts/lib/exportFromRun.ts). */
export const OFFLINE_MAGIC = "genims-offline-export";
const REDACTED = "[secret]";

/** The components that make a stack a GenIMS stack. */
export const GENIMS_COMPONENT_TYPES = ["genims:database:PostgresCluster", "genims:database:MysqlCluster", "genims:database:AtlasProject"] as const;

const PG = "azure-native:dbforpostgresql";
const MYSQL = "azure-native:dbformysql";
const T = {
  pgServer: `${PG}:Server`,
  mysqlServer: `${MYSQL}:Server`,
  pgConfig: `${PG}:Configuration`,
  mysqlConfig: `${MYSQL}:Configuration`,
  pgFirewall: `${PG}:FirewallRule`,
  mysqlFirewall: `${MYSQL}:FirewallRule`,
  pgAdmins: [`${PG}:Administrator`, `${PG}:AdministratorsMicrosoftEntra`],
  mysqlAdmins: [`${MYSQL}:AzureADAdministrator`],
  diagnostic: "azure-native:monitor:DiagnosticSetting",
  vault: "azure-native:keyvault:Vault",
  lockPrefix: "azure-native:authorization:ManagementLock",
  atlasCluster: "mongodbatlas:index/advancedCluster:AdvancedCluster",
  atlasAccess: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList",
  atlasBackupSchedule: "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule",
  atlasEncryption: "mongodbatlas:index/encryptionAtRest:EncryptionAtRest",
  stack: "pulumi:pulumi:Stack",
} as const;

/** Why an input cannot be audited: one line, for the CLI's stderr and exit code. */
export class AuditInputError extends Error {}

export interface ExportResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id: string | undefined;
  readonly protect: boolean;
  /** `delete: true`: replaced, the old copy waits for the next update to delete it. */
  readonly pendingDelete: boolean;
  /** `pendingReplacement: true`: deleted for a delete-before-replace, not yet recreated. */
  readonly pendingReplacement: boolean;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

export interface ParsedExport {
  readonly stack: string;
  /** 3, or 4 when the state uses a feature that needs it. */
  readonly version: 3 | 4;
  /** The features a version-4 export declares (`taint`, `refreshBeforeUpdate`, ...). */
  readonly features: readonly string[];
  /** True for an export written by `npm run export` (the offline plan, not a deployed stack). */
  readonly offline: boolean;
  /** Every resource in the state, pending ones included. */
  readonly resources: readonly ExportResource[];
}

/** The stack's live resources: neither waiting to be deleted nor already deleted for a replacement. */
export const liveResources = (resources: readonly ExportResource[]) => resources.filter((r) => !r.pendingDelete && !r.pendingReplacement);

/** Replaces every secret value (ciphertext or plaintext form) by "[secret]", recursively. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === "object") {
    if (SECRET_SIG in value) return REDACTED;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactSecrets(item)]));
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

const EXPORT_HINT = "pulumi stack export --stack <stack> --file export.json";

/** Reads and checks a stack export; throws `AuditInputError` with a one-line reason. */
export function parseStackExport(text: string): ParsedExport {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AuditInputError(`not a stack export: not JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!isObject(document)) throw new AuditInputError("not a stack export: expected a JSON object with version and deployment");
  // A DIY backend's own file (.pulumi/stacks/<project>/<stack>.json): apitype.VersionedCheckpoint,
  // { version, checkpoint: { stack, latest: <deployment> } }. Not the exchange format: export it.
  if ("checkpoint" in document || ("latest" in document && "stack" in document)) {
    throw new AuditInputError(`this is a raw backend checkpoint (a state file from the backend's storage), not a stack export: run \`${EXPORT_HINT}\`, which works on every backend, and audit that file`);
  }
  if (document.version !== 3 && document.version !== 4) {
    throw new AuditInputError(`unsupported stack export version ${JSON.stringify(document.version)}: expected 3 or 4 (pulumi stack export from Pulumi 3; 4 when the state uses taint, refresh-before-update or another newer feature)`);
  }
  const features = Array.isArray(document.features) ? document.features.map(String) : [];
  const deployment = document.deployment;
  if (!isObject(deployment) || !Array.isArray(deployment.resources)) throw new AuditInputError(`malformed stack export: deployment.resources is missing (make one with \`${EXPORT_HINT}\`)`);
  const resources: ExportResource[] = [];
  for (const [index, raw] of deployment.resources.entries()) {
    if (!isObject(raw) || typeof raw.urn !== "string" || typeof raw.type !== "string") throw new AuditInputError(`malformed stack export: deployment.resources[${index}] has no urn or type`);
    resources.push({
      urn: raw.urn,
      type: raw.type,
      custom: raw.custom === true,
      id: typeof raw.id === "string" ? raw.id : undefined,
      protect: raw.protect === true,
      pendingDelete: raw.delete === true,
      pendingReplacement: raw.pendingReplacement === true,
      inputs: (isObject(raw.inputs) ? redactSecrets(raw.inputs) : {}) as Record<string, unknown>,
      outputs: (isObject(raw.outputs) ? redactSecrets(raw.outputs) : {}) as Record<string, unknown>,
    });
  }
  if (!resources.some((resource) => (GENIMS_COMPONENT_TYPES as readonly string[]).includes(resource.type))) {
    throw new AuditInputError(`not a GenIMS stack: none of its ${resources.length} resources is a ${GENIMS_COMPONENT_TYPES.join(", ")} component`);
  }
  const stack = /^urn:pulumi:([^:]+)::/.exec(resources[0]?.urn ?? "")?.[1] ?? "unknown";
  const manifest = isObject(deployment.manifest) ? deployment.manifest : {};
  return { stack, version: document.version, features, offline: manifest.magic === OFFLINE_MAGIC, resources };
}

/** Reads `pulumi stack output --json`; throws `AuditInputError` with a one-line reason. */
export function parseStackOutputs(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AuditInputError(`stack outputs are not JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!isObject(document)) throw new AuditInputError("stack outputs: expected the JSON object `pulumi stack output --json` prints");
  return redactSecrets(document) as Record<string, unknown>;
}

/** A property by dotted path, outputs first (what the cloud reports), then inputs. */
function get(resource: ExportResource, dotted: string): unknown {
  const walk = (root: unknown) => dotted.split(".").reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), root);
  return walk(resource.outputs) ?? walk(resource.inputs);
}
const str = (value: unknown): string | undefined => (typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined);

export interface AccessRow {
  readonly principal: string;
  readonly kind: string;
  readonly database: string;
  readonly privileges: readonly string[];
}

export interface ServerPosture {
  readonly name: string;
  readonly engine: "PostgreSQL" | "MySQL" | "MongoDB Atlas" | "Azure Key Vault";
  readonly version: string;
  readonly logicalName: string;
  /** Label → value, in print order. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly access: readonly AccessRow[] | string;
  readonly deviations: readonly string[];
}

/** A resource the state still holds but that is not the stack's live resource. */
export interface PendingResource {
  readonly type: string;
  readonly logicalName: string;
  readonly state: "pending delete" | "pending replacement";
  readonly meaning: string;
}

export interface AuditReport {
  readonly stack: string;
  readonly prodLike: boolean;
  readonly resourceCount: number;
  /** Export schema version (3 or 4) and, for 4, its features. */
  readonly version: 3 | 4;
  readonly features: readonly string[];
  readonly offline: boolean;
  readonly servers: readonly ServerPosture[];
  readonly vaults: readonly ServerPosture[];
  readonly pending: readonly PendingResource[];
  /** Why the access matrix is missing, if it is. */
  readonly accessMatrixNote: string | undefined;
}

const logicalName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Rows of the `accessMatrix` stack output, or why there are none. */
function accessMatrix(outputs: Record<string, unknown> | undefined): Record<string, unknown>[] | string {
  const matrix = outputs?.accessMatrix;
  if (matrix === undefined) return "access matrix: not in the outputs";
  if (matrix === REDACTED) return "access matrix: secret in the outputs (not shown)";
  if (!Array.isArray(matrix)) return "access matrix: not an array in the outputs";
  return matrix.filter(isObject);
}

function rowsFor(matrix: ReturnType<typeof accessMatrix>, server: string): readonly AccessRow[] | string {
  if (typeof matrix === "string") return matrix;
  return matrix
    .filter((row) => row.server === server)
    .map((row) => ({ principal: String(row.principal), kind: String(row.kind), database: String(row.database), privileges: Array.isArray(row.privileges) ? row.privileges.map(String) : [] }))
    .sort((a, b) => a.database.localeCompare(b.database) || a.principal.localeCompare(b.principal));
}

/** "TLSv1.2" / "TLS1_2" / "TLSv1.2,TLSv1.3" → the lowest version, 1.2; undefined if unreadable. */
export function minimumTls(value: string | undefined): number | undefined {
  const versions = [...(value ?? "").matchAll(/TLS\s*v?(\d)[._](\d)/gi)].map((match) => Number(`${match[1]}.${match[2]}`));
  return versions.length === 0 ? undefined : Math.min(...versions);
}

function flexibleServerPosture(server: ExportResource, all: readonly ExportResource[], prodLike: boolean, matrix: ReturnType<typeof accessMatrix>): ServerPosture {
  const isPg = server.type === T.pgServer;
  const name = str(get(server, "name")) ?? str(get(server, "serverName")) ?? logicalName(server.urn);
  const onServer = (types: readonly string[]) => all.filter((r) => types.includes(r.type) && str(get(r, "serverName")) === name);
  const deviations: string[] = [];
  const facts: Array<[string, string]> = [];

  const publicAccess = str(get(server, "network.publicNetworkAccess")) ?? "Enabled";
  const rules = onServer([isPg ? T.pgFirewall : T.mysqlFirewall]).map((rule) => ({
    name: str(get(rule, "firewallRuleName")) ?? logicalName(rule.urn),
    start: str(get(rule, "startIpAddress")) ?? "?",
    end: str(get(rule, "endIpAddress")) ?? "?",
  }));
  rules.sort((a, b) => a.name.localeCompare(b.name));
  facts.push(["network", `${publicAccess === "Enabled" ? "public" : "private"} (publicNetworkAccess ${publicAccess}); firewall: ${rules.length === 0 ? "no rules" : rules.map((r) => `${r.name} ${r.start}-${r.end}`).join(", ")}`]);
  if (publicAccess === "Enabled") deviations.push("public network access is enabled");
  for (const rule of rules) if (rule.start === "0.0.0.0") deviations.push(`firewall rule ${rule.name} starts at 0.0.0.0 (${rule.start}-${rule.end}): open to ${rule.end === "0.0.0.0" ? "every Azure service" : "everyone"}`);

  const parameters = new Map(onServer([isPg ? T.pgConfig : T.mysqlConfig]).map((c) => [str(get(c, "configurationName")) ?? logicalName(c.urn), str(get(c, "value")) ?? ""] as const));
  const tlsParameter = isPg ? "ssl_min_protocol_version" : "tls_version";
  const tls = minimumTls(parameters.get(tlsParameter));
  const secureTransport = parameters.get("require_secure_transport");
  facts.push(["TLS", `${tlsParameter}=${parameters.get(tlsParameter) ?? "(not set: server default)"}; require_secure_transport=${secureTransport ?? "(not set: server default)"}`]);
  if (tls === undefined) deviations.push(`TLS minimum not enforced by the stack (${tlsParameter} not set)`);
  else if (tls < 1.2) deviations.push(`TLS minimum is ${tls}, below 1.2`);
  if (secureTransport?.toLowerCase() !== "on") deviations.push("require_secure_transport is not on");

  const ha = str(get(server, "highAvailability.mode")) ?? "Disabled";
  facts.push(["HA", ha]);
  if (ha === "Disabled") deviations.push("high availability is disabled");

  const retention = Number(get(server, "backup.backupRetentionDays") ?? 7);
  const geo = str(get(server, "backup.geoRedundantBackup")) ?? "Disabled";
  facts.push(["backup", `${retention} days retention; geo-redundant ${geo}`]);
  if (geo !== "Enabled") deviations.push("geo-redundant backup is off");
  if (retention < 7) deviations.push(`backup retention ${retention} days is below 7`);
  else if (prodLike && retention < 35) deviations.push(`backup retention ${retention} days is below 35 in a production stack`);

  const encryption = str(get(server, "dataEncryption.type"));
  facts.push(["encryption", encryption === "AzureKeyVault" ? `customer-managed key (Key Vault)` : "service-managed key"]);

  const locks = all.filter((r) => r.type.startsWith(T.lockPrefix) && lockCovers(r, server.id, `/flexibleServers/${name}`, name, str(get(server, "resourceGroupName"))));
  facts.push(["protection", `protect ${server.protect ? "on" : "off"}; locks: ${describeLocks(locks)}`]);
  if (!server.protect) deviations.push("not protected (Pulumi protect is off)");
  deviations.push(...lockDeviations(locks, "the server"));

  const admins = onServer(isPg ? T.pgAdmins : T.mysqlAdmins);
  const entra = isPg ? str(get(server, "authConfig.activeDirectoryAuth")) ?? "Disabled" : admins.length > 0 ? "Enabled" : "Disabled";
  const passwordAuth = isPg ? (str(get(server, "authConfig.passwordAuth")) ?? "Enabled") : parameters.get("aad_auth_only")?.toUpperCase() === "ON" ? "Disabled" : "Enabled";
  facts.push(["Entra ID", `${entra}; administrators: ${admins.length === 0 ? "none" : admins.map((a) => str(get(a, "principalName")) ?? str(get(a, "login")) ?? logicalName(a.urn)).sort().join(", ")}; password auth ${passwordAuth}`]);
  if (entra !== "Enabled" || admins.length === 0) deviations.push("no Entra ID authentication with an administrator");
  if (passwordAuth === "Enabled") deviations.push("password authentication is on");

  const diagnostics = all.filter((r) => r.type === T.diagnostic && refersTo(str(get(r, "resourceUri")), server, name));
  facts.push(["diagnostics", diagnostics.length === 0 ? "none" : diagnostics.map((d) => str(get(d, "name")) ?? logicalName(d.urn)).sort().join(", ")]);
  if (diagnostics.length === 0) deviations.push("no diagnostic setting sends the server's logs anywhere");

  return { name, engine: isPg ? "PostgreSQL" : "MySQL", version: str(get(server, "version")) ?? "?", logicalName: logicalName(server.urn), facts, access: rowsFor(matrix, name), deviations };
}

/** A resource URI (or id) that is this server's: its state id or an ARM id ending in its name. */
function refersTo(uri: string | undefined, server: ExportResource, name: string): boolean {
  if (uri === undefined) return false;
  return uri === server.id || new RegExp(`/flexibleServers/${name}$`, "i").test(uri);
}

/**
 * A lock on the resource itself (by its state id or its ARM path, `armSuffix` such as
 * `/flexibleServers/<name>`), or on its resource group (which covers everything in the group).
 */
function lockCovers(lock: ExportResource, resourceId: string | undefined, armSuffix: string, resourceName: string, resourceGroup: string | undefined): boolean {
  if (lock.type.endsWith("AtResourceLevel")) return str(get(lock, "resourceName")) === resourceName;
  if (lock.type.endsWith("AtResourceGroupLevel")) return resourceGroup !== undefined && str(get(lock, "resourceGroupName")) === resourceGroup;
  const scope = str(get(lock, "scope")) ?? "";
  if (resourceId !== undefined && scope === resourceId) return true;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escape(armSuffix)}$`, "i").test(scope) || (resourceGroup !== undefined && new RegExp(`/resourceGroups/${escape(resourceGroup)}$`, "i").test(scope));
}

const lockName = (lock: ExportResource) => str(get(lock, "lockName")) ?? logicalName(lock.urn);
const lockLevel = (lock: ExportResource) => str(get(lock, "level")) ?? "NotSpecified";
const describeLocks = (locks: readonly ExportResource[]) => (locks.length === 0 ? "none" : locks.map((l) => `${lockName(l)} (${lockLevel(l)})`).join(", "));

/**
 * What the locks on a resource leave open. Azure's lock levels (Microsoft.Authorization locks,
 * API 2020-05-01, the version azure-native 3.28.0 uses for ManagementLockByScope): CanNotDelete
 * stops deletion and allows changes; ReadOnly stops deletion and every change, so Pulumi cannot
 * update, scale or rotate anything under it (and some reads that are POSTs, such as listing
 * keys, fail); NotSpecified stops nothing.
 */
function lockDeviations(locks: readonly ExportResource[], what: string): string[] {
  if (locks.length === 0) return [`no management lock on ${what} or its resource group`];
  const deviations: string[] = [];
  if (!locks.some((lock) => ["CanNotDelete", "ReadOnly"].includes(lockLevel(lock)))) {
    deviations.push(`no lock on ${what} stops deletion: ${describeLocks(locks)}; a CanNotDelete lock does`);
  }
  for (const lock of locks.filter((l) => lockLevel(l) === "ReadOnly")) {
    deviations.push(`lock ${lockName(lock)} is ReadOnly: it blocks every change, so Pulumi cannot update ${what}; use CanNotDelete`);
  }
  return deviations;
}

/** A Key Vault: who can reach it, whether a deletion can be undone, who may read it. */
function vaultPosture(vault: ExportResource, all: readonly ExportResource[]): ServerPosture {
  const name = str(get(vault, "vaultName")) ?? str(get(vault, "name")) ?? logicalName(vault.urn);
  const deviations: string[] = [];
  const facts: Array<[string, string]> = [];

  const publicAccess = str(get(vault, "properties.publicNetworkAccess")) ?? "Enabled";
  const defaultAction = str(get(vault, "properties.networkAcls.defaultAction")) ?? "Allow";
  const rules = ((get(vault, "properties.networkAcls.ipRules") as unknown[] | undefined) ?? []).map((rule) => (isObject(rule) ? (str(rule.value) ?? "?") : "?")).sort();
  const open = publicAccess === "Enabled" && defaultAction === "Allow";
  facts.push(["network", publicAccess === "Enabled" ? `public (publicNetworkAccess Enabled); default action ${defaultAction}; allowed: ${rules.length === 0 ? "none" : rules.join(", ")}` : "private (publicNetworkAccess Disabled)"]);
  if (open) deviations.push("the vault accepts connections from any address (public network access on, default action Allow)");
  else if (publicAccess === "Enabled") deviations.push("public network access is enabled");

  const rbac = str(get(vault, "properties.enableRbacAuthorization")) === "true";
  facts.push(["authorization", rbac ? "Azure RBAC" : "access policies"]);
  if (!rbac) deviations.push("access policies instead of Azure RBAC: who reads a secret is not a role assignment");

  // Soft delete is always on for new vaults (Azure), so a missing value reads as on.
  const softDelete = str(get(vault, "properties.enableSoftDelete")) !== "false";
  const retention = Number(get(vault, "properties.softDeleteRetentionInDays") ?? 90);
  const purgeProtection = str(get(vault, "properties.enablePurgeProtection")) === "true";
  facts.push(["recovery", `soft delete ${softDelete ? `on (${retention} days)` : "off"}; purge protection ${purgeProtection ? "on" : "off"}`]);
  if (!softDelete) deviations.push("soft delete is off: a deleted vault and its secrets are gone");
  if (!purgeProtection) deviations.push("purge protection is off: a deleted vault can be purged before its retention ends");

  const locks = all.filter((r) => r.type.startsWith(T.lockPrefix) && lockCovers(r, vault.id, `/vaults/${name}`, name, str(get(vault, "resourceGroupName"))));
  facts.push(["protection", `protect ${vault.protect ? "on" : "off"}; locks: ${describeLocks(locks)}`]);
  if (!vault.protect) deviations.push("not protected (Pulumi protect is off)");
  deviations.push(...lockDeviations(locks, "the vault"));

  const diagnostics = all.filter((r) => r.type === T.diagnostic && (str(get(r, "resourceUri")) === vault.id || new RegExp(`/vaults/${name}$`, "i").test(str(get(r, "resourceUri")) ?? "")));
  facts.push(["diagnostics", diagnostics.length === 0 ? "none" : diagnostics.map((d) => str(get(d, "name")) ?? logicalName(d.urn)).sort().join(", ")]);
  if (diagnostics.length === 0) deviations.push("no diagnostic setting records who reads the secrets");

  const secrets = all.filter((r) => r.type === "azure-native:keyvault:Secret" && str(get(r, "vaultName")) === name).length;
  facts.push(["secrets", `${secrets} managed by the stack`]);
  return { name, engine: "Azure Key Vault", version: str(get(vault, "properties.sku.name")) ?? "?", logicalName: logicalName(vault.urn), facts, access: "see the vault's role assignments", deviations };
}

function atlasPosture(cluster: ExportResource, all: readonly ExportResource[], matrix: ReturnType<typeof accessMatrix>): ServerPosture {
  const name = str(get(cluster, "name")) ?? logicalName(cluster.urn);
  const projectId = str(get(cluster, "projectId"));
  const inProject = (type: string) => all.filter((r) => r.type === type && str(get(r, "projectId")) === projectId);
  const deviations: string[] = [];
  const facts: Array<[string, string]> = [];

  const entries = inProject(T.atlasAccess)
    .map((entry) => str(get(entry, "cidrBlock")) ?? str(get(entry, "ipAddress")) ?? str(get(entry, "awsSecurityGroup")) ?? "?")
    .sort();
  facts.push(["network", entries.length === 0 ? "private (no IP access list entry)" : `public endpoint; access list: ${entries.join(", ")}`]);
  if (entries.length > 0) deviations.push("public network access is enabled (IP access list entries)");
  for (const entry of entries) if (entry.startsWith("0.0.0.0")) deviations.push(`access list entry ${entry} is open to everyone`);

  const tlsValue = str(get(cluster, "advancedConfiguration.minimumEnabledTlsProtocol"));
  const tls = minimumTls(tlsValue);
  facts.push(["TLS", `minimumEnabledTlsProtocol=${tlsValue ?? "(not set: Atlas default)"}`]);
  if (tls === undefined) deviations.push("TLS minimum not enforced by the stack");
  else if (tls < 1.2) deviations.push(`TLS minimum is ${tls}, below 1.2`);

  const regionConfigs = ((get(cluster, "replicationSpecs") as unknown[] | undefined) ?? []).flatMap((spec) => (isObject(spec) && Array.isArray(spec.regionConfigs) ? spec.regionConfigs : []));
  const nodes = regionConfigs.reduce<number>((sum, config) => sum + Number((isObject(config) && isObject(config.electableSpecs) ? config.electableSpecs.nodeCount : 0) ?? 0), 0);
  const regions = regionConfigs.map((config) => (isObject(config) ? `${String(config.providerName)}/${String(config.regionName)}` : "?"));
  facts.push(["HA", `${str(get(cluster, "clusterType")) ?? "?"}, ${nodes} electable node(s) in ${regions.join(", ") || "?"}`]);
  if (nodes < 3) deviations.push(`only ${nodes} electable node(s): no automatic failover`);

  const backup = str(get(cluster, "backupEnabled")) === "true";
  const pit = str(get(cluster, "pitEnabled")) === "true";
  const schedules = inProject(T.atlasBackupSchedule);
  const copies = schedules.some((s) => Array.isArray(get(s, "copySettings")) && (get(s, "copySettings") as unknown[]).length > 0);
  facts.push(["backup", `cloud backup ${backup ? "on" : "off"}; point-in-time ${pit ? "on" : "off"}; schedule: ${schedules.length === 0 ? "Atlas default policy" : "CloudBackupSchedule"}; copies to another region: ${copies ? "yes" : "no"}`]);
  if (!backup) deviations.push("cloud backup is off");
  if (!copies && regions.length < 2) deviations.push("geo-redundant backup is off (single region, no backup copy to another region)");

  const provider = str(get(cluster, "encryptionAtRestProvider")) ?? "NONE";
  facts.push(["encryption", provider === "NONE" ? "Atlas-managed key" : `customer-managed key (${provider})`]);

  const termination = str(get(cluster, "terminationProtectionEnabled")) === "true";
  facts.push(["protection", `protect ${cluster.protect ? "on" : "off"}; Atlas termination protection ${termination ? "on" : "off"}`]);
  if (!cluster.protect) deviations.push("not protected (Pulumi protect is off)");
  if (!termination) deviations.push("Atlas termination protection is off");

  return { name, engine: "MongoDB Atlas", version: str(get(cluster, "mongoDbMajorVersion")) ?? "?", logicalName: logicalName(cluster.urn), facts, access: rowsFor(matrix, name), deviations };
}

/** A stack is held to production controls when its name or its environment tag says prod. */
export function isProdLike(stack: string, resources: readonly ExportResource[]): boolean {
  if (/prod|prd|production/i.test(stack)) return true;
  return resources.some((r) => /^(prod|prd|production)$/i.test(str(get(r, "tags.environment")) ?? ""));
}

export function auditExport(parsed: ParsedExport, stackOutputs?: Record<string, unknown>): AuditReport {
  const live = liveResources(parsed.resources);
  const root = live.find((r) => r.type === T.stack);
  const outputs = stackOutputs ?? root?.outputs;
  const matrix = accessMatrix(outputs);
  const prodLike = isProdLike(parsed.stack, live);
  const servers = [
    ...live.filter((r) => r.type === T.pgServer || r.type === T.mysqlServer).map((r) => flexibleServerPosture(r, live, prodLike, matrix)),
    ...live.filter((r) => r.type === T.atlasCluster).map((r) => atlasPosture(r, live, matrix)),
  ].sort((a, b) => a.engine.localeCompare(b.engine) || a.name.localeCompare(b.name));
  const vaults = live.filter((r) => r.type === T.vault).map((r) => vaultPosture(r, live)).sort((a, b) => a.name.localeCompare(b.name));
  const pending: PendingResource[] = parsed.resources
    .filter((r) => r.pendingDelete || r.pendingReplacement)
    .map((r) =>
      r.pendingDelete
        ? { type: r.type, logicalName: logicalName(r.urn), state: "pending delete" as const, meaning: "replaced; this old copy may still exist until the next update deletes it" }
        : { type: r.type, logicalName: logicalName(r.urn), state: "pending replacement" as const, meaning: "deleted for a replacement; the next update creates it again" },
    );
  return {
    stack: parsed.stack,
    prodLike,
    resourceCount: parsed.resources.length,
    version: parsed.version,
    features: parsed.features,
    offline: parsed.offline,
    servers,
    vaults,
    pending,
    accessMatrixNote: typeof matrix === "string" ? matrix : undefined,
  };
}

export function renderAudit(report: AuditReport): string {
  const postures = [...report.servers, ...report.vaults];
  const deviations = postures.reduce((sum, posture) => sum + posture.deviations.length, 0);
  const lines = [
    `# GenIMS audit of stack "${report.stack}" (${report.resourceCount} resources in state; held to ${report.prodLike ? "production" : "non-production"} controls)`,
    `# ${report.servers.length} servers, ${report.vaults.length} key vault(s), ${deviations} deviation(s)${report.accessMatrixNote ? `; ${report.accessMatrixNote}` : ""}`,
  ];
  if (report.version === 4) lines.push(`# export version 4 (features: ${report.features.join(", ") || "none listed"})`);
  if (report.offline) lines.push("# offline export (npm run export): the plan under mocks, not a deployed stack; ids and secrets are placeholders");
  for (const item of report.pending) lines.push(`# PENDING: ${item.type} ${item.logicalName}: ${item.state}: ${item.meaning}; not audited as live`);
  for (const posture of postures) {
    lines.push("", `## ${posture.name} (${posture.engine} ${posture.version}) [${posture.logicalName}]`);
    const width = Math.max(...posture.facts.map(([label]) => label.length), "access".length) + 1;
    for (const [label, value] of posture.facts) lines.push(`  ${`${label}:`.padEnd(width)} ${value}`);
    if (typeof posture.access === "string") lines.push(`  ${"access:".padEnd(width)} ${posture.access}`);
    else if (posture.access.length === 0) lines.push(`  ${"access:".padEnd(width)} nobody in the access matrix`);
    else for (const row of posture.access) lines.push(`  ${"access:".padEnd(width)} ${row.principal} (${row.kind}) -> ${row.database}: ${row.privileges.join(", ") || "(none)"}`);
    for (const deviation of posture.deviations) lines.push(`  DEVIATION: ${deviation}`);
  }
  return `${lines.join("\n")}\n`;
}
