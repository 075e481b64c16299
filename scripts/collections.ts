/**
 * `npm run collections -- <stack> [--check] [--outputs <file>|-] [--secrets <file>]`
 *
 * Puts the catalog's MongoDB collections in line on the stack's Atlas cluster (docs/mongodb.md):
 * creates what is missing with its kind's options, indexes and validator, changes retention with
 * collMod, and refuses whatever would move or drop data. `--check` only reports. Exit 0: in line;
 * 1: drift (check), or something left that needs a human (apply); 2: it could not run.
 *
 * Same inputs and network path as `npm run verify`: the stack outputs (no secrets in them) and the
 * schema login's connection string from the stack's Key Vault (or --secrets), over TLS from the
 * runner that deploys the stack. Never prints a secret.
 */
import { MongoClient } from "mongodb";
import { atlasAccess, atlasSchemaLogin } from "../access/model";
import { GENIMS_CATALOG } from "../catalog";
import { secretName } from "../stacks/access";
import { exitCode, type Mode, renderCollectionsReport, runCollections } from "./lib/collections/run";
import { fileSecrets, keyVaultSecrets, parseConnectionString, parseStackOutputs, readStackOutputsText } from "./lib/verify/inputs";
import { Redactor } from "./lib/verify/redact";

const USAGE = "usage: npm run collections -- <stack> [--check] [--outputs <file>|-] [--secrets <file>]";

export function parseCollectionsArguments(argv: readonly string[]): { stack: string; mode: Mode; outputs?: string; secrets?: string } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  let mode: Mode = "apply";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--check") mode = "check";
    else if (arg === "--outputs" || arg === "--secrets") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      options[arg.slice(2)] = value;
    } else if (arg.startsWith("-") && arg !== "-") throw new Error(`unknown option ${arg}\n${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  return { stack: positional[0]!, mode, outputs: options.outputs, secrets: options.secrets };
}

async function main(): Promise<number> {
  const redactor = new Redactor();
  try {
    const args = parseCollectionsArguments(process.argv.slice(2));
    const outputs = parseStackOutputs(readStackOutputsText(args.stack, args.outputs, "collections"));
    const database = GENIMS_CATALOG.mongo;
    if (outputs.atlas.database !== database.name) throw new Error(`stack ${args.stack} outputs atlas.database = ${outputs.atlas.database}, but the catalog's MongoDB database is ${database.name}`);
    const login = atlasSchemaLogin(atlasAccess(outputs.atlas.clusterName, database.name)).username;
    const name = secretName({ engine: "mongodb", server: outputs.atlas.clusterName, login, database: database.name, application: false });
    const secrets = args.secrets !== undefined ? fileSecrets(args.secrets) : keyVaultSecrets(outputs.keyVault.name, redactor);
    const value = await secrets.get(name);
    if (value === undefined) throw new Error(`secret ${name} (the connection string of ${login}) is not in ${secrets.description}; run pulumi up first`);
    const credential = parseConnectionString(value);
    redactor.add(credential.password);
    process.stdout.write(`collections ${args.stack} (${args.mode}): ${database.name} on ${outputs.atlas.clusterName} as ${login}, credentials from ${secrets.description}\n`);
    const client = new MongoClient(credential.url, { serverSelectionTimeoutMS: 15_000 });
    try {
      await client.connect();
      const outcome = await runCollections(client.db(database.name), database, args.mode);
      process.stdout.write(redactor.redact(renderCollectionsReport(database.name, args.mode, outcome)));
      return exitCode(args.mode, outcome);
    } finally {
      await client.close().catch(() => undefined);
    }
  } catch (error) {
    process.stderr.write(`collections: ${redactor.redact(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
