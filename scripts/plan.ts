/**
 * `npm run plan -- <stack> [<stack> ...]`: prints the resource inventory `pulumi up` would create
 * for each stack, by running the real program under mocks. No cloud, no credentials, no CLI.
 * Without arguments, every `Pulumi.<stack>.yaml` of the repository.
 */
import { type Command, runCommand, usageError } from "./lib/cli";
import { offlineSubstitutions, runGenims } from "./lib/offline";
import { renderInventory } from "./lib/inventory";
import { repositoryStacks, requireStack } from "./lib/stacks";

export { repositoryStacks };

const COMMAND: Command = {
  name: "plan",
  help: `usage: npm run plan -- [<stack> ...]   (stacks here: ${repositoryStacks().join(", ")}; none: all of them)
Prints what \`pulumi up\` would create for each stack: a table of its clusters, then every resource by
server with its inputs (secrets as [secret]) and options. Runs the program under mocks: no cloud,
no credentials, no Pulumi CLI. A stack file with problems prints every problem and exits 1.`,
};

async function main(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => arg.startsWith("-"));
  if (unknown.length > 0) throw usageError(COMMAND, `unknown option ${unknown.join(", ")}`);
  const stacks = args.length > 0 ? args : repositoryStacks();
  for (const stack of stacks) requireStack(stack);
  for (const stack of stacks) process.stdout.write(renderInventory(stack, await runGenims(stack), offlineSubstitutions(stack)));
}

if (require.main === module) runCommand(COMMAND, main);
