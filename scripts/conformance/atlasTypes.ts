/**
 * Every MongoDB Atlas resource type the program registers, with where its schema lives:
 * - `sdkFile`: node_modules/@pulumi/mongodbatlas/<sdkFile> (4.16.0): the inputs the Pulumi
 *   schema accepts and the ones it requires ("Missing required property").
 * - `providerFiles`: Go files of github.com/mongodb/terraform-provider-mongodbatlas that declare
 *   the resource schema: Required/Optional/Computed, ForceNew / RequiresReplace, and validators
 *   (stringvalidator.OneOf, validation.StringInSlice, RegexMatches, Between).
 * Adding a type is one line.
 */
export interface AtlasTypeSpec {
  readonly token: string;
  readonly tfResource: string;
  readonly sdkFile: string;
  readonly providerFiles: readonly string[];
}

const S = "internal/service";

export const ATLAS_TYPES: readonly AtlasTypeSpec[] = [
  { token: "mongodbatlas:index/project:Project", tfResource: "mongodbatlas_project", sdkFile: "project.js", providerFiles: [`${S}/project/resource_project_schema.go`] },
  { token: "mongodbatlas:index/advancedCluster:AdvancedCluster", tfResource: "mongodbatlas_advanced_cluster", sdkFile: "advancedCluster.js", providerFiles: [`${S}/advancedcluster/schema.go`] },
  { token: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList", tfResource: "mongodbatlas_project_ip_access_list", sdkFile: "projectIpAccessList.js", providerFiles: [`${S}/projectipaccesslist/resource_schema.go`] },
  { token: "mongodbatlas:index/databaseUser:DatabaseUser", tfResource: "mongodbatlas_database_user", sdkFile: "databaseUser.js", providerFiles: [`${S}/databaseuser/resource_database_user.go`] },
  { token: "mongodbatlas:index/auditing:Auditing", tfResource: "mongodbatlas_auditing", sdkFile: "auditing.js", providerFiles: [`${S}/auditing/resource_auditing.go`] },
  { token: "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", tfResource: "mongodbatlas_cloud_backup_schedule", sdkFile: "cloudBackupSchedule.js", providerFiles: [`${S}/cloudbackupschedule/resource_cloud_backup_schedule.go`] },
  { token: "mongodbatlas:index/encryptionAtRest:EncryptionAtRest", tfResource: "mongodbatlas_encryption_at_rest", sdkFile: "encryptionAtRest.js", providerFiles: [`${S}/encryptionatrest/resource.go`] },
  { token: "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint", tfResource: "mongodbatlas_privatelink_endpoint", sdkFile: "privateLinkEndpoint.js", providerFiles: [`${S}/privatelinkendpoint/resource.go`] },
  { token: "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService", tfResource: "mongodbatlas_privatelink_endpoint_service", sdkFile: "privateLinkEndpointService.js", providerFiles: [`${S}/privatelinkendpointservice/resource.go`] },
  { token: "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup", tfResource: "mongodbatlas_cloud_provider_access_setup", sdkFile: "cloudProviderAccessSetup.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_setup.go`] },
  { token: "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization", tfResource: "mongodbatlas_cloud_provider_access_authorization", sdkFile: "cloudProviderAccessAuthorization.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_authorization.go`] },
  { token: "mongodbatlas:index/alertConfiguration:AlertConfiguration", tfResource: "mongodbatlas_alert_configuration", sdkFile: "alertConfiguration.js", providerFiles: [`${S}/alertconfiguration/resource.go`] },
];

export function atlasExcerptFileName(spec: Pick<AtlasTypeSpec, "tfResource">, tag: string): string {
  return `${spec.tfResource}@${tag}.json`;
}
