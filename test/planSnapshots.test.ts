import { parsePlan } from "../scripts/lib/planDiff";
import { PLANS_DIR, UPDATE_COMMAND, compareAll, renderComparison, repositoryStacks } from "../scripts/lib/snapshots";

describe("committed plan snapshots", () => {
  test(`every stack's plans/<stack>.plan.txt is current (refresh: ${UPDATE_COMMAND})`, async () => {
    const comparisons = await compareAll();
    expect(comparisons.map((c) => c.stack)).toEqual(expect.arrayContaining(repositoryStacks()));
    const stale = comparisons.filter((c) => c.stale).map((c) => `${renderComparison(c)}→ run \`${UPDATE_COMMAND}\` and commit ${PLANS_DIR}/${c.stack}.plan.txt`);
    // The message is the replacement report, so a failing CI run already says what would be replaced.
    expect(stale.join("\n")).toBe("");
  }, 60_000);

  test("each snapshot parses back to the resources the plan lists", async () => {
    for (const comparison of await compareAll()) {
      const resources = parsePlan(comparison.generated ?? "");
      const headerCount = Number(/: (\d+) resources in (\d+) components/.exec(comparison.generated ?? "")?.slice(1).reduce((a, b) => String(Number(a) + Number(b))));
      expect([comparison.stack, resources.size]).toEqual([comparison.stack, headerCount]);
    }
  }, 60_000);
});
