/**
 * What the PostgreSQL and MySQL components share: the server's placement and posture, its
 * firewall and network, its Entra administrator, its key and its Key Vault. Every field says
 * "Required." or "Optional.", its default and why, and whether a change replaces the server (the
 * table in README.md, "What replaces a server", is checked against these words by a test).
 *
 * Args are interfaces of plain values and `pulumi.Input`s, with `as const` enumerations, and
 * plain (mutable) arrays: the forms the SDK's schema analyzer can represent in every language
 * (@pulumi/pulumi 3.248.0 provider/experimental/analyzer.js; `readonly T[]` is a `ReadonlyArray`,
 * which it refuses).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import type { FlexibleServerClusterArgs } from "./lib/flexibleServer";
import { AZURE_FIREWALL_RULE_NAME, KEY_VAULT_NAME, azureServerNameProblem } from "./lib/names";
import { SecretsVault } from "./lib/secretsVault";
import type { AvailabilityZone, DayOfWeek, EntraPrincipalType, HighAvailabilityMode, SkuTier } from "./lib/types";

/** Compute of a server. */
export interface Sku {
  /** Required. Compute tier. Burstable has no high availability and no SLA-backed performance. */
  tier: SkuTier;
  /** Required. Compute size, e.g. `Standard_D2ds_v5` (PostgreSQL) or `Standard_D2ads_v5` (MySQL). Changing it is in place (a restart). */
  name: string;
}

/** High availability of a server. */
export interface HighAvailability {
  /** Required. `ZoneRedundant` (standby in another zone), `SameZone` or `Disabled`. Turning zone-redundant HA on later needs zone-redundant storage, fixed at creation on MySQL: a replacement there. */
  mode: HighAvailabilityMode;
  /** Required. Zone of the primary. */
  zone: AvailabilityZone;
  /** Required. Zone of a zone-redundant standby (ignored otherwise). */
  standbyZone: AvailabilityZone;
}

/** Backups of a server. */
export interface Backup {
  /** Required. Days of point-in-time restore, 7-35. In place. */
  retentionDays: number;
  /** Required. Copy backups to the paired region (geo-restore). Fixed at creation: changing it replaces the server. */
  geoRedundant: boolean;
}

/** A custom maintenance window (UTC). */
export interface MaintenanceWindow {
  /** Required. Day of the window. */
  dayOfWeek: DayOfWeek;
  /** Required. Hour the window starts, 0-23 UTC. */
  startHour: number;
  /** Required. Minute the window starts, 0-59. */
  startMinute: number;
}

/** One client range allowed through the server's firewall. */
export interface FirewallRule {
  /** Required. Rule name: letters, digits, hyphens and underscores, up to 128. Renaming replaces the rule, not the server. */
  name: string;
  /** Required. First IPv4 address of the range. */
  startIpAddress: string;
  /** Required. Last IPv4 address of the range. */
  endIpAddress: string;
}

/** VNet integration: the server lives in a delegated subnet. */
export interface PrivateNetwork {
  /** Required. Resource id of a subnet delegated to the engine's flexible servers. Fixed at creation: changing it replaces the server. */
  subnetId: pulumi.Input<string>;
  /** Required. Resource id of the private DNS zone the server registers in (`<name>.private.postgres.database.azure.com` or `<name>.private.mysql.database.azure.com`). Fixed at creation. */
  dnsZoneId: pulumi.Input<string>;
}

/** The Microsoft Entra principal that administers a server. */
export interface EntraAdministrator {
  /** Required. Entra tenant id. */
  tenantId: string;
  /** Required. Object id of the user, group or service principal. */
  objectId: string;
  /** Required. Display name: the administrator's login name on the server. */
  name: string;
  /** Required. Kind of principal. */
  type: EntraPrincipalType;
}

/** A customer-managed key. */
export interface Encryption {
  /** Required. Key Vault key URI the server encrypts with (the `identityId` identity must be able to wrap and unwrap with it). Set at creation. */
  keyUri: string;
  /** Optional. Key in the paired region for geo-redundant backups. Default: none (then `backup.geoRedundant` needs a key there on PostgreSQL). */
  geoBackupKeyUri?: string;
}

/** A principal allowed to read the vault's secrets. */
export interface SecretReader {
  /** Required. A label for reviewers; not part of any name. */
  name: string;
  /** Required. Entra object id; gets Key Vault Secrets User (get and list secrets, nothing else). */
  objectId: string;
}

/** A Key Vault, created with the component, holding one connection-string secret per login and database. */
export interface KeyVault {
  /** Required. Global vault name, 3-24 letters, digits and hyphens. Changing it replaces the vault (and its secrets). */
  vaultName: string;
  /** Optional. Resource group of the vault. Default: the server's (for Atlas: required). */
  resourceGroupName?: pulumi.Input<string>;
  /** Optional. Azure region of the vault. Default: the server's (for Atlas: required). */
  location?: string;
  /** Optional. Entra tenant that authorizes access to the vault. Default: the tenant `pulumi up` runs in. */
  tenantId?: pulumi.Input<string>;
  /** Optional. Accept data-plane traffic from the internet, limited to `allowedCidrs`. Default false (Azure Policy: Key Vaults should disable public network access). */
  publicNetworkAccess?: boolean;
  /** Optional. CIDR ranges allowed through the vault firewall when public. Default none. */
  allowedCidrs?: string[];
  /** Optional. Who may read the secrets. Default none; the identity running `pulumi up` always gets Key Vault Secrets Officer. */
  secretReaders?: SecretReader[];
}

/** Settings PostgreSQL and MySQL servers share. */
export interface FlexibleServerArgs {
  /** Required. Resource group of the server. Changing it replaces the server. */
  resourceGroupName: pulumi.Input<string>;
  /** Required. Azure region, e.g. `westeurope`. Changing it replaces the server. */
  location: string;
  /** Required. Physical server name, a global DNS label: 3-63 lowercase letters, digits and hyphens. Changing it replaces the server. */
  serverName: string;
  /** Optional. Compute. Default GeneralPurpose at the engine's smallest general-purpose size (Burstable has no HA). In place. */
  sku?: Sku;
  /** Optional. Storage in GiB. Default 128. Storage only grows: a larger size is in place, a smaller one replaces the server; with auto-grow the size is set at creation only. */
  storageGb?: number;
  /** Optional. Grow the disk when it nears full. Default true (WAF reliability: a full disk stops writes). In place. */
  storageAutoGrow?: boolean;
  /** Optional. Default ZoneRedundant in zone 1 with the standby in zone 2 (WAF reliability: survive a zone outage). */
  highAvailability?: HighAvailability;
  /** Optional. Default 35 days, geo-redundant (Azure Policy: geo-redundant backup should be enabled). Geo-redundancy is fixed at creation: changing it replaces the server. */
  backup?: Backup;
  /** Optional. Custom maintenance window. Default: Azure's system-managed window. In place. */
  maintenanceWindow?: MaintenanceWindow;
  /** Optional. Public endpoint, open only to `firewallRules`. Default false (Azure Policy: public network access should be disabled). */
  publicNetworkAccess?: boolean;
  /** Optional. Client ranges allowed in; only with `publicNetworkAccess`. Default none. In place. */
  firewallRules?: FirewallRule[];
  /** Optional. VNet integration (then `publicNetworkAccess` must be false). Default: none. Fixed at creation: changing it replaces the server. */
  privateNetwork?: PrivateNetwork;
  /** Optional. Microsoft Entra administrator, set before any database exists. Default: none. Replacing it is delete + create of the administrator, not of the server. */
  entraAdministrator?: EntraAdministrator;
  /** Optional. The generated password administrator the access model signs in as. Default `dbadmin`. Fixed at creation: changing it replaces the server. */
  administratorLogin?: string;
  /** Optional. Resource id of the server's user-assigned identity: needed by MySQL's Entra administrator and by a customer-managed key. Default: none. */
  identityId?: pulumi.Input<string>;
  /** Optional. Customer-managed key (needs `identityId`). Default: service-managed keys. Set at creation. */
  encryption?: Encryption;
  /** Optional. Log Analytics workspace for the server's logs and metrics (CIS: log connections). Default: none. */
  diagnosticsWorkspaceId?: pulumi.Input<string>;
  /** Optional. A Key Vault for the logins' connection strings. Default: none (they are only the component's secret outputs). */
  keyVault?: KeyVault;
  /** Optional. Rotation counter of every generated login password. Default 0. Changing it regenerates every login's password in place; no server is replaced. */
  passwordRotation?: number;
  /** Optional. Pulumi `protect` on the server and its databases. Default true: a database is data, and its deletion should take two reviewed steps. */
  protect?: boolean;
  /** Optional. Azure CanNotDelete lock on the server (stops deletion outside Pulumi too). Default: same as `protect`. */
  lock?: boolean;
  /** Optional. Tags of the server (and its vault). Default none. In place. */
  tags?: Record<string, string>;
}

/** A problem with one Arg, by property path. */
export interface ArgProblem {
  readonly propertyPath: string;
  readonly reason: string;
}

/** Throws every problem at once, before any resource is registered (as pulumi-eks does). */
export function throwIfProblems(component: string, name: string, problems: readonly ArgProblem[]): void {
  if (problems.length === 0) return;
  throw new pulumi.InputPropertiesError({
    message: `${component} ${name}: ${problems.length} invalid argument(s):\n  ${problems.map((p) => `${p.propertyPath}: ${p.reason}`).join("\n  ")}`,
    errors: [...problems],
  });
}

/** Names that must be unique within a list. */
export function duplicateProblems(path: string, names: readonly string[]): ArgProblem[] {
  return names.filter((name, index) => names.indexOf(name) !== index).map((name) => ({ propertyPath: path, reason: `${name} appears more than once` }));
}

/** What is wrong with the shared Args, every problem named. */
export function flexibleServerProblems(args: FlexibleServerArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const serverName = azureServerNameProblem(args.serverName ?? "");
  if (serverName !== undefined) problems.push({ propertyPath: "serverName", reason: `${args.serverName} ${serverName}` });
  const rules = args.firewallRules ?? [];
  if (rules.length > 0 && !(args.publicNetworkAccess ?? false)) problems.push({ propertyPath: "firewallRules", reason: "need publicNetworkAccess: a private server has no firewall to open" });
  if ((args.publicNetworkAccess ?? false) && args.privateNetwork !== undefined) problems.push({ propertyPath: "publicNetworkAccess", reason: "a server in a delegated subnet has no public endpoint" });
  rules.forEach((rule, index) => {
    if (!AZURE_FIREWALL_RULE_NAME.pattern.test(rule.name) || rule.name.length > AZURE_FIREWALL_RULE_NAME.maxLength) {
      problems.push({ propertyPath: `firewallRules[${index}].name`, reason: `${rule.name}: ${AZURE_FIREWALL_RULE_NAME.rule}` });
    }
  });
  problems.push(...duplicateProblems("firewallRules", rules.map((rule) => rule.name)));
  if (args.encryption !== undefined && args.identityId === undefined) problems.push({ propertyPath: "encryption", reason: "a customer-managed key needs identityId, the identity that reads the key" });
  if (args.keyVault !== undefined) problems.push(...keyVaultProblems(args.keyVault));
  return problems;
}

export function keyVaultProblems(vault: KeyVault): ArgProblem[] {
  const name = vault.vaultName ?? "";
  return name.length < KEY_VAULT_NAME.minLength || name.length > KEY_VAULT_NAME.maxLength || !KEY_VAULT_NAME.pattern.test(name)
    ? [{ propertyPath: "keyVault.vaultName", reason: `${name}: ${KEY_VAULT_NAME.rule}` }]
    : [];
}

/**
 * The shared Args as the server building block takes them. Password authentication stays on:
 * the access model's providers sign in as the generated administrator.
 */
export function serverArgs<D extends { readonly name: string }, V extends string>(
  args: FlexibleServerArgs,
  databases: readonly D[],
  version: V | undefined,
  storage: NonNullable<FlexibleServerClusterArgs<D, V>["storage"]>,
): FlexibleServerClusterArgs<D, V> {
  return {
    resourceGroupName: args.resourceGroupName,
    location: args.location,
    serverName: args.serverName,
    databases,
    ...(version === undefined ? {} : { version }),
    ...(args.sku === undefined ? {} : { sku: args.sku }),
    ...(args.storageGb === undefined ? {} : { storageGb: args.storageGb }),
    storage: { ...storage, autoGrow: args.storageAutoGrow ?? true },
    ...(args.highAvailability === undefined ? {} : { highAvailability: args.highAvailability }),
    ...(args.backup === undefined ? {} : { backup: args.backup }),
    ...(args.maintenanceWindow === undefined ? {} : { maintenanceWindow: args.maintenanceWindow }),
    publicNetworkAccess: args.publicNetworkAccess ?? false,
    allowedClients: (args.firewallRules ?? []).map((rule) => ({ name: rule.name, startIp: rule.startIpAddress, endIp: rule.endIpAddress })),
    ...(args.privateNetwork === undefined ? {} : { privateNetwork: args.privateNetwork }),
    ...(args.entraAdministrator === undefined ? {} : { entraAdministrator: args.entraAdministrator }),
    passwordAuthentication: true,
    administratorLogin: args.administratorLogin ?? "dbadmin",
    ...(args.identityId === undefined ? {} : { identityId: args.identityId }),
    ...(args.encryption === undefined ? {} : { encryption: { keyUri: args.encryption.keyUri, geoBackupKeyUri: args.encryption.geoBackupKeyUri } }),
    ...(args.diagnosticsWorkspaceId === undefined ? {} : { diagnosticsWorkspaceId: args.diagnosticsWorkspaceId }),
    protect: args.protect ?? true,
    lock: args.lock ?? args.protect ?? true,
    tags: args.tags ?? {},
  };
}

/** The component's Key Vault with every connection string, when `keyVault` is set. */
export function keyVaultFor(
  name: string,
  vault: KeyVault | undefined,
  defaults: { readonly resourceGroupName: pulumi.Input<string> | undefined; readonly location: string | undefined; readonly protect: boolean; readonly tags: Readonly<Record<string, string>> },
  secrets: Readonly<Record<string, pulumi.Output<string>>>,
  parent: pulumi.Resource,
): SecretsVault | undefined {
  if (vault === undefined) return undefined;
  const resourceGroupName = vault.resourceGroupName ?? defaults.resourceGroupName;
  const location = vault.location ?? defaults.location;
  if (resourceGroupName === undefined || location === undefined) throw new Error(`${name}: keyVault needs resourceGroupName and location`);
  return new SecretsVault(
    `${name}-secrets`,
    {
      resourceGroupName,
      location,
      vaultName: vault.vaultName,
      tenantId: vault.tenantId ?? authorizationTenant(),
      secrets,
      protect: defaults.protect,
      publicNetworkAccess: vault.publicNetworkAccess ?? false,
      allowedClients: (vault.allowedCidrs ?? []).map((cidr) => ({ cidr })),
      secretReaders: vault.secretReaders ?? [],
      tags: { ...defaults.tags },
    },
    { parent },
  );
}

function authorizationTenant(): pulumi.Output<string> {
  return authorization.getClientConfigOutput().tenantId;
}
