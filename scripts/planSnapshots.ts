/**
 * `npm run plan:update`: regenerates `plans/<stack>.plan.txt` for every stack file (and removes
 * snapshots of deleted stacks), printing, per stack, what would be replaced or deleted compared
 * with the snapshot on disk before it is overwritten (in a clean checkout: the committed one).
 *
 * `npm run plan:check`: the same comparison without writing; exits 1 when a snapshot is stale.
 * CI runs it (and `npm test` runs the same check as a jest test).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, runCommand, usageError } from "./lib/cli";
import { PLANS_DIR, UPDATE_COMMAND, compareAll, renderComparison, snapshotPath } from "./lib/snapshots";

const COMMAND: Command = {
  name: "plan snapshots",
  help: `usage: npm run plan:update | npm run plan:check
plan:update regenerates plans/<stack>.plan.txt for every stack file and prints what would be
replaced, deleted or restarted compared with the snapshot on disk; plan:check compares without
writing and exits 1 when a snapshot is stale.`,
};

async function main([mode, ...rest]: string[]): Promise<number> {
  if ((mode !== "update" && mode !== "check") || rest.length > 0) throw usageError(COMMAND, `expected update or check, got ${[mode, ...rest].join(" ") || "nothing"}`);
  const comparisons = await compareAll();
  for (const comparison of comparisons) {
    process.stdout.write(renderComparison(comparison));
    if (mode === "update" && comparison.stale) {
      const file = snapshotPath(comparison.stack);
      if (comparison.generated === undefined) fs.rmSync(file);
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, comparison.generated);
      }
    }
  }
  const stale = comparisons.filter((comparison) => comparison.stale);
  if (mode === "check" && stale.length > 0) {
    process.stdout.write(`\n${stale.length} plan snapshot(s) in ${PLANS_DIR}/ are stale: run \`${UPDATE_COMMAND}\` and commit the result.\n`);
    return 1;
  }
  if (mode === "update") process.stdout.write(stale.length > 0 ? `\nupdated ${stale.length} snapshot(s) in ${PLANS_DIR}/: review and commit them\n` : "\nevery snapshot was up to date\n");
  return 0;
}

runCommand(COMMAND, main);
