/**
 * The environments of this repository: one per `Pulumi.<stack>.yaml`. Everything that depends on
 * the list of stacks (plan snapshots, the topology and server tables, the policy configuration
 * check, CI matrices through `npm run stacks`) reads it here; the promotion order that the deploy
 * workflow follows is `environments.json` (scripts/lib/environments.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

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

/** A stack name without a file, or a stack file that does not parse: one line, with what to do. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** Throws a `StackFileError` naming the stacks that exist when `stack` has no file. */
export function requireStack(stack: string, root = REPO_ROOT): void {
  if (fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`))) return;
  const stacks = repositoryStacks(root);
  throw new StackFileError(`no stack "${stack}": there is no Pulumi.${stack}.yaml; the stacks here are ${stacks.length > 0 ? stacks.join(", ") : "none"} (a new one: README, "A new environment")`);
}

/**
 * The `config:` block of `Pulumi.<stack>.yaml`. A missing file names the stacks that exist; a YAML
 * syntax error is `Pulumi.<stack>.yaml:<line>:<column>: <reason>`.
 */
export function readStackFile(stack: string, root = REPO_ROOT): Record<string, unknown> {
  requireStack(stack, root);
  const file = `Pulumi.${stack}.yaml`;
  let document: unknown;
  try {
    document = yaml.load(fs.readFileSync(path.join(root, file), "utf8"));
  } catch (error) {
    if (error instanceof yaml.YAMLException) throw new StackFileError(`${file}:${error.mark.line + 1}:${error.mark.column + 1}: ${error.reason} (YAML syntax)`);
    throw error;
  }
  if (document === undefined || document === null) return {};
  const config = (document as { config?: unknown }).config;
  if (typeof document !== "object" || Array.isArray(document) || (config !== undefined && (config === null || typeof config !== "object" || Array.isArray(config)))) {
    throw new StackFileError(`${file}: expected a mapping with a "config:" mapping of keys to values, as in Pulumi.dev.yaml`);
  }
  return (config ?? {}) as Record<string, unknown>;
}
