/**
 * The environments of this repository: one per `Pulumi.<stack>.yaml`. Everything that depends on
 * the list of stacks (plan snapshots, the topology and server tables, the policy configuration
 * check, CI matrices through `npm run stacks`) reads it here; the promotion order that the deploy
 * workflow follows is `environments.json` (scripts/lib/environments.ts).
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
 * The policy pack configuration of a stack: `policy/config.<stack>.json`, which every stack must
 * have. There is no fallback: the workflows pass that path to `pulumi preview` and `pulumi up`,
 * and which policies only warn is a decision per environment, not an accident of a missing file.
 */
export function policyConfigFor(stack: string, root = REPO_ROOT): string {
  const own = path.join("policy", `config.${stack}.json`);
  if (!fs.existsSync(path.join(root, own))) throw new Error(`${stack} has no policy pack config: cp policy/config.prod.json policy/config.${stack}.json, then make advisory the policies that may only warn in ${stack}.`);
  return own;
}
