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
     * Host names connection strings use instead of a server's own, by physical server name: a
     * restored server after its cutover (issue 11). Its roles and passwords came with the restored
     * data, so only the host changes; roles and grants stay managed on the source until it is released.
     */
    readonly connectionHosts?: Readonly<Record<string, pulumi.Output<string>>>;
  },
  tags: Readonly<Record<string, string>>,
): AccessTopology {
  const model = accessModel(env);
  const passwordRotation = env.access.passwordRotation;
  // Placement and clusters are in the same order (both come from env.*.servers).
  const postgres = model.postgres.map((access, index) => {
    const cluster = clusters.postgres[index]!;
    return new PostgresAccess(`pg-${access.server.key}-access`, { server: cluster, access, passwordRotation }, { parent: cluster });
  });
  const mysql = model.mysql.map((access, index) => {
    const cluster = clusters.mysql[index]!;
    return new MysqlAccess(`mysql-${access.server.key}-access`, { server: cluster, access, passwordRotation }, { parent: cluster });
  });
  const atlas = new AtlasAccess("mongo-access", { projectId: clusters.atlas.projectId, cluster: clusters.atlas.cluster, scopedClusters: clusters.atlas.restored === undefined ? [] : [clusters.atlas.restored.cluster], access: model.atlas, passwordRotation }, { parent: clusters.atlas });

  const endpoint = (use: LoginUse): { host: pulumi.Output<string>; password: pulumi.Output<string> | undefined } => {
    if (use.engine === "mongodb") return { host: clusters.atlas.applicationSrv, password: atlas.passwords[use.login] };
    const components: readonly (PostgresAccess | MysqlAccess)[] = use.engine === "postgresql" ? postgres : mysql;
    const servers = use.engine === "postgresql" ? model.postgres : model.mysql;
    const component = components[servers.findIndex((s) => s.server.serverName === use.server)]!;
    return { host: clusters.connectionHosts?.[use.server] ?? component.host, password: component.passwords[use.login] };
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
