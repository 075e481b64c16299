/**
 * `npm run export -- <stack> [--out <file>]`: an offline `pulumi stack export` of the stack's plan:
 * the real program run under mocks (as `npm run plan` does), written in Pulumi's export format, so
 * `npm run audit` can be tried without a cloud, a CLI or credentials:
 *
 *   npm run -s export -- prod --out prod.export.json && npm run audit -- prod.export.json
 *
 * Ids are placeholders and secrets carry no value (the form of a plain `pulumi stack export`, with
 * a placeholder ciphertext); the audit says it is reading an offline export. For a deployed stack,
 * use `pulumi stack export --stack <stack> --file <file>` instead.
 */
import * as fs from "node:fs";
import { type Command, runCommand, usageError } from "./lib/cli";
import { runGenims } from "./lib/offline";
import { exportFromRun } from "./lib/exportFromRun";
import { repositoryStacks, requireStack } from "./lib/stacks";

const COMMAND: Command = {
  name: "export",
  help: `usage: npm run export -- <stack> [--out <file>]   (stacks here: ${repositoryStacks().join(", ")})
Writes an offline \`pulumi stack export\` of the stack's plan (placeholder ids, no secret values), for
trying \`npm run audit\` without a cloud.`,
};

async function main(args: string[]): Promise<void> {
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  if (outAt >= 0 && out === undefined) throw usageError(COMMAND, "--out needs a file");
  const stack = args.filter((arg, index) => !arg.startsWith("--") && !(outAt >= 0 && index === outAt + 1))[0];
  if (stack === undefined) throw usageError(COMMAND, "name the stack");
  requireStack(stack);
  const text = `${JSON.stringify(await exportFromRun(stack, await runGenims(stack), "ciphertext"), null, 2)}\n`;
  if (out === undefined) process.stdout.write(text);
  else fs.writeFileSync(out, text, { mode: 0o600 });
}

runCommand(COMMAND, main);
