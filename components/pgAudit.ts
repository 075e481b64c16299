/**
 * `PgAuditExtension` (`genims:database:PgAuditExtension`): `CREATE EXTENSION pgaudit` in each
 * database of one PostgreSQL server.
 *
 * Why a resource at all: Microsoft's procedure is allow-list (`azure.extensions`), preload
 * (`shared_preload_libraries`, static: restart), then "Connect to your server ... and enable the
 * pgAudit extension: CREATE EXTENSION pgaudit" (MicrosoftDocs/azure-databases-docs,
 * articles/postgresql/flexible-server/concepts-audit.md @ 02b79467). The extension installs
 * pgaudit's event triggers, which are per database, so it is created in every GenIMS database.
 *
 * Why behind a switch (`genims:pgauditExtension`): CREATE EXTENSION fails until the server has
 * been restarted with pgaudit preloaded ("If you see an error, confirm that you restarted your
 * server after saving shared_preload_libraries", same article), and Azure's API has no restart
 * resource. So a new server takes two `pulumi up` runs with one restart between them, the
 * procedure in the README's first-deploy steps 6-7.
 *
 * Its own provider, as the server's password administrator, TLS required: it touches nothing of
 * the access model (`packages/db-components/lib/databaseAccess.ts`) and waits for the server's last operation.
 */
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { databaseSlug } from "../packages/db-components/lib/flexibleServer";
import type { PostgresCluster } from "./genims";

export interface PgAuditExtensionArgs {
  /** Required. The server; its password administrator creates the extension. */
  readonly cluster: PostgresCluster;
}

export class PgAuditExtension extends pulumi.ComponentResource {
  /** Extension resources by database name. */
  readonly extensions: Readonly<Record<string, postgresql.Extension>>;

  constructor(name: string, args: PgAuditExtensionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:database:PgAuditExtension", name, {}, opts);
    const { cluster } = args;
    if (cluster.administratorLogin === undefined || cluster.administratorPassword === undefined) {
      throw new Error(`${name}: creating the pgaudit extension needs the server's password administrator (password authentication is off)`);
    }
    const provider = new postgresql.Provider(
      `${name}-provider`,
      {
        host: cluster.fqdn,
        port: 5432,
        database: "postgres",
        username: cluster.administratorLogin,
        password: cluster.administratorPassword,
        sslmode: "require",
        // Azure's administrator is a member of azure_pg_admin, not a superuser.
        superuser: false,
        connectTimeout: 30,
      },
      { parent: this, dependsOn: [cluster.operations.tail] },
    );
    const extensions: Record<string, postgresql.Extension> = {};
    for (const [database, resource] of Object.entries(cluster.databases)) {
      extensions[database] = new postgresql.Extension(
        `${name}-${databaseSlug(database)}`,
        // Dropping it would only remove the triggers; CASCADE never drops what others built on it.
        { name: "pgaudit", database, dropCascade: false },
        { parent: this, provider, dependsOn: [resource] },
      );
    }
    this.extensions = extensions;
    this.registerOutputs({ databases: Object.keys(extensions) });
  }
}
