/**
 * `npm run stacks`: the stack names as a JSON array (`["dev","prod"]`), from the `Pulumi.*.yaml`
 * files, for CI matrices (`fromJSON(needs.<job>.outputs.stacks)`) and scripts.
 */
import { repositoryStacks } from "./lib/stacks";

process.stdout.write(`${JSON.stringify(repositoryStacks())}\n`);
