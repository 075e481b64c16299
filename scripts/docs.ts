/** `npm run docs`: rewrites the README's generated sections and Pulumi.yaml's config declarations. */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lib/offline";
import { regenerate, regenerateProjectFile } from "./lib/docs";

for (const [file, render] of [
  ["README.md", regenerate],
  ["Pulumi.yaml", regenerateProjectFile],
] as const) {
  const target = path.join(REPO_ROOT, file);
  const before = fs.readFileSync(target, "utf8");
  const after = render(before);
  fs.writeFileSync(target, after);
  process.stdout.write(before === after ? `${file} is up to date\n` : `${file} regenerated\n`);
}
