/**
 * Conformance of every registered resource to the services' own schemas. One file so dev, prod and
 * the maximal fixture run once for both halves.
 *
 * Azure: every azure-native resource that dev, prod and the maximal fixture register
 * is mapped to the ARM request body azure-native 3.28.0 sends and validated against the schema of
 * that body in the Azure REST API specification at the API version the SDK uses
 * (conformance/azure/*.json, made by scripts/conformance/extract.ts; each excerpt names its spec
 * file and commit). A type without an excerpt fails.
 */
import { AZURE_TYPES, type AzureTypeSpec } from "../../scripts/conformance/azureTypes";
import { extractExcerpt, SDK_ADDITION, type SpecSource } from "../../scripts/conformance/extract";
import { azureConformanceProblems, loadAzureExcerpts, toRequestBody, validateRequestBody } from "../../scripts/conformance/azureValidate";
import { ATLAS_TYPES } from "../../scripts/conformance/atlasTypes";
import { atlasConformanceProblems, loadAtlasExcerpts, validateAtlasInputs } from "../../scripts/conformance/atlasValidate";
import { applySdkAdditions } from "../../scripts/conformance/extractAtlas";
import type { ProgramRun } from "../harness";
import { type ConformanceRuns, runConformanceStacks } from "./stacks";

const excerpts = loadAzureExcerpts();
let runs: ConformanceRuns;
beforeAll(async () => {
  runs = await runConformanceStacks();
}, 90_000);

const azureResources = (run: ProgramRun) => run.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
/** Resources of the Terraform-bridged providers checked against their provider's schema (Atlas, MySQL). */
const atlasResources = (run: ProgramRun) => run.resources.filter((r) => r.custom && (r.type.startsWith("mongodbatlas:") || r.type.startsWith("mysql:index/")));
const atlasExcerpts = loadAtlasExcerpts();

describe.each(["dev", "prod", "maximal"] as const)("%s stack", (stack) => {
  test("every azure-native resource type it registers has a specification excerpt", () => {
    const types = [...new Set(azureResources(runs[stack]).map((r) => r.type))].sort();
    expect(types.filter((type) => !excerpts.has(type))).toEqual([]);
  });

  test("every azure-native resource conforms to its request-body schema", () => {
    const problems = azureResources(runs[stack]).flatMap((resource) => azureConformanceProblems(excerpts, resource));
    expect(problems).toEqual([]);
  });
});

test("the excerpts are exactly the types of the extraction table, each with its spec file, commit and API version", () => {
  expect([...excerpts.keys()].sort()).toEqual(AZURE_TYPES.map((t) => t.token).sort());
  for (const spec of AZURE_TYPES) {
    const excerpt = excerpts.get(spec.token);
    expect(excerpt).toEqual(expect.objectContaining({ apiVersion: spec.apiVersion, resourceType: spec.resourceType, root: expect.any(String) }));
    expect(excerpt?.source.file).toBe(spec.specFile);
    expect(excerpt?.source.commits[spec.specFile]).toMatch(/^[0-9a-f]{40}$/);
  }
});

describe("MySQL storage.storageRedundancy: an SDK addition, not a spec property (azureTypes.ts MYSQL_STORAGE_REDUNDANCY)", () => {
  test("the excerpt marks it as an SDK addition with its evidence; no other type has one", () => {
    const storage = excerpts.get("azure-native:dbformysql:Server")?.definitions.Storage as { properties: Record<string, Record<string, unknown>> };
    expect(storage.properties.storageRedundancy).toEqual({ type: "string", enum: ["LocalRedundancy", "ZoneRedundancy"], [SDK_ADDITION]: expect.stringContaining("storageArgsProvideDefaults") });
    expect(AZURE_TYPES.filter((t) => t.sdkAdditions).map((t) => t.token)).toEqual(["azure-native:dbformysql:Server"]);
  });

  test("a value the SDK's enum does not list is still rejected", () => {
    const server = azureResources(runs.prod).find((r) => r.type === "azure-native:dbformysql:Server");
    const excerpt = excerpts.get("azure-native:dbformysql:Server");
    if (!server || !excerpt) throw new Error("no MySQL server in prod");
    const inputs = { ...server.inputs, storage: { ...(server.inputs.storage as Record<string, unknown>), storageRedundancy: "ZRS" } };
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, inputs))).toEqual(['/properties/storage/storageRedundancy: "ZRS" is not one of ["LocalRedundancy","ZoneRedundancy"]']);
  });

  const spec: AzureTypeSpec = { token: "t", resourceType: "R/r", apiVersion: "v", specFile: "s.json", definition: "Storage", pathParameters: [], sdkAdditions: [{ definition: "Storage", property: "storageRedundancy", schema: { type: "string" }, evidence: "e" }] };
  const source = (properties: Record<string, unknown>): SpecSource => ({ read: () => ({ definitions: { Storage: { type: "object", properties } } }) as ReturnType<SpecSource["read"]>, commit: () => "0".repeat(40) });

  test("extraction adds it where the spec lacks it", () => {
    expect(extractExcerpt(spec, source({ iops: { type: "integer" } })).definitions).toEqual({ Storage: { type: "object", properties: { iops: { type: "integer" }, storageRedundancy: { type: "string", [SDK_ADDITION]: "e" } } } });
  });

  test("extraction fails once the spec defines it, so the addition cannot outlive its reason", () => {
    expect(() => extractExcerpt(spec, source({ storageRedundancy: { type: "string" } }))).toThrow("the specification now defines Storage.storageRedundancy; delete its sdkAdditions entry");
  });
});

test("a resource type without an excerpt is reported, not passed", () => {
  expect(azureConformanceProblems(excerpts, { type: "azure-native:example:Unknown", name: "x", inputs: {} })).toEqual([
    "azure-native:example:Unknown x: no specification excerpt for this type (add it to scripts/conformance/azureTypes.ts and run npm run conformance:extract)",
  ]);
});

describe("the validator rejects one broken input of each resource type", () => {
  /**
   * One realistic mistake per type and the exact problem it must produce. `repair` undoes a
   * current finding of the suite (listed in docs/verification.md) so the baseline conforms; it is a no-op
   * once the component is fixed.
   */
  const BROKEN: Record<string, { change: (inputs: Record<string, unknown>) => Record<string, unknown>; problem: string; repair?: (inputs: Record<string, unknown>) => Record<string, unknown>; fixture?: Record<string, unknown> }> = {
    "azure-native:dbforpostgresql:Server": { change: (i) => ({ ...i, version: "10" }), problem: '/properties/version: "10" is not one of ["18","17","16","15","14","13","12","11"]' },
    "azure-native:dbforpostgresql:Configuration": { change: (i) => ({ ...i, isReadOnly: false }), problem: "/properties/isReadOnly: is read-only in the specification: a request must not set it" },
    "azure-native:dbforpostgresql:Database": { change: (i) => ({ ...i, charset: "utf-8" }), problem: '/properties/charset: "utf-8" must match pattern "^[a-zA-Z]+\\w*$"' },
    "azure-native:dbforpostgresql:FirewallRule": { change: ({ endIpAddress: _end, ...i }) => i, problem: '/properties: lacks required "endIpAddress"' },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": {
      change: (i) => ({ ...i, principalType: "group" }),
      problem: '/properties/principalType: "group" is not one of ["Unknown","User","Group","ServicePrincipal"]',
      repair: (i) => ({ ...i, principalType: String(i.principalType).replace(/^group$/, "Group") }),
    },
    "azure-native:dbformysql:Server": {
      change: (i) => ({ ...i, version: "8.0" }),
      problem: '/properties/version: "8.0" is not one of ["5.7","8.0.21"]',
    },
    "azure-native:dbformysql:Configuration": { change: (i) => ({ ...i, source: "user" }), problem: '/properties/source: "user" is not one of ["system-default","user-override"]' },
    "azure-native:dbformysql:Database": { change: (i) => ({ ...i, charset: 4 }), problem: "/properties/charset: 4 must be string" },
    "azure-native:dbformysql:FirewallRule": { change: (i) => ({ ...i, startIpAddress: "10.0.0" }), problem: '/properties/startIpAddress: "10.0.0" must match pattern "^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$"' },
    "azure-native:dbformysql:AzureADAdministrator": { change: (i) => ({ ...i, administratorType: "Group" }), problem: '/properties/administratorType: "Group" is not one of ["ActiveDirectory"]' },
    "azure-native:authorization:ManagementLockByScope": { change: ({ level: _level, ...i }) => i, problem: '/properties: lacks required "level"' },
    "azure-native:authorization:RoleAssignment": { change: (i) => ({ ...i, principalType: "ManagedIdentity" }), problem: '/properties/principalType: "ManagedIdentity" is not one of ["User","Group","ServicePrincipal","ForeignGroup"]' },
    "azure-native:managedidentity:UserAssignedIdentity": { change: (i) => ({ ...i, clientId: "11111111-1111-1111-1111-111111111111" }), problem: "/properties: is read-only in the specification: a request must not set it" },
    "azure-native:privatedns:PrivateZone": { change: (i) => ({ ...i, numberOfRecordSets: 1 }), problem: "/properties/numberOfRecordSets: is read-only in the specification: a request must not set it" },
    "azure-native:privatedns:VirtualNetworkLink": { change: (i) => ({ ...i, registrationEnabled: "false" }), problem: '/properties/registrationEnabled: "false" must be boolean' },
    "azure-native:keyvault:Secret": { change: (i) => ({ ...i, properties: { ...(i.properties as Record<string, unknown>), secretUri: "https://kv/secrets/x" } }), problem: "/properties/secretUri: is read-only in the specification: a request must not set it" },
    "azure-native:monitor:DiagnosticSetting": { change: (i) => ({ ...i, logs: [{ categoryGroup: "allLogs" }] }), problem: '/properties/logs/0: lacks required "enabled"' },
    "azure-native:operationalinsights:Workspace": { change: (i) => ({ ...i, sku: { name: "PerGB" } }), problem: '/properties/sku/name: "PerGB" is not one of ["Free","Standard","Premium","PerNode","PerGB2018","Standalone","CapacityReservation","LACluster"]' },
    "azure-native:keyvault:Vault": { change: (i) => ({ ...i, properties: { ...(i.properties as Record<string, unknown>), sku: { family: "A", name: "Standard" } } }), problem: '/properties/sku/name: "Standard" is not one of ["standard","premium"]' },
    "azure-native:resources:ResourceGroup": { change: ({ location: _location, ...i }) => i, problem: '/: lacks required "location"' },
    "azure-native:network:VirtualNetwork": { change: (i) => ({ ...i, addressSpace: { addressPrefixes: "10.60.0.0/16" } }), problem: '/properties/addressSpace/addressPrefixes: "10.60.0.0/16" must be array' },
    "azure-native:network:Subnet": { change: (i) => ({ ...i, privateEndpointNetworkPolicies: "Off" }), problem: '/properties/privateEndpointNetworkPolicies: "Off" is not one of ["Enabled","Disabled","NetworkSecurityGroupEnabled","RouteTableEnabled"]' },
    "azure-native:network:PublicIPAddress": {
      change: (i) => ({ ...i, publicIPAllocationMethod: "static" }),
      problem: '/properties/publicIPAllocationMethod: "static" is not one of ["Static","Dynamic"]',
      // The NAT gateway's address as components/network.ts registers it (branch conform).
      fixture: { resourceGroupName: "rg-genims-prod", location: "westeurope", publicIpAddressName: "genims-prod-nat-ip", sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", tags: { stack: "prod" } },
    },
    "azure-native:network:PrivateEndpoint": {
      change: (i) => ({ ...i, privateLinkServiceConnections: [{ ...((i.privateLinkServiceConnections as Record<string, unknown>[] | undefined)?.[0] ?? {}), name: "kv", privateLinkServiceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z", groupIds: "vault" }] }),
      problem: '/properties/privateLinkServiceConnections/0/properties/groupIds: "vault" must be array',
    },
    "azure-native:network:PrivateDnsZoneGroup": {
      change: (i) => ({ ...i, privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net", recordSets: [{ recordType: "A", ipAddresses: ["10.60.2.4"] }] }] }),
      problem: "/properties/privateDnsZoneConfigs/0/properties/recordSets: is read-only in the specification: a request must not set it",
      // The vault endpoint's zone group as packages/db-components/lib/secretsVault.ts registers it when the network names a Key Vault DNS zone.
      fixture: { resourceGroupName: "rg-genims-prod", privateEndpointName: "genims-prod-kv-pe", privateDnsZoneGroupName: "vault", privateDnsZoneConfigs: [{ name: "vault", privateDnsZoneId: "/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-genims-prod/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net" }] },
    },
    "azure-native:network:NatGateway": {
      change: (i) => ({ ...i, sku: { name: "Basic" } }),
      problem: '/sku/name: "Basic" is not one of ["Standard"]',
      // The NAT gateway as components/network.ts registers it for created networks with egress.
      fixture: { resourceGroupName: "rg-genims-prod", location: "westeurope", natGatewayName: "genims-prod-nat", sku: { name: "Standard" }, publicIpAddresses: [{ id: "/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-genims-prod/providers/Microsoft.Network/publicIPAddresses/genims-prod-nat-ip" }], idleTimeoutInMinutes: 4, tags: { stack: "prod" } },
    },
    // Alerts: the inputs packages/db-components/lib/alerts.ts registers (branch recover), used while no stack here registers them.
    "azure-native:monitor:MetricAlert": {
      change: (i) => ({ ...i, criteria: { ...(i.criteria as Record<string, unknown>), allOf: [{ ...((i.criteria as { allOf: Record<string, unknown>[] }).allOf[0] ?? {}), operator: "Above" }] } }),
      problem: '/properties/criteria/allOf/0/operator: "Above" is not one of ["Equals","NotEquals","GreaterThan","GreaterThanOrEqual","LessThan","LessThanOrEqual"]',
      fixture: {
        resourceGroupName: "rg-genims-prod", ruleName: "genims-prod-pg-master-cpu", location: "global", description: "CPU", enabled: true, severity: 2,
        scopes: ["/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-genims-prod/providers/Microsoft.DBforPostgreSQL/flexibleServers/genims-prod-pg-master"],
        evaluationFrequency: "PT5M", windowSize: "PT15M", autoMitigate: true,
        criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ criterionType: "StaticThresholdCriterion", name: "cpu", metricName: "cpu_percent", metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers", operator: "GreaterThan", threshold: 80, timeAggregation: "Average" }] },
        actions: [{ actionGroupId: "/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-genims-prod/providers/Microsoft.Insights/actionGroups/genims-prod-alerts" }],
        tags: { stack: "prod" },
      },
    },
    "azure-native:monitor:ActionGroup": {
      change: (i) => ({ ...i, groupShortName: "genims-alerts-prod" }),
      problem: '/properties/groupShortName: "genims-alerts-prod" must NOT have more than 12 characters',
      fixture: { resourceGroupName: "rg-genims-prod", actionGroupName: "genims-prod-alerts", groupShortName: "genims-prod", location: "Global", enabled: true, emailReceivers: [{ name: "dba", emailAddress: "dba@example.com", useCommonAlertSchema: true }], webhookReceivers: [{ name: "pager", serviceUri: "https://hooks.example.com/x", useCommonAlertSchema: true }], tags: { stack: "prod" } },
    },
  };

  test("every type in the table has a broken case", () => {
    expect(Object.keys(BROKEN).sort()).toEqual(AZURE_TYPES.map((t) => t.token).sort());
  });

  test("a value where the excerpt holds a definition it chose not to extract is rejected, naming the definition", () => {
    const subnet = azureResources(runs.prod).find((r) => r.type === "azure-native:network:Subnet");
    const excerpt = excerpts.get("azure-native:network:Subnet");
    if (!subnet || !excerpt) throw new Error("no subnet");
    const withNsg = { ...subnet.inputs, networkSecurityGroup: { id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/networkSecurityGroups/z" } };
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, withNsg))).toEqual([
      "/properties/networkSecurityGroup: is specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/networkSecurityGroup.json#/definitions/NetworkSecurityGroup, which the excerpt does not contain: extract it before setting it",
    ]);
  });

  test.each(AZURE_TYPES.map((t) => t.token))("%s", (token) => {
    const resource = [...azureResources(runs.maximal), ...azureResources(runs.prod), ...azureResources(runs.dev)].find((r) => r.type === token);
    const excerpt = excerpts.get(token);
    const broken = BROKEN[token];
    const inputs = resource?.inputs ?? broken?.fixture;
    if (!inputs || !excerpt || !broken) throw new Error(`no registered resource or fixture, excerpt or broken case for ${token}`);
    // The input without the mistake is accepted, so the rejection is the mistake's alone.
    const baseline = (broken.repair ?? ((i) => i))({ ...inputs });
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, baseline))).toEqual([]);
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, broken.change({ ...baseline })))).toEqual([broken.problem]);
  });
});

/**
 * Terraform-bridged providers: every mongodbatlas resource against the inputs @pulumi/mongodbatlas
 * 4.16.0 knows and requires and the Terraform provider's schema and validators at the tag the
 * excerpts name (conformance/atlas/*.json); every mysql user and grant the same way against
 * @pulumi/mysql 3.3.2 and terraform-provider-mysql v1.9.0 (conformance/mysql/*.json). Both made by
 * scripts/conformance/extractAtlas.ts.
 */
describe("Atlas and MySQL provider", () => {
  describe.each(["dev", "prod", "maximal"] as const)("%s stack", (stack) => {
    test("every Atlas and MySQL-provider resource type it registers has a provider schema excerpt", () => {
      const types = [...new Set(atlasResources(runs[stack]).map((r) => r.type))].sort();
      expect(types.length).toBeGreaterThan(0);
      expect(types.filter((type) => !atlasExcerpts.has(type))).toEqual([]);
    });

    test("every Atlas and MySQL-provider resource conforms to its provider schema", () => {
      expect(atlasResources(runs[stack]).flatMap((resource) => atlasConformanceProblems(atlasExcerpts, resource))).toEqual([]);
    });
  });

  test("the excerpts are exactly the types of the extraction table, each citing the provider tag and commit", () => {
    expect([...atlasExcerpts.keys()].sort()).toEqual(ATLAS_TYPES.map((t) => t.token).sort());
    for (const excerpt of atlasExcerpts.values()) {
      expect(excerpt.sdk.version).toBe(({ "@pulumi/mongodbatlas": "4.16.0", "@pulumi/mysql": "3.3.2" } as Record<string, string>)[excerpt.sdk.package]);
      expect(excerpt.provider.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(Object.keys(excerpt.attributes).length).toBeGreaterThan(0);
      for (const attribute of Object.values(excerpt.attributes)) expect(attribute.source).toMatch(attribute.sdkAddition ? /^@pulumi\/mongodbatlas\/types\/input\.d\.ts:\d+$/ : /^(internal\/service|mysql)\/.+\.go:\d+$/);
    }
  });

  test("a resource type without an excerpt is reported, not passed", () => {
    expect(atlasConformanceProblems(atlasExcerpts, { type: "mongodbatlas:index/example:Unknown", name: "x", inputs: {} })).toEqual([
      "mongodbatlas:index/example:Unknown x: no provider schema excerpt for this type (add it to scripts/conformance/atlasTypes.ts and run npm run conformance:extract-atlas)",
    ]);
  });

  describe("the validator rejects one broken input of each resource type", () => {
    type Inputs = Record<string, unknown>;
    const ADVANCED_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
    const BROKEN: Record<string, { change: (inputs: Inputs) => Inputs; problem: string; fixture?: Inputs }> = {
      "mongodbatlas:index/project:Project": { change: ({ orgId: _org, ...i }) => i, problem: "orgId: required by mongodbatlas:index/project:Project (@pulumi/mongodbatlas 4.16.0) but missing" },
      [ADVANCED_CLUSTER]: { change: (i) => ({ ...i, mongoDbMajorVersion: "v8" }), problem: 'mongoDbMajorVersion (internal/service/advancedcluster/schema.go:192@v2.16.0): "v8" does not match ^([0-9]+)\\.?([0-9]+)?$' },
      "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList": { change: (i) => ({ ...i, ipAddresses: ["10.0.0.1"] }), problem: "ipAddresses: not an input of mongodbatlas:index/projectIpAccessList:ProjectIpAccessList in @pulumi/mongodbatlas 4.16.0" },
      "mongodbatlas:index/databaseUser:DatabaseUser": { change: (i) => ({ ...i, x509Type: "SELF_MANAGED" }), problem: 'x509Type (internal/service/databaseuser/resource_database_user.go:158@v2.16.0): "SELF_MANAGED" is not one of ["NONE","MANAGED","CUSTOMER"]' },
      "mongodbatlas:index/auditing:Auditing": { change: ({ projectId: _project, ...i }) => i, problem: "projectId: required by mongodbatlas:index/auditing:Auditing (@pulumi/mongodbatlas 4.16.0) but missing" },
      "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule": { change: (i) => ({ ...i, referenceHourOfDay: 24 }), problem: "referenceHourOfDay (internal/service/cloudbackupschedule/resource_cloud_backup_schedule.go:267@v2.16.0): 24 is not between 0 and 23" },
      "mongodbatlas:index/maintenanceWindow:MaintenanceWindow": { change: (i) => ({ ...i, dayOfWeek: 0 }), problem: "dayOfWeek (internal/service/maintenancewindow/resource_maintenance_window.go:40@v2.16.0): 0 is not between 1 and 7" },
      "mongodbatlas:index/encryptionAtRest:EncryptionAtRest": { change: (i) => ({ ...i, azureKeyVaultConfig: { ...(i.azureKeyVaultConfig as Inputs), keyVaultUri: "https://x" } }), problem: "azureKeyVaultConfig.keyVaultUri: mongodbatlas_encryption_at_rest declares no such attribute (v2.16.0)" },
      "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint": { change: (i) => ({ ...i, providerName: "Azure" }), problem: 'providerName (internal/service/privatelinkendpoint/resource.go:49@v2.16.0): "Azure" is not one of ["AWS","AZURE","GCP"]' },
      "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService": { change: ({ endpointServiceId: _id, ...i }) => i, problem: "endpointServiceId: required by mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService (@pulumi/mongodbatlas 4.16.0) but missing" },
      "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup": { change: ({ providerName: _p, ...i }) => i, problem: "providerName: required by mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup (@pulumi/mongodbatlas 4.16.0) but missing" },
      "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization": { change: ({ roleId: _r, ...i }) => i, problem: "roleId: required by mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization (@pulumi/mongodbatlas 4.16.0) but missing" },
      // Prod's stack file starts with archives off (docs/mongodb.md): the fixture is prod's archive with them on.
      "mongodbatlas:index/onlineArchive:OnlineArchive": {
        fixture: {
          projectId: "mongo-project-id", clusterName: "genims-prod-mongo", dbName: "genims_documents_db", collName: "sensor_readings", collectionType: "TIMESERIES",
          criteria: { type: "DATE", dateField: "ts", dateFormat: "ISODATE", expireAfterDays: 30 }, dataExpirationRule: { expireAfterDays: 90 },
          partitionFields: [{ fieldName: "ts", order: 0 }, { fieldName: "sensor_id", order: 1 }],
        },
        change: (i) => ({ ...i, collectionType: "TIME_SERIES" }), problem: 'collectionType (internal/service/onlinearchive/resource.go:65@v2.16.0): "TIME_SERIES" is not one of ["STANDARD","TIMESERIES"]' },
      "mysql:index/user:User": { change: ({ plaintextPassword, ...i }) => ({ ...i, password: plaintextPassword }), problem: "password (mysql/resource_user.go:41@v1.9.0): deprecated by the provider" },
      "mysql:index/grant:Grant": { change: ({ database: _database, ...i }) => i, problem: "database: required by mysql:index/grant:Grant (@pulumi/mysql 3.3.2) but missing" },
      // The inputs packages/db-components/lib/alerts.ts registers (branch recover), used while no stack here registers them.
      "mongodbatlas:index/alertConfiguration:AlertConfiguration": {
        change: (i) => ({ ...i, notifications: [{ ...((i.notifications as Inputs[])[0] ?? {}), opsGenieRegion: "ASIA" }] }),
        problem: 'notification.opsGenieRegion (internal/service/alertconfiguration/resource.go:287@v2.16.0): "ASIA" is not one of ["US","EU"]',
        fixture: {
          projectId: "mongo-project-id", enabled: true, eventType: "OUTSIDE_METRIC_THRESHOLD",
          metricThresholdConfig: { metricName: "NORMALIZED_SYSTEM_CPU_USER", operator: "GREATER_THAN", threshold: 80, units: "RAW", mode: "AVERAGE" },
          notifications: [{ typeName: "GROUP", roles: ["GROUP_OWNER"], emailEnabled: true, intervalMin: 60, delayMin: 0 }],
        },
      },
    };

    test("every type in the table has a broken case", () => {
      expect(Object.keys(BROKEN).sort()).toEqual(ATLAS_TYPES.map((t) => t.token).sort());
    });

    test.each(ATLAS_TYPES.map((t) => t.token))("%s", (token) => {
      const resource = [...atlasResources(runs.maximal), ...atlasResources(runs.prod), ...atlasResources(runs.dev)].find((r) => r.type === token);
      const excerpt = atlasExcerpts.get(token);
      const broken = BROKEN[token];
      const inputs = resource?.inputs ?? broken?.fixture;
      if (!inputs || !excerpt || !broken) throw new Error(`no registered resource or fixture, excerpt or broken case for ${token}`);
      expect(validateAtlasInputs(excerpt, inputs)).toEqual([]);
      expect(validateAtlasInputs(excerpt, broken.change({ ...inputs }))).toEqual([broken.problem]);
    });

    test("a key the provider does not declare inside a nested block is rejected", () => {
      const cluster = atlasResources(runs.prod).find((r) => r.type === ADVANCED_CLUSTER);
      const excerpt = atlasExcerpts.get(ADVANCED_CLUSTER);
      if (!cluster || !excerpt) throw new Error("no cluster");
      const specs = cluster.inputs.replicationSpecs as { regionConfigs: Inputs[] }[];
      const broken = { ...cluster.inputs, replicationSpecs: [{ ...specs[0], regionConfigs: [{ ...specs[0]?.regionConfigs[0], electableSpecs: { instanceSize: "M30", nodes: 3 } }] }] };
      expect(validateAtlasInputs(excerpt, broken)).toEqual(["replicationSpecs.regionConfigs.electableSpecs.nodes: mongodbatlas_advanced_cluster declares no such attribute (v2.16.0)"]);
    });
  });

  /**
   * copy_settings.copy_policy_items: declared by @pulumi/mongodbatlas 4.16.0, absent from the
   * provider source at v2.16.0 (atlasTypes.ts COPY_POLICY_ITEMS, docs/verification.md "Conformance").
   */
  describe("Atlas SDK additions (CloudBackupSchedule copySettings.copyPolicyItems)", () => {
    const BACKUP = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";
    type Inputs = Record<string, unknown>;

    test("the excerpt marks exactly the copy-policy block as SDK additions, citing the SDK's lines; no other type has one", () => {
      const added = Object.entries(atlasExcerpts.get(BACKUP)?.attributes ?? {}).filter(([, a]) => a.sdkAddition).map(([tf, a]) => [tf, a.source]);
      expect(added).toEqual([
        ["copy_settings.copy_policy_items", expect.stringMatching(/input\.d\.ts:\d+$/)],
        ["copy_settings.copy_policy_items.frequency_type", expect.stringMatching(/input\.d\.ts:\d+$/)],
        ["copy_settings.copy_policy_items.id", expect.stringMatching(/input\.d\.ts:\d+$/)],
        ["copy_settings.copy_policy_items.retention_unit", expect.stringMatching(/input\.d\.ts:\d+$/)],
        ["copy_settings.copy_policy_items.retention_value", expect.stringMatching(/input\.d\.ts:\d+$/)],
      ]);
      expect(ATLAS_TYPES.filter((t) => t.sdkAdditions).map((t) => t.token)).toEqual([BACKUP]);
      expect([...atlasExcerpts.values()].filter((e) => e.token !== BACKUP && Object.values(e.attributes).some((a) => a.sdkAddition))).toEqual([]);
    });

    test("a frequency type the SDK does not document is rejected, as is a key the SDK's item does not declare", () => {
      const schedule = atlasResources(runs.maximal).find((r) => r.type === BACKUP);
      const excerpt = atlasExcerpts.get(BACKUP);
      if (!schedule || !excerpt) throw new Error("no backup schedule in the maximal stack");
      const settings = schedule.inputs.copySettings as Inputs[];
      const withItem = (item: Inputs) => ({ ...schedule.inputs, copySettings: [{ ...settings[0], copyPolicyItems: [item] }] });
      expect(validateAtlasInputs(excerpt, withItem({ frequencyType: "DAILY", retentionUnit: "days", retentionValue: 7 }))).toEqual([
        'copySettings.copyPolicyItems.frequencyType (@pulumi/mongodbatlas/types/input.d.ts:809, @pulumi/mongodbatlas 4.16.0 addition): "DAILY" is not one of ["hourly","daily","weekly","monthly","yearly","ondemand"]',
      ]);
      expect(validateAtlasInputs(excerpt, withItem({ frequencyType: "daily", frequencyInterval: 1 }))).toEqual(["copySettings.copyPolicyItems.frequencyInterval: mongodbatlas_cloud_backup_schedule declares no such attribute (v2.16.0)"]);
    });

    const dts = ["export interface Setting {", "    /**", "     * One of `a` or `b`.", "     */", "    item?: string;", "}"].join("\n");
    const spec = (oneOf?: string[]) => ({ token: "t", sdkAdditions: [{ tfPath: "block.item", sdkType: "Setting", sdkProperty: "item", evidence: "e", ...(oneOf ? { oneOf } : {}) }] });
    const parent = { block: { pulumiPath: "block", source: "x.go:1", optional: true as const } };

    test("extraction adds it under its parent with the SDK's line", () => {
      expect(applySdkAdditions(spec(["a", "b"]), parent, dts, "sdk.d.ts", "v1")["block.item"]).toEqual({ pulumiPath: "block.item", source: "sdk.d.ts:5", optional: true, oneOf: ["a", "b"], sdkAddition: "e" });
    });

    test("extraction fails once the provider source defines it, so the addition cannot outlive its reason", () => {
      expect(() => applySdkAdditions(spec(), { ...parent, "block.item": { pulumiPath: "block.item", source: "x.go:2", optional: true } }, dts, "sdk.d.ts", "v1")).toThrow("t: the provider source at v1 now defines block.item; delete its sdkAdditions entry");
    });

    test("extraction fails when the SDK does not declare it or does not document a listed value", () => {
      expect(() => applySdkAdditions(spec(), parent, dts.replace("item?", "other?"), "sdk.d.ts", "v1")).toThrow("t: sdkAdditions block.item: sdk.d.ts declares no Setting.item");
      expect(() => applySdkAdditions(spec(["a", "c"]), parent, dts, "sdk.d.ts", "v1")).toThrow("t: sdkAdditions block.item: sdk.d.ts does not document c for Setting.item");
      expect(() => applySdkAdditions(spec(), {}, dts, "sdk.d.ts", "v1")).toThrow("t: sdkAdditions block.item: its parent block is not in the excerpt");
    });
  });
});
