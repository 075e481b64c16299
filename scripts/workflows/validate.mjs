// Validates GitHub Actions files with GitHub's own parser (@actions/workflow-parser, the one
// behind the Actions language service): `node scripts/workflows/validate.mjs <file>...`.
// Workflows (.github/workflows/*) are parsed and converted to a WorkflowTemplate; action
// manifests (action.yml) are parsed against the action schema. Prints one JSON line per file:
// { file, kind, errors: string[], jobs?: string[] }, and exits 1 if any file has errors.
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { basename } from "node:path";

register(new URL("./json-import-hook.mjs", import.meta.url));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
const { parseAction } = await import("@actions/workflow-parser/actions/index");

let failed = false;
for (const file of process.argv.slice(2)) {
  const content = readFileSync(file, "utf8");
  const trace = new NoOperationTraceWriter();
  const isAction = /^action\.ya?ml$/.test(basename(file));
  const result = isAction ? parseAction({ name: file, content }, trace) : parseWorkflow({ name: file, content }, trace);
  const errors = result.context.errors.getErrors().map((error) => error.message);
  let jobs;
  if (!isAction && errors.length === 0) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    for (const error of template.errors ?? []) errors.push(error.Message);
    jobs = (template.jobs ?? []).map((job) => job.id.value);
  }
  if (errors.length > 0) failed = true;
  process.stdout.write(`${JSON.stringify({ file, kind: isAction ? "action" : "workflow", errors, ...(jobs ? { jobs } : {}) })}\n`);
}
process.exit(failed ? 1 : 0);
