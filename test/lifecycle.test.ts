/**
 * Day 2 as a sequence: the real program, the committed stack files, replayed through the lifecycle
 * emulator (lifecycle/) step after step — deploy, service events, config changes — asserting the
 * state after each step and that the next `up` changes nothing. Each scenario of the lifecycle
 * issue is here; where the old behaviour is part of the proof (it failed), the test replays the
 * old procedure too and asserts the failure the emulator finds in it.
 */
import { type Deployment, Lifecycle } from "../lifecycle/emulator";
import { DEPLOY_PROCEDURE, changesOf, deployAsDocumented, projectRefreshes } from "../lifecycle/deploy";
import { mysqlServers, postgresServers, runWith } from "../lifecycle/scenario";
import { type ProgramRun, runGenims } from "./harness";

const opsOf = (deployment: Deployment, name: string) => deployment.steps.filter((s) => s.name === name).map((s) => s.op);
const windowOf = (emulator: Lifecycle, server: string) =>
  Object.fromEntries(Object.entries(emulator.cloudOf(server).properties).filter(([p]) => p.startsWith("maintenanceWindow.")));
const goalWindow = (run: ProgramRun, server: string) =>
  Object.fromEntries(
    Object.entries(run.resources.find((r) => r.name === server)!.inputs.maintenanceWindow as Record<string, unknown>).map(([k, v]) => [`maintenanceWindow.${k}`, String(v)]),
  );
const SERVERS = { dev: ["pg-core-server", "mysql-core-server"], prod: ["pg-master-server", "pg-operations-server", "mysql-reporting-server", "mysql-compliance-server"] } as const;

let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
}, 120_000);

describe("a fresh deploy, as the deploy job runs it", () => {
  test("the project refreshes before every preview and up (Pulumi.yaml options.refresh: always)", () => {
    expect(projectRefreshes()).toBe(true);
    expect(DEPLOY_PROCEDURE.map((c) => `${c.command}${c.expectNoChanges ? " --expect-no-changes" : ""}`)).toEqual(["up", "up", "preview --expect-no-changes"]);
  });

  test.each(["dev", "prod"] as const)("%s: converges with every maintenance window in force; a further up changes nothing", (stack) => {
    const run = stack === "dev" ? dev : prod;
    const emulator = new Lifecycle(stack);
    const result = deployAsDocumented(emulator, run);
    expect(result.errors).toEqual([]);
    expect(result.pending).toEqual([]);
    for (const server of SERVERS[stack]) expect({ server, window: windowOf(emulator, server) }).toEqual({ server, window: goalWindow(run, server) });
    expect(changesOf(emulator.preview(run, { refresh: true }))).toEqual([]);
  });

  test("the old procedure (one up, no refresh) leaves every window system-managed, and no later up or drift check notices", () => {
    const emulator = new Lifecycle("prod");
    const first = emulator.up(prod);
    expect(first.steps.find((s) => s.name === "pg-master-server")!.notApplied).toEqual(expect.arrayContaining(["maintenanceWindow.customWindow", "maintenanceWindow.dayOfWeek"]));
    expect(windowOf(emulator, "pg-master-server")["maintenanceWindow.customWindow"]).toBe("Disabled");
    // Without a refresh the inputs in state equal the program's: nothing to update, ever.
    expect(changesOf(emulator.up(prod))).toEqual([]);
    expect(windowOf(emulator, "pg-master-server")["maintenanceWindow.customWindow"]).toBe("Disabled");
  });
});

describe("service events between deployments", () => {
  test("after Azure auto-grows a disk, a compute change is applied (the refresh brings the grown size into the state) and the disk keeps its size", async () => {
    const emulator = new Lifecycle("prod");
    expect(deployAsDocumented(emulator, prod).errors).toEqual([]);
    emulator.autoGrow("pg-master-server", 256);
    const bigger = await runWith("prod", (v) => { postgresServers(v).master!.skuName = "Standard_D8ds_v5"; });
    const result = deployAsDocumented(emulator, bigger);
    expect(result.errors).toEqual([]);
    expect(emulator.cloudOf("pg-master-server").properties["storage.storageSizeGB"]).toBe("256");
    expect(emulator.cloudOf("pg-master-server").properties["sku.name"]).toBe("Standard_D8ds_v5");
    const update = result.deployments[0]!.steps.find((s) => s.name === "pg-master-server")!;
    expect(update).toEqual(expect.objectContaining({ op: "update", restart: true, changed: ["sku.name"] }));
  });

  test("without the refresh, the same change is refused: the full-body PUT sends the old, ignored size", async () => {
    const emulator = new Lifecycle("prod");
    emulator.up(prod);
    emulator.autoGrow("pg-master-server", 256);
    const bigger = await runWith("prod", (v) => { postgresServers(v).master!.skuName = "Standard_D8ds_v5"; });
    const up = emulator.up(bigger, { refresh: false });
    expect(up.errors).toEqual([expect.stringMatching(/pg-master-server.*storage\.storageSizeGB: the service refuses 128 \(it holds 256\)/)]);
  });

  test("after an HA failover the zones swapped: no drift, no replacement, and the next update keeps the real zones", async () => {
    const emulator = new Lifecycle("prod");
    deployAsDocumented(emulator, prod);
    const before = { ...emulator.cloudOf("pg-master-server").properties };
    emulator.failover("pg-master-server");
    expect(changesOf(emulator.preview(prod, { refresh: true }))).toEqual([]);
    const tagged = await runWith("prod", (v) => { postgresServers(v).master!.tags = { costcentre: "4711" }; });
    const result = deployAsDocumented(emulator, tagged);
    expect(result.errors).toEqual([]);
    expect(emulator.cloudOf("pg-master-server").properties.availabilityZone).toBe(before["highAvailability.standbyAvailabilityZone"]);
    expect(emulator.cloudOf("pg-master-server").properties["highAvailability.standbyAvailabilityZone"]).toBe(before.availabilityZone);
  });
});

describe("configuration changes on a running stack", () => {
  test("closing public access replaces the MySQL server (network is create-only at 2024-02-01-preview) and changes the PostgreSQL server in place", async () => {
    const emulator = new Lifecycle("dev");
    deployAsDocumented(emulator, dev);
    const closed = await runWith("dev", (v) => { v.publicNetworkAccess = false; v.allowedClients = {}; });
    const preview = emulator.preview(closed, { refresh: true });
    expect(preview.errors).toEqual([]);
    const mysql = preview.steps.find((s) => s.name === "mysql-core-server")!;
    expect(mysql.op).toBe("replace");
    expect(mysql.replaceBecause.join(" ")).toMatch(/network\.publicNetworkAccess: network is create-only/);
    expect(opsOf(preview, "pg-core-server")).toEqual(["update"]);
  });

  test("turning geo-redundant backup off on a running server cannot happen in place: Azure takes it only at creation", async () => {
    const emulator = new Lifecycle("prod");
    deployAsDocumented(emulator, prod);
    const moved = await runWith("prod", (v) => { mysqlServers(v).reporting!.geoRedundantBackup = false; });
    const preview = emulator.preview(moved, { refresh: true });
    // backup.geoRedundantBackup is fixed at creation: azure-native sends it, Azure does not apply it.
    expect(preview.errors).toEqual([expect.stringMatching(/mysql-reporting-server: the service does not change backup\.geoRedundantBackup after creation/)]);
  });

  test("moving a maintenance window is an in-place update that reaches Azure in one up", async () => {
    const emulator = new Lifecycle("prod");
    deployAsDocumented(emulator, prod);
    const moved = await runWith("prod", (v) => { postgresServers(v).master!.maintenanceWindow = { dayOfWeek: "Saturday", startHour: 22, startMinute: 30 }; });
    const up = emulator.up(moved, { refresh: true });
    expect(up.errors).toEqual([]);
    expect(opsOf(up, "pg-master-server")).toEqual(["update"]);
    expect(windowOf(emulator, "pg-master-server")).toEqual(goalWindow(moved, "pg-master-server"));
    expect(changesOf(emulator.preview(moved, { refresh: true }))).toEqual([]);
  });

  test("destroying dev (no protection) deletes everything; the Key Vault name stays taken (soft delete) so a re-create of the same name is refused", async () => {
    const emulator = new Lifecycle("dev");
    deployAsDocumented(emulator, dev);
    const empty = { resources: [], outputs: {}, rawOutputs: {}, inventions: new Map() };
    const destroy = emulator.up(empty);
    expect(destroy.errors).toEqual([]);
    expect(emulator.state.size).toBe(0);
    // Only what the program marks retainOnDelete stays (the `public` schemas the databases came with).
    const retained = dev.resources.filter((r) => r.retainOnDelete).map((r) => r.name).sort();
    expect(retained.length).toBeGreaterThan(0);
    expect(destroy.steps.filter((s) => s.op === "forget").map((s) => s.name).sort()).toEqual(retained);
    expect(emulator.cloud.size).toBe(retained.length);
    const again = emulator.up(dev);
    expect(again.errors).toEqual([expect.stringMatching(/keyvault.*a vault with the same name already exists in deleted state/)]);
  });

  test("prod cannot be destroyed: protect and the delete locks stop it, and no server or database is gone", () => {
    const emulator = new Lifecycle("prod");
    deployAsDocumented(emulator, prod);
    const servers = [...emulator.cloud.values()].filter((o) => o.type.endsWith(":Server")).length;
    const destroy = emulator.up({ resources: [], outputs: {}, rawOutputs: {}, inventions: new Map() });
    expect(destroy.errors.some((e) => /marked for protection/.test(e))).toBe(true);
    expect([...emulator.cloud.values()].filter((o) => o.type.endsWith(":Server")).length).toBe(servers);
    expect(destroy.steps.filter((s) => s.op === "delete" && s.stateful)).toEqual([]);
  });
});


describe("restore, adoption and cutover on a running stack", () => {
  const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
  const MOMENT = "2026-11-20T03:15:00Z";
  const restoring = (stack: "dev" | "prod", phase: Record<string, unknown>) =>
    runWith(stack, (v) => {
      v.azureSubscriptionId = SUBSCRIPTION;
      if (stack === "prod") postgresServers(v).master!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, ...phase };
      else mysqlServers(v).core!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: MOMENT, ...phase };
    });

  test("prod: phase 1 previews and creates only the server; phase 2 adopts its databases; cutover moves the connection strings; each converges", async () => {
    const emulator = new Lifecycle("prod");
    expect(deployAsDocumented(emulator, prod).errors).toEqual([]);
    const phase1 = await restoring("prod", {});
    expect(emulator.preview(phase1, { refresh: true }).errors).toEqual([]);
    expect(deployAsDocumented(emulator, phase1).errors).toEqual([]);
    // The restore brought the source's databases along, outside the stack so far.
    const restoredDatabases = [...emulator.cloud.keys()].filter((k) => k.includes("/flexibleservers/genims-prod-pg-master-r1/databases/"));
    expect(restoredDatabases.length).toBeGreaterThan(0);
    const phase2 = await restoring("prod", { adopt: true });
    const adopt = emulator.preview(phase2, { refresh: true });
    expect(adopt.errors).toEqual([]);
    expect(adopt.steps.filter((s) => s.op === "import").map((s) => s.name)).toEqual(expect.arrayContaining(["pg-master-r1-db-genims-master-db"]));
    expect(deployAsDocumented(emulator, phase2).errors).toEqual([]);
    const cutover = await restoring("prod", { adopt: true, cutover: true });
    const result = deployAsDocumented(emulator, cutover);
    expect(result.errors).toEqual([]);
    expect(result.deployments[0]!.steps.filter((s) => s.op !== "same" && s.stateful)).toEqual([]);
  });

  test("adopting in the same run as the restore (the old design) fails every preview: the import target does not exist yet", async () => {
    const emulator = new Lifecycle("prod");
    deployAsDocumented(emulator, prod);
    const both = await restoring("prod", { adopt: true });
    const preview = emulator.preview(both, { refresh: true });
    expect(preview.errors[0]).toMatch(/^Preview failed: .*pg-master-r1-db-genims-master-db: resource '\/subscriptions\/.*\/databases\/genims_master_db' does not exist$/);
  });

  test("dev MySQL point-in-time restore: the inherited firewall rule is adopted; creating it (the old design) fails with already exists", async () => {
    const emulator = new Lifecycle("dev");
    expect(deployAsDocumented(emulator, dev).errors).toEqual([]);
    expect(deployAsDocumented(emulator, await restoring("dev", {})).errors).toEqual([]);
    const phase2 = await restoring("dev", { adopt: true });
    const oldDesign = { ...phase2, resources: phase2.resources.map((r) => (r.type === "azure-native:dbformysql:FirewallRule" ? { ...r, importId: undefined } : r)) };
    expect(emulator.preview(oldDesign, { refresh: true }).errors).toEqual([expect.stringMatching(/mysql-core-r1-fw-design-client: cannot create already existing resource/)]);
    const adopt = deployAsDocumented(emulator, phase2);
    expect(adopt.errors).toEqual([]);
    expect(adopt.deployments[0]!.steps.filter((s) => s.op === "import").map((s) => s.name).sort()).toEqual(
      ["mysql-core-r1-db-genims-analytics-db", "mysql-core-r1-db-genims-audit-db", "mysql-core-r1-db-genims-reporting-db", "mysql-core-r1-fw-design-client"],
    );
  });

  test("config refuses a cutover before adoption", async () => {
    await expect(restoring("prod", { cutover: true })).rejects.toThrow(/restore\.cutover = true: cuts over to a restored server whose databases are not adopted yet/);
  });
});

test("a changed Atlas restore point cannot re-run the restore over the restored cluster: the job is protected and the plan names the loss", async () => {
  const at = (moment: string) => runWith("prod", (v) => { v.atlasRestore = { mode: "pointInTime", pointInTimeUTC: moment }; });
  const emulator = new Lifecycle("prod");
  expect(deployAsDocumented(emulator, await at("2026-11-20T03:15:00Z")).errors).toEqual([]);
  const preview = emulator.preview(await at("2026-11-21T03:15:00Z"), { refresh: true });
  expect(preview.errors).toEqual([expect.stringMatching(/unable to replace resource ".*mongo-restore-job-r1" as it is currently marked for protection \(every argument forces a new restore job, and a new job re-runs the restore over its target\)/)]);
});

test("Atlas restore then cutover: every login's scopes cover the restored cluster before the connection strings move, in place", async () => {
  const at = (cutover: boolean) => runWith("prod", (v) => { v.atlasRestore = { mode: "pointInTime", pointInTimeUTC: "2026-11-20T03:15:00Z", cutover }; });
  const emulator = new Lifecycle("prod");
  deployAsDocumented(emulator, prod);
  const restoring = deployAsDocumented(emulator, await at(false));
  expect(restoring.errors).toEqual([]);
  const users = restoring.deployments[0]!.steps.filter((s) => s.type === "mongodbatlas:index/databaseUser:DatabaseUser");
  expect(users.length).toBeGreaterThan(0);
  for (const user of users) expect({ name: user.name, op: user.op }).toEqual({ name: user.name, op: "update" });
  for (const user of users) expect(Object.values(emulator.cloudOf(user.name).properties).filter((v) => v.startsWith("genims-prod-mongo")).sort()).toEqual(["genims-prod-mongo", "genims-prod-mongo-r1"]);
  const cutover = deployAsDocumented(emulator, await at(true));
  expect(cutover.errors).toEqual([]);
  expect(cutover.deployments[0]!.steps.filter((s) => s.type === "mongodbatlas:index/databaseUser:DatabaseUser" && s.op !== "same")).toEqual([]);
});

describe("prod: a PostgreSQL geo-restore, a MySQL point-in-time restore and an Atlas restore, together", () => {
  const SUBNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-genims-dr/providers/Microsoft.Network/virtualNetworks/genims-prod-dr-vnet/subnets/postgres";
  const RESTORED = { genims_master_db: "genims-prod-pg-master-dr", genims_reporting_db: "genims-prod-mysql-reporting-r1", genims_documents_db: "genims-prod-mongo-r1" } as const;
  // Program runs are the slow part: each phase's run is made once and shared by both tests.
  const runs = new Map<string, Promise<ProgramRun>>();
  const phase = (step: { adopt?: boolean; cutover?: boolean }, rotation = 0) => {
    const key = JSON.stringify({ step, rotation });
    if (!runs.has(key)) runs.set(key, phaseRun(step, rotation));
    return runs.get(key)!;
  };
  const phaseRun = (step: { adopt?: boolean; cutover?: boolean }, rotation: number) =>
    runWith("prod", (v) => {
      v.azureSubscriptionId = "11111111-2222-3333-4444-555555555555";
      v.passwordRotation = rotation;
      postgresServers(v).master!.restore = { mode: "GeoRestore", pointInTimeUTC: "2026-11-20T03:15:00Z", location: "northeurope", suffix: "dr", subnetId: SUBNET, ...step };
      mysqlServers(v).reporting!.restore = { mode: "PointInTimeRestore", pointInTimeUTC: "2026-11-20T03:15:00Z", ...step };
      v.atlasRestore = { mode: "pointInTime", pointInTimeUTC: "2026-11-20T03:15:00Z", ...(step.cutover === true ? { cutover: true } : {}) };
    });
  const failing = (emulator: Lifecycle) => emulator.signIns().filter((s) => s.why !== undefined).map((s) => `${s.secret} on ${s.server}: ${s.why}`);
  /** Deploys as documented and asserts what every phase must show: a clean preview, no error, converged, no data resource replaced or deleted. */
  const apply = (emulator: Lifecycle, run: ProgramRun, label: string) => {
    expect({ label, preview: emulator.preview(run, { refresh: true }).errors }).toEqual({ label, preview: [] });
    const result = deployAsDocumented(emulator, run);
    expect({ label, errors: result.errors, pending: result.pending }).toEqual({ label, errors: [], pending: [] });
    expect({ label, lost: result.deployments[0]!.steps.filter((s) => s.stateful && (s.op === "replace" || s.op === "delete")).map((s) => s.name) }).toEqual({ label, lost: [] });
    return result;
  };
  /** Restore and adopt, then a rotation on the source: the restored servers' logins now carry older passwords, as when the restore point predates the last rotation. Run once; each test branches from a copy. */
  let history: Promise<Lifecycle> | undefined;
  const restoredThenRotated = async (): Promise<Lifecycle> => {
    history ??= (async () => {
      const emulator = new Lifecycle("prod");
      expect(deployAsDocumented(emulator, prod).errors).toEqual([]);
      apply(emulator, await phase({}), "restore");
      apply(emulator, await phase({ adopt: true }), "adopt");
      apply(emulator, await phase({ adopt: true }, 1), "rotation before the cutover");
      expect(failing(emulator)).toEqual([]);
      return emulator;
    })();
    return (await history).clone();
  };

  test("each phase previews clean, applies and converges; the cutover moves the logins' management and connection strings to the restored servers, rotates their passwords, and every login signs in there; so does a rotation after it", async () => {
    const emulator = await restoredThenRotated();
    // The restored roles came with the restore, before the rotation: with the vault's passwords they would not sign in.
    expect(emulator.cloud.get("pg-role|genims-prod-pg-master-dr|genims_master_app")!.properties.password).not.toBe(emulator.cloud.get("pg-role|genims-prod-pg-master|genims_master_app")!.properties.password);

    const cutoverRun = await phase({ adopt: true, cutover: true }, 1);
    const cutover = apply(emulator, cutoverRun, "cutover");
    const databases = cutoverRun.outputs.databases as Record<string, { server: string }>;
    expect(Object.fromEntries(Object.keys(RESTORED).map((d) => [d, databases[d]!.server]))).toEqual(RESTORED);
    // The SQL providers change host in place (no ForcesProviderReplace key): no role or user is replaced.
    const first = cutover.deployments[0]!.steps;
    expect(first.filter((s) => s.type.startsWith("pulumi:providers:") && s.op !== "same").map((s) => `${s.op} ${s.name}`).sort()).toEqual(
      expect.arrayContaining(["update pg-master-access-provider", "update mysql-reporting-access-provider"]),
    );
    expect(first.filter((s) => (s.type === "postgresql:index/role:Role" || s.type === "mysql:index/user:User") && s.op !== "same" && s.op !== "update")).toEqual([]);
    expect(first.filter((s) => s.type === "random:index/randomPassword:RandomPassword" && s.op === "replace").every((s) => /^(pg-master-access|mysql-reporting-access)-password-/.test(s.name))).toBe(true);
    expect(failing(emulator)).toEqual([]);
    const signIns = emulator.signIns();
    expect(new Set(signIns.filter((s) => s.secret.startsWith("genims-master-db--")).map((s) => s.server))).toEqual(new Set([RESTORED.genims_master_db]));
    expect(new Set(signIns.filter((s) => s.secret.startsWith("genims-reporting-db--")).map((s) => s.server))).toEqual(new Set([RESTORED.genims_reporting_db]));
    expect(new Set(signIns.filter((s) => s.secret.startsWith("genims-documents-db--")).map((s) => s.server))).toEqual(new Set([RESTORED.genims_documents_db]));

    // Day 2 after the cutover: a rotation alters the logins where applications sign in.
    apply(emulator, await phase({ adopt: true, cutover: true }, 2), "rotation after the cutover");
    expect(failing(emulator)).toEqual([]);
    expect(emulator.cloudOf("pg-master-dr-server").properties["network.delegatedSubnetResourceId"]).toBe(SUBNET);
    expect(emulator.cloudOf("pg-master-dr-server").properties["backup.geoRedundantBackup"]).toBe("Disabled");
  }, 180_000);

  test("the old design (connection strings moved, logins still managed on the source) locks the cut-over applications out, and a rotation after it too", async () => {
    const emulator = await restoredThenRotated();
    // The old program's registrations: providers on the source, passwords kept.
    const oldDesign = (run: ProgramRun): ProgramRun => ({
      ...run,
      resources: run.resources.map((r) => {
        if (r.type === "pulumi:providers:postgresql" && String(r.inputs.host).startsWith("genims-prod-pg-master-dr.")) return { ...r, inputs: { ...r.inputs, host: String(r.inputs.host).replace("-master-dr.", "-master.") } };
        if (r.type === "pulumi:providers:mysql" && String(r.inputs.endpoint).startsWith("genims-prod-mysql-reporting-r1.")) return { ...r, inputs: { ...r.inputs, endpoint: String(r.inputs.endpoint).replace("-reporting-r1.", "-reporting.") } };
        if (r.type === "random:index/randomPassword:RandomPassword") return { ...r, inputs: { ...r.inputs, ...(r.inputs.keepers === undefined ? {} : { keepers: { rotation: (r.inputs.keepers as Record<string, string>).rotation } }) } };
        return r;
      }),
    });
    expect(deployAsDocumented(emulator, oldDesign(await phase({ adopt: true, cutover: true }, 1))).errors).toEqual([]);
    const lockedOut = failing(emulator);
    expect(lockedOut.length).toBeGreaterThan(0);
    expect(lockedOut.every((f) => /^genims-(master|reporting|analytics|audit)[a-z-]*--.* on genims-prod-(pg-master-dr|mysql-reporting-r1): password authentication failed$/.test(f))).toBe(true);
    // A rotation after it alters the source's logins, which no application uses any more.
    expect(deployAsDocumented(emulator, oldDesign(await phase({ adopt: true, cutover: true }, 2))).errors).toEqual([]);
    expect(failing(emulator)).toEqual(lockedOut);
  }, 180_000);
});

describe("a geo-restore during a regional outage (westeurope down)", () => {
  const DR = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-genims-dr/providers/Microsoft.Network";
  const phase = (step: { adopt?: boolean; cutover?: boolean }, group?: string) =>
    runWith("prod", (v) => {
      v.azureSubscriptionId = "11111111-2222-3333-4444-555555555555";
      const geo = (engine: "postgres" | "mysql") => ({
        mode: "GeoRestore", pointInTimeUTC: "2026-11-20T03:15:00Z", location: "northeurope", suffix: "dr",
        subnetId: `${DR}/virtualNetworks/genims-prod-dr-vnet/subnets/${engine}`,
        // The stack's private DNS zone lives in the stack's resource group, in the region that is down.
        privateDnsZoneId: `${DR}/privateDnsZones/genims-prod-dr.private.${engine}.database.azure.com`,
        ...(group === undefined ? {} : { resourceGroupName: group }),
        ...step,
      });
      postgresServers(v).master!.restore = geo("postgres");
      mysqlServers(v).compliance!.restore = geo("mysql");
    });
  let emulator: Lifecycle;
  beforeAll(() => {
    emulator = new Lifecycle("prod");
    expect(deployAsDocumented(emulator, prod).errors).toEqual([]);
    emulator.outage("westeurope");
  });

  test("every up that refreshes fails on the source region; the documented way through is --refresh=false", async () => {
    const run = await phase({});
    const refreshing = deployAsDocumented(emulator.clone(), run);
    expect(refreshing.errors.length).toBeGreaterThan(0);
    expect(refreshing.errors.every((e) => /^refresh failed: .*: the service in westeurope is unavailable \(regional outage\)$/.test(e))).toBe(true);
  });

  test("restored servers in the stack's resource group (westeurope) cannot be created: ARM cannot write that group's metadata", async () => {
    const inStackGroup = deployAsDocumented(emulator.clone(), await phase({}, "rg-genims-prod"), { refresh: false });
    expect(inStackGroup.errors).toEqual(expect.arrayContaining([expect.stringMatching(/pg-master-dr-server: its resource group is in westeurope, which is down: ARM cannot update the group's metadata/), expect.stringMatching(/mysql-compliance-dr-server: its resource group is in westeurope, which is down/)]));
  });

  test("in the recovery region's own resource group, the restore and the adoption apply and converge; the cutover's SQL side works and only the Key Vault (westeurope) refuses", async () => {
    const outage = emulator.clone();
    for (const step of [{}, { adopt: true }]) {
      const result = deployAsDocumented(outage, await phase(step), { refresh: false });
      expect({ step, errors: result.errors, pending: result.pending }).toEqual({ step, errors: [], pending: [] });
    }
    expect(outage.cloudOf("recovery-rg-genims-prod-dr").properties.location).toBe("northeurope");
    expect(outage.cloudOf("pg-master-dr-server").properties.resourceGroupName).toBe("rg-genims-prod-dr");
    const cutover = deployAsDocumented(outage, await phase({ adopt: true, cutover: true }), { refresh: false });
    // Known gap (docs/operating.md): the connection strings live in the stack's Key Vault, in the region that is down.
    expect(cutover.errors.length).toBeGreaterThan(0);
    expect(cutover.errors.every((e) => /azure-native:keyvault:Secret::.*: (the service in westeurope is unavailable|its resource group is in westeurope)/.test(e))).toBe(true);
    const applied = cutover.deployments[0]!.steps;
    expect(applied.filter((s) => s.type === "postgresql:index/role:Role" && s.op === "update").length).toBeGreaterThan(0);
  }, 120_000);
});
