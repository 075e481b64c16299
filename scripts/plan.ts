/**
 * `npm run plan -- <stack> [<stack> ...]`: prints the resource inventory `pulumi up` would create
 * for each stack, by running the real program under mocks. No cloud, no credentials, no CLI.
 * Without arguments, every `Pulumi.<stack>.yaml` of the repository.
 */
import * as fs from "node:fs";
import { ConfigError } from "../config/errors";
import { REPO_ROOT, offlineSubstitutions, runGenims } from "./lib/offline";
import { renderInventory } from "./lib/inventory";
import { repositoryStacks } from "./lib/snapshots";

export { repositoryStacks };

async function main(): Promise<void> {
  const stacks = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  for (const stack of stacks.length > 0 ? stacks : repositoryStacks()) {
    if (!fs.existsSync(`${REPO_ROOT}/Pulumi.${stack}.yaml`)) {
      throw new Error(`no stack file Pulumi.${stack}.yaml; stacks here: ${repositoryStacks().join(", ")}`);
    }
    const run = await runGenims(stack);
    process.stdout.write(renderInventory(stack, run, offlineSubstitutions(stack)));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
