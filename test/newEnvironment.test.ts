/**
 * README "A new environment", performed for real: in a copy of the repository, the README's steps
 * for `staging` (between dev and prod) and `qa` (between dev and staging), then the suites that
 * check every stack (generated files, workflows, plan snapshots, policy configs, policies on the
 * real stacks) run there and must pass. Before the steps are done, what is missing is named in
 * sentences.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { GENIMS_CATALOG } from "../catalog";
import { ConfigError } from "../config/errors";
import { readNamespace } from "../config/load";
import { validateEnvironment } from "../config/validate";
import { environmentProblems, promotionOrder } from "../scripts/lib/environments";
import { tempDir } from "./tempDir";
import { REPO_ROOT, stackConfig } from "./harness";

/** The suites that read the list of stacks: what a new environment must get green. */
const SUITES = ["test/docs.test.ts", "test/workflows.test.ts", "test/planSnapshots.test.ts", "test/policyPack.test.ts", "test/policy.test.ts"];
const SKIP = new Set(["node_modules", ".git", "coverage"]);

function copyRepository(to: string): void {
  fs.cpSync(REPO_ROOT, to, { recursive: true, filter: (source) => !SKIP.has(path.basename(source)) || path.dirname(source) !== REPO_ROOT });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(to, "node_modules"), "dir");
}

const run = (cwd: string, command: string, args: string[]) => spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });

/** README step 1: the stack file, with its own names and environment tag. */
function addStackFile(dir: string, name: string, prefix: string): void {
  const prod = fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8");
  const file = prod.replace(/genims-prod/g, prefix).replace("rg-genims-prod", `rg-genims-${name}`).replace("environment: prod", `environment: ${name}`);
  expect(file).not.toContain("genims-prod");
  fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), file);
}

/** README step 2: the policy pack config, copied from prod's. */
const addPolicyConfig = (dir: string, name: string) => fs.copyFileSync(path.join(dir, "policy", "config.prod.json"), path.join(dir, "policy", `config.${name}.json`));

/** README step 3: the name in the promotion order, before `before`. */
function promote(dir: string, name: string, before: string): void {
  const file = path.join(dir, "environments.json");
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as { promotion: string[] };
  data.promotion.splice(data.promotion.indexOf(before), 0, name);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

describe("a new environment takes exactly the README's steps", () => {
  test("staging and qa: the steps in a copy of the repository, then the suites that check every stack pass there", () => {
    const dir = tempDir("newenv");
    copyRepository(dir);
    expect(promotionOrder(dir)).toEqual(["dev", "prod"]);

    // Step 1 alone: the rest is named in sentences.
    addStackFile(dir, "staging", "genims-stg");
    expect(environmentProblems(dir)).toEqual([
      'Pulumi.staging.yaml has no place in the promotion order: add "staging" to "promotion" in environments.json where it deploys (now ["dev","prod"]), then run npm run docs.',
      "staging has no policy pack config: cp policy/config.prod.json policy/config.staging.json, then make advisory the policies that may only warn in staging.",
    ]);
    addPolicyConfig(dir, "staging");
    promote(dir, "staging", "prod");
    for (const step of [() => addStackFile(dir, "qa", "genims-qa"), () => addPolicyConfig(dir, "qa"), () => promote(dir, "qa", "staging")]) step();
    expect(environmentProblems(dir)).toEqual([]);
    expect(promotionOrder(dir)).toEqual(["dev", "qa", "staging", "prod"]);

    // Until step 4, the suites fail, and say why in words.
    const before = run(dir, process.execPath, [require.resolve("jest/bin/jest"), "--selectProjects", "unit", "--maxWorkers=1", "test/docs.test.ts"]);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain("README.md is stale: run npm run docs and commit it");
    expect(before.stderr).toContain(".github/workflows/deploy.yml is stale: run npm run docs and commit it");

    // Step 4: `npm run docs && npm run plan:update`.
    for (const script of ["docs", "plan:update"]) {
      const result = run(dir, "npm", ["run", "-s", script]);
      expect([script, result.status, result.stderr]).toEqual([script, 0, ""]);
    }
    expect(fs.readFileSync(path.join(dir, ".github", "workflows", "deploy.yml"), "utf8")).toContain("deploy-staging:\n    name: pulumi up (staging)\n    needs: deploy-qa");
    expect(fs.readFileSync(path.join(dir, "plans", "staging.plan.txt"), "utf8")).toContain("genims-stg-pg-operations");

    const after = run(dir, process.execPath, [require.resolve("jest/bin/jest"), "--selectProjects", "unit", "--maxWorkers=1", ...SUITES]);
    expect([after.status, after.stderr.split("\n").filter((line) => /^(FAIL|\s+●)/.test(line))]).toEqual([0, []]);
    expect(after.stderr).toMatch(new RegExp(`Test Suites: ${SUITES.length} passed, ${SUITES.length} total`));

    // Step 5 is outside the repository; for a real `pulumi up` the stack needs only the README's
    // three `pulumi config set` lines (first deploy, step 2): exactly those keys are missing.
    try {
      validateEnvironment("staging", readNamespace(stackConfig("staging", dir, { offline: false })), GENIMS_CATALOG);
      throw new Error("accepted");
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => `${issue.path} ${issue.problem}`)).toEqual(["genims:entraTenantId is required", "genims:entraAdminObjectId is required", "genims:atlasOrgId is required"]);
    }
  }, 300_000);
});
