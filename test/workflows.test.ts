/**
 * The GitHub Actions workflows, checked here because there is no GitHub to run them: first with
 * GitHub's own parser (@actions/workflow-parser, run as a Node ESM script because the package is
 * ESM-only), then with structural assertions about what each workflow must and must not do.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "./harness";

const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const SETUP_ACTION = path.join(REPO_ROOT, ".github", "actions", "setup", "action.yml");
const VALIDATOR = path.join(REPO_ROOT, "scripts", "workflows", "validate.mjs");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly if?: string;
}
interface Job {
  readonly "runs-on"?: unknown;
  readonly steps?: Step[];
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string | { name: string };
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly strategy?: { matrix?: { stack?: string[] } };
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const files = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const load = (file: string) => yaml.load(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
const workflows = Object.fromEntries(files.map((file) => [file, load(file)]));
const allJobs = Object.entries(workflows).flatMap(([file, workflow]) => Object.entries(workflow.jobs).map(([id, job]) => ({ file, id, job })));
const pulumiSteps = (job: Job) => (job.steps ?? []).filter((step) => step.uses?.startsWith("pulumi/actions@"));
const signsInToAzure = (job: Job) => (job.steps ?? []).some((step) => step.uses === "./.github/actions/setup" && step.with?.["azure-login"] === "true");
const needs = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

describe("GitHub's workflow parser", () => {
  test("accepts every workflow and the shared setup action", () => {
    const output = execFileSync(process.execPath, [VALIDATOR, ...files.map((file) => path.join(WORKFLOWS, file)), SETUP_ACTION], { cwd: REPO_ROOT, encoding: "utf8" });
    const results = output.trim().split("\n").map((line) => JSON.parse(line) as { file: string; errors: string[]; jobs?: string[] });
    expect(results).toHaveLength(files.length + 1);
    for (const result of results) expect([result.file, result.errors]).toEqual([result.file, []]);
    expect(results.find((r) => r.file.endsWith("deploy.yml"))?.jobs).toEqual(["test", "deploy-dev", "deploy-prod"]);
  });

  test("rejects a broken workflow (so the check above can fail)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genims-wf-"));
    const broken = path.join(dir, "broken.yml");
    fs.writeFileSync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n");
    const result = spawnSync(process.execPath, [VALIDATOR, broken], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Unexpected value 'stepz'");
  });
});

describe("workflow structure", () => {
  test("there are the pull-request, deploy and drift workflows", () => {
    // Others may be added; these three must exist.
    expect(files).toEqual(expect.arrayContaining(["deploy.yml", "drift.yml", "pull-request.yml"]));
  });

  test("every job has runs-on and steps, and every action is pinned to a version", () => {
    for (const { file, id, job } of allJobs) {
      // A runner label, a label list (self-hosted), or an expression choosing between them.
      const runsOn = job["runs-on"];
      expect([file, id, typeof runsOn === "string" || (Array.isArray(runsOn) && runsOn.length > 0 && runsOn.every((label) => typeof label === "string"))]).toEqual([file, id, true]);
      expect([file, id, (job.steps ?? []).length > 0]).toEqual([file, id, true]);
    }
    const setup = yaml.load(fs.readFileSync(SETUP_ACTION, "utf8")) as { runs: { steps: Step[] } };
    const uses = [...allJobs.flatMap(({ job }) => job.steps ?? []), ...setup.runs.steps].map((step) => step.uses).filter((u): u is string => u !== undefined);
    expect(uses.length).toBeGreaterThan(0);
    // A full version (vX.Y.Z) or a commit SHA; a moving major tag (@v4) could change under us.
    for (const action of uses) expect(action).toMatch(/^(\.\/.+|[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40}))$/);
  });

  test("the pull-request workflow tests, checks snapshots, previews with policies and never deploys", () => {
    const pr = workflows["pull-request.yml"]!;
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const runs = Object.values(pr.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run ?? ""));
    expect(runs).toEqual(expect.arrayContaining(["npm test", "npm run -s plan:check"]));
    for (const run of runs) expect(run).not.toMatch(/pulumi\s+(up|destroy|refresh)/);
    for (const job of Object.values(pr.jobs)) for (const step of pulumiSteps(job)) expect(step.with?.command).toBe("preview");

    const preview = pr.jobs.preview!;
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(needs(preview)).toContain("test");
    expect(preview.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(pulumiSteps(preview)).toEqual([
      expect.objectContaining({
        with: expect.objectContaining({ command: "preview", diff: true, "comment-on-pr": true, policyPacks: "policy", policyPackConfigs: "policy/config.${{ matrix.stack }}.json" }),
      }),
    ]);
    expect(preview.permissions?.["pull-requests"]).toBe("write");
  });

  test("prod jobs run on a self-hosted runner inside the VNet: its servers are private", () => {
    const prodJobs = allJobs.filter(({ job, id }) => id.includes("prod") || JSON.stringify(job).includes("matrix.stack"));
    expect(prodJobs.length).toBeGreaterThanOrEqual(3);
    for (const { file, id, job } of prodJobs) expect([file, id, JSON.stringify(job["runs-on"])]).toEqual([file, id, expect.stringContaining("genims-prod-vnet")]);
  });

  test("deploy: dev on every push to main, prod after dev behind the production environment", () => {
    const deploy = workflows["deploy.yml"]!;
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    const dev = deploy.jobs["deploy-dev"]!;
    const prod = deploy.jobs["deploy-prod"]!;
    expect(pulumiSteps(dev).map((s) => [s.with?.command, s.with?.["stack-name"]])).toEqual([["up", "dev"]]);
    expect(pulumiSteps(prod).map((s) => [s.with?.command, s.with?.["stack-name"]])).toEqual([["up", "prod"]]);
    expect(needs(dev)).toContain("test");
    expect(needs(prod)).toContain("deploy-dev");
    expect(typeof prod.environment === "string" ? prod.environment : prod.environment?.name).toBe("production");
    // Only the prod job waits for approval; a `pulumi up` of prod anywhere else would bypass it.
    for (const { id, job } of allJobs) {
      if (pulumiSteps(job).some((s) => s.with?.command === "up" && s.with?.["stack-name"] === "prod")) expect(id).toBe("deploy-prod");
    }
  });

  test("drift: scheduled refresh then a preview that expects no changes, per stack", () => {
    const drift = workflows["drift.yml"]!;
    expect((drift.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const job = drift.jobs.drift!;
    expect(job.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(pulumiSteps(job).map((s) => [s.with?.command, s.with?.["expect-no-changes"] ?? false])).toEqual([
      ["refresh", false],
      ["preview", true],
    ]);
  });

  test("Azure sign-in is OIDC only: id-token permission, ARM_USE_OIDC, ids from vars, no client secret", () => {
    const azureJobs = allJobs.filter(({ job }) => signsInToAzure(job) || pulumiSteps(job).length > 0);
    expect(azureJobs.map(({ file, id }) => `${file}:${id}`)).toEqual(expect.arrayContaining(["deploy.yml:deploy-dev", "deploy.yml:deploy-prod", "drift.yml:drift", "pull-request.yml:preview"]));
    for (const { file, id, job } of azureJobs) {
      expect([file, id, signsInToAzure(job), job.permissions?.["id-token"]]).toEqual([file, id, true, "write"]);
      expect(job.env).toEqual(
        expect.objectContaining({
          ARM_USE_OIDC: "true",
          ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
          ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
          ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
          PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
        }),
      );
    }
    // Jobs that do not touch the cloud get no token and no secrets.
    for (const { file, id, job } of allJobs.filter((j) => !azureJobs.includes(j))) {
      expect([file, id, job.permissions?.["id-token"], JSON.stringify(job).includes("secrets.")]).toEqual([file, id, undefined, false]);
    }
    for (const workflow of Object.values(workflows)) expect(workflow.permissions).toEqual({ contents: "read" });
  });

  test("no secret in plain text: credential-like values are expressions, and no long-lived Azure secret exists", () => {
    const texts = [...files.map((file) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8")), fs.readFileSync(SETUP_ACTION, "utf8")];
    const credentialKey = /(TOKEN|SECRET|PASSWORD|PRIVATE|PUBLIC_KEY|CLIENT_ID|TENANT_ID|SUBSCRIPTION_ID|client-id|tenant-id|subscription-id|github-token)$/i;
    const visit = (value: unknown, key: string): void => {
      if (Array.isArray(value)) value.forEach((item) => visit(item, key));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
      // `id-token: write` is a permission, not a token.
      else if (key !== "id-token" && credentialKey.test(key)) expect([key, String(value)]).toEqual([key, expect.stringMatching(/^\$\{\{ (secrets|vars|env)\.[A-Z_]+ \}\}$/)]);
    };
    for (const text of texts) {
      visit(yaml.load(text), "");
      expect(text).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CREDENTIALS|creds:|client-secret/);
      // Literal GUIDs or Pulumi tokens would be credentials or ids that belong in vars.
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|pul-[0-9a-f]{20,}/i);
    }
  });
});
