/** `npm run docs`: rewrites the README's generated sections (topology, collections, config reference). */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../test/harness";
import { regenerate } from "./lib/docs";

const readme = path.join(REPO_ROOT, "README.md");
const before = fs.readFileSync(readme, "utf8");
const after = regenerate(before);
fs.writeFileSync(readme, after);
process.stdout.write(before === after ? "README.md is up to date\n" : "README.md regenerated\n");
