import { parsePlan } from "../scripts/lib/planDiff";
import { PLANS_DIR, UPDATE_COMMAND, type SnapshotComparison, compareAll, compareSnapshot, newStaticParameters, renderComparison, repositoryStacks } from "../scripts/lib/snapshots";

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

describe("the report of a brand-new stack", () => {
  test("reports its static parameters as the one-time restart after the first `pulumi up`, not as restarts of running servers", () => {
    const dev = comparisons.find((c) => c.stack === "dev")!.generated!;
    const report = renderComparison(compareSnapshot("dev", undefined, dev));
    const statics = newStaticParameters(dev).length;
    // Not restarts of running servers: the report's findings hold none.
    expect(compareSnapshot("dev", undefined, dev).findings.filter((f) => f.severity === "restart")).toEqual([]);
    expect(statics).toBeGreaterThan(0);
    expect(report).not.toMatch(/RESTART|that restart a server/);
    expect(report).toBe(
      [
        "plans/dev.plan.txt: new snapshot (no committed plan to compare with)",
        `dev: a new stack, nothing running to restart; its ${statics} static server parameters take effect at the one-time restart of each server after the first \`pulumi up\` (README, "First deploy", step 6)`,
        `dev: ${parsePlan(dev).size} resources to create, none replaced or deleted`,
        "",
      ].join("\n"),
    );
  });
});

describe("a plan reads in a 120-column terminal and in a PR comment", () => {
  test("the servers tables and every flags line ([protect] [after ...]) stay within 120 columns, and every server and flag is still there", () => {
    for (const comparison of comparisons) {
      const lines = comparison.generated!.split("\n");
      const servers = lines.slice(lines.indexOf("## Servers") + 1, lines.indexOf("## Resource counts"));
      const flags = lines.filter((line) => line.startsWith("    ["));
      const long = [...servers, ...flags].filter((line) => line.length > 120);
      expect([comparison.stack, long]).toEqual([comparison.stack, []]);
      expect(servers.length).toBeGreaterThan(0);
      // Wrapping loses nothing: each resource's dependencies, rejoined, are the ones the parser sees.
      expect(flags.some((line) => /^ {4}\[after [^\]]+\]( \[after [^\]]+\])*$/.test(line))).toBe(true);
    }
  });
});
