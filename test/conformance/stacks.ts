/**
 * The stacks the conformance suites check: dev and prod as committed, and a maximal fixture that
 * turns on every optional feature prod leaves off (customer-managed keys for PostgreSQL, MySQL
 * and Atlas, an existing network with its private DNS zones, an existing Log Analytics
 * workspace). Prod covers the other side of each choice (network and workspace created here),
 * dev the public posture with firewall rules. The fixture is a stack file, like any environment.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ProgramRun, REPO_ROOT, runGenims, stackConfig } from "../harness";

const SUB = "00000000-0000-0000-0000-0000000000a1";
const HUB = `/subscriptions/${SUB}/resourceGroups/hub/providers/Microsoft.Network`;
const KEYS = `/subscriptions/${SUB}/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/genims-keys`;

export const MAXIMAL_OPTIONS: Readonly<Record<string, string>> = {
  customerManagedKeyUri: "https://genims-keys.vault.azure.net/keys/genims-data",
  customerManagedKeyVaultId: KEYS,
  geoBackupKeyUri: "https://genims-keys-paired.vault.azure.net/keys/genims-data",
  atlasAzureAppId: "11111111-1111-1111-1111-111111111111",
  atlasServicePrincipalId: "22222222-2222-2222-2222-222222222222",
  existingPostgresSubnetId: `${HUB}/virtualNetworks/hub/subnets/pg`,
  existingMysqlSubnetId: `${HUB}/virtualNetworks/hub/subnets/mysql`,
  existingEndpointsSubnetId: `${HUB}/virtualNetworks/hub/subnets/pe`,
  existingPostgresDnsZoneId: `${HUB}/privateDnsZones/genims-max.private.postgres.database.azure.com`,
  existingMysqlDnsZoneId: `${HUB}/privateDnsZones/genims-max.private.mysql.database.azure.com`,
  logAnalyticsWorkspaceId: `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central`,
};

/** Pulumi.maximal.yaml: prod's file with every option above appended, in a temporary directory (the caller removes it). */
export function writeMaximalStackFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genims-maximal-"));
  const prod = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8").replace(/genims-prod/g, "genims-max").replace("rg-genims-prod", "rg-genims-max");
  const options = Object.entries(MAXIMAL_OPTIONS).map(([key, value]) => `  genims:${key}: "${value}"`).join("\n");
  fs.writeFileSync(path.join(dir, "Pulumi.maximal.yaml"), `${prod.trimEnd()}\n${options}\n`);
  return dir;
}

export interface ConformanceRuns {
  readonly dev: ProgramRun;
  readonly prod: ProgramRun;
  readonly maximal: ProgramRun;
}

export async function runConformanceStacks(): Promise<ConformanceRuns> {
  const dev = await runGenims("dev");
  const prod = await runGenims("prod");
  const dir = writeMaximalStackFile();
  let config: Record<string, string>;
  try {
    config = stackConfig("maximal", dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const maximal = await runGenims("maximal", config);
  return { dev, prod, maximal };
}
