/**
 * Azure's and Atlas's rules for the physical names the components take, so a bad name is refused
 * before anything is registered. Pure functions, no Pulumi import.
 */

/** Azure flexible server names are DNS labels under `*.postgres.database.azure.com` / `*.mysql.database.azure.com`. */
export const AZURE_SERVER_NAME = {
  minLength: 3,
  maxLength: 63,
  pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
  rule: "3-63 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen",
} as const;

/** Azure flexible server firewall rule names. */
export const AZURE_FIREWALL_RULE_NAME = {
  maxLength: 128,
  pattern: /^[A-Za-z0-9_-]+$/,
  rule: "1-128 characters: letters, digits, hyphens and underscores",
} as const;

/** Atlas cluster names (the first 23 characters also form the hostname prefix). */
export const ATLAS_CLUSTER_NAME = {
  maxLength: 23,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  rule: "1-23 characters, letters, digits and hyphens, not starting or ending with a hyphen (Atlas uses the first 23 for the hostname)",
} as const;

/** Key Vault names are global DNS labels under `*.vault.azure.net`. */
export const KEY_VAULT_NAME = {
  minLength: 3,
  maxLength: 24,
  pattern: /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*[a-zA-Z0-9]$/,
  rule: "3-24 characters, letters, digits and hyphens, starting with a letter, ending with a letter or digit, no two hyphens in a row",
} as const;

/** Why a server name breaks Azure's rules, or `undefined` when it is valid. */
export function azureServerNameProblem(name: string): string | undefined {
  if (name.length < AZURE_SERVER_NAME.minLength || name.length > AZURE_SERVER_NAME.maxLength) {
    return `is ${name.length} characters long; Azure server names must be ${AZURE_SERVER_NAME.rule}`;
  }
  if (!AZURE_SERVER_NAME.pattern.test(name)) {
    return `breaks Azure's server name rule: ${AZURE_SERVER_NAME.rule}`;
  }
  return undefined;
}
