/**
 * `npm run stacks`: the stack names as a JSON array (`["dev","prod"]`), from the `Pulumi.*.yaml`
 * files, for CI matrices (`fromJSON(needs.<job>.outputs.stacks)`) and scripts.
 */
import { type Command, runCommand } from "./lib/cli";
import { repositoryStacks } from "./lib/stacks";

const COMMAND: Command = { name: "stacks", help: "usage: npm run stacks\nPrints the stacks (one per Pulumi.<stack>.yaml) as a JSON array." };

runCommand(COMMAND, () => {
  process.stdout.write(`${JSON.stringify(repositoryStacks())}\n`);
});
