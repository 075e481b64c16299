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
  /**
   * Attributes the installed SDK declares (types/input.d.ts) that the provider's Go source at the
   * excerpt's tag does not: the SDK bundles a newer provider than any source readable here. Each
   * is added to the excerpt with the SDK's line and marked `sdkAddition` (the evidence); the
   * extraction fails once the Go source defines it or the SDK stops declaring it. Nothing else is
   * relaxed. See docs/verification.md "Conformance".
   */
  readonly sdkAdditions?: readonly AtlasSdkAddition[];
}

export interface AtlasSdkAddition {
  /** Terraform attribute path, dotted snake_case; its parent must be in the excerpt (or added before it). */
  readonly tfPath: string;
  /** The interface in the SDK's types/input.d.ts and its property that declare it. */
  readonly sdkType: string;
  readonly sdkProperty: string;
  /** Values the SDK documents for it; each must appear back-quoted in the property's doc comment. */
  readonly oneOf?: readonly string[];
  readonly evidence: string;
}

/**
 * copy_settings.copy_policy_items: @pulumi/mongodbatlas 4.16.0 declares it (types/input.d.ts,
 * CloudBackupScheduleCopySetting.copyPolicyItems and CloudBackupScheduleCopySettingCopyPolicyItem)
 * and deprecates `frequencies` in its favour, so 4.16.0 bundles a provider newer than v2.16.0.
 * Upstream added the block in mongodb/terraform-provider-mongodbatlas PR #4693 (merged
 * 2026-08-31); the provider mirror here ends 2026-08-22 (newest tag v2.16.0, master without it).
 */
const COPY_POLICY_EVIDENCE =
  "Declared by @pulumi/mongodbatlas 4.16.0 types/input.d.ts (CloudBackupScheduleCopySetting.copyPolicyItems); added upstream by terraform-provider-mongodbatlas PR #4693 (merged 2026-08-31), after v2.16.0, the newest provider source readable here";
const COPY_POLICY_ITEM = "CloudBackupScheduleCopySettingCopyPolicyItem";
const COPY_POLICY_ITEMS: readonly AtlasSdkAddition[] = [
  { tfPath: "copy_settings.copy_policy_items", sdkType: "CloudBackupScheduleCopySetting", sdkProperty: "copyPolicyItems", evidence: COPY_POLICY_EVIDENCE },
  { tfPath: "copy_settings.copy_policy_items.frequency_type", sdkType: COPY_POLICY_ITEM, sdkProperty: "frequencyType", oneOf: ["hourly", "daily", "weekly", "monthly", "yearly", "ondemand"], evidence: COPY_POLICY_EVIDENCE },
  { tfPath: "copy_settings.copy_policy_items.id", sdkType: COPY_POLICY_ITEM, sdkProperty: "id", evidence: COPY_POLICY_EVIDENCE },
  { tfPath: "copy_settings.copy_policy_items.retention_unit", sdkType: COPY_POLICY_ITEM, sdkProperty: "retentionUnit", oneOf: ["days", "weeks", "months", "years"], evidence: COPY_POLICY_EVIDENCE },
  { tfPath: "copy_settings.copy_policy_items.retention_value", sdkType: COPY_POLICY_ITEM, sdkProperty: "retentionValue", evidence: COPY_POLICY_EVIDENCE },
];

const S = "internal/service";
// The atlas entries' providerFiles are under internal/service of terraform-provider-mongodbatlas.

export const ATLAS_TYPES: readonly AtlasTypeSpec[] = [
  { provider: "mongodbatlas", token: "mongodbatlas:index/project:Project", tfResource: "mongodbatlas_project", sdkFile: "project.js", providerFiles: [`${S}/project/resource_project_schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/advancedCluster:AdvancedCluster", tfResource: "mongodbatlas_advanced_cluster", sdkFile: "advancedCluster.js", providerFiles: [`${S}/advancedcluster/schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList", tfResource: "mongodbatlas_project_ip_access_list", sdkFile: "projectIpAccessList.js", providerFiles: [`${S}/projectipaccesslist/resource_schema.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/databaseUser:DatabaseUser", tfResource: "mongodbatlas_database_user", sdkFile: "databaseUser.js", providerFiles: [`${S}/databaseuser/resource_database_user.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/auditing:Auditing", tfResource: "mongodbatlas_auditing", sdkFile: "auditing.js", providerFiles: [`${S}/auditing/resource_auditing.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule", tfResource: "mongodbatlas_cloud_backup_schedule", sdkFile: "cloudBackupSchedule.js", providerFiles: [`${S}/cloudbackupschedule/resource_cloud_backup_schedule.go`], sdkAdditions: COPY_POLICY_ITEMS },
  { provider: "mongodbatlas", token: "mongodbatlas:index/encryptionAtRest:EncryptionAtRest", tfResource: "mongodbatlas_encryption_at_rest", sdkFile: "encryptionAtRest.js", providerFiles: [`${S}/encryptionatrest/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint", tfResource: "mongodbatlas_privatelink_endpoint", sdkFile: "privateLinkEndpoint.js", providerFiles: [`${S}/privatelinkendpoint/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService", tfResource: "mongodbatlas_privatelink_endpoint_service", sdkFile: "privateLinkEndpointService.js", providerFiles: [`${S}/privatelinkendpointservice/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup", tfResource: "mongodbatlas_cloud_provider_access_setup", sdkFile: "cloudProviderAccessSetup.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_setup.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization", tfResource: "mongodbatlas_cloud_provider_access_authorization", sdkFile: "cloudProviderAccessAuthorization.js", providerFiles: [`${S}/cloudprovideraccess/resource_cloud_provider_access_authorization.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/alertConfiguration:AlertConfiguration", tfResource: "mongodbatlas_alert_configuration", sdkFile: "alertConfiguration.js", providerFiles: [`${S}/alertconfiguration/resource.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/maintenanceWindow:MaintenanceWindow", tfResource: "mongodbatlas_maintenance_window", sdkFile: "maintenanceWindow.js", providerFiles: [`${S}/maintenancewindow/resource_maintenance_window.go`] },
  { provider: "mongodbatlas", token: "mongodbatlas:index/onlineArchive:OnlineArchive", tfResource: "mongodbatlas_online_archive", sdkFile: "onlineArchive.js", providerFiles: [`${S}/onlinearchive/resource.go`] },
  { provider: "mysql", token: "mysql:index/user:User", tfResource: "mysql_user", sdkFile: "user.js", providerFiles: ["mysql/resource_user.go"] },
  { provider: "mysql", token: "mysql:index/grant:Grant", tfResource: "mysql_grant", sdkFile: "grant.js", providerFiles: ["mysql/resource_grant.go"] },
];

export function atlasExcerptFileName(spec: Pick<AtlasTypeSpec, "tfResource">, tag: string): string {
  return `${spec.tfResource}@${tag}.json`;
}
