/** `npm run docs`: rewrites every generated file (scripts/lib/docs.ts, generatedFiles) and says which changed. */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, runCommand, usageError } from "./lib/cli";
import { generatedFiles } from "./lib/docs";
import { REPO_ROOT } from "./lib/stacks";

const COMMAND: Command = {
  name: "docs",
  help: `usage: npm run docs
Rewrites every generated file from the catalog, the schema, the stack files and environments.json:
README's topology table; docs/configuration.md's server, collection and config tables;
docs/operating.md's day-2 guide; Pulumi.yaml's config block; .github/workflows/deploy.yml and
.github/actionlint.yaml. \`npm test\` fails while any of them is stale.`,
};

runCommand(COMMAND, (args) => {
  if (args.length > 0) throw usageError(COMMAND, `unexpected ${args.join(" ")}`);
  for (const { file, current, generated } of generatedFiles()) {
    if (current !== generated) fs.writeFileSync(path.join(REPO_ROOT, file), generated);
    process.stdout.write(current === generated ? `${file} is up to date\n` : `${file} regenerated\n`);
  }
});
