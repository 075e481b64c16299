/**
 * Issue 10, item 5: only what holds data is protected; locks come last.
 *
 * Pulumi copies `protect` from the parent into every child that leaves it unset
 * (@pulumi/pulumi 3.248.0, resource.js), and the harness records that effective value, so a child
 * that forgets `HOLDS_NO_DATA` shows up here as protected.
 */
import { type ProgramRun, id, resourcesOfType, runGenims } from "./harness";

const LOCK = "azure-native:authorization:ManagementLockByScope";

/** Types that hold data: protected in prod. */
const STATEFUL = [
  "azure-native:resources:ResourceGroup",
  "azure-native:dbforpostgresql:Server",
  "azure-native:dbformysql:Server",
  "azure-native:dbforpostgresql:Database",
  "azure-native:dbformysql:Database",
  "azure-native:keyvault:Vault",
  "mongodbatlas:index/project:Project",
  "mongodbatlas:index/advancedCluster:AdvancedCluster",
];

/** Types that hold no data: never protected, so day-2 removals need no unprotect. */
const STATELESS = [
  "azure-native:keyvault:Secret",
  "azure-native:dbforpostgresql:Configuration",
  "azure-native:dbformysql:Configuration",
  "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra",
  "azure-native:dbformysql:AzureADAdministrator",
  "azure-native:monitor:DiagnosticSetting",
  "azure-native:network:PrivateEndpoint",
  "azure-native:network:PrivateDnsZoneGroup",
  "mongodbatlas:index/auditing:Auditing",
  "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule",
  "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint",
  "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService",
];

let prod: ProgramRun;
beforeAll(async () => {
  prod = await runGenims("prod");
}, 60_000);

test("prod protects the stateful resources: resource group, servers, databases, vault, Atlas project and cluster", () => {
  for (const type of STATEFUL) {
    const resources = resourcesOfType(prod, type);
    expect([type, resources.length > 0]).toEqual([type, true]);
    for (const resource of resources) expect([resource.name, resource.protect]).toEqual([resource.name, true]);
  }
});

test("prod protects none of secrets, parameters, administrators, diagnostics, private endpoints, auditing, backup schedule, role assignments", () => {
  for (const type of STATELESS) {
    const resources = resourcesOfType(prod, type);
    expect([type, resources.length > 0]).toEqual([type, true]);
    for (const resource of resources) expect([resource.name, resource.protect]).toEqual([resource.name, false]);
  }
});

test("every lock depends on every other child of what it locks: created last, deleted first", () => {
  const locks = resourcesOfType(prod, LOCK);
  expect(locks.length).toBe(resourcesOfType(prod, "azure-native:dbforpostgresql:Server").length + resourcesOfType(prod, "azure-native:dbformysql:Server").length + 1);
  for (const lock of locks) {
    const siblings = prod.resources.filter((r) => r.parent === lock.parent && r.type !== LOCK).map((r) => id(r.type, r.name));
    expect(siblings.length).toBeGreaterThan(0);
    expect([lock.name, lock.dependsOn]).toEqual([lock.name, expect.arrayContaining(siblings)]);
    expect(lock.protect).toBe(true);
  }
});
