// @actions/workflow-parser 0.3.61 imports its JSON schema without an import attribute
// (`import Schema from "../workflow-v1.0.min.json"`), which Node.js 20 refuses. This load hook
// serves those JSON files as ES modules, so the official parser runs unmodified.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && url.includes("/@actions/workflow-parser/")) {
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${text};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
