import * as pulumi from "@pulumi/pulumi";
import { type ArgProblem, type KeyVault, duplicateProblems, keyVaultFor, keyVaultProblems, throwIfProblems } from "./clusterArgs";
import { type AtlasUser as AtlasUserModel, atlasLoginUses, roleStem } from "./lib/accessModel";
import { AtlasProject } from "./lib/atlasProject";
import { AtlasAccess } from "./lib/databaseAccess";
import { ATLAS_CLUSTER_NAME } from "./lib/names";
import type { AtlasInstanceSize, DayOfWeek, MongoVersion } from "./lib/types";
import { connectionStrings } from "./postgresCluster";

/** A built-in MongoDB role a database user may hold. */
export const AtlasRoleName = { Read: "read", ReadWrite: "readWrite", DbAdmin: "dbAdmin" } as const;
export type AtlasRoleName = (typeof AtlasRoleName)[keyof typeof AtlasRoleName];

/** A role of a database user on one database. */
export interface AtlasRole {
  /** Required. `read`, `readWrite` or `dbAdmin` (schema and indexes, no documents). */
  roleName: AtlasRoleName;
  /** Optional. The database. Default: the component's `databaseName`. */
  databaseName?: string;
}

/** A SCRAM database user, scoped to the cluster, with a generated password. */
export interface AtlasUser {
  /** Required. User name. Changing it replaces the user (a new password too). */
  username: string;
  /** Required. The user's roles; never an admin-database role. */
  roles: AtlasRole[];
  /** Optional. Why the user exists, for reviewers (the user's Atlas description). Default: its roles. */
  purpose?: string;
}

/** One entry of the project's IP access list. */
export interface AccessListEntry {
  /** Required. Who this is (the entry's comment). */
  name: string;
  /** Required. CIDR block, e.g. `203.0.113.0/24` (a single host is /32). Changing it replaces the entry. */
  cidr: string;
}

/** Compute auto-scaling between two tiers. */
export interface ComputeAutoScaling {
  /** Required. Smallest tier Atlas may scale down to. */
  min: AtlasInstanceSize;
  /** Required. Largest tier Atlas may scale up to. */
  max: AtlasInstanceSize;
}

/** The project's maintenance window (project time zone). */
export interface AtlasMaintenanceWindow {
  /** Required. Day of the window. */
  dayOfWeek: DayOfWeek;
  /** Required. Hour the window starts, 0-23. */
  startHour: number;
}

/** Arguments of an Atlas cluster. */
export interface AtlasClusterArgs {
  /** Required. Atlas organization id. Changing it replaces the project and the cluster. */
  orgId: string;
  /** Required. Atlas project name. In place. */
  projectName: string;
  /** Required. Cluster name: 1-23 letters, digits and hyphens (Atlas uses them for the hostname). Changing it replaces the cluster. */
  clusterName: string;
  /** Required. Atlas Azure region, e.g. `EUROPE_WEST`. Changing it moves the cluster in place (Atlas migrates the nodes). */
  region: string;
  /** Required. The database applications use; the users' roles default to it. */
  databaseName: string;
  /** Optional. Dedicated tier. Default M30 (Atlas's production minimum; M10+ has cloud backup). In place. */
  instanceSize?: AtlasInstanceSize;
  /** Optional. MongoDB major version. Default 8.0. An upgrade is in place; a downgrade is refused. */
  mongoVersion?: MongoVersion;
  /** Optional. Disk auto-scaling. Default true (a full disk stops writes). In place. */
  diskAutoScaling?: boolean;
  /** Optional. Compute auto-scaling range. Default: fixed tier. In place. */
  computeAutoScaling?: ComputeAutoScaling;
  /** Optional. Project maintenance window. Default: Atlas's own choice. In place. */
  maintenanceWindow?: AtlasMaintenanceWindow;
  /** Optional. Clients allowed in. Default none: nobody from the internet (use Private Link or add entries). */
  accessList?: AccessListEntry[];
  /** Optional. Days of daily snapshots kept; point-in-time restore covers the last 7 at most. Default 35. In place. */
  backupRetentionDays?: number;
  /** Optional. Copy every snapshot and the oplog to this second Atlas region. Default: none. Turning it on is one-way (copy-policy mode). */
  backupCopyRegion?: string;
  /** Optional. Database users. Default: one `<database>-app` user with readWrite on `databaseName`. */
  users?: AtlasUser[];
  /** Optional. An Azure Key Vault for the users' connection strings (`resourceGroupName` and `location` required here). Default: none. */
  keyVault?: KeyVault;
  /** Optional. Rotation counter of every generated password. Default 0. Changing it regenerates the passwords in place. */
  passwordRotation?: number;
  /** Optional. Pulumi protect plus Atlas termination protection on project and cluster. Default true. */
  protect?: boolean;
  /** Optional. Tags on the project and the cluster. Default none. */
  tags?: Record<string, string>;
}

/** What is wrong with the Args of an Atlas cluster, every problem named. */
export function atlasClusterProblems(args: AtlasClusterArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const name = args.clusterName ?? "";
  if (name.length > ATLAS_CLUSTER_NAME.maxLength || !ATLAS_CLUSTER_NAME.pattern.test(name)) problems.push({ propertyPath: "clusterName", reason: `${name}: ${ATLAS_CLUSTER_NAME.rule}` });
  if (!args.databaseName) problems.push({ propertyPath: "databaseName", reason: "required" });
  (args.users ?? []).forEach((user, index) => {
    if (user.roles.length === 0) problems.push({ propertyPath: `users[${index}].roles`, reason: "a user needs at least one role" });
    if (user.roles.some((role) => role.databaseName === "admin")) problems.push({ propertyPath: `users[${index}].roles`, reason: "roles on the admin database are cluster-wide: not granted by this component" });
  });
  problems.push(...duplicateProblems("users", (args.users ?? []).map((user) => user.username)));
  problems.push(...duplicateProblems("accessList", (args.accessList ?? []).map((entry) => entry.cidr)));
  if (args.keyVault !== undefined) {
    problems.push(...keyVaultProblems(args.keyVault));
    if (args.keyVault.resourceGroupName === undefined || args.keyVault.location === undefined) problems.push({ propertyPath: "keyVault", reason: "an Atlas cluster has no Azure resource group or region: set keyVault.resourceGroupName and keyVault.location" });
  }
  return problems;
}

/** The users of the access model: the given ones, or the default application user. */
export function atlasUsers(args: Pick<AtlasClusterArgs, "databaseName" | "users">): AtlasUserModel[] {
  const users = args.users ?? [{ username: `${roleStem(args.databaseName).replace(/_/g, "-")}-app`, roles: [{ roleName: AtlasRoleName.ReadWrite }], purpose: `${args.databaseName}'s application` }];
  return users.map((user) => {
    const roles = user.roles.map((role) => ({ roleName: role.roleName, databaseName: role.databaseName ?? args.databaseName }));
    return { username: user.username, purpose: user.purpose ?? roles.map((r) => `${r.roleName}@${r.databaseName}`).join(", "), roles };
  });
}

/**
 * A MongoDB Atlas project with one dedicated replica-set cluster on Azure (3 nodes, TLS 1.2+, no
 * server-side JavaScript, cloud backup with point-in-time restore, database auditing), its IP
 * access list (applied one entry at a time), SCRAM database users scoped to the cluster, and
 * optionally an Azure Key Vault holding every user's connection string.
 */
export class AtlasCluster extends pulumi.ComponentResource {
  /** Atlas project id. */
  readonly projectId: pulumi.Output<string>;
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** `mongodb+srv://` address of the cluster, without credentials. */
  readonly standardSrv: pulumi.Output<string>;
  /** The database applications use. */
  readonly databaseName: string;
  /** Names of the database users. */
  readonly usernames: string[];
  /** Secret name (`<database>--<user>`) → connection string of every user (secret). */
  readonly connectionStrings: pulumi.Output<Record<string, string>>;
  /** Name of the Key Vault holding the connection strings, when `keyVault` is set. */
  readonly keyVaultName?: pulumi.Output<string>;

  constructor(name: string, args: AtlasClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("db-components:index:AtlasCluster", name, {}, opts);
    throwIfProblems("AtlasCluster", name, atlasClusterProblems(args));
    const protect = args.protect ?? true;
    const project = new AtlasProject(
      name,
      {
        orgId: args.orgId,
        projectName: args.projectName,
        clusterName: args.clusterName,
        region: args.region,
        database: { name: args.databaseName },
        instanceSize: args.instanceSize ?? "M30",
        mongoVersion: args.mongoVersion ?? "8.0",
        autoScaling: { diskGb: args.diskAutoScaling ?? true, compute: args.computeAutoScaling },
        ...(args.maintenanceWindow === undefined ? {} : { maintenanceWindow: args.maintenanceWindow }),
        accessList: args.accessList ?? [],
        backupRetentionDays: args.backupRetentionDays ?? 35,
        ...(args.backupCopyRegion === undefined ? {} : { backupCopyRegion: args.backupCopyRegion }),
        protect,
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    const model = { clusterName: args.clusterName, scopedClusters: [args.clusterName], database: args.databaseName, users: atlasUsers(args) };
    const access = new AtlasAccess(`${name}-access`, { projectId: project.projectId, cluster: project.cluster, access: model, passwordRotation: args.passwordRotation ?? 0 }, { parent: project });
    const strings = connectionStrings(atlasLoginUses(model), project.standardSrv, access.passwords);
    const vault = keyVaultFor(name, args.keyVault, { resourceGroupName: undefined, location: undefined, protect, tags: args.tags ?? {} }, strings.all, this);

    this.projectId = project.projectId;
    this.clusterName = project.clusterName;
    this.standardSrv = project.standardSrv;
    this.databaseName = args.databaseName;
    this.usernames = model.users.map((u) => u.username);
    this.connectionStrings = pulumi.secret(pulumi.all(strings.all));
    if (vault !== undefined) this.keyVaultName = vault.vaultName;
    this.registerOutputs({
      projectId: this.projectId,
      clusterName: this.clusterName,
      standardSrv: this.standardSrv,
      databaseName: this.databaseName,
      usernames: this.usernames,
      connectionStrings: this.connectionStrings,
      keyVaultName: this.keyVaultName,
    });
  }
}
