/**
 * `npm run verify -- <stack> [--outputs <file>|-] [--secrets <file>] [--ca <file>] [--engines postgresql,mysql,mongodb] [--restored | --cutover-gate]`
 *
 * Connects to every database of a deployed stack as every login and compares what the servers do
 * with the access model (scripts/lib/verify). Exit 0: no deviation; 1: deviations, each named on a
 * `DEVIATION` line; 2: it could not run (usage, unreadable outputs or vault). Never prints a secret.
 *
 * --outputs  the JSON of `pulumi stack output --json` (a file, or - for stdin); default: runs that
 *            command for <stack>. Nothing secret is needed from it (connection strings come from
 *            the vault), so it is asked for without --show-secrets.
 * --secrets  a JSON file `{ "<secret name>": "<connection string>" }`; default: the stack's Key
 *            Vault (outputs.keyVault.name) with a token from AZURE_KEYVAULT_TOKEN or `az`.
 * --ca       a PEM bundle to trust instead of Azure's root CAs (local servers).
 * --restored also every restored server not yet cut over, as its source's logins: the check to
 *            pass before setting `restore.cutover` (docs/operating.md, restore runbook).
 * --cutover-gate  the deploy job's check before `pulumi up`: only the restored servers this commit's
 *            stack file cuts over and the deployed stack has not, nothing that needs the source; a
 *            sign-in refused for its password is expected there (the cutover sets new passwords).
 */
import { CliError, type Command, runCommand } from "./lib/cli";
import { requireStack } from "./lib/stacks";
import { ENGINES, type Engine, pendingCutovers, type RestoredCheck, stackEnvironment, verifyStack } from "./lib/verify";
import { fileSecrets, keyVaultSecrets, parseStackOutputs, readStackOutputsText } from "./lib/verify/inputs";
import { Redactor } from "./lib/verify/redact";
import { azureRootCas, caBundle } from "./lib/verify/tls";

const USAGE = "usage: npm run verify -- <stack> [--outputs <file>|-] [--secrets <file>] [--ca <file>] [--engines postgresql,mysql,mongodb] [--restored | --cutover-gate]";

const COMMAND: Command = {
  name: "verify",
  failureCode: 2,
  help: `${USAGE}
Signs in to every database of a deployed stack as every login and compares what the servers allow
with the access model; one DEVIATION line per difference. Exit 0: none; 1: deviations; 2: it could
not run. Without --outputs it runs \`pulumi stack output --json --stack <stack>\`; without --secrets
it reads the stack's Key Vault. --restored also verifies every restored server not yet cut over, as
its source's logins (before setting restore.cutover); --cutover-gate only the restored servers the
stack file is about to cut over (the deploy job runs it before pulumi up). Local servers: npm run
verify:local (docs/verification.md).`,
};

export function parseArguments(argv: readonly string[]): { stack: string; outputs?: string; secrets?: string; ca?: string; engines: Engine[]; restored: "all" | "cutover-gate" | undefined } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  let restored: "all" | "cutover-gate" | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--restored" || arg === "--cutover-gate") {
      const mode = arg === "--restored" ? "all" : "cutover-gate";
      if (restored !== undefined && restored !== mode) throw new CliError(`--restored and --cutover-gate exclude each other\n${USAGE}`, 2);
      restored = mode;
    }
    else if (["--outputs", "--secrets", "--ca", "--engines"].includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new CliError(`${arg} needs a value\n${USAGE}`, 2);
      options[arg.slice(2)] = value;
    } else if (arg.startsWith("-") && arg !== "-") throw new CliError(`unknown option ${arg}\n${USAGE}`, 2);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new CliError(USAGE, 2);
  const engines = (options.engines ?? ENGINES.join(",")).split(",").map((e) => e.trim());
  const unknown = engines.filter((e) => !(ENGINES as readonly string[]).includes(e));
  if (unknown.length > 0) throw new CliError(`--engines: unknown ${unknown.join(", ")} (valid: ${ENGINES.join(", ")})`, 2);
  return { stack: positional[0]!, outputs: options.outputs, secrets: options.secrets, ca: options.ca, engines: engines as Engine[], restored };
}

/** The outputs' JSON: stdin, a file, or the Pulumi CLI (shared with `npm run collections`). */
export const readOutputs = readStackOutputsText;

async function main(argv: string[]): Promise<number> {
  const redactor = new Redactor();
  try {
    const args = parseArguments(argv);
    requireStack(args.stack);
    const outputsText = readOutputs(args.stack, args.outputs);
    if (args.restored === "cutover-gate" && Object.keys(JSON.parse(outputsText) as object).length === 0) {
      // A stack created but never deployed: nothing is restored, so nothing is cut over.
      process.stdout.write(`verify ${args.stack} --cutover-gate: the stack has no outputs yet: no cutover pending\n`);
      return 0;
    }
    const outputs = parseStackOutputs(outputsText);
    const secrets = args.secrets !== undefined ? fileSecrets(args.secrets) : keyVaultSecrets(outputs.keyVault.name, redactor);
    const cas = args.ca !== undefined ? caBundle(args.ca) : azureRootCas();
    process.stdout.write(`verify ${args.stack}: credentials from ${secrets.description}; TLS trust: ${cas.description}\n`);
    let restored: RestoredCheck | undefined = args.restored === "all" ? {} : undefined;
    if (args.restored === "cutover-gate") {
      const { servers, problems } = pendingCutovers(stackEnvironment(args.stack), outputs);
      if (problems.length > 0) throw new CliError(`cutover gate: ${problems.join("; ")}`, 2);
      if (servers.length === 0) {
        process.stdout.write(`verify ${args.stack} --cutover-gate: no cutover pending (the stack file cuts over no restored server the deployed stack has not)\n`);
        return 0;
      }
      restored = { servers, only: true, stalePasswordsExpected: true };
    }
    const { results, report } = await verifyStack({ stack: args.stack, outputs, secrets, cas, engines: args.engines, redactor, restored });
    process.stdout.write(report);
    return results.deviations().length === 0 ? 0 : 1;
  } catch (error) {
    // Every failure here is about the inputs or the reachability of a vault or server: said as it
    // is (exit 2, "could not run"), and whatever it says, no secret leaves in it.
    throw new CliError(redactor.redact(error instanceof Error ? error.message : String(error)), 2);
  }
}

if (require.main === module) runCommand(COMMAND, main);
