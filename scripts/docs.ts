/** `npm run docs`: rewrites every generated file (scripts/lib/docs.ts, generatedFiles) and says which changed. */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lib/offline";
import { generatedFiles } from "./lib/docs";

for (const { file, current, generated } of generatedFiles()) {
  if (current !== generated) fs.writeFileSync(path.join(REPO_ROOT, file), generated);
  process.stdout.write(current === generated ? `${file} is up to date\n` : `${file} regenerated\n`);
}
