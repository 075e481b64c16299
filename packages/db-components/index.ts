/**
 * `@genims/db-components`: the components this package serves to every Pulumi language. Only the
 * three multi-language components are exported here: the Node.js language host serves every
 * ComponentResource class the entry point exports (@pulumi/pulumi 3.248.0 cmd/run-plugin/run.js,
 * `getPulumiComponents`), and the schema analyzer must represent each of them. The building blocks
 * they are made of (and that a TypeScript program may use directly) are under `lib/`.
 */
export { PostgresCluster, type PostgresClusterArgs, type PostgresDatabaseArgs, type PostgresPrincipalArgs } from "./postgresCluster";
export { MysqlCluster, type MysqlClusterArgs, type MysqlDatabaseArgs, type MysqlUserArgs } from "./mysqlCluster";
export {
  AtlasCluster,
  type AtlasClusterArgs,
  AtlasRoleName,
  type AtlasRoleArgs,
  type AtlasUserArgs,
  type AccessListEntryArgs,
  type AtlasMaintenanceWindowArgs,
  type ComputeAutoScalingArgs,
} from "./atlasCluster";
export type {
  BackupArgs,
  EncryptionArgs,
  EntraAdministratorArgs,
  FirewallRuleArgs,
  FlexibleServerArgs,
  HighAvailabilityArgs,
  KeyVaultArgs,
  MaintenanceWindowArgs,
  PrivateNetworkArgs,
  SecretReaderArgs,
  SkuArgs,
} from "./clusterArgs";
export { AtlasInstanceSize, AvailabilityZone, DayOfWeek, EntraPrincipalType, HighAvailabilityMode, MongoVersion, MysqlVersion, PostgresStorageType, PostgresVersion, SkuTier } from "./lib/types";
