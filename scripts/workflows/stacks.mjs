// The stacks this repository deploys, as the workflows' matrices see them: one per
// `Pulumi.<stack>.yaml` beside Pulumi.yaml, so a new environment is one new stack file.
// `node scripts/workflows/stacks.mjs` prints the JSON array; with `--github-output` it prints
// `stacks=<json>` for `>> "$GITHUB_OUTPUT"`. No dependencies: the listing job skips `npm ci`.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const stacks = readdirSync(root)
  .map((file) => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(file)?.[1])
  .filter((stack) => stack !== undefined)
  .sort();
if (stacks.length === 0) {
  process.stderr.write(`no Pulumi.<stack>.yaml in ${root}\n`);
  process.exit(1);
}
process.stdout.write(process.argv.includes("--github-output") ? `stacks=${JSON.stringify(stacks)}\n` : `${JSON.stringify(stacks)}\n`);
