/**
 * Validates a stack's config against the schema and the catalog, all at once.
 *
 * Every problem is collected (unknown keys, bad values, placement errors, Azure naming and
 * sizing rules, unsafe firewall rules) and thrown together as one `ConfigError`, before the
 * program registers a single resource. Pure: takes plain values, returns plain data.
 */
import type { z } from "zod";
import { type Catalog, type MysqlDatabaseSpec, type PostgresDatabaseSpec, type ServerEngine, databasesOf } from "../catalog";
import { ATLAS_CLUSTER_NAME, AZURE_FIREWALL_RULE_NAME, KEY_VAULT_NAME, atlasClusterName, atlasProjectName, azureServerNameProblem, closest, keyVaultName, MYSQL_PRIVATE_DNS_ZONE, POSTGRES_PRIVATE_DNS_ZONE, serverName } from "../components/naming";
import type { AlertReceivers, AllowedClient, AvailabilityZone, CustomerManagedKey, Environment, PrivateNetworkPlan, ServerPlacement } from "./environment";
import { ConfigError, type ConfigIssue } from "./errors";
import { formatIPv4, isAllowAll, parseClientRange } from "./ip";
import { CONFIG_KEYS, CONFIG_NAMESPACE, type ConfigKey, GUID, MYSQL_STORAGE_GB, POSTGRES_STORAGE_SIZES_GB, type RawStackConfig } from "./schema";

const KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];
const SERVER_KEY = /^[a-z][a-z0-9-]{0,30}$/;

const path = (key: string, ...rest: (string | number)[]): string =>
  `${CONFIG_NAMESPACE}:${key}` + rest.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");

/** Splits `left=right` (the schema already guarantees exactly one `=` with text on both sides). */
function splitEntry(entry: string): [string, string] {
  const at = entry.indexOf("=");
  return [entry.slice(0, at), entry.slice(at + 1)];
}

/** Parses each key on its own, so one bad key never hides the problems of another. */
function parseKeys(values: Readonly<Record<string, unknown>>, issues: ConfigIssue[]): Partial<RawStackConfig> {
  for (const name of Object.keys(values).sort()) {
    if (!(name in CONFIG_KEYS)) {
      const suggestion = closest(name, KEY_NAMES);
      issues.push({
        path: path(name),
        value: values[name],
        problem: `is not a GenIMS config key${suggestion ? ` (did you mean "${CONFIG_NAMESPACE}:${suggestion}"?)` : ""}`,
        expected: `one of ${KEY_NAMES.map((known) => `${CONFIG_NAMESPACE}:${known}`).join(", ")}`,
      });
    }
  }
  const parsed: Partial<Record<ConfigKey, unknown>> = {};
  for (const name of KEY_NAMES) {
    const spec: { schema: z.ZodType; default?: unknown; description: string } = CONFIG_KEYS[name];
    const value = values[name] ?? spec.default;
    if (value === undefined) {
      issues.push({ path: path(name), value: undefined, problem: "is required", expected: spec.description });
      continue;
    }
    const result = spec.schema.safeParse(value);
    if (result.success) {
      parsed[name] = result.data;
      continue;
    }
    for (const zodIssue of result.error.issues) {
      const at = zodIssue.path.filter((part): part is string | number => typeof part !== "symbol");
      let offending: unknown = value;
      for (const part of at) offending = (offending as Record<string | number, unknown> | undefined)?.[part];
      issues.push({ path: path(name, ...at), value: offending, problem: zodIssue.message, expected: spec.description });
    }
  }
  return parsed as Partial<RawStackConfig>;
}

function parseTags(entries: readonly string[], issues: ConfigIssue[]): Record<string, string> {
  const tags: Record<string, string> = {};
  entries.forEach((entry, index) => {
    const [name, value] = splitEntry(entry);
    if (name in tags) {
      issues.push({ path: path("tags", index), value: entry, problem: `repeats tag "${name}"`, expected: "each tag key once" });
    }
    tags[name] = value;
  });
  return tags;
}

function parseAllowedClients(entries: readonly string[], issues: ConfigIssue[]): AllowedClient[] {
  const clients: AllowedClient[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const [name, address] = splitEntry(entry);
    const at = path("allowedClients", index);
    if (!AZURE_FIREWALL_RULE_NAME.pattern.test(name) || name.length > AZURE_FIREWALL_RULE_NAME.maxLength) {
      issues.push({ path: at, value: entry, problem: `client name "${name}" is not a valid firewall rule name`, expected: AZURE_FIREWALL_RULE_NAME.rule });
    }
    if (seen.has(name)) {
      issues.push({ path: at, value: entry, problem: `repeats client name "${name}"`, expected: "a unique name per client (it names the firewall rule)" });
    }
    seen.add(name);
    const range = parseClientRange(address);
    if (typeof range === "string") {
      issues.push({ path: at, value: entry, problem: range, expected: "name=a.b.c.d for one host or name=a.b.c.d/nn for a block, e.g. design-client=14.96.208.122" });
      return;
    }
    if (isAllowAll(range)) {
      issues.push({
        path: at,
        value: entry,
        problem: "opens the servers to everyone (a rule containing 0.0.0.0 allows every Azure tenant, CKV2_AZURE_26; anything wider than a /8 is the internet)",
        expected: "the addresses of known clients, a /8 or narrower, not containing 0.0.0.0",
      });
      return;
    }
    clients.push({ name, startIp: formatIPv4(range.start), endIp: formatIPv4(range.end), cidr: `${formatIPv4(range.start)}/${range.prefix}` });
  });
  return clients;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Azure action group receiver names: unique within the group (we also use them in Atlas). */
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function parseReceivers(emails: readonly string[], webhooks: readonly string[], issues: ConfigIssue[]): AlertReceivers {
  const seen = new Set<string>();
  const named = (key: "alertEmails" | "alertWebhooks", entries: readonly string[], valid: (value: string) => boolean, expected: string) =>
    entries.flatMap((entry, index) => {
      const [name, value] = splitEntry(entry);
      const at = path(key, index);
      if (!RECEIVER_NAME.test(name)) issues.push({ path: at, value: entry, problem: `receiver name "${name}" is not valid`, expected: "1-64 letters, digits, '-' or '_', starting with a letter or digit" });
      if (seen.has(name)) issues.push({ path: at, value: entry, problem: `repeats receiver name "${name}"`, expected: "a unique name per receiver across alertEmails and alertWebhooks (Azure keys receivers by name)" });
      seen.add(name);
      if (!valid(value)) {
        issues.push({ path: at, value: entry, problem: `"${value}" is not valid here`, expected });
        return [];
      }
      return [{ name, value }];
    });
  return {
    emails: named("alertEmails", emails, (value) => EMAIL.test(value), "name=address with an email address, e.g. dba=dba@example.com").map(({ name, value }) => ({ name, address: value })),
    webhooks: named("alertWebhooks", webhooks, (value) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(value), "name=https://host/path (HTTPS only: alerts name servers and must not travel in clear text)").map(({ name, value }) => ({ name, url: value })),
  };
}

const ENGINE_KEY = { postgresql: "postgresServers", mysql: "mysqlServers" } as const;
const SERVER_KIND = { postgresql: "pg", mysql: "mysql" } as const;

function parsePlacement<D extends PostgresDatabaseSpec | MysqlDatabaseSpec>(
  engine: ServerEngine,
  entries: readonly string[],
  namePrefix: string | undefined,
  catalog: Catalog,
  issues: ConfigIssue[],
): ServerPlacement<D>[] {
  const configKey = ENGINE_KEY[engine];
  const otherEngine: ServerEngine = engine === "postgresql" ? "mysql" : "postgresql";
  const catalogDatabases = databasesOf(catalog, engine) as readonly D[];
  const names = catalogDatabases.map((database) => database.name);
  const otherNames = new Set(databasesOf(catalog, otherEngine).map((database) => database.name));
  const placedOn = new Map<string, string>();
  const servers: ServerPlacement<D>[] = [];
  const serverKeys = new Set<string>();

  entries.forEach((entry, index) => {
    const at = path(configKey, index);
    const [key, list] = splitEntry(entry);
    if (!SERVER_KEY.test(key)) {
      issues.push({ path: at, value: entry, problem: `server key "${key}" is not a valid name part`, expected: "1-31 lowercase letters, digits or hyphens, starting with a letter" });
    }
    if (serverKeys.has(key)) {
      issues.push({ path: at, value: entry, problem: `server "${key}" is declared twice`, expected: "each server once, listing all its databases" });
    }
    serverKeys.add(key);
    const physicalName = namePrefix === undefined ? undefined : serverName(namePrefix, SERVER_KIND[engine], key);
    const nameProblem = physicalName === undefined ? undefined : azureServerNameProblem(physicalName);
    if (physicalName !== undefined && nameProblem !== undefined) {
      issues.push({ path: at, value: entry, problem: `server name "${physicalName}" ${nameProblem}`, expected: "a shorter namePrefix or server key" });
    }
    const hosted: D[] = [];
    for (const databaseName of list.split(/\s*,\s*/)) {
      const database = catalogDatabases.find((candidate) => candidate.name === databaseName);
      if (database === undefined) {
        const suggestion = closest(databaseName, names);
        const problem = otherNames.has(databaseName)
          ? `"${databaseName}" is a ${otherEngine === "mysql" ? "MySQL" : "PostgreSQL"} database; place it under ${CONFIG_NAMESPACE}:${ENGINE_KEY[otherEngine]}`
          : `"${databaseName}" is not a ${engine === "mysql" ? "MySQL" : "PostgreSQL"} database of the catalog${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`;
        issues.push({ path: at, value: entry, problem, expected: `catalog names: ${names.join(", ")}` });
        continue;
      }
      const previous = placedOn.get(databaseName);
      if (previous !== undefined) {
        issues.push({ path: at, value: entry, problem: `"${databaseName}" is already placed on server "${previous}"`, expected: "each database on exactly one server" });
        continue;
      }
      placedOn.set(databaseName, key);
      hosted.push(database);
    }
    if (physicalName !== undefined) {
      // Catalog order, not config order: reordering a list in a stack file changes nothing.
      hosted.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
      servers.push({ key, serverName: physicalName, databases: hosted });
    }
  });
  const missing = names.filter((name) => !placedOn.has(name));
  if (missing.length > 0) {
    issues.push({
      path: path(configKey),
      value: entries,
      problem: `does not place ${missing.join(", ")}`,
      expected: `every ${engine === "mysql" ? "MySQL" : "PostgreSQL"} database of the catalog on exactly one server`,
    });
  }
  return servers;
}

const TIER_SKU_PREFIX = { Burstable: "Standard_B", GeneralPurpose: "Standard_D", MemoryOptimized: "Standard_E" } as const;

function checkServerPosture(engine: "postgres" | "mysql", raw: Partial<RawStackConfig>, issues: ConfigIssue[]): void {
  const tier = raw[`${engine}SkuTier`];
  const sku = raw[`${engine}SkuName`];
  const storage = raw[`${engine}StorageGb`];
  if (tier !== undefined && sku !== undefined && !sku.startsWith(TIER_SKU_PREFIX[tier])) {
    issues.push({ path: path(`${engine}SkuName`), value: sku, problem: `is not a ${tier} size`, expected: `a ${tier} size, named ${TIER_SKU_PREFIX[tier]}…` });
  }
  if (tier === "Burstable" && raw.highAvailability !== undefined && raw.highAvailability !== "Disabled") {
    issues.push({ path: path("highAvailability"), value: raw.highAvailability, problem: `is not available on the Burstable tier (${CONFIG_NAMESPACE}:${engine}SkuTier)`, expected: "Disabled, or a GeneralPurpose/MemoryOptimized tier" });
  }
  if (storage === undefined) return;
  if (engine === "postgres" && !(POSTGRES_STORAGE_SIZES_GB as readonly number[]).includes(storage)) {
    issues.push({ path: path("postgresStorageGb"), value: storage, problem: "is not a storage size Azure Database for PostgreSQL offers", expected: `one of ${POSTGRES_STORAGE_SIZES_GB.join(", ")} (GiB)` });
  }
  if (engine === "mysql" && (storage < MYSQL_STORAGE_GB.min || storage > MYSQL_STORAGE_GB.max)) {
    issues.push({ path: path("mysqlStorageGb"), value: storage, problem: "is outside the storage Azure Database for MySQL offers", expected: `${MYSQL_STORAGE_GB.min}-${MYSQL_STORAGE_GB.max} (GiB)` });
  }
}

const SUBNET_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const DNS_ZONE_ID = (zone: string) => new RegExp(`^\\/subscriptions\\/[0-9a-f-]{36}\\/resourceGroups\\/[^/]+\\/providers\\/Microsoft\\.Network\\/privateDnsZones\\/${zone.replace(/\./g, "\\.")}$`, "i");
const WORKSPACE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;
const KEY_VAULT_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([a-zA-Z0-9-]{3,24})$/i;
const KEY_URI = /^https:\/\/([a-z0-9-]{3,24})\.vault\.azure\.net\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/i;


const EXISTING_NETWORK_KEYS = {
  existingPostgresSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  existingMysqlSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  existingEndpointsSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  existingPostgresDnsZoneId: { pattern: DNS_ZONE_ID(POSTGRES_PRIVATE_DNS_ZONE), valid: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${POSTGRES_PRIVATE_DNS_ZONE}` },
  existingMysqlDnsZoneId: { pattern: DNS_ZONE_ID(MYSQL_PRIVATE_DNS_ZONE), valid: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${MYSQL_PRIVATE_DNS_ZONE}` },
} as const;

function planPrivateNetwork(raw: Partial<RawStackConfig>, issues: ConfigIssue[]): PrivateNetworkPlan | undefined {
  const given = (Object.keys(EXISTING_NETWORK_KEYS) as (keyof typeof EXISTING_NETWORK_KEYS)[]).filter((name) => (raw[name] ?? "") !== "");
  if (raw.privateNetworking !== true) {
    for (const name of given) {
      issues.push({ path: path(name), value: raw[name], problem: "is set, but privateNetworking is false, so nothing would use it", expected: `an empty value, or ${CONFIG_NAMESPACE}:privateNetworking: true` });
    }
    return undefined;
  }
  if (raw.publicNetworkAccess === true) {
    issues.push({ path: path("publicNetworkAccess"), value: true, problem: "is true, but privateNetworking puts the servers in a virtual network, which has no public endpoint", expected: `false with ${CONFIG_NAMESPACE}:privateNetworking: true, or privateNetworking: false for a public stack` });
  }
  if (given.length > 0) {
    for (const [name, rule] of Object.entries(EXISTING_NETWORK_KEYS) as [keyof typeof EXISTING_NETWORK_KEYS, (typeof EXISTING_NETWORK_KEYS)[keyof typeof EXISTING_NETWORK_KEYS]][]) {
      const value = raw[name] ?? "";
      if (value === "") issues.push({ path: path(name), value, problem: `is empty, but ${given.map((g) => `${CONFIG_NAMESPACE}:${g}`).join(", ")} ${given.length === 1 ? "is" : "are"} set: an existing network needs all five`, expected: rule.valid });
      else if (!rule.pattern.test(value)) issues.push({ path: path(name), value, problem: "is not a resource ID of the right kind", expected: rule.valid });
    }
    return {
      kind: "existing",
      postgresSubnetId: raw.existingPostgresSubnetId ?? "",
      mysqlSubnetId: raw.existingMysqlSubnetId ?? "",
      endpointsSubnetId: raw.existingEndpointsSubnetId ?? "",
      postgresDnsZoneId: raw.existingPostgresDnsZoneId ?? "",
      mysqlDnsZoneId: raw.existingMysqlDnsZoneId ?? "",
    };
  }
  const space = raw.vnetAddressSpace === undefined ? undefined : parseClientRange(raw.vnetAddressSpace);
  if (space === undefined) return undefined;
  if (typeof space === "string" || space.prefix < 16 || space.prefix > 22 || !raw.vnetAddressSpace?.includes("/")) {
    issues.push({ path: path("vnetAddressSpace"), value: raw.vnetAddressSpace, problem: typeof space === "string" ? space : "is not a /16 to /22 block", expected: "a private block such as 10.60.0.0/16 (room for three /24 subnets)" });
    return undefined;
  }
  const subnet = (index: number) => `${formatIPv4(space.start + index * 256)}/24`;
  return { kind: "create", addressSpace: raw.vnetAddressSpace, postgresSubnetPrefix: subnet(0), mysqlSubnetPrefix: subnet(1), endpointsSubnetPrefix: subnet(2) };
}

function planEncryption(raw: Partial<RawStackConfig>, issues: ConfigIssue[]): CustomerManagedKey | undefined {
  const keyUri = raw.customerManagedKeyUri ?? "";
  if (keyUri === "") {
    for (const name of ["customerManagedKeyVaultId", "geoBackupKeyUri", "atlasAzureAppId", "atlasServicePrincipalId"] as const) {
      if ((raw[name] ?? "") !== "") issues.push({ path: path(name), value: raw[name], problem: "is set without customerManagedKeyUri", expected: `an empty value, or ${CONFIG_NAMESPACE}:customerManagedKeyUri set` });
    }
    return undefined;
  }
  const uri = KEY_URI.exec(keyUri);
  if (uri === null) issues.push({ path: path("customerManagedKeyUri"), value: keyUri, problem: "is not a Key Vault key URI", expected: "https://<vault>.vault.azure.net/keys/<key-name>[/<version>]" });
  const vault = KEY_VAULT_ID.exec(raw.customerManagedKeyVaultId ?? "");
  if (vault === null) {
    issues.push({ path: path("customerManagedKeyVaultId"), value: raw.customerManagedKeyVaultId, problem: "is not a Key Vault resource ID", expected: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>" });
  } else if (uri !== null && vault[3]!.toLowerCase() !== uri[1]!.toLowerCase()) {
    issues.push({ path: path("customerManagedKeyVaultId"), value: raw.customerManagedKeyVaultId, problem: `names vault "${vault[3]}" but the key URI is in vault "${uri[1]}"`, expected: "the vault that holds customerManagedKeyUri" });
  }
  const geoBackupKeyUri = raw.geoBackupKeyUri ?? "";
  if (raw.geoRedundantBackup === true && !KEY_URI.test(geoBackupKeyUri)) {
    issues.push({ path: path("geoBackupKeyUri"), value: geoBackupKeyUri, problem: "must be a key URI in the paired region: geo-redundant backups of customer-key-encrypted servers are encrypted with it", expected: "https://<vault-in-paired-region>.vault.azure.net/keys/<key-name>" });
  }
  for (const name of ["atlasAzureAppId", "atlasServicePrincipalId"] as const) {
    if (!GUID.test(raw[name] ?? "")) {
      issues.push({ path: path(name), value: raw[name], problem: "must be set (a GUID) so Atlas can use the customer-managed key", expected: CONFIG_KEYS[name].description });
    }
  }
  return {
    keyUri,
    keyVaultId: raw.customerManagedKeyVaultId ?? "",
    keyVaultName: vault?.[3] ?? "",
    keyVaultResourceGroup: vault?.[2] ?? "",
    subscriptionId: vault?.[1] ?? "",
    geoBackupKeyUri: raw.geoRedundantBackup === true ? geoBackupKeyUri : undefined,
    atlasAzureAppId: raw.atlasAzureAppId ?? "",
    atlasServicePrincipalId: raw.atlasServicePrincipalId ?? "",
  };
}

/**
 * Validates `values` (the stack's `genims:` keys, without the namespace, already decoded from
 * their YAML/JSON form) against the schema and `catalog`. Throws `ConfigError` listing every
 * problem, or returns the resolved environment.
 */
export function validateEnvironment(stack: string, values: Readonly<Record<string, unknown>>, catalog: Catalog): Environment {
  const issues: ConfigIssue[] = [];
  const raw = parseKeys(values, issues);
  const privateNetwork = planPrivateNetwork(raw, issues);
  const encryption = planEncryption(raw, issues);
  if (raw.logAnalyticsWorkspaceId !== undefined && raw.logAnalyticsWorkspaceId !== "" && !WORKSPACE_ID.test(raw.logAnalyticsWorkspaceId)) {
    issues.push({ path: path("logAnalyticsWorkspaceId"), value: raw.logAnalyticsWorkspaceId, problem: "is not a Log Analytics workspace resource ID", expected: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>, or empty to create one" });
  }
  const tags = parseTags(raw.tags ?? [], issues);
  const alertReceivers = parseReceivers(raw.alertEmails ?? [], raw.alertWebhooks ?? [], issues);
  const allowedClients = parseAllowedClients(raw.allowedClients ?? [], issues);
  if (raw.publicNetworkAccess === false && allowedClients.length > 0) {
    issues.push({
      path: path("allowedClients"),
      value: raw.allowedClients,
      problem: "lists clients, but publicNetworkAccess is false, so no client could use them",
      expected: `an empty list, or ${CONFIG_NAMESPACE}:publicNetworkAccess: true`,
    });
  }
  // A placement key that failed the schema was reported already; checking it again would only
  // add "does not place" noise for every database.
  const postgresServers = raw.postgresServers === undefined ? [] : parsePlacement<PostgresDatabaseSpec>("postgresql", raw.postgresServers, raw.namePrefix, catalog, issues);
  const mysqlServers = raw.mysqlServers === undefined ? [] : parsePlacement<MysqlDatabaseSpec>("mysql", raw.mysqlServers, raw.namePrefix, catalog, issues);
  checkServerPosture("postgres", raw, issues);
  checkServerPosture("mysql", raw, issues);
  if (raw.namePrefix !== undefined) {
    const cluster = atlasClusterName(raw.namePrefix);
    if (cluster.length > ATLAS_CLUSTER_NAME.maxLength || !ATLAS_CLUSTER_NAME.pattern.test(cluster)) {
      issues.push({ path: path("namePrefix"), value: raw.namePrefix, problem: `gives the Atlas cluster name "${cluster}", which breaks Atlas's rule`, expected: `a prefix of at most ${ATLAS_CLUSTER_NAME.maxLength - "-mongo".length} characters (${ATLAS_CLUSTER_NAME.rule})` });
    }
  }
  if (raw.namePrefix !== undefined) {
    const vault = keyVaultName(raw.namePrefix);
    if (vault.length < KEY_VAULT_NAME.minLength || vault.length > KEY_VAULT_NAME.maxLength || !KEY_VAULT_NAME.pattern.test(vault)) {
      issues.push({ path: path("namePrefix"), value: raw.namePrefix, problem: `gives the Key Vault name "${vault}", which breaks Azure's rule`, expected: `a prefix of at most ${KEY_VAULT_NAME.maxLength - "-kv".length} characters without "--" (Key Vault names: ${KEY_VAULT_NAME.rule})` });
    }
  }
  if (raw.geoRedundantBackup === true && raw.atlasBackupCopyRegion === "") {
    issues.push({ path: path("atlasBackupCopyRegion"), value: "", problem: "is empty, but geoRedundantBackup is true: the MongoDB backups would stay in one region", expected: "a second Atlas region, e.g. EUROPE_NORTH for EUROPE_WEST" });
  }
  if (raw.atlasBackupCopyRegion !== undefined && raw.atlasBackupCopyRegion !== "" && raw.atlasBackupCopyRegion === raw.atlasRegion) {
    issues.push({ path: path("atlasBackupCopyRegion"), value: raw.atlasBackupCopyRegion, problem: "is the cluster's own region, so the copy would share its fate", expected: "a region other than genims:atlasRegion" });
  }
  if (raw.passwordAuthentication === false) {
    issues.push({
      path: path("passwordAuthentication"),
      value: false,
      problem:
        "turns password authentication off, but the access model's application, reader and ETL logins authenticate with passwords (kept in Key Vault), and the MySQL provider that creates them can only sign in with a password",
      expected: "true, until the services use workload identities mapped to Entra roles (README, \"Policy pack\", accepted exceptions)",
    });
  }
  if (issues.length > 0) throw new ConfigError(stack, issues);

  // Every key parsed (an issue was raised otherwise), so the non-null assertions below hold.
  const r = raw as RawStackConfig;
  const zone = r.availabilityZone;
  const standbyZone = String((Number(zone) % 3) + 1) as AvailabilityZone;
  return {
    stack,
    location: r.location,
    resourceGroupName: r.resourceGroupName,
    namePrefix: r.namePrefix,
    protect: r.protect,
    tags,
    network: { publicNetworkAccess: r.publicNetworkAccess, allowedClients, private: privateNetwork },
    identity: {
      tenantId: r.entraTenantId,
      entraAdmin: { objectId: r.entraAdminObjectId, name: r.entraAdminName, type: r.entraAdminType },
      passwordAuthentication: r.passwordAuthentication,
    },
    encryption,
    monitoring: { workspaceId: r.logAnalyticsWorkspaceId === "" ? undefined : r.logAnalyticsWorkspaceId, retentionDays: r.logRetentionDays },
    alerts: {
      receivers: alertReceivers,
      thresholds: {
        storagePercent: r.alertStoragePercent,
        cpuPercent: r.alertCpuPercent,
        memoryPercent: r.alertMemoryPercent,
        activeConnections: r.alertActiveConnections,
        atlasConnectionsPercent: r.alertAtlasConnectionsPercent,
        replicationLagSeconds: r.alertReplicationLagSeconds,
      },
    },
    highAvailability: { mode: r.highAvailability, zone, standbyZone },
    backup: { retentionDays: r.backupRetentionDays, geoRedundant: r.geoRedundantBackup },
    postgres: { version: r.postgresVersion, skuTier: r.postgresSkuTier, skuName: r.postgresSkuName, storageGb: r.postgresStorageGb, servers: postgresServers },
    mysql: { version: r.mysqlVersion, skuTier: r.mysqlSkuTier, skuName: r.mysqlSkuName, storageGb: r.mysqlStorageGb, servers: mysqlServers },
    access: { passwordRotation: r.passwordRotation, keyVaultName: keyVaultName(r.namePrefix) },
    atlas: {
      orgId: r.atlasOrgId,
      projectName: atlasProjectName(r.namePrefix),
      clusterName: atlasClusterName(r.namePrefix),
      region: r.atlasRegion,
      instanceSize: r.atlasInstanceSize,
      mongoVersion: r.atlasMongoVersion,
      backupCopyRegion: r.atlasBackupCopyRegion === "" ? undefined : r.atlasBackupCopyRegion,
      database: catalog.mongo,
    },
  };
}
