/**
 * ESLint runs from `npm test` (`eslint .` before jest); these tests prove the config really
 * carries Pulumi's type-aware rules (@pulumi/eslint-plugin 0.3.1: no-output-in-template-literal,
 * no-output-instance-in-template-literal) and typescript-eslint's, by linting a fixture that
 * breaks them and checking exactly what is reported.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./harness";

const ESLINT = path.join(REPO_ROOT, "node_modules", "eslint", "bin", "eslint.js");
const FIXTURE = path.join("test", "fixtures", "lint", "outputInTemplate.ts");

interface LintResult {
  messages: { ruleId: string | null; line: number; message: string }[];
}

const lint = (file: string) => {
  const run = spawnSync(process.execPath, [ESLINT, "--no-ignore", "--format", "json", file], { cwd: REPO_ROOT, encoding: "utf8" });
  return { status: run.status, results: JSON.parse(run.stdout || "[]") as LintResult[], stderr: run.stderr };
};

describe("ESLint config", () => {
  test("flags an Output in a plain template literal (not pulumi.interpolate) and an unawaited promise (not `void`)", () => {
    const { status, results, stderr } = lint(FIXTURE);
    expect(stderr).toBe("");
    expect(status).toBe(1);
    expect(results[0]!.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ["@pulumi/no-output-in-template-literal", 6],
      ["@typescript-eslint/no-floating-promises", 13],
    ]);
  }, 60_000);
});
