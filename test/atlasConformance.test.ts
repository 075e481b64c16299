/**
 * Issue 10, items 6, 7 and 10: the Atlas resources as the provider that @pulumi/mongodbatlas bundles
 * defines them (sources cited in packages/db-components/lib/atlasProject.ts).
 */
import type * as mongodbatlas from "@pulumi/mongodbatlas";
import { ATLAS_AUDITED_ACTIONS, ATLAS_AUDIT_FILTER, privateSrvFor } from "../packages/db-components/lib/atlasProject";
import { type ProgramRun, findResource, resourcesOfType, runGenims, stackConfig } from "./harness";

const ACCESS = "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList";
type Strings = mongodbatlas.types.output.AdvancedClusterConnectionStrings;
const PE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/genims-prod-atlas-pe";
const entry = (srv: string, endpointId: string) => ({ srvConnectionString: srv, connectionString: "", srvShardOptimizedConnectionString: "", type: "MONGOD", endpoints: [{ endpointId, providerName: "AZURE", region: "EUROPE_WEST" }] });
const strings = (privateEndpoints: ReturnType<typeof entry>[]) => ({ standardSrv: "mongodb+srv://public.mongodb.net", privateEndpoints }) as unknown as Strings;

let dev: ProgramRun;
let prod: ProgramRun;
beforeAll(async () => {
  dev = await runGenims("dev");
  prod = await runGenims("prod");
}, 60_000);

describe("item 6: private connection strings", () => {
  test("the entry is picked by endpoint id, not by position", () => {
    const picked = privateSrvFor(strings([entry("mongodb+srv://other-pl-0.x.net", "/subscriptions/s/other-pe"), entry("mongodb+srv://ours-pl-1.x.net", PE.toUpperCase())]), PE, "genims-prod-mongo");
    expect(picked).toBe("mongodb+srv://ours-pl-1.x.net");
  });

  test("no matching entry yet (Atlas publishes them late): a clear error, never the public SRV", () => {
    for (const empty of [strings([]), strings([entry("mongodb+srv://other.x.net", "/subscriptions/s/other-pe")]), strings([entry("", PE)])]) {
      expect(() => privateSrvFor(empty, PE, "genims-prod-mongo")).toThrow(/has not published the private connection string of cluster genims-prod-mongo for private endpoint .*pulumi up --refresh/);
    }
  });

  test("prod's applications get the private address of its own endpoint; dev (no Private Link) the public one", () => {
    expect((prod.outputs.databases as Record<string, { host: string }>).genims_documents_db?.host).toBe("mongodb+srv://genims-prod-mongo-pl-0.mock.mongodb.net");
    expect((dev.outputs.databases as Record<string, { host: string }>).genims_documents_db?.host).toMatch(/^mongodb\+srv:\/\/genims-dev-mongo\.mock\.mongodb\.net$/);
  });
});

describe("item 7: renaming an allowed client keeps its Atlas access-list entry", () => {
  test("entries are named by address and deleted before they are re-created", async () => {
    const config = stackConfig("dev");
    const clients = JSON.parse(config["genims:allowedClients"] ?? "{}") as Record<string, string>;
    const [[clientName, address]] = Object.entries(clients) as [[string, string]];
    const renamed = await runGenims("dev", { ...config, "genims:allowedClients": JSON.stringify({ [`${clientName}-renamed`]: address }) });
    const before = resourcesOfType(dev, ACCESS);
    const after = resourcesOfType(renamed, ACCESS);
    expect(before.length).toBe(1);
    expect(after.map((r) => r.name)).toEqual(before.map((r) => r.name));
    expect(after[0]?.inputs).toEqual(expect.objectContaining({ cidrBlock: before[0]?.inputs.cidrBlock, comment: `${clientName}-renamed` }));
    expect(before[0]?.name).not.toContain(clientName);
    expect(after[0]?.deleteBeforeReplace).toBe(true);
  });
});

describe("item 10: backup copies, audit filter, endpoint address", () => {
  test("the copy to the second region uses copyPolicyItems (frequencies is deprecated and one-way)", () => {
    const schedule = findResource(prod, "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", "mongo-backup-schedule");
    const [copy] = schedule.inputs.copySettings as Record<string, unknown>[];
    expect(copy?.frequencies).toBeUndefined();
    expect(schedule.inputs.copyPolicyItemsEnabled).toBe(true);
    expect(copy?.copyPolicyItems).toEqual([
      { frequencyType: "daily", retentionUnit: "days", retentionValue: 35 },
      { frequencyType: "weekly", retentionUnit: "weeks", retentionValue: 8 },
      { frequencyType: "monthly", retentionUnit: "months", retentionValue: 12 },
      { frequencyType: "ondemand" },
    ]);
    // Every kind the schedule produces is copied.
    expect(schedule.inputs).toEqual(expect.objectContaining({ policyItemDaily: expect.anything(), policyItemWeeklies: expect.anything(), policyItemMonthlies: expect.anything() }));
  });

  test("auditing has an explicit filter of authentication and administrative actions", () => {
    const auditing = findResource(prod, "mongodbatlas:index/auditing:Auditing", "mongo-auditing");
    expect(auditing.inputs.auditFilter).toBe(ATLAS_AUDIT_FILTER);
    const filter = JSON.parse(String(auditing.inputs.auditFilter)) as { atype: { $in: string[] } };
    expect(filter.atype.$in).toEqual([...ATLAS_AUDITED_ACTIONS]);
    expect(filter.atype.$in).toEqual(expect.arrayContaining(["authenticate", "createUser", "dropUser", "grantRolesToUser", "dropDatabase", "dropCollection"]));
  });

  test("a new private endpoint address replaces the endpoint connection (the provider cannot update it), old one first", () => {
    const connection = findResource(prod, "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService", "mongo-private-link-connection");
    expect(connection.replaceOnChanges).toEqual(["privateEndpointIpAddress"]);
    expect(connection.deleteBeforeReplace).toBe(true);
  });
});
