/**
 * Every azure-native resource type the program can register, with the Azure REST API
 * specification the request body of its PUT comes from. Adding a type is one line.
 *
 * - `apiVersion`: the version `@pulumi/azure-native` 3.28.0 calls for the type, read from
 *   node_modules/@pulumi/azure-native/<module>/<resource>.d.ts ("Uses Azure REST API version ...").
 * - `specFile`: path in github.com/Azure/azure-rest-api-specs.
 * - `definition`: the schema of the PUT body parameter of that resource's path in `specFile`.
 * - `pathParameters`: Pulumi inputs that are URL path segments, not body fields.
 */
export interface AzureTypeSpec {
  readonly token: string;
  readonly resourceType: string;
  readonly apiVersion: string;
  readonly specFile: string;
  readonly definition: string;
  readonly pathParameters: readonly string[];
  /**
   * Definitions reachable from the body that are deliberately not extracted (`<file>#<Definition>`,
   * e.g. a subnet's whole NetworkSecurityGroup): the excerpt marks them, and a request that sets
   * a value there fails validation until the definition is extracted.
   */
  readonly notExtracted?: readonly string[];
  /**
   * Properties `@pulumi/azure-native` 3.28.0 declares and always sends for this type that the spec
   * file, at every commit readable here, does not define. Each is added to its definition in the
   * excerpt with the SDK's own type and enum and marked `x-conformance-sdk-addition` (the evidence),
   * so any other value is still rejected. Extraction fails once the spec defines the property
   * itself, which is the signal to delete the entry. Nothing else is relaxed.
   */
  readonly sdkAdditions?: readonly SdkAddition[];
}

export interface SdkAddition {
  readonly definition: string;
  readonly property: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly evidence: string;
}

/**
 * MySQL `storage.storageRedundancy`: FlexibleServers.json 2024-02-01-preview (commits 094aad65 and
 * f803004e, the versions readable here) has no such property in `Storage`; the spec declares it
 * from 2024-10-01-preview on (FlexibleServers.json#L1008 there, Azure/azure-rest-api-specs#46104).
 * azure-native 3.28.0 nevertheless declares it for this resource, which calls 2024-02-01-preview
 * (dbformysql/server.d.ts), and fills "LocalRedundancy" when unset (types/input.js
 * `dbformysql.storageArgsProvideDefaults`), so every server it creates sends it. The azure-native
 * commit of azure-rest-api-specs it was generated from could not be read here (the
 * pulumi-azure-native snapshot is 1.8 GB; the submodule pointer is not a file): see docs/verification.md, "Conformance".
 */
const MYSQL_STORAGE_REDUNDANCY: SdkAddition = {
  definition: "Storage",
  property: "storageRedundancy",
  schema: { type: "string", enum: ["LocalRedundancy", "ZoneRedundancy"] },
  evidence: "@pulumi/azure-native 3.28.0 types/input.d.ts dbformysql.StorageArgs.storageRedundancy (enums.dbformysql.StorageRedundancyEnum) and types/input.js dbformysql.storageArgsProvideDefaults (default LocalRedundancy); absent from FlexibleServers.json 2024-02-01-preview at 094aad65 and f803004e",
};

const PG_2025_08_01 = "specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/PostgreSQL/stable/2025-08-01/openapi.json";
const PG_SERVER_PATH = ["resourceGroupName", "serverName"];
const NETWORK_2024_05_01 = "specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/virtualNetwork.json";
// Writable references of a subnet to whole other network resources the program never sets.
const SUBNET_NOT_EXTRACTED = ["networkSecurityGroup.json#NetworkSecurityGroup", "routeTable.json#RouteTable", "serviceEndpointPolicy.json#ServiceEndpointPolicy", "applicationGateway.json#ApplicationGatewayIPConfiguration"];
/**
 * The spec repository later moved Microsoft.Network's API version folders one level down
 * (`Microsoft.Network/stable/2024-05-01/` → `Microsoft.Network/Network/stable/2024-05-01/`, the
 * layout PostgreSQL and MySQL already use). The stored copies available here hold privateEndpoint.json
 * and natGateway.json only at the new path, and virtualNetwork.json and network.json only at the old
 * one, so a `$ref` from the former to the latter is read at the old path (and that path's commit is
 * recorded). A frozen stable API version is one document in either place; the excerpt names both files.
 */
const NETWORK_2024_05_01_MOVED = "specification/network/resource-manager/Microsoft.Network/Network/stable/2024-05-01";
export const SPEC_FILE_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  ["virtualNetwork.json", "network.json"].map((file) => [`${NETWORK_2024_05_01_MOVED}/${file}`, `specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/${file}`]),
);
const PRIVATE_DNS = "specification/privatedns/resource-manager/Microsoft.Network/stable/2024-06-01/privatedns.json";
const MYSQL = "specification/mysql/resource-manager/Microsoft.DBforMySQL";
const MYSQL_SERVER_PATH = ["resourceGroupName", "serverName"];

export const AZURE_TYPES: readonly AzureTypeSpec[] = [
  { token: "azure-native:dbforpostgresql:Server", resourceType: "Microsoft.DBforPostgreSQL/flexibleServers", apiVersion: "2025-08-01", specFile: PG_2025_08_01, definition: "Server", pathParameters: PG_SERVER_PATH },
  { token: "azure-native:dbforpostgresql:Configuration", resourceType: "Microsoft.DBforPostgreSQL/flexibleServers/configurations", apiVersion: "2025-08-01", specFile: PG_2025_08_01, definition: "ConfigurationForUpdate", pathParameters: [...PG_SERVER_PATH, "configurationName"] },
  { token: "azure-native:dbforpostgresql:Database", resourceType: "Microsoft.DBforPostgreSQL/flexibleServers/databases", apiVersion: "2025-08-01", specFile: PG_2025_08_01, definition: "Database", pathParameters: [...PG_SERVER_PATH, "databaseName"] },
  { token: "azure-native:dbforpostgresql:FirewallRule", resourceType: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", apiVersion: "2025-08-01", specFile: PG_2025_08_01, definition: "FirewallRule", pathParameters: [...PG_SERVER_PATH, "firewallRuleName"] },
  { token: "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra", resourceType: "Microsoft.DBforPostgreSQL/flexibleServers/administrators", apiVersion: "2025-08-01", specFile: PG_2025_08_01, definition: "AdministratorMicrosoftEntraAdd", pathParameters: [...PG_SERVER_PATH, "objectId"] },
  { token: "azure-native:dbformysql:Server", resourceType: "Microsoft.DBforMySQL/flexibleServers", apiVersion: "2024-02-01-preview", specFile: `${MYSQL}/FlexibleServers/preview/2024-02-01-preview/FlexibleServers.json`, definition: "Server", pathParameters: MYSQL_SERVER_PATH, sdkAdditions: [MYSQL_STORAGE_REDUNDANCY] },
  { token: "azure-native:dbformysql:Configuration", resourceType: "Microsoft.DBforMySQL/flexibleServers/configurations", apiVersion: "2023-12-30", specFile: `${MYSQL}/Configurations/stable/2023-12-30/Configurations.json`, definition: "Configuration", pathParameters: [...MYSQL_SERVER_PATH, "configurationName"] },
  { token: "azure-native:dbformysql:Database", resourceType: "Microsoft.DBforMySQL/flexibleServers/databases", apiVersion: "2023-12-30", specFile: `${MYSQL}/Databases/stable/2023-12-30/Databases.json`, definition: "Database", pathParameters: [...MYSQL_SERVER_PATH, "databaseName"] },
  { token: "azure-native:dbformysql:FirewallRule", resourceType: "Microsoft.DBforMySQL/flexibleServers/firewallRules", apiVersion: "2023-12-30", specFile: `${MYSQL}/Firewall/stable/2023-12-30/FirewallRules.json`, definition: "FirewallRule", pathParameters: [...MYSQL_SERVER_PATH, "firewallRuleName"] },
  { token: "azure-native:dbformysql:AzureADAdministrator", resourceType: "Microsoft.DBforMySQL/flexibleServers/administrators", apiVersion: "2023-12-30", specFile: `${MYSQL}/AAD/stable/2023-12-30/AzureADAdministrator.json`, definition: "AzureADAdministrator", pathParameters: [...MYSQL_SERVER_PATH, "administratorName"] },
  { token: "azure-native:authorization:ManagementLockByScope", resourceType: "Microsoft.Authorization/locks", apiVersion: "2020-05-01", specFile: "specification/resources/resource-manager/Microsoft.Authorization/stable/2020-05-01/locks.json", definition: "ManagementLockObject", pathParameters: ["scope", "lockName"] },
  { token: "azure-native:authorization:RoleAssignment", resourceType: "Microsoft.Authorization/roleAssignments", apiVersion: "2022-04-01", specFile: "specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json", definition: "RoleAssignmentCreateParameters", pathParameters: ["scope", "roleAssignmentName"] },
  { token: "azure-native:managedidentity:UserAssignedIdentity", resourceType: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", specFile: "specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json", definition: "Identity", pathParameters: ["resourceGroupName", "resourceName"] },
  { token: "azure-native:privatedns:PrivateZone", resourceType: "Microsoft.Network/privateDnsZones", apiVersion: "2024-06-01", specFile: PRIVATE_DNS, definition: "PrivateZone", pathParameters: ["resourceGroupName", "privateZoneName"] },
  { token: "azure-native:privatedns:VirtualNetworkLink", resourceType: "Microsoft.Network/privateDnsZones/virtualNetworkLinks", apiVersion: "2024-06-01", specFile: PRIVATE_DNS, definition: "VirtualNetworkLink", pathParameters: ["resourceGroupName", "privateZoneName", "virtualNetworkLinkName"] },
  { token: "azure-native:keyvault:Secret", resourceType: "Microsoft.KeyVault/vaults/secrets", apiVersion: "2024-11-01", specFile: "specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/secrets.json", definition: "SecretCreateOrUpdateParameters", pathParameters: ["resourceGroupName", "vaultName", "secretName"] },
  { token: "azure-native:monitor:DiagnosticSetting", resourceType: "Microsoft.Insights/diagnosticSettings", apiVersion: "2021-05-01-preview", specFile: "specification/monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/diagnosticsSettings_API.json", definition: "DiagnosticSettingsResource", pathParameters: ["resourceUri", "name"] },
  { token: "azure-native:operationalinsights:Workspace", resourceType: "Microsoft.OperationalInsights/workspaces", apiVersion: "2023-09-01", specFile: "specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2023-09-01/Workspaces.json", definition: "Workspace", pathParameters: ["resourceGroupName", "workspaceName"] },
  { token: "azure-native:keyvault:Vault", resourceType: "Microsoft.KeyVault/vaults", apiVersion: "2024-11-01", specFile: "specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/keyvault.json", definition: "VaultCreateOrUpdateParameters", pathParameters: ["resourceGroupName", "vaultName"] },
  { token: "azure-native:resources:ResourceGroup", resourceType: "Microsoft.Resources/resourceGroups", apiVersion: "2024-03-01", specFile: "specification/resources/resource-manager/Microsoft.Resources/stable/2024-03-01/resources.json", definition: "ResourceGroup", pathParameters: ["resourceGroupName"] },
  { token: "azure-native:network:VirtualNetwork", resourceType: "Microsoft.Network/virtualNetworks", apiVersion: "2024-05-01", specFile: NETWORK_2024_05_01, definition: "VirtualNetwork", pathParameters: ["resourceGroupName", "virtualNetworkName"], notExtracted: SUBNET_NOT_EXTRACTED },
  { token: "azure-native:network:Subnet", resourceType: "Microsoft.Network/virtualNetworks/subnets", apiVersion: "2024-05-01", specFile: NETWORK_2024_05_01, definition: "Subnet", pathParameters: ["resourceGroupName", "virtualNetworkName", "subnetName"], notExtracted: SUBNET_NOT_EXTRACTED },
  { token: "azure-native:network:PublicIPAddress", resourceType: "Microsoft.Network/publicIPAddresses", apiVersion: "2024-05-01", specFile: "specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/publicIpAddress.json", definition: "PublicIPAddress", pathParameters: ["resourceGroupName", "publicIpAddressName"], notExtracted: ["natGateway.json#NatGateway"] },
  // Private endpoints: the program sets subnet, (manual) private link service connections and tags only.
  { token: "azure-native:network:PrivateEndpoint", resourceType: "Microsoft.Network/privateEndpoints", apiVersion: "2024-05-01", specFile: `${NETWORK_2024_05_01_MOVED}/privateEndpoint.json`, definition: "PrivateEndpoint", pathParameters: ["resourceGroupName", "privateEndpointName"], notExtracted: [...SUBNET_NOT_EXTRACTED, "applicationSecurityGroup.json#ApplicationSecurityGroup", "privateLinkService.json#PrivateLinkServiceConnectionState"] },
  { token: "azure-native:network:PrivateDnsZoneGroup", resourceType: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", apiVersion: "2024-05-01", specFile: `${NETWORK_2024_05_01_MOVED}/privateEndpoint.json`, definition: "PrivateDnsZoneGroup", pathParameters: ["resourceGroupName", "privateEndpointName", "privateDnsZoneGroupName"] },
  { token: "azure-native:network:NatGateway", resourceType: "Microsoft.Network/natGateways", apiVersion: "2024-05-01", specFile: `${NETWORK_2024_05_01_MOVED}/natGateway.json`, definition: "NatGateway", pathParameters: ["resourceGroupName", "natGatewayName"] },
  { token: "azure-native:monitor:MetricAlert", resourceType: "Microsoft.Insights/metricAlerts", apiVersion: "2018-03-01", specFile: "specification/monitor/resource-manager/Microsoft.Insights/stable/2018-03-01/metricAlert_API.json", definition: "MetricAlertResource", pathParameters: ["resourceGroupName", "ruleName"] },
  {
    token: "azure-native:monitor:ActionGroup",
    resourceType: "Microsoft.Insights/actionGroups",
    apiVersion: "2024-10-01-preview",
    specFile: "specification/monitor/resource-manager/Microsoft.Insights/preview/2024-10-01-preview/actionGroups_API.json",
    definition: "ActionGroupResource",
    pathParameters: ["resourceGroupName", "actionGroupName"],
    // The program notifies by email and webhook only, and gives the group no identity.
    notExtracted: ["managedidentity.json#ManagedServiceIdentity", ...["Sms", "Itsm", "AzureAppPush", "AutomationRunbook", "Voice", "LogicApp", "AzureFunction", "ArmRole", "EventHub", "Incident"].map((kind) => `actionGroups_API.json#${kind}Receiver`)],
  },
];

/** conformance/azure/<Namespace>.<type path with dots>@<apiVersion>.json */
export function excerptFileName(spec: Pick<AzureTypeSpec, "resourceType" | "apiVersion">): string {
  return `${spec.resourceType.replace(/\//g, ".")}@${spec.apiVersion}.json`;
}
