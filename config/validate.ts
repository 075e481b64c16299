/**
 * Validates a stack's config against the schema and the catalog, all at once.
 *
 * Every problem is collected (unknown keys, bad values, placement errors, Azure naming and
 * sizing rules, unsafe firewall rules) and thrown together as one `ConfigError`, before the
 * program registers a single resource. Pure: takes plain values, returns plain data.
 */
import type { z } from "zod";
import { type Catalog, type MysqlDatabaseSpec, type PostgresDatabaseSpec, type ServerEngine, databasesOf } from "../catalog";
import { ATLAS_CLUSTER_NAME, AZURE_FIREWALL_RULE_NAME, KEY_VAULT_NAME, atlasClusterName, atlasProjectName, azureServerNameProblem, closest, keyVaultName, serverDnsZoneProblem, serverName } from "../naming";
import type { AlertReceivers, AllowedClient, AtlasRestore, ServerRestore, AvailabilityZone, CustomerManagedKey, DayOfWeek, Environment, MaintenanceWindow, PrivateNetworkPlan, ServerPlacement, ServerStorage, SkuTier } from "./environment";
import { planSecretsAndAudit } from "./secretsAccess";
import { ConfigError, type ConfigIssue } from "./errors";
import { VNET_PREFIXES, formatIPv4, isAllowAll, nearestBlock, parseClientRange, privateRange } from "./ip";
import { ATLAS_AZURE_REGIONS, AZURE_LOCATIONS, AZURE_REGIONS, type AzureLocation, COMPUTE_SIZES, type Engine, MYSQL_STORAGE, POSTGRES_PREMIUM_SSD, POSTGRES_PREMIUM_SSD_V2, PREMIUM_SSD_MAX_RAISED_TIER, PREMIUM_SSD_TIERS, PREMIUM_SSD_V2_FEATURE_REGIONS, type RegionCapabilities, premiumV2MaxIops, premiumV2MaxThroughput, tierOfSize } from "./offerings";
import { ATLAS_INSTANCE_SIZES, CONFIG_KEYS, CONFIG_NAMESPACE, type ConfigKey, type ConfigKeySpec, DAYS_OF_WEEK, GUID, type RawStackConfig, type mysqlServerSchema, type postgresServerSchema } from "./schema";

const KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];
const SERVER_KEY = /^[a-z][a-z0-9-]{0,30}$/;

const path = (key: string, ...rest: (string | number)[]): string =>
  `${CONFIG_NAMESPACE}:${key}` + rest.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");

/** The object fields a (nested) zod schema accepts at `at`, for did-you-mean on a misspelled field. */
function fieldsAt(schema: z.ZodType, at: readonly (string | number)[]): string[] {
  let current: unknown = schema;
  const unwrap = () => {
    for (;;) {
      const def = (current as { _zod?: { def?: { type?: string; innerType?: unknown; in?: unknown; out?: unknown } } })._zod?.def;
      if (def?.type === "optional" || def?.type === "default" || def?.type === "nullable") current = def.innerType;
      else if (def?.type === "pipe") current = (def.in as { _zod?: { def?: { type?: string } } })._zod?.def?.type === "transform" ? def.out : def.in;
      else return def;
    }
  };
  for (const part of at) {
    const def = unwrap() as { type?: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown } | undefined;
    if (def?.type === "record") current = def.valueType;
    else if (def?.type === "object") current = def.shape?.[String(part)];
    else if (def?.type === "array") current = def.element;
    else return [];
  }
  const def = unwrap() as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
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
    const spec: ConfigKeySpec = CONFIG_KEYS[name];
    const value = values[name] ?? spec.default;
    if (value === undefined) {
      if (spec.optional !== true) issues.push({ path: path(name), value: undefined, problem: "is required", expected: spec.description });
      continue;
    }
    const legacy = spec.legacy?.(value);
    if (legacy !== undefined) {
      issues.push({ path: path(name), value, problem: legacy, expected: spec.description });
      continue;
    }
    const result = spec.schema.safeParse(value);
    if (result.success) {
      parsed[name] = result.data;
      continue;
    }
    for (const zodIssue of result.error.issues) {
      const at = zodIssue.path.filter((part): part is string | number => typeof part !== "symbol");
      if (zodIssue.code === "unrecognized_keys") {
        // One issue per misspelled field, at its own path, with the closest field it may mean.
        const known = fieldsAt(spec.schema, at);
        for (const field of zodIssue.keys) {
          let offending: unknown = value;
          for (const part of [...at, field]) offending = (offending as Record<string | number, unknown> | undefined)?.[part];
          const suggestion = closest(field, known);
          issues.push({
            path: path(name, ...at, field),
            value: offending,
            problem: `is not a field of this object${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
            expected: `one of ${known.join(", ")}`,
          });
        }
        continue;
      }
      let offending: unknown = value;
      for (const part of at) offending = (offending as Record<string | number, unknown> | undefined)?.[part];
      // A nested field's problem names that field; repeating the key's whole description (hundreds of
      // characters for the server maps) after each one would bury it.
      const expected = at.length === 0 ? spec.description : `a valid ${at.map(String).join(".")}, as ${CONFIG_NAMESPACE}:${name} is described in docs/configuration.md`;
      issues.push({ path: path(name, ...at), value: offending, problem: zodIssue.message, expected });
    }
  }
  return parsed as Partial<RawStackConfig>;
}

/** An all-zero id is the placeholder of an example, never a real tenant, principal or organization. */
const PLACEHOLDER_ID = /^[0-]+$/;

function checkPlaceholders(stack: string, raw: Partial<RawStackConfig>, issues: ConfigIssue[]): void {
  const how = {
    entraTenantId: "az account show --query tenantId -o tsv",
    entraAdminObjectId: "az ad group show --group <your DBA group> --query id -o tsv",
    atlasOrgId: "Atlas: Organization Settings → Organization ID",
  } as const;
  for (const name of Object.keys(how) as (keyof typeof how)[]) {
    const value = raw[name];
    if (value !== undefined && PLACEHOLDER_ID.test(value)) {
      issues.push({
        path: path(name),
        value,
        problem: "is an all-zero placeholder, not a real id: it must not reach Azure or Atlas",
        expected: `your real id (${how[name]}), set with \`pulumi config set ${CONFIG_NAMESPACE}:${name} <id> --stack ${stack}\``,
      });
    }
  }
}

function parseTags(tags: Readonly<Record<string, string>>, at: string[], issues: ConfigIssue[]): Record<string, string> {
  const seen = new Map<string, string>();
  for (const name of Object.keys(tags)) {
    // Azure tag names are case-insensitive: two spellings would be one tag.
    const previous = seen.get(name.toLowerCase());
    if (previous !== undefined) issues.push({ path: path(at[0]!, ...at.slice(1), name), value: tags[name], problem: `repeats tag "${previous}" (Azure tag names are case-insensitive)`, expected: "each tag name once" });
    seen.set(name.toLowerCase(), name);
  }
  return { ...tags };
}

function parseAllowedClients(entries: Readonly<Record<string, string>>, issues: ConfigIssue[]): AllowedClient[] {
  const clients: AllowedClient[] = [];
  for (const [name, address] of Object.entries(entries)) {
    const at = path("allowedClients", name);
    if (!AZURE_FIREWALL_RULE_NAME.pattern.test(name) || name.length > AZURE_FIREWALL_RULE_NAME.maxLength) {
      issues.push({ path: at, value: address, problem: `client name "${name}" is not a valid firewall rule name`, expected: AZURE_FIREWALL_RULE_NAME.rule });
    }
    const range = parseClientRange(address);
    if (typeof range === "string") {
      issues.push({ path: at, value: address, problem: range, expected: "a.b.c.d for one host or a.b.c.d/nn for a block, e.g. design-client: 14.96.208.122" });
      continue;
    }
    const reserved = privateRange(range);
    if (reserved !== undefined) {
      issues.push({
        path: at,
        value: address,
        problem: `is a ${reserved} address: a public endpoint sees a client by its public address, so this rule would never let it in`,
        expected: "the client's public address (from the client: curl -s https://ifconfig.me), or privateNetworking for clients inside a network",
      });
      continue;
    }
    if (isAllowAll(range)) {
      issues.push({
        path: at,
        value: address,
        problem: "opens the servers to everyone (a rule containing 0.0.0.0 allows every Azure tenant, CKV2_AZURE_26; anything wider than a /8 is the internet)",
        expected: "the addresses of known clients, a /8 or narrower, not containing 0.0.0.0",
      });
      continue;
    }
    clients.push({ name, startIp: formatIPv4(range.start), endIp: formatIPv4(range.end), cidr: `${formatIPv4(range.start)}/${range.prefix}` });
  }
  // One address, one entry: Atlas keys its access list by the address, so two clients with one
  // address would register two access-list entries under one URN, which the engine refuses
  // ("Duplicate resource URN", pulumi/pulumi v3.248.0 sdk/go/common/diag/errors.go:32).
  const byCidr = new Map<string, string>();
  for (const client of [...clients].sort((a, b) => a.name.localeCompare(b.name))) {
    const first = byCidr.get(client.cidr);
    if (first === undefined) byCidr.set(client.cidr, client.name);
    else issues.push({ path: path("allowedClients", client.name), value: entries[client.name], problem: `is the same address as ${path("allowedClients", first)} (${client.cidr}): one address is one firewall rule and one Atlas access-list entry`, expected: `one name per address: remove "${client.name}" or "${first}"` });
  }
  // Sorted by name: the map's order in the stack file is not part of the firewall.
  return clients.sort((a, b) => a.name.localeCompare(b.name));
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Azure action group receiver names: unique within the group (we also use them in Atlas). */
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function parseReceivers(emails: Readonly<Record<string, string>>, webhooks: Readonly<Record<string, string>>, issues: ConfigIssue[]): AlertReceivers {
  const seen = new Set<string>();
  const named = (key: "alertEmails" | "alertWebhooks", entries: Readonly<Record<string, string>>, valid: (value: string) => boolean, expected: string) =>
    Object.entries(entries)
      // Sorted by name: the map's order in the stack file is not part of the action group.
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, value]) => {
        const at = path(key, name);
        if (!RECEIVER_NAME.test(name)) issues.push({ path: at, value, problem: `receiver name "${name}" is not valid`, expected: "1-64 letters, digits, '-' or '_', starting with a letter or digit" });
        if (seen.has(name)) issues.push({ path: at, value, problem: `repeats receiver name "${name}"`, expected: "a unique name per receiver across alertEmails and alertWebhooks (Azure keys receivers by name)" });
        seen.add(name);
        if (!valid(value)) {
          issues.push({ path: at, value, problem: `"${value}" is not valid here`, expected });
          return [];
        }
        return [{ name, value }];
      });
  return {
    emails: named("alertEmails", emails, (value) => EMAIL.test(value), "an email address, e.g. dba: dba@example.com").map(({ name, value }) => ({ name, address: value })),
    webhooks: named("alertWebhooks", webhooks, (value) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(value), "https://host/path (HTTPS only: alerts name servers and must not travel in clear text)").map(({ name, value }) => ({ name, url: value })),
  };
}

type RestoreConfig = NonNullable<ServerConfig["restore"]>;

/**
 * A server restore, checked before anything is registered. Azure's rules (REST API
 * Microsoft.DBforPostgreSQL 2025-08-01 `Server.properties.createMode`, `sourceServerResourceId`,
 * `pointInTimeUTC`; Microsoft.DBforMySQL 2024-02-01-preview `restorePointInTime`): a restore is a
 * new server; a geo-restore reads the geo-redundant backup, so the source must have one, and
 * lands in another region.
 */
function parseRestore(
  restore: RestoreConfig,
  sourceName: string,
  sourceGeoRedundant: boolean,
  raw: Partial<RawStackConfig>,
  at: (...rest: string[]) => string,
  issues: ConfigIssue[],
): ServerRestore | undefined {
  const before = issues.length;
  const serverName = `${sourceName}-${restore.suffix ?? "r1"}`;
  const nameProblem = azureServerNameProblem(serverName);
  if (nameProblem !== undefined) issues.push({ path: at("suffix"), value: restore.suffix, problem: `gives the restored server name "${serverName}", which ${nameProblem}`, expected: "a shorter suffix" });
  if (Number.isNaN(Date.parse(restore.pointInTimeUTC))) issues.push({ path: at("pointInTimeUTC"), value: restore.pointInTimeUTC, problem: "is not a real date and time", expected: "an ISO 8601 UTC time within the backup retention window" });
  let location = raw.location ?? "";
  if (restore.mode === "GeoRestore") {
    // A geo-restore reads the copy that geo-redundant backup keeps in the source's paired region,
    // so it can land only there (REGION_SOURCES.geoRestore).
    const pair = regionOf(raw.location)?.pair;
    const pairText = pair === undefined ? `the paired region of ${path("location")}` : `${pair}, the paired region of ${path("location")} (${raw.location})`;
    if (restore.location === undefined || restore.location === raw.location) {
      issues.push({ path: at("location"), value: restore.location, problem: "a geo-restore needs a target region other than the stack's", expected: pairText });
    } else {
      checkAzureLocation(at("location"), restore.location, issues);
      const sourceRegion = regionOf(raw.location);
      if (sourceRegion !== undefined && regionOf(restore.location) !== undefined && restore.location !== pair) {
        issues.push({
          path: at("location"),
          value: restore.location,
          problem:
            pair === undefined
              ? `is not where a geo-restore can land: ${raw.location} (${sourceRegion.name}) has no paired region, so there is no geo-redundant copy to restore`
              : `is not the paired region of ${raw.location}, where the geo-redundant backup is kept (did you mean "${pair}"?)`,
          expected: pair === undefined ? "mode PointInTimeRestore, or a stack in a region with a pair" : pair,
        });
      }
      location = restore.location;
    }
    if (!sourceGeoRedundant) issues.push({ path: at("mode"), value: restore.mode, problem: "the source server has no geo-redundant backup to restore from", expected: "PointInTimeRestore, or a source created with geoRedundantBackup: true" });
  } else if (restore.location !== undefined && restore.location !== raw.location) {
    issues.push({ path: at("location"), value: restore.location, problem: "a point-in-time restore stays in the source's region", expected: "no location (or genims:location); use mode GeoRestore for another region" });
  }
  if (raw.azureSubscriptionId === undefined || raw.azureSubscriptionId === "") {
    issues.push({ path: path("azureSubscriptionId"), value: raw.azureSubscriptionId, problem: "is empty, but a server restore needs it: the restored server's databases are adopted by their Azure resource ids", expected: "the subscription id of the stack (az account show --query id)" });
  }
  const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
  const ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;
  const privateStack = raw.privateNetworking === true;
  if (restore.mode === "GeoRestore" && privateStack && restore.subnetId === undefined) {
    issues.push({
      path: at("subnetId"),
      value: undefined,
      problem: "a VNet-integrated server geo-restores only into a virtual network of the recovery region (\"You can't perform geo-restore across public and private access\", concepts-backup-restore.md)",
      expected: "the ARM id of a subnet delegated to the flexible servers in the recovery region, e.g. /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet-dr>/subnets/<subnet>",
    });
  }
  if (restore.subnetId !== undefined && !(restore.mode === "GeoRestore" && privateStack)) {
    issues.push({ path: at("subnetId"), value: restore.subnetId, problem: "only a geo-restore of a private stack takes a subnet (a point-in-time restore stays in the source's network, a public stack restores public)", expected: "no subnetId here" });
  } else if (restore.subnetId !== undefined && !SUBNET_ID.test(restore.subnetId)) {
    issues.push({ path: at("subnetId"), value: restore.subnetId, problem: "is not a subnet's ARM id", expected: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" });
  }
  if (restore.privateDnsZoneId !== undefined && (restore.subnetId === undefined || !ZONE_ID.test(restore.privateDnsZoneId))) {
    issues.push({ path: at("privateDnsZoneId"), value: restore.privateDnsZoneId, problem: restore.subnetId === undefined ? "is set without subnetId" : "is not a private DNS zone's ARM id", expected: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>, with subnetId" });
  }
  if (restore.resourceGroupName !== undefined && restore.mode !== "GeoRestore") {
    issues.push({ path: at("resourceGroupName"), value: restore.resourceGroupName, problem: "only a geo-restore goes to another resource group (a point-in-time restore stays with its source)", expected: "no resourceGroupName here" });
  }
  const recoveryGroup = `${raw.resourceGroupName ?? ""}-${restore.suffix ?? "r1"}`;
  if (restore.mode === "GeoRestore" && restore.resourceGroupName === undefined && recoveryGroup.length > 90) {
    issues.push({ path: at("suffix"), value: restore.suffix, problem: `gives the recovery resource group "${recoveryGroup}", longer than 90 characters`, expected: "a shorter suffix, or resourceGroupName" });
  }
  if (restore.cutover === true && restore.adopt !== true) {
    issues.push({ path: at("cutover"), value: restore.cutover, problem: "cuts over to a restored server whose databases are not adopted yet", expected: "adopt: true first (phase 2, after the restore's own `pulumi up`), then cutover: true" });
  }
  if (issues.length > before) return undefined;
  return {
    mode: restore.mode,
    pointInTimeUTC: restore.pointInTimeUTC,
    // Geo-redundant backups reach the paired region asynchronously (RPO under an hour), and Azure
    // CLI's own geo-restore takes no restore time: the server comes back at the latest
    // geo-replicated backup, not necessarily at the moment asked for.
    restorePoint: restore.mode === "GeoRestore" ? `latest geo-replicated backup at or before ${restore.pointInTimeUTC}` : restore.pointInTimeUTC,
    serverName,
    location,
    network: restore.subnetId === undefined ? undefined : { subnetId: restore.subnetId, privateDnsZoneId: restore.privateDnsZoneId },
    adopt: restore.adopt ?? false,
    cutover: restore.cutover ?? false,
    subscriptionId: raw.azureSubscriptionId!,
    resourceGroup:
      restore.mode !== "GeoRestore"
        ? { name: raw.resourceGroupName ?? "", created: false }
        : restore.resourceGroupName !== undefined
          ? { name: restore.resourceGroupName, created: false }
          : { name: recoveryGroup, created: true },
  };
}

function parseAtlasRestore(raw: Partial<RawStackConfig>, issues: ConfigIssue[]): AtlasRestore | undefined {
  const restore = raw.atlasRestore;
  if (restore === undefined || raw.namePrefix === undefined) return undefined;
  const before = issues.length;
  const clusterName = `${atlasClusterName(raw.namePrefix)}-${restore.suffix ?? "r1"}`;
  if (clusterName.length > ATLAS_CLUSTER_NAME.maxLength) issues.push({ path: path("atlasRestore", "suffix"), value: restore.suffix, problem: `gives the restored cluster name "${clusterName}" (${clusterName.length} characters)`, expected: ATLAS_CLUSTER_NAME.rule });
  let seconds: number | undefined;
  if (restore.mode === "pointInTime") {
    seconds = restore.pointInTimeUTC === undefined ? Number.NaN : Date.parse(restore.pointInTimeUTC) / 1000;
    if (Number.isNaN(seconds)) issues.push({ path: path("atlasRestore", "pointInTimeUTC"), value: restore.pointInTimeUTC, problem: "a point-in-time restore needs a real UTC time", expected: "an ISO 8601 UTC time within the cluster's restore window (atlas backup restoreWindowDays)" });
    if (restore.snapshotId !== undefined) issues.push({ path: path("atlasRestore", "snapshotId"), value: restore.snapshotId, problem: "is set with mode pointInTime", expected: "no snapshotId (mode snapshot restores a snapshot)" });
  } else if (restore.snapshotId === undefined) {
    issues.push({ path: path("atlasRestore", "snapshotId"), value: undefined, problem: "a snapshot restore needs the snapshot's id", expected: "the 24-hex id from Atlas (Backup → Snapshots) or atlas backups snapshots list" });
  }
  if (issues.length > before) return undefined;
  return { mode: restore.mode, pointInTimeUtcSeconds: seconds, snapshotId: restore.snapshotId, clusterName, cutover: restore.cutover ?? false };
}

const ENGINE_KEY = { postgresql: "postgresServers", mysql: "mysqlServers" } as const;
const SERVER_KIND = { postgresql: "pg", mysql: "mysql" } as const;
const ENGINE_PREFIX = { postgresql: "postgres", mysql: "mysql" } as const;

type PostgresServerConfig = z.output<typeof postgresServerSchema>;
type MysqlServerConfig = z.output<typeof mysqlServerSchema>;
type ServerConfig = PostgresServerConfig & MysqlServerConfig;

/** A server placed and sized, before its maintenance window is chosen (that needs every server). */
type SizedServer<D> = Omit<ServerPlacement<D>, "maintenanceWindow"> & { readonly configuredWindow: ServerConfig["maintenanceWindow"] };

const standbyOf = (zone: AvailabilityZone) => String((Number(zone) % 3) + 1) as AvailabilityZone;

/** The capabilities of a known region; an unknown name is reported by `checkAzureLocation`. */
function regionOf(location: string | undefined): RegionCapabilities | undefined {
  return location !== undefined && Object.hasOwn(AZURE_REGIONS, location) ? AZURE_REGIONS[location as AzureLocation] : undefined;
}

const ENGINE_NAME = { postgresql: "PostgreSQL", mysql: "MySQL" } as const;
const REGION_ENGINE = { postgresql: "postgres", mysql: "mysql" } as const;

/**
 * What the stack's region offers one engine's server (config/offerings.ts AZURE_REGIONS): the
 * engine at all, zone-redundant HA (the default), geo-redundant backup (the default) and a
 * pinned zone. Each problem is reported where it was configured: the server's own field, or the
 * environment-wide key it inherits (reported once for all servers).
 */
function checkRegionOffers(engine: ServerEngine, raw: Partial<RawStackConfig>, server: ServerConfig, at: (...rest: string[]) => string, issues: ConfigIssue[]): void {
  const region = regionOf(raw.location);
  if (region === undefined) return;
  const name = ENGINE_NAME[engine];
  const offers = region[REGION_ENGINE[engine]];
  if (offers === undefined) {
    const listed = (Object.keys(AZURE_REGIONS) as AzureLocation[]).filter((location) => AZURE_REGIONS[location][REGION_ENGINE[engine]] !== undefined);
    issues.push({ path: path("location"), value: raw.location, problem: `is not a region where Azure Database for ${name} flexible server is offered (its regions table does not list ${region.name})`, expected: `one of ${listed.join(", ")}` });
    return;
  }
  const pairOffers = region.pair === undefined ? undefined : AZURE_REGIONS[region.pair][REGION_ENGINE[engine]];
  const haMode = server.highAvailability ?? raw.highAvailability;
  if (haMode === "ZoneRedundant" && !offers.zoneRedundantHa) {
    issues.push({
      path: server.highAvailability !== undefined ? at("highAvailability") : path("highAvailability"),
      value: haMode,
      problem: `is not offered to ${name} flexible servers in ${raw.location} (${region.name}${region.zones ? "" : " has no availability zones"})`,
      expected: `SameZone (standby in the primary's zone) or Disabled${pairOffers?.zoneRedundantHa === true ? `, or location ${region.pair} (the pair, which has it)` : ""}`,
    });
  }
  const geoRedundant = server.geoRedundantBackup ?? raw.geoRedundantBackup ?? true;
  if (geoRedundant && !offers.geoBackup) {
    issues.push({
      path: server.geoRedundantBackup !== undefined ? at("geoRedundantBackup") : path("geoRedundantBackup"),
      value: true,
      problem: `is not offered to ${name} flexible servers in ${raw.location} (${region.name}${region.pair === undefined ? " has no paired region" : ""})`,
      expected: `false (and a cross-region read replica or dump for disaster recovery)${pairOffers?.geoBackup === true ? `, or location ${region.pair}` : ""}`,
    });
  }
  if (server.availabilityZone !== undefined && !region.zones) {
    issues.push({ path: at("availabilityZone"), value: server.availabilityZone, problem: `pins a zone, but ${raw.location} (${region.name}) has no availability zones`, expected: "no availabilityZone" });
  }
}

/** Checks a compute size against its tier for one engine, naming the valid sizes. */
function checkSku(engine: Engine, tier: SkuTier, sku: string, at: string, issues: ConfigIssue[], inherited = ""): void {
  const offered = COMPUTE_SIZES[engine][tier];
  if (offered.includes(sku)) return;
  const actualTier = tierOfSize(engine, sku);
  const suggestion = closest(sku, offered);
  const engineName = engine === "postgres" ? "PostgreSQL" : "MySQL";
  issues.push({
    path: at,
    value: sku,
    problem:
      (actualTier !== undefined ? `is a ${actualTier} size, not a ${tier} one` : `is not a ${tier} size Azure Database for ${engineName} offers${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`) + inherited,
    expected: `a ${tier} size: ${offered.join(", ")}`,
  });
}

/** The server's posture that storage rules depend on (Premium SSD v2 refuses some of it). */
interface StorageContext {
  readonly tier: SkuTier | undefined;
  readonly haMode: string | undefined;
  readonly geoRedundant: boolean;
  readonly location: string | undefined;
  readonly customerManagedKey: boolean;
}

function resolveStorage(engine: Engine, server: ServerConfig, defaultGb: number, at: (field: string) => string, context: StorageContext, issues: ConfigIssue[]): ServerStorage {
  const sizeGb = server.storageGb ?? defaultGb;
  const sizeAt = server.storageGb === undefined ? path(`${engine}StorageGb`) : at("storageGb");
  if (engine === "mysql") {
    const autoIoScaling = server.autoIoScaling ?? true;
    if (sizeGb < MYSQL_STORAGE.minGb || sizeGb > MYSQL_STORAGE.maxGb) {
      issues.push({ path: sizeAt, value: sizeGb, problem: "is outside the storage Azure Database for MySQL offers", expected: `${MYSQL_STORAGE.minGb}-${MYSQL_STORAGE.maxGb} (GiB)` });
    }
    if (server.iops !== undefined && autoIoScaling) {
      issues.push({ path: at("iops"), value: server.iops, problem: "pre-provisions IOPS, but autoIoScaling is on, which scales IOPS with the load and ignores this value", expected: "no iops, or autoIoScaling: false with iops" });
    } else if (server.iops !== undefined && (server.iops < MYSQL_STORAGE.minIops || server.iops > MYSQL_STORAGE.maxIops)) {
      issues.push({ path: at("iops"), value: server.iops, problem: "is outside the IOPS Azure Database for MySQL offers", expected: `${MYSQL_STORAGE.minIops}-${MYSQL_STORAGE.maxIops}` });
    }
    return { sizeGb, autoGrow: server.autoGrow ?? true, type: undefined, tier: undefined, iops: server.iops, throughput: undefined, autoIoScaling };
  }
  const type = server.storageType ?? "Premium_LRS";
  if (type === "Premium_LRS") {
    const size = POSTGRES_PREMIUM_SSD.find((candidate) => candidate.gb === sizeGb);
    if (size === undefined) {
      issues.push({ path: sizeAt, value: sizeGb, problem: "is not a Premium SSD size Azure Database for PostgreSQL offers", expected: `one of ${POSTGRES_PREMIUM_SSD.map((s) => s.gb).join(", ")} (GiB), or storageType: PremiumV2_LRS for any size` });
    }
    for (const field of ["iops", "throughput"] as const) {
      if (server[field] !== undefined) issues.push({ path: at(field), value: server[field], problem: `is set on Premium_LRS storage, whose ${field} follow from its size and performance tier`, expected: "storageTier to raise performance, or storageType: PremiumV2_LRS" });
    }
    if (server.storageTier !== undefined && size !== undefined) {
      const rank = (tier: string) => PREMIUM_SSD_TIERS.indexOf(tier as (typeof PREMIUM_SSD_TIERS)[number]);
      const maxTier = size.gb <= 4096 ? PREMIUM_SSD_MAX_RAISED_TIER : size.tier;
      if (rank(server.storageTier) < rank(size.tier) || rank(server.storageTier) > rank(maxTier)) {
        issues.push({
          path: at("storageTier"),
          value: server.storageTier,
          problem: `is not a performance tier a ${size.gb} GiB disk can have (its default is ${size.tier}; a tier can only be raised, up to ${PREMIUM_SSD_MAX_RAISED_TIER} for disks up to 4 TiB)`,
          expected: PREMIUM_SSD_TIERS.slice(rank(size.tier), rank(maxTier) + 1).join(", "),
        });
      }
    }
    return { sizeGb, autoGrow: server.autoGrow ?? true, type, tier: server.storageTier, iops: undefined, throughput: undefined, autoIoScaling: undefined };
  }
  const v2 = POSTGRES_PREMIUM_SSD_V2;
  if (sizeGb < v2.minGb || sizeGb > v2.maxGb) issues.push({ path: sizeAt, value: sizeGb, problem: "is outside Premium SSD v2's sizes", expected: `${v2.minGb}-${v2.maxGb} (GiB), any whole number` });
  if (server.storageTier !== undefined) issues.push({ path: at("storageTier"), value: server.storageTier, problem: "is a Premium_LRS setting; Premium SSD v2 has no performance tiers", expected: "iops and throughput instead" });
  if (server.autoGrow === true) issues.push({ path: at("autoGrow"), value: true, problem: "Premium SSD v2 storage does not grow automatically on PostgreSQL flexible servers", expected: "autoGrow: false (or left out), with a storage alert" });
  if (server.iops === undefined || server.iops < v2.minIops || server.iops > v2.maxIops) {
    issues.push({ path: at("iops"), value: server.iops, problem: server.iops === undefined ? "is required with storageType: PremiumV2_LRS (Azure's spec: required for PremiumV2_LRS)" : "is outside Premium SSD v2's IOPS", expected: `${v2.minIops}-${v2.maxIops}` });
  } else if (server.iops > premiumV2MaxIops(sizeGb)) {
    issues.push({
      path: at("iops"),
      value: server.iops,
      problem: `is more than a ${sizeGb} GiB Premium SSD v2 disk can have (${v2.iopsPerGb} IOPS per GiB)`,
      expected: `at most ${premiumV2MaxIops(sizeGb)} IOPS, or storageGb of at least ${Math.ceil(server.iops / v2.iopsPerGb)}`,
    });
  }
  if (server.throughput === undefined || server.throughput < v2.minThroughput || server.throughput > v2.maxThroughput) {
    issues.push({ path: at("throughput"), value: server.throughput, problem: server.throughput === undefined ? "is required with storageType: PremiumV2_LRS (Azure's spec: required for PremiumV2_LRS)" : "is outside Premium SSD v2's throughput", expected: `${v2.minThroughput}-${v2.maxThroughput} (MB/s)` });
  } else if (server.iops !== undefined && server.iops >= v2.minIops && server.throughput > premiumV2MaxThroughput(server.iops)) {
    issues.push({
      path: at("throughput"),
      value: server.throughput,
      problem: `is more than ${server.iops} IOPS allow on Premium SSD v2 (${v2.throughputPerIops} MB/s per IOPS)`,
      expected: `at most ${premiumV2MaxThroughput(server.iops)} MB/s, or iops of at least ${Math.ceil(server.throughput / v2.throughputPerIops)}`,
    });
  }
  const typeAt = at("storageType");
  if (context.tier !== undefined && !v2.tiers.includes(context.tier)) {
    issues.push({ path: typeAt, value: "PremiumV2_LRS", problem: `is not offered on the ${context.tier} tier`, expected: `Premium_LRS, or skuTier ${v2.tiers.join(" or ")}` });
  }
  if (context.customerManagedKey) {
    issues.push({ path: typeAt, value: "PremiumV2_LRS", problem: `does not support data encryption with a customer-managed key, which ${path("customerManagedKeyUri")} turns on`, expected: `Premium_LRS, or an empty ${CONFIG_NAMESPACE}:customerManagedKeyUri` });
  }
  const features = context.location === undefined ? undefined : PREMIUM_SSD_V2_FEATURE_REGIONS[context.location as AzureLocation];
  const featureRegions = Object.keys(PREMIUM_SSD_V2_FEATURE_REGIONS);
  if (context.location !== undefined && features === undefined && context.haMode !== undefined && context.haMode !== "Disabled") {
    issues.push({ path: typeAt, value: "PremiumV2_LRS", problem: `has no high availability in ${context.location} (highAvailability is ${context.haMode})`, expected: `highAvailability: Disabled, Premium_LRS, or a region where Premium SSD v2 has HA: ${featureRegions.join(", ")}` });
  }
  if (context.location !== undefined && features?.geoBackup !== true && context.geoRedundant) {
    const geoRegions = featureRegions.filter((name) => PREMIUM_SSD_V2_FEATURE_REGIONS[name as AzureLocation]?.geoBackup === true);
    issues.push({ path: typeAt, value: "PremiumV2_LRS", problem: `has no geo-redundant backup in ${context.location} (geoRedundantBackup is true)`, expected: `geoRedundantBackup: false, Premium_LRS, or one of ${geoRegions.join(", ")}` });
  }
  return { sizeGb, autoGrow: false, type, tier: undefined, iops: server.iops, throughput: server.throughput, autoIoScaling: undefined };
}

function parsePlacement<D extends PostgresDatabaseSpec | MysqlDatabaseSpec>(
  engine: ServerEngine,
  entries: Readonly<Record<string, ServerConfig>>,
  raw: Partial<RawStackConfig>,
  catalog: Catalog,
  issues: ConfigIssue[],
): SizedServer<D>[] {
  const configKey = ENGINE_KEY[engine];
  const prefix = ENGINE_PREFIX[engine];
  const otherEngine: ServerEngine = engine === "postgresql" ? "mysql" : "postgresql";
  const catalogDatabases = databasesOf(catalog, engine) as readonly D[];
  const names = catalogDatabases.map((database) => database.name);
  const otherNames = new Set(databasesOf(catalog, otherEngine).map((database) => database.name));
  const placedOn = new Map<string, string>();
  const servers: SizedServer<D>[] = [];

  for (const [key, server] of Object.entries(entries)) {
    const at = (...rest: (string | number)[]) => path(configKey, key, ...rest);
    if (!SERVER_KEY.test(key)) {
      issues.push({ path: at(), value: key, problem: `server key "${key}" is not a valid name part`, expected: "1-31 lowercase letters, digits or hyphens, starting with a letter" });
    }
    const physicalName = raw.namePrefix === undefined ? undefined : serverName(raw.namePrefix, SERVER_KIND[engine], key);
    const nameProblem = physicalName === undefined ? undefined : azureServerNameProblem(physicalName);
    if (physicalName !== undefined && nameProblem !== undefined) {
      issues.push({ path: at(), value: key, problem: `server name "${physicalName}" ${nameProblem}`, expected: "a shorter namePrefix or server key" });
    }
    const hosted: D[] = [];
    server.databases.forEach((databaseName, index) => {
      const database = catalogDatabases.find((candidate) => candidate.name === databaseName);
      if (database === undefined) {
        const suggestion = closest(databaseName, names);
        const problem = otherNames.has(databaseName)
          ? `"${databaseName}" is a ${otherEngine === "mysql" ? "MySQL" : "PostgreSQL"} database; place it under ${CONFIG_NAMESPACE}:${ENGINE_KEY[otherEngine]}`
          : `"${databaseName}" is not a ${engine === "mysql" ? "MySQL" : "PostgreSQL"} database of the catalog${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`;
        issues.push({ path: at("databases", index), value: databaseName, problem, expected: `catalog names: ${names.join(", ")}` });
        return;
      }
      const previous = placedOn.get(databaseName);
      if (previous !== undefined) {
        issues.push({ path: at("databases", index), value: databaseName, problem: `"${databaseName}" is already placed on server "${previous}"`, expected: "each database on exactly one server" });
        return;
      }
      placedOn.set(databaseName, key);
      hosted.push(database);
    });

    // Posture: the server's own value, else the environment-wide default (reported where it was set).
    const tier = server.skuTier ?? raw[`${prefix}SkuTier`];
    const sku = server.skuName ?? raw[`${prefix}SkuName`];
    if (tier !== undefined && sku !== undefined && server.skuName !== undefined) checkSku(prefix, tier, sku, at("skuName"), issues);
    else if (tier !== undefined && sku !== undefined && server.skuTier !== undefined) {
      checkSku(prefix, tier, sku, at("skuName"), issues, ` (inherited from ${path(`${prefix}SkuName`)}; give this server its own skuName)`);
    }
    const haMode = server.highAvailability ?? raw.highAvailability;
    // Without an own tier or HA mode the environment-wide check reports it, once.
    if (tier === "Burstable" && haMode !== undefined && haMode !== "Disabled" && (server.skuTier !== undefined || server.highAvailability !== undefined)) {
      issues.push({
        path: at("highAvailability"),
        value: haMode,
        problem: `is not available on the Burstable tier${server.highAvailability === undefined ? ` (inherited from ${path("highAvailability")})` : ""}`,
        expected: "Disabled, or a GeneralPurpose/MemoryOptimized tier",
      });
    }
    const defaultGb = raw[`${prefix}StorageGb`];
    const geoRedundant = server.geoRedundantBackup ?? raw.geoRedundantBackup ?? true;
    const context: StorageContext = { tier, haMode, geoRedundant, location: raw.location, customerManagedKey: (raw.customerManagedKeyUri ?? "") !== "" };
    const storage = defaultGb === undefined && server.storageGb === undefined ? undefined : resolveStorage(prefix, server, server.storageGb ?? defaultGb!, (field) => at(field), context, issues);
    checkRegionOffers(engine, raw, server, at, issues);
    if (physicalName === undefined || tier === undefined || sku === undefined || haMode === undefined || storage === undefined) continue;
    const zone = server.availabilityZone ?? raw.availabilityZone ?? "1";
    // Catalog order, not config order: reordering a list in a stack file changes nothing.
    hosted.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
    servers.push({
      key,
      serverName: physicalName,
      databases: hosted,
      sku: { tier, name: sku },
      storage,
      highAvailability: { mode: haMode, zone, standbyZone: standbyOf(zone) },
      backup: { retentionDays: server.backupRetentionDays ?? raw.backupRetentionDays ?? 35, geoRedundant: server.geoRedundantBackup ?? raw.geoRedundantBackup ?? true },
      configuredWindow: server.maintenanceWindow,
      tags: server.tags === undefined ? {} : parseTags(server.tags, [configKey, key, "tags"], issues),
      restore: server.restore === undefined ? undefined : parseRestore(server.restore, physicalName, server.geoRedundantBackup ?? raw.geoRedundantBackup ?? true, raw, (...rest) => path(configKey, key, "restore", ...rest), issues),
    });
  }
  const missing = names.filter((name) => !placedOn.has(name));
  if (missing.length > 0) {
    issues.push({
      path: path(configKey),
      value: Object.keys(entries),
      problem: `does not place ${missing.join(", ")}`,
      expected: `every ${engine === "mysql" ? "MySQL" : "PostgreSQL"} database of the catalog on exactly one server`,
    });
  }
  return servers;
}

/**
 * Server names (and the names restores create) are unique per engine: each is a global DNS name
 * and the logical name of a server and its children, so a restore named like another server would
 * collide in Azure and register duplicate URNs.
 */
function checkServerNamesUnique(configKey: "postgresServers" | "mysqlServers", servers: readonly SizedServer<unknown>[], issues: ConfigIssue[]): void {
  const owners = new Map<string, string>();
  const names = servers.flatMap((server) => [
    { name: server.serverName, at: path(configKey, server.key) },
    ...(server.restore === undefined ? [] : [{ name: server.restore.serverName, at: path(configKey, server.key, "restore", "suffix") }]),
  ]);
  for (const { name, at } of names) {
    const owner = owners.get(name);
    if (owner === undefined) owners.set(name, at);
    else issues.push({ path: at, value: name, problem: `gives the server name "${name}", which ${owner} already uses`, expected: "a restore suffix (or server key) that names no other server" });
  }
}

/** The environment-wide defaults must be valid on their own: a server added later inherits them. */
function checkDefaultPosture(engine: Engine, raw: Partial<RawStackConfig>, issues: ConfigIssue[]): void {
  const tier = raw[`${engine}SkuTier`];
  const sku = raw[`${engine}SkuName`];
  if (tier !== undefined && sku !== undefined) checkSku(engine, tier, sku, path(`${engine}SkuName`), issues);
  if (tier === "Burstable" && raw.highAvailability !== undefined && raw.highAvailability !== "Disabled") {
    issues.push({ path: path("highAvailability"), value: raw.highAvailability, problem: `is not available on the Burstable tier (${CONFIG_NAMESPACE}:${engine}SkuTier)`, expected: "Disabled, or a GeneralPurpose/MemoryOptimized tier" });
  }
}

/**
 * Maintenance slots, in the order they are handed out: 01:00 UTC on each night of the week,
 * then 03:00, then 05:00, and on through the day (two hours apart so a failover and its catch-up
 * finish before the next cluster starts). A cluster patches within the hour its window starts.
 */
export const MAINTENANCE_SLOT_HOURS = 2;
/** A week holds 84 two-hour slots; a stack with more clusters than that shares slots (in order). */
export const MAINTENANCE_SLOTS = DAYS_OF_WEEK.length * (24 / MAINTENANCE_SLOT_HOURS);
export function maintenanceSlot(index: number): { dayOfWeek: DayOfWeek; startHour: number } {
  const round = Math.floor(index / DAYS_OF_WEEK.length) % (24 / MAINTENANCE_SLOT_HOURS);
  return { dayOfWeek: DAYS_OF_WEEK[index % DAYS_OF_WEEK.length]!, startHour: 1 + round * MAINTENANCE_SLOT_HOURS };
}

const minuteOfWeek = (window: { dayOfWeek: DayOfWeek; startHour: number; startMinute?: number | undefined }) =>
  DAYS_OF_WEEK.indexOf(window.dayOfWeek) * 1440 + window.startHour * 60 + (window.startMinute ?? 0);

/** Whether two windows start less than a slot apart (on a weekly clock). */
function overlaps(a: Parameters<typeof minuteOfWeek>[0], b: Parameters<typeof minuteOfWeek>[0]): boolean {
  const distance = Math.abs(minuteOfWeek(a) - minuteOfWeek(b));
  return Math.min(distance, 7 * 1440 - distance) < MAINTENANCE_SLOT_HOURS * 60;
}

interface WindowRequest {
  /** Where it is configured, for messages. */
  readonly path: string;
  readonly configured: { dayOfWeek: DayOfWeek; startHour: number; startMinute?: number | undefined } | undefined;
}

/**
 * Gives every cluster of the stack its maintenance window so that no two patch at once: a
 * configured window is kept (two configured windows less than a slot apart are an error), every
 * other cluster gets the next free slot. `requests` must be in a stable order (the caller sorts
 * servers by the catalog position of their first database, Atlas last), so adding a server or
 * reordering a stack file does not move the others.
 */
export function staggerMaintenance(requests: readonly WindowRequest[], issues: ConfigIssue[]): MaintenanceWindow[] {
  const taken: { path: string; window: { dayOfWeek: DayOfWeek; startHour: number; startMinute?: number | undefined } }[] = [];
  for (const request of requests) {
    if (request.configured === undefined) continue;
    const clash = taken.find((other) => overlaps(other.window, request.configured!));
    if (clash !== undefined) {
      issues.push({
        path: request.path,
        value: request.configured,
        problem: `starts less than ${MAINTENANCE_SLOT_HOURS} hours from the window of ${clash.path}, so both clusters could patch at once`,
        expected: "a window at least two hours from every other cluster's, or none (a free staggered slot is chosen)",
      });
    }
    taken.push({ path: request.path, window: request.configured });
  }
  // Each cluster's own slot is its position in the order, so configuring (or removing) one
  // cluster's window leaves every other cluster's slot where it was; only a collision moves one on.
  return requests.map((request, position) => {
    if (request.configured !== undefined) return { ...request.configured, startMinute: request.configured.startMinute ?? 0, source: "configured" as const };
    let slot = maintenanceSlot(position);
    for (let tries = 1; tries < MAINTENANCE_SLOTS && taken.some((other) => overlaps(other.window, slot)); tries++) slot = maintenanceSlot(position + tries);
    // Every slot of the week is taken (more clusters than slots): share its own.
    if (taken.some((other) => overlaps(other.window, slot))) slot = maintenanceSlot(position);
    taken.push({ path: request.path, window: slot });
    return { ...slot, startMinute: 0, source: "staggered" as const };
  });
}

const SUBNET_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const DNS_ZONE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;
/** An existing VNet-integration zone of `kind` (naming/index.ts `serverDnsZoneProblem`): a zone ID whose name Azure accepts. */
const serverZoneId = (kind: "pg" | "mysql") => ({
  test: (value: string) => {
    const zone = DNS_ZONE_ID.exec(value)?.[1];
    return zone !== undefined && serverDnsZoneProblem(zone, kind) === undefined;
  },
});
const WORKSPACE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;
const KEY_VAULT_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([a-zA-Z0-9-]{3,24})$/i;
const KEY_URI = /^https:\/\/([a-z0-9-]{3,24})\.vault\.azure\.net\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/i;


const EXISTING_NETWORK_KEYS = {
  existingPostgresSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  existingMysqlSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  existingEndpointsSubnetId: { pattern: SUBNET_ID, valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>" },
  // Not the privatelink.* zones: those are for private endpoints (issue 10, item 9).
  existingPostgresDnsZoneId: { pattern: serverZoneId("pg"), valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<name>.private.postgres.database.azure.com" },
  existingMysqlDnsZoneId: { pattern: serverZoneId("mysql"), valid: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<name>.private.mysql.database.azure.com" },
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
  if (typeof space === "string" || space.prefix < VNET_PREFIXES.min || space.prefix > VNET_PREFIXES.max || !raw.vnetAddressSpace?.includes("/")) {
    // The suggestion is one this check accepts: the same address as a /16-/22 network address.
    const suggestion = nearestBlock(raw.vnetAddressSpace!, VNET_PREFIXES.min, VNET_PREFIXES.max);
    const problem = typeof space === "string" && !/is not the network address/.test(space) ? space : `is not a /${VNET_PREFIXES.min} to /${VNET_PREFIXES.max} network address`;
    issues.push({ path: path("vnetAddressSpace"), value: raw.vnetAddressSpace, problem: `${problem}${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`, expected: "a private block such as 10.60.0.0/16 (room for three /24 subnets)" });
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

/** One issue per path and problem: a default inherited by several servers is reported once. */
function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `value` at `where` is an Azure location name (config/offerings.ts), or an issue says what would be. */
function checkAzureLocation(where: string, value: string | undefined, issues: ConfigIssue[]): void {
  const locations: readonly string[] = AZURE_LOCATIONS;
  if (value !== undefined && !locations.includes(value)) {
    const suggestion = closest(value, locations);
    issues.push({ path: where, value, problem: `is not an Azure region name${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, expected: `one of ${locations.join(", ")}` });
  }
}

/** Azure location names, and the Atlas region against the Azure location where Private Link joins them. */
function checkPlace(raw: Partial<RawStackConfig>, privateLink: boolean, issues: ConfigIssue[]): void {
  checkAzureLocation(path("location"), raw.location, issues);
  const atlasRegions = Object.keys(ATLAS_AZURE_REGIONS);
  for (const name of ["atlasRegion", "atlasBackupCopyRegion"] as const) {
    const region = raw[name];
    if (region === undefined || region === "" || atlasRegions.includes(region)) continue;
    const suggestion = closest(region, atlasRegions);
    issues.push({ path: path(name), value: region, problem: `is not an Atlas region on Azure${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, expected: `one of ${atlasRegions.join(", ")}` });
  }
  const atlasLocation = raw.atlasRegion === undefined ? undefined : ATLAS_AZURE_REGIONS[raw.atlasRegion];
  if (privateLink && atlasLocation !== undefined && raw.location !== undefined && (AZURE_LOCATIONS as readonly string[]).includes(raw.location) && atlasLocation !== raw.location) {
    const matching = Object.entries(ATLAS_AZURE_REGIONS).find(([, azure]) => azure === raw.location)?.[0];
    issues.push({
      path: path("atlasRegion"),
      value: raw.atlasRegion,
      problem: `is Azure's ${atlasLocation}, but the private endpoint that reaches the cluster is created in ${path("location")} = ${raw.location}; Atlas Private Link on Azure needs both in the same region`,
      expected: matching === undefined ? `an Atlas region in ${raw.location}, or another location` : `${matching} (the Atlas name of ${raw.location})`,
    });
  }
}

const ATLAS_SIZE_ORDER: readonly string[] = ATLAS_INSTANCE_SIZES;

function checkAtlasAutoScaling(raw: Partial<RawStackConfig>, issues: ConfigIssue[]): void {
  const scaling = raw.atlasAutoScaling;
  if (scaling === undefined) return;
  const { computeMinInstanceSize: min, computeMaxInstanceSize: max } = scaling;
  if ((min === undefined) !== (max === undefined)) {
    issues.push({ path: path("atlasAutoScaling", min === undefined ? "computeMinInstanceSize" : "computeMaxInstanceSize"), value: undefined, problem: "is missing: compute auto-scaling needs both bounds", expected: "computeMinInstanceSize and computeMaxInstanceSize, or neither" });
    return;
  }
  if (min === undefined || max === undefined) return;
  const rank = (size: string) => ATLAS_SIZE_ORDER.indexOf(size);
  if (rank(min) > rank(max)) issues.push({ path: path("atlasAutoScaling", "computeMinInstanceSize"), value: min, problem: `is larger than computeMaxInstanceSize (${max})`, expected: "a minimum no larger than the maximum" });
  const size = raw.atlasInstanceSize;
  if (size !== undefined && (rank(size) < rank(min) || rank(size) > rank(max))) {
    issues.push({ path: path("atlasInstanceSize"), value: size, problem: `lies outside the auto-scaling bounds ${min}-${max}`, expected: `a size from ${min} to ${max}` });
  }
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
  const tags = parseTags(raw.tags ?? {}, ["tags"], issues);
  const alertReceivers = parseReceivers(raw.alertEmails ?? {}, raw.alertWebhooks ?? {}, issues);
  const allowedClients = parseAllowedClients(raw.allowedClients ?? {}, issues);
  if (raw.publicNetworkAccess === false && allowedClients.length > 0) {
    issues.push({
      path: path("allowedClients"),
      value: raw.allowedClients,
      problem: "lists clients, but publicNetworkAccess is false, so no client could use them",
      expected: `an empty map, or ${CONFIG_NAMESPACE}:publicNetworkAccess: true`,
    });
  }
  checkPlaceholders(stack, raw, issues);
  checkPlace(raw, privateNetwork !== undefined, issues);
  const region = regionOf(raw.location);
  if (values.availabilityZone !== undefined && region !== undefined && !region.zones) {
    issues.push({ path: path("availabilityZone"), value: values.availabilityZone, problem: `pins a zone, but ${raw.location} (${region.name}) has no availability zones`, expected: `no ${CONFIG_NAMESPACE}:availabilityZone` });
  }
  checkAtlasAutoScaling(raw, issues);
  checkDefaultPosture("postgres", raw, issues);
  checkDefaultPosture("mysql", raw, issues);
  // A placement key that failed the schema was reported already; checking it again would only
  // add "does not place" noise for every database.
  const postgresSized = raw.postgresServers === undefined ? [] : parsePlacement<PostgresDatabaseSpec>("postgresql", raw.postgresServers as Record<string, ServerConfig>, raw, catalog, issues);
  const mysqlSized = raw.mysqlServers === undefined ? [] : parsePlacement<MysqlDatabaseSpec>("mysql", raw.mysqlServers as Record<string, ServerConfig>, raw, catalog, issues);
  checkServerNamesUnique("postgresServers", postgresSized, issues);
  checkServerNamesUnique("mysqlServers", mysqlSized, issues);
  // Stagger in catalog order of each server's first database (flexible servers), Atlas last.
  const catalogOrder = [...databasesOf(catalog, "postgresql"), ...databasesOf(catalog, "mysql")].map((database) => database.name);
  const firstDatabase = (server: SizedServer<{ readonly name: string }>) => Math.min(...server.databases.map((database) => catalogOrder.indexOf(database.name)), Number.MAX_SAFE_INTEGER);
  const clusters = [
    ...postgresSized.map((server) => ({ server, engine: "postgresServers" as const })),
    ...mysqlSized.map((server) => ({ server, engine: "mysqlServers" as const })),
  ].sort((a, b) => firstDatabase(a.server) - firstDatabase(b.server) || a.server.serverName.localeCompare(b.server.serverName));
  const windows = staggerMaintenance(
    [
      ...clusters.map(({ server, engine }) => ({ path: path(engine, server.key, "maintenanceWindow"), configured: server.configuredWindow })),
      { path: path("atlasMaintenanceWindow"), configured: raw.atlasMaintenanceWindow },
    ],
    issues,
  );
  const windowOf = new Map<unknown, MaintenanceWindow>(clusters.map(({ server }, index) => [server, windows[index]!] as const));
  const place = <D>(server: SizedServer<D>): ServerPlacement<D> => {
    const { configuredWindow: _configured, ...placement } = server;
    return { ...placement, maintenanceWindow: windowOf.get(server)! };
  };
  const postgresServers = postgresSized.map(place);
  const mysqlServers = mysqlSized.map(place);
  const atlasWindow = windows[windows.length - 1]!;
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
      expected: "true, until the services use workload identities mapped to Entra roles (docs/policy.md, accepted exceptions)",
    });
  }
  const secretsAndAudit = planSecretsAndAudit(raw, issues);
  const atlasRestore = parseAtlasRestore(raw, issues);
  if (issues.length > 0) throw new ConfigError(stack, dedupe(issues));

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
    access: { passwordRotation: r.passwordRotation, closeMaintenanceDatabase: r.closePostgresMaintenanceDatabase, keyVaultName: keyVaultName(r.namePrefix) },
    atlas: {
      orgId: r.atlasOrgId,
      projectName: atlasProjectName(r.namePrefix),
      clusterName: atlasClusterName(r.namePrefix),
      region: r.atlasRegion,
      instanceSize: r.atlasInstanceSize,
      mongoVersion: r.atlasMongoVersion,
      backupCopyRegion: r.atlasBackupCopyRegion === "" ? undefined : r.atlasBackupCopyRegion,
      onlineArchive: r.atlasOnlineArchive,
      autoScaling: {
        diskGb: r.atlasAutoScaling.diskGb,
        compute:
          r.atlasAutoScaling.computeMinInstanceSize === undefined || r.atlasAutoScaling.computeMaxInstanceSize === undefined
            ? undefined
            : { min: r.atlasAutoScaling.computeMinInstanceSize, max: r.atlasAutoScaling.computeMaxInstanceSize },
      },
      maintenanceWindow: atlasWindow,
      database: catalog.mongo,
      restore: atlasRestore,
    },
    ...secretsAndAudit,
  };
}
