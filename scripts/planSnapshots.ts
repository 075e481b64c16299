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
import { ConfigError } from "../config/errors";
import { PLANS_DIR, UPDATE_COMMAND, compareAll, renderComparison, snapshotPath } from "./lib/snapshots";

async function main(mode: string | undefined): Promise<number> {
  if (mode !== "update" && mode !== "check") throw new Error(`usage: planSnapshots.ts update|check (got ${String(mode)})`);
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

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
