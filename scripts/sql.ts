/**
 * `npm run sql -- <stack>`: prints the stack's access model as SQL, per server, for a DBA's review
 * and as the break-glass path. Passwords are `{{PASSWORD:<login>}}` placeholders (the real ones
 * live in the Key Vault), so the output is safe to paste into a ticket.
 */
import { accessModel } from "../access/model";
import { accessSql, renderScript } from "../access/sql";
import { GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { type Command, runCommand, usageError } from "./lib/cli";
import { stackConfig } from "./lib/offline";
import { repositoryStacks } from "./lib/stacks";

const COMMAND: Command = {
  name: "sql",
  help: `usage: npm run sql -- <stack>   (stacks here: ${repositoryStacks().join(", ")})
Prints the stack's roles, grants and users as SQL per server, passwords as {{PASSWORD:<login>}}
placeholders: for a DBA's review and as the break-glass path (docs/access-model.md).`,
};

runCommand(COMMAND, (args) => {
  const stacks = args.filter((arg) => !arg.startsWith("-"));
  if (stacks.length !== 1 || stacks.length !== args.length) throw usageError(COMMAND, stacks.length === 0 ? "name the stack" : `expected one stack, got ${args.join(" ")}`);
  const env = validateEnvironment(stacks[0]!, readNamespace(stackConfig(stacks[0]!)), GENIMS_CATALOG);
  process.stdout.write(accessSql(accessModel(env)).map(renderScript).join("\n"));
});
