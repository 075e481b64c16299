import { parsePlan } from "../scripts/lib/planDiff";
import { PLANS_DIR, UPDATE_COMMAND, type SnapshotComparison, compareAll, renderComparison, repositoryStacks } from "../scripts/lib/snapshots";

let comparisons: SnapshotComparison[];
beforeAll(async () => {
  comparisons = await compareAll();
}, 60_000);

describe("committed plan snapshots", () => {
  test(`every stack's plans/<stack>.plan.txt is current (refresh: ${UPDATE_COMMAND})`, () => {
    expect(comparisons.map((c) => c.stack)).toEqual(expect.arrayContaining(repositoryStacks()));
    const stale = comparisons.filter((c) => c.stale).map((c) => `${renderComparison(c)}→ run \`${UPDATE_COMMAND}\` and commit ${PLANS_DIR}/${c.stack}.plan.txt`);
    // The message is the replacement report, so a failing CI run already says what would be replaced.
    expect(stale.join("\n")).toBe("");
  });

  test("each snapshot parses back to the resources the plan lists", () => {
    for (const comparison of comparisons) {
      const resources = parsePlan(comparison.generated ?? "");
      const headerCount = Number(/: (\d+) resources in (\d+) components/.exec(comparison.generated ?? "")?.slice(1).reduce((a, b) => String(Number(a) + Number(b))));
      expect([comparison.stack, resources.size]).toEqual([comparison.stack, headerCount]);
    }
  });
});
