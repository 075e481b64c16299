/**
 * Every MongoDB Atlas resource type the program registers, with where its schema lives:
 * - `sdkFile`: node_modules/@pulumi/mongodbatlas/<sdkFile> (4.16.0): the inputs the Pulumi
 *   schema accepts and the ones it requires ("Missing required property").
 * - `providerFiles`: Go files of github.com/mongodb/terraform-provider-mongodbatlas that declare
 *   the resource schema: Required/Optional/Computed, ForceNew / RequiresReplace, and validators
 *   (stringvalidator.OneOf, validation.StringInSlice, RegexMatches, Between).
 * Adding a type is one line.
 */
/** The Terraform-bridged providers checked, each with its Pulumi package and upstream repository. */
export const TERRAFORM_PROVIDERS = {
  mongodbatlas: { sdkPackage: "@pulumi/mongodbatlas", repository: "https://github.com/mongodb/terraform-provider-mongodbatlas", excerptDir: "atlas" },
  // @pulumi/mysql 3.3.2 bundles hashicorp/terraform-provider-mysql v1.9.0.
  mysql: { sdkPackage: "@pulumi/mysql", repository: "https://github.com/hashicorp/terraform-provider-mysql", excerptDir: "mysql" },
} as const;
export type TerraformProvider = keyof typeof TERRAFORM_PROVIDERS;

export interface AtlasTypeSpec {
  readonly provider: TerraformProvider;
  readonly token: string;
  readonly tfResource: string;
  readonly sdkFile: string;
  readonly providerFiles: readonly string[];
}

const S = "internal/service";
// The atlas entries' providerFiles are under internal/service of terraform-provider-mongodbatlas.

export const ATLAS_TYPES: readonly AtlasTypeSpec[] = [
  { provider: "mongodbatlas", token: "mongodbatlas:index/project:Project", tfResource: "mongodbatlas_project", sdkFile: "project.js", providerFiles: [`${S}/project/resource_project_schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/advancedCluster:AdvancedCluster", tfResource: "mongodbatlas_advanced_cluster", sdkFile: "advancedCluster.js", providerFiles: [`${S}/advancedcluster/schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList", tfResource: "mongodbatlas_project_ip_access_list", sdkFile: "projectIpAccessList.js", providerFiles: [`${S}/projectipaccesslist/resource_schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/databaseUser:DatabaseUser", tfResource: "mongodbatlas_database_user", sdkFile: "databaseUser.js", providerFiles: [`${S}/databaseuser/resource_database_user.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/auditing:Auditing", tfResource: "mongodbatlas_auditing", sdkFile: "auditing.js", providerFiles: [`${S}/auditing/resource_auditing.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", tfResource: "mongodbatlas_cloud_backup_schedule", sdkFile: "cloudBackupSchedule.js", providerFiles: [`${S}/cloudbackupschedule/resource_cloud_backup_schedule.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/encryptionAtRest:EncryptionAtRest", tfResource: "mongodbatlas_encryption_at_rest", sdkFile: "encryptionAtRest.js", providerFiles: [`${S}/encryptionatrest/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint", tfResource: "mongodbatlas_privatelink_endpoint", sdkFile: "privateLinkEndpoint.js", providerFiles: [`${S}/privatelinkendpoint/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService", tfResource: "mongodbatlas_privatelink_endpoint_service", sdkFile: "privateLinkEndpointService.js", providerFiles: [`${S}/privatelinkendpointservice/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup", tfResource: "mongodbatlas_cloud_provider_access_setup", sdkFile: "cloudProviderAccessSetup.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_setup.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization", tfResource: "mongodbatlas_cloud_provider_access_authorization", sdkFile: "cloudProviderAccessAuthorization.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_authorization.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/alertConfiguration:AlertConfiguration", tfResource: "mongodbatlas_alert_configuration", sdkFile: "alertConfiguration.js", providerFiles: [`${S}/alertconfiguration/resource.go`] },
  { provider: "mysql", token: "mysql:index/user:User", tfResource: "mysql_user", sdkFile: "user.js", providerFiles: ["mysql/resource_user.go"] },
  { provider: "mysql", token: "mysql:index/grant:Grant", tfResource: "mysql_grant", sdkFile: "grant.js", providerFiles: ["mysql/resource_grant.go"] },
];

export function atlasExcerptFileName(spec: Pick<AtlasTypeSpec, "tfResource">, tag: string): string {
  return `${spec.tfResource}@${tag}.json`;
}
