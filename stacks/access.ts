/**
 * Access and secrets of a topology: the access model from the environment, rendered inside every
 * server (`PostgresAccess`, `MysqlAccess`, `AtlasAccess`, each a child of its cluster so the plan
 * groups them with the server), every login's connection string in the Key Vault, and the outputs
 * `accessMatrix` (auditors) and `connectionStrings` (secret).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { accessMatrix } from "../access/matrix";
import { type AccessModel, accessModel, loginUses, type LoginUse } from "../access/model";
import { type AtlasProject, AtlasAccess, type MysqlCluster, MysqlAccess, type PostgresCluster, PostgresAccess, SecretsVault } from "../components/genims";
import type { PrivateNetwork } from "../components/network";
import { connectionSecretName, connectionString } from "../packages/db-components/lib/databaseAccess";
import type { Environment } from "../config/environment";

export interface AccessTopology {
  readonly model: AccessModel;
  readonly postgres: readonly PostgresAccess[];
  readonly mysql: readonly MysqlAccess[];
  readonly atlas: AtlasAccess;
  readonly vault: SecretsVault;
  /** Database → its application's connection string (secret). */
  readonly applicationConnectionStrings: Readonly<Record<string, pulumi.Output<string>>>;
}

/** Key Vault secret name of a login's connection string to a database: `genims-hr-db--genims-hr-app`. */
export const secretName: (use: LoginUse) => string = connectionSecretName;

export function buildAccess(
  env: Environment,
  clusters: {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly postgres: readonly PostgresCluster[];
    readonly mysql: readonly MysqlCluster[];
    readonly atlas: AtlasProject;
    /** Where the vault's audit events go. */
    readonly workspaceId: pulumi.Input<string>;
    /** The private network, when the stack has one: the vault gets a private endpoint in it. */
    readonly network: PrivateNetwork | undefined;
    /**
     * The server that serves instead of a cluster, by the cluster's physical name: a restored
     * server after its cutover. Its access component (same logical names, still a child of the
     * source cluster, so no URN changes) then connects to the restored server: roles, users and
     * grants are managed where applications sign in, and every password of that server is
     * generated anew at the cutover (the restored roles carry the passwords of the restore point,
     * which may predate the last rotation). Why this is an update, not a replacement: the SQL
     * providers' `host`/`endpoint` is no ForcesProviderReplace key (pulumi-terraform-bridge
     * v3.134.0 pkg/tfbridge/provider.go:838-889 configDiffer; pulumi-postgresql v3.18.0 and
     * pulumi-mysql v3.3.x set none), so the engine updates the provider in place under the same
     * id (pulumi/pulumi v3.248.0 pkg/resource/deploy/providers/registry.go:984-1011) and its
     * resources keep their provider reference (step_generator.go:2613 providerChanged).
     */
    readonly servingServers?: Readonly<Record<string, { readonly cluster: PostgresCluster | MysqlCluster; readonly serverName: string }>>;
  },
  tags: Readonly<Record<string, string>>,
): AccessTopology {
  const model = accessModel(env);
  const passwordRotation = env.access.passwordRotation;
  // Placement and clusters are in the same order (both come from env.*.servers).
  // The server an access component connects to, and the keepers that regenerate its passwords when it changes.
  const serving = <C extends PostgresCluster | MysqlCluster>(cluster: C, serverName: string): { server: C; passwordKeepers?: Record<string, string> } => {
    const restored = clusters.servingServers?.[serverName];
    return restored === undefined ? { server: cluster } : { server: restored.cluster as C, passwordKeepers: { servedBy: restored.serverName } };
  };
  const postgres = model.postgres.map((access, index) => {
    const cluster = clusters.postgres[index]!;
    return new PostgresAccess(`pg-${access.server.key}-access`, { ...serving(cluster, access.server.serverName), access, passwordRotation }, { parent: cluster });
  });
  const mysql = model.mysql.map((access, index) => {
    const cluster = clusters.mysql[index]!;
    return new MysqlAccess(`mysql-${access.server.key}-access`, { ...serving(cluster, access.server.serverName), access, passwordRotation }, { parent: cluster });
  });
  const atlas = new AtlasAccess("mongo-access", { projectId: clusters.atlas.projectId, cluster: clusters.atlas.cluster, scopedClusters: clusters.atlas.restored === undefined ? [] : [clusters.atlas.restored.cluster], access: model.atlas, passwordRotation }, { parent: clusters.atlas });

  const endpoint = (use: LoginUse): { host: pulumi.Output<string>; password: pulumi.Output<string> | undefined } => {
    if (use.engine === "mongodb") return { host: clusters.atlas.applicationSrv, password: atlas.passwords[use.login] };
    const components: readonly (PostgresAccess | MysqlAccess)[] = use.engine === "postgresql" ? postgres : mysql;
    const servers = use.engine === "postgresql" ? model.postgres : model.mysql;
    const component = components[servers.findIndex((s) => s.server.serverName === use.server)]!;
    return { host: component.host, password: component.passwords[use.login] };
  };
  const secrets: Record<string, pulumi.Output<string>> = {};
  const applicationConnectionStrings: Record<string, pulumi.Output<string>> = {};
  for (const use of loginUses(model)) {
    const { host, password } = endpoint(use);
    if (password === undefined) throw new Error(`login ${use.login} of ${use.database} has no generated password`);
    const value = connectionString(use, host, password);
    secrets[secretName(use)] = value;
    if (use.application) applicationConnectionStrings[use.database] = value;
  }
  const vault = new SecretsVault("secrets", {
    resourceGroupName: clusters.resourceGroupName,
    location: env.location,
    vaultName: env.access.keyVaultName,
    tenantId: authorization.getClientConfigOutput().tenantId,
    secrets,
    protect: env.protect,
    publicNetworkAccess: env.network.publicNetworkAccess,
    allowedClients: env.network.allowedClients,
    lock: env.protect,
    secretReaders: env.keyVaultSecretReaders,
    diagnosticsWorkspaceId: clusters.workspaceId,
    ...(clusters.network === undefined
      ? {}
      : {
          privateEndpoint: {
            subnetId: clusters.network.endpointsSubnetId,
            endpointName: `${env.access.keyVaultName}-pe`,
            ...(clusters.network.keyVaultDnsZoneId === undefined ? {} : { dnsZoneId: clusters.network.keyVaultDnsZoneId }),
          },
        }),
    tags,
  });
  return { model, postgres, mysql, atlas, vault, applicationConnectionStrings };
}

export function accessOutputs(access: AccessTopology) {
  return {
    /** For auditors (an audit report reads this name): principals and privileges, no secrets. */
    accessMatrix: accessMatrix(access.model),
    /** Database → application connection string, all 17; secret as a whole. */
    connectionStrings: pulumi.secret(pulumi.all(access.applicationConnectionStrings)),
    keyVault: { name: access.vault.vaultName, secrets: Object.keys(access.vault.secrets) },
  };
}
