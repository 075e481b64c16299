/**
 * What verify reads: the stack's outputs (`pulumi stack output --json`; none of the parts used is secret) and each
 * login's connection string, from the stack's Key Vault or from a JSON file of the same
 * `<secret name> → connection string` pairs (local servers, or a copy made for a break-glass run).
 *
 * The outputs alone are not enough: `connectionStrings` holds the 17 application logins only, while
 * the vault holds one secret per (login, database), `<database>--<login>` (stacks/access.ts).
 */
import { CliError, runTool } from "../cli";
import * as fs from "node:fs";
import type { Redactor } from "./redact";

/** The parts of the stack outputs verify uses (stacks/topology.ts `topologyOutputs`). */
export interface StackOutputs {
  readonly servers: readonly { readonly engine: "postgresql" | "mysql"; readonly key: string; readonly name: string; readonly fqdn: string; readonly databases: readonly string[] }[];
  readonly atlas: { readonly clusterName: string; readonly database: string };
  readonly accessMatrix: readonly { readonly principal: string; readonly engine: string; readonly server: string; readonly database: string; readonly privileges: readonly string[] }[];
  readonly keyVault: { readonly name: string; readonly secrets: readonly string[] };
  /** Restored servers (`restores` output; absent in outputs of stacks deployed before it existed). */
  readonly restores?: readonly RestoreOutput[];
}

/** A restored server: `cutover` true when it serves instead of its source (stacks/topology.ts `restores`). */
export interface RestoreOutput {
  readonly engine: "postgresql" | "mysql";
  readonly source: string;
  readonly name: string;
  readonly fqdn: string;
  readonly cutover: boolean;
}

/**
 * The text of `pulumi stack output --json` for `stack`: from a file, from stdin (`-`), or by running
 * that command (no --show-secrets: nothing secret is needed from it). Shared by verify and collections.
 */
export function readStackOutputsText(stack: string, outputs: string | undefined, command = "verify"): string {
  if (outputs === "-") return fs.readFileSync(0, "utf8");
  if (outputs !== undefined) {
    if (!fs.existsSync(outputs)) throw new CliError(`--outputs ${outputs}: no such file (write it with: pulumi stack output --json --stack ${stack} > ${outputs})`, 2);
    return fs.readFileSync(outputs, "utf8");
  }
  return runTool(
    "pulumi",
    ["stack", "output", "--json", "--stack", stack],
    `install it (https://www.pulumi.com/docs/install/, version 3.248.0) and \`pulumi login\`, or pass the outputs yourself: pulumi stack output --json --stack ${stack} > outputs.json on a machine that has it, then npm run ${command} -- ${stack} --outputs outputs.json`,
  );
}

/** Parses and checks the outputs JSON; every missing or mistyped field is named at once. */
export function parseStackOutputs(text: string): StackOutputs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`stack outputs are not JSON (expected the output of: pulumi stack output --json): ${(error as Error).message}`, { cause: error });
  }
  const problems: string[] = [];
  const o = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(o.servers)) problems.push("servers: expected an array of { engine, key, name, fqdn, databases }");
  else
    o.servers.forEach((s: Record<string, unknown>, i) => {
      if (s.engine !== "postgresql" && s.engine !== "mysql") problems.push(`servers[${i}].engine: expected postgresql or mysql, got ${JSON.stringify(s.engine)}`);
      for (const field of ["key", "name", "fqdn"]) if (typeof s[field] !== "string") problems.push(`servers[${i}].${field}: expected a string`);
      if (!Array.isArray(s.databases)) problems.push(`servers[${i}].databases: expected an array of database names`);
    });
  const atlas = o.atlas as Record<string, unknown> | undefined;
  if (typeof atlas?.clusterName !== "string" || typeof atlas?.database !== "string") problems.push("atlas: expected { clusterName, database }");
  if (!Array.isArray(o.accessMatrix)) problems.push("accessMatrix: expected an array");
  const vault = o.keyVault as Record<string, unknown> | undefined;
  if (typeof vault?.name !== "string" || !Array.isArray(vault?.secrets)) problems.push("keyVault: expected { name, secrets }");
  if (o.restores !== undefined) {
    if (!Array.isArray(o.restores)) problems.push("restores: expected an array of { engine, source, name, fqdn, cutover }");
    else
      o.restores.forEach((r: Record<string, unknown>, i) => {
        if (r.engine !== "postgresql" && r.engine !== "mysql") problems.push(`restores[${i}].engine: expected postgresql or mysql, got ${JSON.stringify(r.engine)}`);
        for (const field of ["source", "name", "fqdn"]) if (typeof r[field] !== "string") problems.push(`restores[${i}].${field}: expected a string`);
        if (typeof r.cutover !== "boolean") problems.push(`restores[${i}].cutover: expected true or false`);
      });
  }
  if (problems.length > 0) throw new Error(`stack outputs are not those of this program:\n  ${problems.join("\n  ")}`);
  return value as StackOutputs;
}

/** Where connection strings come from. */
export interface SecretSource {
  readonly description: string;
  /** The secret's value, or undefined when it does not exist. */
  get(name: string): Promise<string | undefined>;
}

/** A JSON object `{ "<secret name>": "<connection string>" }`. */
export function fileSecrets(file: string): SecretSource {
  const values = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  return {
    description: `secrets file ${file}`,
    get: async (name) => (typeof values[name] === "string" ? values[name] : undefined),
  };
}

/** Values held in memory (tests; a caller that fetched them some other way). */
export function memorySecrets(values: Readonly<Record<string, string>>, description = "secrets in memory"): SecretSource {
  return { description, get: async (name) => values[name] };
}

/** The environment and HTTP client the vault token is obtained with (tests pass their own). */
export interface TokenSources {
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: typeof fetch;
  readonly azCli: () => string;
}

const AZ_CLI = (): string =>
  runTool(
    "az",
    ["account", "get-access-token", "--resource", "https://vault.azure.net", "--query", "accessToken", "-o", "tsv"],
    "install the Azure CLI and `az login`, or set AZURE_KEYVAULT_TOKEN to a token for https://vault.azure.net, or pass the connection strings with --secrets <file>",
  ).trim();

/**
 * A bearer token for `https://vault.azure.net`, from the first of:
 * 1. `AZURE_KEYVAULT_TOKEN`;
 * 2. GitHub Actions OIDC, with the same deploy identity `pulumi up` used (`ARM_CLIENT_ID`,
 *    `ARM_TENANT_ID`): the job's ID token from `ACTIONS_ID_TOKEN_REQUEST_URL` with audience
 *    `api://AzureADTokenExchange` (GitHub docs, "About security hardening with OpenID Connect":
 *    the request URL/token variables and the `audience` parameter), exchanged at
 *    `login.microsoftonline.com/<tenant>/oauth2/v2.0/token` as a client-credentials request whose
 *    `client_assertion` is that token (Microsoft identity platform, "client credentials flow",
 *    "Third case: Access token request with a federated credential"). No `az` and no
 *    `azure/login` step is needed on the runner;
 * 3. the Azure CLI's login (`az account get-access-token --resource https://vault.azure.net`).
 */
export async function keyVaultToken(sources: TokenSources = { env: process.env, fetch, azCli: AZ_CLI }): Promise<string> {
  const { env } = sources;
  if (env.AZURE_KEYVAULT_TOKEN) return env.AZURE_KEYVAULT_TOKEN;
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN && env.ARM_CLIENT_ID && env.ARM_TENANT_ID) {
    const idUrl = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
    idUrl.searchParams.set("audience", "api://AzureADTokenExchange");
    const idResponse = await sources.fetch(idUrl, { headers: { Authorization: `bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
    if (!idResponse.ok) throw new Error(`GitHub OIDC: the job's ID token request failed with HTTP ${idResponse.status} (does the job have permissions: id-token: write?)`);
    const idToken = ((await idResponse.json()) as { value: string }).value;
    const body = new URLSearchParams({
      client_id: env.ARM_CLIENT_ID,
      grant_type: "client_credentials",
      scope: "https://vault.azure.net/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: idToken,
    });
    const tokenResponse = await sources.fetch(`https://login.microsoftonline.com/${encodeURIComponent(env.ARM_TENANT_ID)}/oauth2/v2.0/token`, { method: "POST", body });
    if (!tokenResponse.ok) throw new Error(`Microsoft Entra ID: the federated token exchange for ${env.ARM_CLIENT_ID} failed with HTTP ${tokenResponse.status} (is a federated credential for this GitHub environment configured?)`);
    return ((await tokenResponse.json()) as { access_token: string }).access_token;
  }
  return sources.azCli();
}

/**
 * The stack's Key Vault over its REST API: `GET https://<vault>.vault.azure.net/secrets/<name>?api-version=7.4`
 * (no version segment = the latest version; https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secret/get-secret),
 * with a bearer token from `keyVaultToken`. The caller needs the "Key Vault Secrets User" role on
 * the vault (the deploy identity has "Key Vault Secrets Officer", which includes it).
 */
export function keyVaultSecrets(vaultName: string, redactor: Redactor, token: () => Promise<string> = () => keyVaultToken()): SecretSource {
  let bearer: string | undefined;
  const getToken = async (): Promise<string> => {
    bearer ??= await token();
    redactor.add(bearer);
    return bearer;
  };
  return {
    description: `Key Vault ${vaultName}`,
    get: async (name) => {
      const response = await fetch(`https://${vaultName}.vault.azure.net/secrets/${encodeURIComponent(name)}?api-version=7.4`, { headers: { Authorization: `Bearer ${await getToken()}` } });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`Key Vault ${vaultName}: reading secret ${name} failed with HTTP ${response.status}`);
      return ((await response.json()) as { value: string }).value;
    },
  };
}

export interface Credential {
  readonly engine: "postgresql" | "mysql" | "mongodb";
  readonly login: string;
  readonly password: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly database: string;
  /** The full connection string (MongoDB's driver takes it as it is). */
  readonly url: string;
}

/** A connection string of stacks/access connectionString(): postgresql://, mysql:// or mongodb+srv://. */
export function parseConnectionString(value: string): Credential {
  const url = new URL(value);
  const engine = url.protocol === "postgresql:" || url.protocol === "postgres:" ? "postgresql" : url.protocol === "mysql:" ? "mysql" : url.protocol.startsWith("mongodb") ? "mongodb" : undefined;
  // The message never includes the value: it holds a password.
  if (engine === undefined) throw new Error(`connection string with unknown scheme ${url.protocol}`);
  return {
    engine,
    login: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    host: url.hostname,
    port: url.port === "" ? undefined : Number(url.port),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")),
    url: value,
  };
}
