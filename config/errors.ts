import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with a stack's config. */
export interface ConfigIssue {
  /** Config path as a user would type it, e.g. `genims:postgresServers[2]`. */
  readonly path: string;
  /** The offending value (never a secret: secrets are not read by the validator). */
  readonly value: unknown;
  /** Why it is wrong. */
  readonly problem: string;
  /** What would be valid. */
  readonly expected: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const value = issue.value === undefined ? "(not set)" : JSON.stringify(issue.value);
  return `${issue.path} = ${value}: ${issue.problem}; expected ${issue.expected}`;
}

/**
 * Every problem of a stack's config, thrown together before any resource is registered.
 * Extends `pulumi.RunError` so `pulumi up` prints the list without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  readonly issues: readonly ConfigIssue[];

  constructor(stack: string, issues: readonly ConfigIssue[]) {
    super(
      `Stack "${stack}" has ${issues.length} configuration problem${issues.length === 1 ? "" : "s"}; nothing was deployed:\n` +
        issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n"),
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}
