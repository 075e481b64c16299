/**
 * The day-2 guide, row by row: each change is applied to its stack (and catalog), the program runs
 * before and after, and the plan diff report must give the verdict the day-2 guide (docs/operating.md) states.
 */
import { DAY2_CHANGES, type Day2Result, day2Guide, tryDay2Change, verdictOf } from "../scripts/lib/day2";
import { parsePlan } from "../scripts/lib/planDiff";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./harness";

const results = new Map<string, Day2Result>();
beforeAll(async () => {
  for (const row of DAY2_CHANGES) results.set(row.id, await tryDay2Change(row));
}, 300_000);

test("the guide covers the common changes of issue 11", () => {
  expect(DAY2_CHANGES.map((row) => row.id)).toEqual([
    "grow-storage", "change-sku", "add-allowed-client", "rename-allowed-client", "add-module-database", "move-database",
    "rotate-passwords", "replace-entra-admin", "ha-off", "close-public-access", "restore-server", "cut-over-restore", "move-maintenance-window", "geo-backup-off", "remove-module",
  ]);
});

test.each(DAY2_CHANGES.map((row) => [row.change, row] as const))("%s: the lifecycle emulator's verdict, the plan report's and the guide's agree; the stack converges", (_change, row) => {
  const result = results.get(row.id)!;
  expect({ id: row.id, emulated: result.emulated, plan: result.verdict }).toEqual({ id: row.id, emulated: row.verdict, plan: row.verdict });
  expect({ id: row.id, pending: result.pending }).toEqual({ id: row.id, pending: [] });
});

test("what the verdicts rest on: the right resources", () => {
  expect(results.get("change-sku")!.findings).toEqual([expect.objectContaining({ severity: "restart", name: "pg-master-server", property: "sku.name" })]);
  expect(results.get("move-database")!.findings).toEqual([expect.objectContaining({ severity: "delete", name: "pg-corporate-db-genims-supplier-db" })]);
  expect(results.get("move-database")!.changes.added).toContain("azure-native:dbforpostgresql:Database  pg-master-db-genims-supplier-db");
  expect(results.get("remove-module")!.findings).toEqual([expect.objectContaining({ severity: "delete", name: "pg-corporate-db-genims-supplier-db" })]);
  expect(results.get("restore-server")!.changes.added).toContain("azure-native:dbforpostgresql:Server  pg-master-r1-server");
  expect(results.get("rename-allowed-client")!.changes.removed.every((key) => /FirewallRule|ProjectIpAccessList/.test(key))).toBe(true);
  expect(results.get("grow-storage")!.changes.changed).toEqual(["azure-native:dbforpostgresql:Server  pg-master-server"]);
  // The cutover, as the plan shows it: the master server's SQL providers change host and its
  // passwords' keepers change (the roles' and secrets' new values are secret: the offline plan
  // cannot show them); nothing else changes, nothing is replaced or removed.
  const cutover = results.get("cut-over-restore")!;
  expect(cutover.changes.changed).toEqual(expect.arrayContaining(["pulumi:providers:postgresql  pg-master-access-provider", "random:index/randomPassword:RandomPassword  pg-master-access-password-genims_master_app"]));
  expect(cutover.changes.changed.every((key) => / pg-master-access-(provider|password)/.test(key))).toBe(true);
  expect([cutover.changes.added, cutover.changes.removed, cutover.findings.filter((f) => f.severity === "replace" || f.severity === "delete")]).toEqual([[], [], []]);
});

test("a deletion of a resource without [protect] is a deletion, not blocked", () => {
  const before = parsePlan(["+ azure-native:dbforpostgresql:Database  d", "    databaseName: x"].join("\n"));
  expect(verdictOf(before, [{ severity: "delete", type: "azure-native:dbforpostgresql:Database", name: "d", property: undefined, before: undefined, after: undefined, why: "" }], { added: [], removed: ["x"], changed: [] })).toBe("deletion");
});

test("the day-2 guide (docs/operating.md) is generated from the table", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "docs", "operating.md"), "utf8");
  expect(readme).toContain(`<!-- generated:day2 -->\n${day2Guide()}\n<!-- /generated:day2 -->`);
});
