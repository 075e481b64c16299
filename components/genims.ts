/**
 * The GenIMS program's components: the component package's building blocks
 * (`packages/db-components/lib/`) under the type tokens GenIMS deployed them with. Tokens are part
 * of every URN and permanent, so the classes here only fix the token; the implementation is the
 * package's, once.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MongoDatabaseSpec, MysqlDatabaseSpec, PostgresDatabaseSpec } from "../catalog";
import { AlertActionGroup as PackageAlertActionGroup, type AlertActionGroupArgs } from "../packages/db-components/lib/alerts";
import { AtlasProject as PackageAtlasProject, type AtlasProjectArgs as PackageAtlasProjectArgs } from "../packages/db-components/lib/atlasProject";
import {
  AtlasAccess as PackageAtlasAccess,
  type AtlasAccessArgs,
  MysqlAccess as PackageMysqlAccess,
  type MysqlAccessArgs,
  PostgresAccess as PackagePostgresAccess,
  type PostgresAccessArgs,
} from "../packages/db-components/lib/databaseAccess";
import { LogWorkspace as PackageLogWorkspace, type LogWorkspaceArgs } from "../packages/db-components/lib/monitoring";
import { MysqlServer, type MysqlServerArgs } from "../packages/db-components/lib/mysqlServer";
import { PostgresServer, type PostgresServerArgs } from "../packages/db-components/lib/postgresServer";
import { SecretsVault as PackageSecretsVault, type SecretsVaultArgs } from "../packages/db-components/lib/secretsVault";

/** The type tokens of the GenIMS stacks (`genims:<module>:<Type>`). */
export const GENIMS_TYPES = {
  postgresCluster: "genims:database:PostgresCluster",
  mysqlCluster: "genims:database:MysqlCluster",
  atlasProject: "genims:database:AtlasProject",
  postgresAccess: "genims:access:PostgresAccess",
  mysqlAccess: "genims:access:MysqlAccess",
  atlasAccess: "genims:access:AtlasAccess",
  secretsVault: "genims:secrets:SecretsVault",
  logWorkspace: "genims:monitoring:LogWorkspace",
  alertActionGroup: "genims:monitoring:AlertActionGroup",
} as const;

export type PostgresClusterArgs = PostgresServerArgs<PostgresDatabaseSpec>;
export type MysqlClusterArgs = MysqlServerArgs<MysqlDatabaseSpec>;
export interface AtlasProjectArgs extends PackageAtlasProjectArgs {
  /** Required. The catalog's MongoDB database (recorded on the cluster as a tag and output). */
  readonly database: MongoDatabaseSpec;
}

/** An Azure Database for PostgreSQL flexible server hosting GenIMS module databases. */
export class PostgresCluster extends PostgresServer<PostgresDatabaseSpec> {
  constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.postgresCluster);
  }
}

/** An Azure Database for MySQL flexible server hosting GenIMS reporting, analytics and audit databases. */
export class MysqlCluster extends MysqlServer<MysqlDatabaseSpec> {
  constructor(name: string, args: MysqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.mysqlCluster);
  }
}

/** The MongoDB Atlas project holding the GenIMS document database. */
export class AtlasProject extends PackageAtlasProject {
  constructor(name: string, args: AtlasProjectArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.atlasProject);
  }
}

export class PostgresAccess extends PackagePostgresAccess {
  constructor(name: string, args: PostgresAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.postgresAccess);
  }
}

export class MysqlAccess extends PackageMysqlAccess {
  constructor(name: string, args: MysqlAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.mysqlAccess);
  }
}

export class AtlasAccess extends PackageAtlasAccess {
  constructor(name: string, args: AtlasAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.atlasAccess);
  }
}

/** The stack's Azure Key Vault: one secret per database login and database. */
export class SecretsVault extends PackageSecretsVault {
  constructor(name: string, args: SecretsVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.secretsVault);
  }
}

export class LogWorkspace extends PackageLogWorkspace {
  constructor(name: string, args: LogWorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.logWorkspace);
  }
}

export class AlertActionGroup extends PackageAlertActionGroup {
  constructor(name: string, args: AlertActionGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, GENIMS_TYPES.alertActionGroup);
  }
}
