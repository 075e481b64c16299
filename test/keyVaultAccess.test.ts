/**
 * Issue 10, item 4: the Key Vault's data plane. azure-native deletes a secret through the vault's
 * data plane (pulumi/pulumi-azure-native#2374), so the deploy identity holds Key Vault Secrets
 * Officer; readers named in config hold Key Vault Secrets User; a dev vault's name comes back soon.
 */
import { GENIMS_CATALOG } from "../catalog";
import { KEY_VAULT_SECRETS_OFFICER, KEY_VAULT_SECRETS_USER } from "../packages/db-components/lib/secretsVault";
import type { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { MOCK_CLIENT_CONFIG, type ProgramRun, findResource, id, resourcesOfType, runGenims, stackConfig } from "./harness";

const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const READER_A = "11111111-1111-1111-1111-111111111111";
const READER_B = "22222222-2222-2222-2222-222222222222";
const roleId = (role: string) => `/subscriptions/${MOCK_CLIENT_CONFIG.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
const withReaders = (readers: Record<string, string>) => ({ ...stackConfig("prod"), "genims:keyVaultSecretReaders": JSON.stringify(readers) });

let prod: ProgramRun;
let dev: ProgramRun;
beforeAll(async () => {
  prod = await runGenims("prod", withReaders({ "genims-apps": READER_A, "dba-oncall": READER_B }));
  dev = await runGenims("dev");
}, 60_000);

test("the deploy identity is Key Vault Secrets Officer on the vault, and every secret waits for that", () => {
  for (const run of [prod, dev]) {
    const officer = findResource(run, ASSIGNMENT, "secrets-secrets-officer-deployer");
    expect(officer.inputs).toEqual(expect.objectContaining({ scope: "secrets-vault-id", principalId: MOCK_CLIENT_CONFIG.objectId, roleDefinitionId: roleId(KEY_VAULT_SECRETS_OFFICER) }));
    const secrets = resourcesOfType(run, "azure-native:keyvault:Secret");
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.dependsOn).toContain(id(officer.type, officer.name));
  }
});

test("each configured reader is Key Vault Secrets User, keyed by object id (a relabel changes nothing)", async () => {
  const readers = resourcesOfType(prod, ASSIGNMENT).filter((r) => r.inputs.roleDefinitionId === roleId(KEY_VAULT_SECRETS_USER));
  expect(readers.map((r) => [r.name, r.inputs.principalId, r.inputs.scope])).toEqual([
    [`secrets-secrets-user-${READER_A}`, READER_A, "secrets-vault-id"],
    [`secrets-secrets-user-${READER_B}`, READER_B, "secrets-vault-id"],
  ]);
  const relabelled = await runGenims("prod", withReaders({ applications: READER_A, "dba-oncall": READER_B }));
  expect(resourcesOfType(relabelled, ASSIGNMENT).map((r) => r.name)).toEqual(resourcesOfType(prod, ASSIGNMENT).map((r) => r.name));
  expect(resourcesOfType(dev, ASSIGNMENT).filter((r) => r.inputs.roleDefinitionId === roleId(KEY_VAULT_SECRETS_USER))).toEqual([]);
});

test("a reader that is not an object id, or one listed twice, is rejected by path", () => {
  const values = { ...readNamespace(stackConfig("prod")), keyVaultSecretReaders: { apps: READER_A, ops: "dba-group", again: READER_A.toUpperCase() } };
  let issues: ConfigError["issues"] = [];
  try {
    validateEnvironment("prod", values, GENIMS_CATALOG);
  } catch (error) {
    issues = (error as ConfigError).issues;
  }
  expect(issues.map((i) => [i.path, i.problem])).toEqual([
    ["genims:keyVaultSecretReaders.ops", '"dba-group" is not an Entra object id'],
    ["genims:keyVaultSecretReaders.again", `object id ${READER_A.toUpperCase()} is already listed as "apps"`],
  ]);
});

test("soft delete keeps a deleted prod vault 90 days (purge protection on); a dev vault's name frees after 7", () => {
  expect(findResource(prod, "azure-native:keyvault:Vault", "secrets-vault").inputs.properties).toEqual(expect.objectContaining({ softDeleteRetentionInDays: 90, enablePurgeProtection: true }));
  const devVault = findResource(dev, "azure-native:keyvault:Vault", "secrets-vault").inputs.properties as Record<string, unknown>;
  expect(devVault.softDeleteRetentionInDays).toBe(7);
  expect(devVault.enablePurgeProtection).toBeUndefined();
});
