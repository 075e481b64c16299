/**
 * The engine's own rules, on every committed stack file and on a maximal fixture: what the
 * mocks accept but `pulumi preview` refuses (pulumi/pulumi v3.248.0): a URN registered twice
 * ("Duplicate resource URN"), an `import` whose target does not exist yet (ImportStep reads it in
 * preview too), an alias that is another resource's URN. A fresh preview through the lifecycle
 * emulator must be clean.
 */
import * as random from "@pulumi/random";
import { Lifecycle } from "../lifecycle/emulator";
import { deployAsDocumented } from "../lifecycle/deploy";
import { mysqlServers, postgresServers, runWith } from "../lifecycle/scenario";
import { repositoryStacks } from "../scripts/lib/stacks";
import { runGenims, runProgram } from "./harness";

const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const MOMENT = "2026-11-20T03:15:00Z";

test.each(repositoryStacks())("Pulumi.%s.yaml: a fresh preview passes the engine's rules, and the documented deploy converges", async (stack) => {
  const run = await runGenims(stack);
  const emulator = new Lifecycle(stack);
  expect(emulator.preview(run).errors).toEqual([]);
  expect(deployAsDocumented(emulator, run).errors).toEqual([]);
});

test("maximal fixture: every server and the Atlas cluster restored at once, both phases, previews clean", async () => {
  const everything = (adopt: boolean) =>
    runWith("prod", (v) => {
      v.azureSubscriptionId = SUBSCRIPTION;
      v.pgauditExtension = true;
      for (const server of Object.values(postgresServers(v))) server.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, adopt };
      for (const server of Object.values(mysqlServers(v))) server.restore = { mode: "GeoRestore", pointInTimeUTC: MOMENT, location: "northeurope", suffix: "dr", subnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-genims-dr/providers/Microsoft.Network/virtualNetworks/genims-prod-dr-vnet/subnets/mysql", adopt };
      v.atlasRestore = { mode: "pointInTime", pointInTimeUTC: MOMENT };
    });
  const emulator = new Lifecycle("prod");
  expect(deployAsDocumented(emulator, await runGenims("prod")).errors).toEqual([]);
  const phase1 = await everything(false);
  expect(emulator.preview(phase1, { refresh: true }).errors).toEqual([]);
  expect(deployAsDocumented(emulator, phase1).errors).toEqual([]);
  expect(deployAsDocumented(emulator, await everything(true)).errors).toEqual([]);
}, 60_000);

test("the rules bite: one URN registered twice, and an alias onto a live resource", async () => {
  const twice = await runProgram("dev", {}, () => {
    new random.RandomPassword("same", { length: 8 });
    new random.RandomPassword("same", { length: 9 });
  });
  expect(new Lifecycle("dev").preview(twice).errors).toEqual(["Duplicate resource URN 'urn:pulumi:dev::genims::random:index/randomPassword:RandomPassword::same'; try giving it a unique name"]);
  const aliased = await runProgram("dev", {}, () => {
    new random.RandomPassword("a", { length: 8 });
    new random.RandomPassword("b", { length: 8 }, { aliases: [{ name: "a" }] });
  });
  expect(new Lifecycle("dev").preview(aliased).errors).toEqual([expect.stringMatching(/RandomPassword::b: alias '.*RandomPassword::a' is the URN of another resource/)]);
});
