/**
 * `npm run sql -- <stack>`: prints the stack's access model as SQL, per server, for a DBA's review
 * and as the break-glass path. Passwords are `{{PASSWORD:<login>}}` placeholders (the real ones
 * live in the Key Vault), so the output is safe to paste into a ticket.
 */
import { accessModel } from "../access/model";
import { accessSql, renderScript } from "../access/sql";
import { GENIMS_CATALOG } from "../catalog";
import { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { stackConfig } from "./lib/offline";

const stack = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
try {
  if (stack === undefined) throw new Error("usage: npm run sql -- <stack> (e.g. dev, prod)");
  const env = validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG);
  process.stdout.write(accessSql(accessModel(env)).map(renderScript).join("\n"));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
