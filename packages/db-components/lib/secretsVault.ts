/**
 * `SecretsVault` (default token `db-components:secrets:SecretsVault`): an Azure Key Vault, holding one secret
 * per database login and database: its connection string. Applications and operators read
 * credentials from here (Azure RBAC), never from Pulumi outputs or files.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { AllowedClient, SecretReader } from "./types";
import { diagnosticSetting } from "./monitoring";
import { HOLDS_NO_DATA, deleteLock } from "./protection";

export interface SecretsVaultArgs {
  /** Required. Resource group of the vault. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Required. Azure region. */
  readonly location: string;
  /** Required. Global vault name, 3-24 characters (validated by config). Changing it replaces the vault. */
  readonly vaultName: string;
  /** Required. Entra ID tenant that authorizes access to the vault. */
  readonly tenantId: pulumi.Input<string>;
  /** Required. Secret name → value (secret); Key Vault secret names are letters, digits and hyphens. */
  readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Optional. Protect the vault (Pulumi protect) and turn on purge protection. Default true.
   * Purge protection cannot be turned off again, so only protected (production) stacks get it:
   * a dev vault must be purgeable to reuse its global name.
   */
  readonly protect?: boolean;
  /** Optional. Accept data-plane traffic from the internet, limited to `allowedClients`. Default false (Azure Policy: Key Vaults should disable public network access). */
  readonly publicNetworkAccess?: boolean;
  /** Optional. Clients allowed through the vault firewall when public. Default none. */
  readonly allowedClients?: readonly Pick<AllowedClient, "cidr">[];
  /** Optional. Tags of the vault. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Optional. Azure CanNotDelete lock on the vault. Default: same as `protect`. */
  readonly lock?: boolean;
  /** Optional. Log Analytics workspace for the vault's audit events (who read which secret). Default: none. */
  readonly diagnosticsWorkspaceId?: pulumi.Input<string>;
  /**
   * Optional. A private endpoint for the vault in this subnet, registered in this private DNS zone
   * (`privatelink.vaultcore.azure.net`; omit it where the network's owner registers endpoints by
   * policy). Default: none.
   */
  readonly privateEndpoint?: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId?: pulumi.Input<string>; readonly endpointName: string };
  /**
   * Optional. Who may read the secrets' values: each principal gets Key Vault Secrets User on the
   * vault (get and list secrets, nothing else). Default none. The identity running `pulumi up`
   * always gets Key Vault Secrets Officer (see `KEY_VAULT_SECRETS_OFFICER`).
   */
  readonly secretReaders?: readonly SecretReader[];
}

/**
 * Azure built-in role "Key Vault Secrets Officer": every action on secrets (create, read, delete,
 * purge), no key or certificate. azure-native writes a secret through ARM (a Contributor can) but
 * deletes it through the vault's data plane (pulumi/pulumi-azure-native#2374: `keyvault.BaseClient#DeleteSecret`
 * "Invalid audience. Expected https://vault.azure.net"), so without a data-plane role removing a
 * login's secret or destroying a stack fails with 403. Role ids: Azure built-in roles, Security
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security).
 */
export const KEY_VAULT_SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
/** Azure built-in role "Key Vault Secrets User": read secret contents. What applications and operators get. */
export const KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

export class SecretsVault extends pulumi.ComponentResource {
  readonly vault: keyvault.Vault;
  readonly vaultName: pulumi.Output<string>;
  readonly secrets: Readonly<Record<string, keyvault.Secret>>;
  /** The data-plane role assignments: the deployer's Secrets Officer first, then the readers'. */
  readonly roleAssignments: readonly authorization.RoleAssignment[];

  constructor(name: string, args: SecretsVaultArgs, opts?: pulumi.ComponentResourceOptions, type: string = "db-components:secrets:SecretsVault") {
    super(type, name, {}, opts);
    const protect = args.protect ?? true;
    const publicNetworkAccess = args.publicNetworkAccess ?? false;
    this.vault = new keyvault.Vault(
      `${name}-vault`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        vaultName: args.vaultName,
        properties: {
          tenantId: args.tenantId,
          sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
          // Azure RBAC instead of access policies: who reads a secret is a role assignment, audited
          // like every other (CIS 8.6, Microsoft cloud security benchmark).
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          // A deleted vault keeps its global name until purged: 90 days in protected stacks; the
          // minimum, 7, for disposable ones, whose name must come back soon after a destroy (docs/operating.md,
          // "Tearing down dev"). Azure accepts 7-90 and fixes it at creation.
          softDeleteRetentionInDays: protect ? 90 : 7,
          ...(protect ? { enablePurgeProtection: true } : {}),
          publicNetworkAccess: publicNetworkAccess ? "Enabled" : "Disabled",
          networkAcls: {
            defaultAction: "Deny",
            bypass: "AzureServices",
            ipRules: publicNetworkAccess ? (args.allowedClients ?? []).map((client) => ({ value: client.cidr })) : [],
          },
        },
        tags: { ...(args.tags ?? {}) },
      },
      { parent: this, protect },
    );
    this.vaultName = this.vault.name;

    // Data-plane roles (the vault uses Azure RBAC). Logical names are keyed by object id, so a
    // relabelled reader keeps its assignment.
    const client = authorization.getClientConfigOutput();
    const role = (id: string) => pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const deployerIsOfficer = new authorization.RoleAssignment(
      `${name}-secrets-officer-deployer`,
      { scope: this.vault.id, principalId: client.objectId, roleDefinitionId: role(KEY_VAULT_SECRETS_OFFICER), description: "GenIMS deploy identity: writes and deletes the connection-string secrets" },
      { parent: this.vault, ...HOLDS_NO_DATA },
    );
    const readerAssignments = (args.secretReaders ?? []).map(
      (reader) =>
        new authorization.RoleAssignment(
          `${name}-secrets-user-${reader.objectId}`,
          { scope: this.vault.id, principalId: reader.objectId, roleDefinitionId: role(KEY_VAULT_SECRETS_USER), description: `GenIMS secret reader: ${reader.name}` },
          { parent: this.vault, ...HOLDS_NO_DATA },
        ),
    );
    this.roleAssignments = [deployerIsOfficer, ...readerAssignments];

    const secrets: Record<string, keyvault.Secret> = {};
    for (const [secretName, value] of Object.entries(args.secrets)) {
      secrets[secretName] = new keyvault.Secret(
        `${name}-secret-${secretName}`,
        { resourceGroupName: args.resourceGroupName, vaultName: this.vault.name, secretName, properties: { value: pulumi.secret(value), contentType: "connection-string" } },
        // Regenerated from the logins' passwords: removing a login must be able to remove its secret.
        // After the deployer's data-plane role: created after it, deleted before it (a teardown).
        { parent: this.vault, dependsOn: [deployerIsOfficer], ...HOLDS_NO_DATA },
      );
    }
    this.secrets = secrets;

    const siblings: pulumi.Resource[] = [...this.roleAssignments, ...Object.values(secrets)];
    if (args.diagnosticsWorkspaceId !== undefined) siblings.push(diagnosticSetting(`${name}-diagnostics`, this.vault, args.diagnosticsWorkspaceId, "allLogs"));
    const endpointArgs = args.privateEndpoint;
    if (endpointArgs !== undefined) {
      const endpoint = new network.PrivateEndpoint(
        `${name}-private-endpoint`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          privateEndpointName: endpointArgs.endpointName,
          subnet: { id: endpointArgs.subnetId },
          privateLinkServiceConnections: [{ name: endpointArgs.endpointName, privateLinkServiceId: this.vault.id, groupIds: ["vault"] }],
          tags: { ...(args.tags ?? {}) },
        },
        { parent: this.vault, ...HOLDS_NO_DATA },
      );
      siblings.push(endpoint);
      if (endpointArgs.dnsZoneId !== undefined) {
        const zoneGroup = new network.PrivateDnsZoneGroup(
          `${name}-private-dns`,
          {
            resourceGroupName: args.resourceGroupName,
            privateEndpointName: endpoint.name,
            privateDnsZoneGroupName: "vault",
            privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: endpointArgs.dnsZoneId }],
          },
          { parent: endpoint },
        );
        siblings.push(zoneGroup);
      }
    }
    // Last: the lock waits for everything else on the vault, so a teardown removes it first.
    if (args.lock ?? protect) deleteLock(`${name}-delete-lock`, this.vault, "secrets vault", siblings);
    this.registerOutputs({ vaultName: this.vaultName, secrets: Object.keys(secrets) });
  }
}
