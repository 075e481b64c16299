/**
 * Physical and logical names. Every name is derived from the stack's `namePrefix`, a server key
 * or a catalog id, never from an array position or an Output, so the same config always gives
 * the same names and a reorder in a stack file never renames (and so never replaces) anything.
 *
 * Pure functions, no Pulumi import: config validation checks these names before any resource
 * is registered.
 */

export { AZURE_SERVER_NAME, AZURE_FIREWALL_RULE_NAME, ATLAS_CLUSTER_NAME, KEY_VAULT_NAME, azureServerNameProblem } from "../packages/db-components/lib/names";

/** `genims-prod` → `genims-prod-kv`. */
export function keyVaultName(namePrefix: string): string {
  return `${namePrefix}-kv`;
}

export type ServerKind = "pg" | "mysql";

/** `genims-prod` + `pg` + `manufacturing` → `genims-prod-pg-manufacturing`. */
export function serverName(namePrefix: string, kind: ServerKind, serverKey: string): string {
  return `${namePrefix}-${kind}-${serverKey}`;
}

export function atlasProjectName(namePrefix: string): string {
  return namePrefix;
}

export function atlasClusterName(namePrefix: string): string {
  return `${namePrefix}-mongo`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest candidate when it is close enough to be a plausible typo. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

/** Names of the stack-wide Azure resources, one each per stack. */
export const stackResourceNames = (namePrefix: string) => ({
  virtualNetwork: `${namePrefix}-vnet`,
  logWorkspace: `${namePrefix}-logs`,
  databaseIdentity: `${namePrefix}-db-identity`,
  atlasPrivateEndpoint: `${namePrefix}-atlas-pe`,
  actionGroup: `${namePrefix}-alerts`,
  /** Azure puts it in SMS and email subjects; at most 12 characters. */
  actionGroupShortName: namePrefix.slice(0, 12),
  natGateway: `${namePrefix}-nat`,
  natPublicIp: `${namePrefix}-nat-ip`,
  postgresDnsZone: serverDnsZone(namePrefix, "pg"),
  mysqlDnsZone: serverDnsZone(namePrefix, "mysql"),
});

/**
 * Private Link (private endpoint) zones: Azure's fixed names for private endpoints. Flexible servers
 * with VNet integration must NOT register there (see `serverDnsZone`); the vault's endpoint does.
 */
export const POSTGRES_PRIVATE_LINK_DNS_ZONE = "privatelink.postgres.database.azure.com";
export const MYSQL_PRIVATE_LINK_DNS_ZONE = "privatelink.mysql.database.azure.com";
export const KEY_VAULT_PRIVATE_DNS_ZONE = "privatelink.vaultcore.azure.net";

/** The DNS suffix every VNet-integration zone of an engine must end with. */
export const SERVER_DNS_SUFFIX = { pg: "postgres.database.azure.com", mysql: "mysql.database.azure.com" } as const;

/**
 * The private DNS zone VNet-integrated flexible servers of one engine register in:
 * `<namePrefix>.private.postgres.database.azure.com` / `<namePrefix>.private.mysql.database.azure.com`.
 * Microsoft: "create private DNS zones that end with `.postgres.database.azure.com` ... use the form
 * `[name1].[name2].postgres.database.azure.com`"; a `[name].postgres...` zone must not be a server's
 * name (MicrosoftDocs/azure-databases-docs, articles/postgresql/flexible-server/concepts-networking-private.md);
 * MySQL: "Private DNS zone names must end with `mysql.database.azure.com`"
 * (articles/mysql/flexible-server/concepts-networking-vnet.md). The `privatelink.*` zones belong to
 * private endpoints; sharing one with a hub mixes the two kinds of records.
 */
export function serverDnsZone(namePrefix: string, kind: ServerKind): string {
  return `${namePrefix}.private.${SERVER_DNS_SUFFIX[kind]}`;
}

/** Why `zoneName` cannot be a VNet-integration zone for `kind`, or `undefined` when it can. */
export function serverDnsZoneProblem(zoneName: string, kind: ServerKind): string | undefined {
  const suffix = SERVER_DNS_SUFFIX[kind];
  const zone = zoneName.toLowerCase();
  if (!zone.endsWith(`.${suffix}`)) return `does not end with .${suffix}, which Azure requires of a VNet-integration zone`;
  if (zone.startsWith("privatelink.")) return `is the Private Link (private endpoint) zone; VNet-integrated servers need their own zone, e.g. <name>.private.${suffix}`;
  return undefined;
}
