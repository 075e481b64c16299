/**
 * `npm run import -- <stack> --subscription <id> [--atlas-project <id>] [--out <file>]`: writes
 * the `pulumi import --file` JSON that adopts the stack's existing resource group, flexible
 * servers, their databases, server parameters and firewall rules, and (with --atlas-project) the
 * Atlas project and cluster, under the logical names and parents this program registers.
 * Then: `pulumi import --stack <stack> --file <file> --generate-code=false`, and `pulumi preview`
 * must show no replacement (docs/operating.md, "Adopting existing databases").
 */
import * as fs from "node:fs";
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { adoptionNotes, buildImportFile, stateOfExport } from "./lib/importFile";
import { type Command, runCommand, runTool, usageError } from "./lib/cli";
import { runGenims, stackConfig } from "./lib/offline";
import { repositoryStacks } from "./lib/stacks";

const COMMAND: Command = {
  name: "import",
  help: `usage: npm run import -- <stack> --subscription <id> [--atlas-project <24-hex id>] [--state export.json | --new] [--out import.json]   (stacks here: ${repositoryStacks().join(", ")})
Writes the file \`pulumi import --file\` reads to adopt existing servers, databases, parameters,
firewall rules, PostgreSQL roles and the Atlas project and cluster under this program's names,
leaving out what the stack already holds (--state: a \`pulumi stack export\` file; default: run it;
--new: a stack never deployed). What it cannot take, and what the next up changes, goes to
stderr (docs/operating.md, "Adopting existing databases").`,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(args: string[]): Promise<void> {
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? undefined : args[at + 1];
  };
  const stack = args.find((arg, index) => !arg.startsWith("--") && !args[index - 1]?.startsWith("--"));
  const subscriptionId = option("--subscription");
  const atlasProjectId = option("--atlas-project");
  const problems = [
    stack === undefined ? "name the stack: npm run import -- <stack> --subscription <id>" : undefined,
    subscriptionId === undefined || !GUID.test(subscriptionId) ? "--subscription <id>: the Azure subscription id (az account show --query id)" : undefined,
    atlasProjectId !== undefined && !/^[0-9a-f]{24}$/.test(atlasProjectId) ? "--atlas-project <id>: the Atlas project id, 24 hexadecimal characters" : undefined,
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) throw usageError(COMMAND, problems.join("; "));
  const config = stackConfig(stack!);
  const env = validateEnvironment(stack!, readNamespace(config), GENIMS_CATALOG);
  const run = await runGenims(stack!, config);
  const statePath = option("--state");
  const exported = args.includes("--new")
    ? undefined
    : statePath !== undefined
      ? fs.readFileSync(statePath, "utf8")
      : runTool("pulumi", ["stack", "export", "--stack", stack!], `install it and \`pulumi login\`, or pass --state <file> (pulumi stack export --stack ${stack!} --file <file>), or --new for a stack never deployed`);
  const state = exported === undefined ? new Map<string, string | undefined>() : stateOfExport(JSON.parse(exported));
  const file = buildImportFile(run, env, { subscriptionId: subscriptionId!, atlasProjectId }, state, stack!);
  for (const note of adoptionNotes(run, file, state, stack!)) process.stderr.write(`note: ${note}\n`);
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const out = option("--out");
  if (out === undefined) process.stdout.write(text);
  else fs.writeFileSync(out, text);
}

runCommand(COMMAND, main);
