/**
 * `@genims/db-components`: the components this package serves to every Pulumi language. Only the
 * three multi-language components are exported here: the Node.js language host serves every
 * ComponentResource class the entry point exports (@pulumi/pulumi 3.248.0 cmd/run-plugin/run.js,
 * `getPulumiComponents`), and the schema analyzer must represent each of them. The building blocks
 * they are made of (and that a TypeScript program may use directly) are under `lib/`.
 */
export { PostgresCluster, type PostgresClusterArgs, type PostgresDatabase, type PostgresPrincipal } from "./postgresCluster";
export { MysqlCluster, type MysqlClusterArgs, type MysqlDatabase, type MysqlUser } from "./mysqlCluster";
export {
  AtlasCluster,
  type AtlasClusterArgs,
  AtlasRoleName,
  type AtlasRole,
  type AtlasUser,
  type AccessListEntry,
  type AtlasMaintenanceWindow,
  type ComputeAutoScaling,
} from "./atlasCluster";
export type {
  Backup,
  Encryption,
  EntraAdministrator,
  FirewallRule,
  FlexibleServerArgs,
  HighAvailability,
  KeyVault,
  MaintenanceWindow,
  PrivateNetwork,
  SecretReader,
  Sku,
} from "./clusterArgs";
export { AtlasInstanceSize, AvailabilityZone, DayOfWeek, EntraPrincipalType, HighAvailabilityMode, MongoVersion, MysqlVersion, PostgresStorageType, PostgresVersion, SkuTier } from "./lib/types";
