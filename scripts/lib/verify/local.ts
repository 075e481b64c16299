/**
 * What `npm run verify` reads, for servers on loopback: the stack outputs as
 * `pulumi stack output --json` prints them (stacks/topology.ts `topologyOutputs`; the secret
 * `connectionStrings` as the CLI masks it without --show-secrets) and the Key
 * Vault's secrets (`<database>--<login>` → connection string, stacks/access.ts), built from an
 * access model and the passwords given to its logins. MongoDB's users are left out (no server
 * here). `npm run verify:local` writes them as files; integration tests hand them to `verifyStack`.
 */
import { accessMatrix } from "../../../access/matrix";
import { type AccessModel, type LoginUse, loginUses } from "../../../access/model";
import type { StackOutputs } from "./inputs";
import { secretName } from "../../../stacks/access";

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export function localVerifyInputs(
  model: AccessModel,
  passwords: Readonly<Record<string, string>>,
  pg: Endpoint,
  my: Endpoint,
  keyVaultName = "local-vault",
  /** Whose secrets the vault holds: a step that has applied one engine only gives those. */
  engines: readonly LoginUse["engine"][] = ["postgresql", "mysql"],
): { outputs: StackOutputs & { connectionStrings: string }; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  for (const use of loginUses(model).filter((u) => u.engine !== "mongodb" && engines.includes(u.engine))) {
    const password = passwords[use.login];
    if (password === undefined) throw new Error(`no password for login ${use.login}`);
    // The shapes of packages/db-components/lib/databaseAccess.ts connectionString(), with the local port.
    const value =
      use.engine === "postgresql"
        ? `postgresql://${use.login}:${password}@${pg.host}:${pg.port}/${use.database}?sslmode=require`
        : `mysql://${use.login}:${password}@${my.host}:${my.port}/${use.database}?ssl-mode=REQUIRED`;
    secrets[secretName(use)] = value;
  }
  const outputs = {
    servers: [
      ...model.postgres.map((s) => ({ engine: "postgresql" as const, key: s.server.key, name: s.server.serverName, fqdn: pg.host, databases: s.databases.map((d) => d.database) })),
      ...model.mysql.map((s) => ({ engine: "mysql" as const, key: s.server.key, name: s.server.serverName, fqdn: my.host, databases: [...new Set(s.grants.map((g) => g.database))] })),
    ],
    atlas: { clusterName: model.atlas.clusterName, database: model.atlas.database },
    accessMatrix: accessMatrix(model),
    connectionStrings: "[secret]",
    keyVault: { name: keyVaultName, secrets: Object.keys(secrets) },
  };
  return { outputs, secrets };
}
