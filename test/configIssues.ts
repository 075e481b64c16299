import { GENIMS_CATALOG } from "../catalog";
import { ConfigError, type ConfigIssue } from "../config/errors";
import { validateEnvironment } from "../config/validate";

/** The issues a config is rejected with; fails the test when the config is accepted. */
export function configIssues(values: Record<string, unknown>): ConfigIssue[] {
  try {
    validateEnvironment("test", values, GENIMS_CATALOG);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.issues];
  }
  throw new Error("config was accepted");
}
