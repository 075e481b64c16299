/**
 * The orders team's program: one PostgreSQL flexible server with two databases, each with its
 * application login (`orders_app`, `billing_app`) and migrator, a reporting login that reads both,
 * and a Key Vault holding every connection string. In another repository the import is
 * `import { PostgresCluster } from "@genims/db-components"` (or the SDK `pulumi package add`
 * generates); here it is the package's entry point by path.
 */
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PostgresCluster } from "../../index";

export = () => {
  const location = new pulumi.Config().get("location") ?? "westeurope";
  const group = new resources.ResourceGroup("orders-rg", { resourceGroupName: "team-orders-rg", location });
  const orders = new PostgresCluster("orders", {
    resourceGroupName: group.name,
    location,
    serverName: "team-orders-pg",
    databases: [{ name: "orders_db" }, { name: "billing_db" }],
    logins: [{ name: "orders_reporting", readOnly: ["orders_db", "billing_db"], purpose: "monthly reports" }],
    keyVault: { vaultName: "team-orders-kv" },
    tags: { team: "orders" },
  });
  return { host: orders.fqdn, applicationConnectionStrings: orders.applicationConnectionStrings };
};
