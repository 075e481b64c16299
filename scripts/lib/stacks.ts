/**
 * The environments of this repository: one per `Pulumi.<stack>.yaml`. Everything that depends on
 * the list of stacks (plan snapshots, the README's tables, the policy configuration check, CI
 * matrices through `npm run stacks`) reads it here, so a new environment is one file.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Stacks with a stack file, sorted. */
export function repositoryStacks(root = REPO_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * The policy pack configuration of a stack: `policy/config.<stack>.json` when the stack has its
 * own, else prod's (every policy at its strictest level), so a new environment is checked from
 * its first preview without another file.
 */
export function policyConfigFor(stack: string, root = REPO_ROOT): string {
  const own = path.join("policy", `config.${stack}.json`);
  return fs.existsSync(path.join(root, own)) ? own : path.join("policy", "config.prod.json");
}
