/**
 * `AtlasProject`: the MongoDB Atlas project holding the GenIMS document database, with a
 * dedicated replica-set cluster on Azure, its IP access list, TLS 1.2+ and cloud backups.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import type { MongoDatabaseSpec } from "../catalog";
import type { AllowedClient } from "../config/environment";
import type { ATLAS_INSTANCE_SIZES, ATLAS_MONGO_VERSIONS } from "../config/schema";
import { OperationQueue } from "./serverOperations";

export interface AtlasProjectArgs {
  /** Required. Atlas organization id. Changing it replaces the project and the cluster. */
  readonly orgId: string;
  /** Required. Atlas project name. */
  readonly projectName: string;
  /** Required. Cluster name (validated by config). Changing it replaces the cluster. */
  readonly clusterName: string;
  /** Required. Atlas Azure region, e.g. EUROPE_WEST. Changing it moves the cluster. */
  readonly region: string;
  /** Required. The catalog's MongoDB database (recorded on the cluster as a tag and output). */
  readonly database: MongoDatabaseSpec;
  /** Optional. Dedicated tier. Default M30 (Atlas's production minimum; M10+ has cloud backup). */
  readonly instanceSize?: (typeof ATLAS_INSTANCE_SIZES)[number];
  /** Optional. MongoDB major version. Default 8.0. */
  readonly mongoVersion?: (typeof ATLAS_MONGO_VERSIONS)[number];
  /** Optional. Clients allowed in, one access-list entry each. Default none: nobody from the internet. */
  readonly accessList?: readonly AllowedClient[];
  /** Optional. Pulumi protect plus Atlas termination protection. Default true. */
  readonly protect?: boolean;
  /** Optional. Tags on the project and the cluster. */
  readonly tags?: Readonly<Record<string, string>>;
}

export const ATLAS_MINIMUM_TLS = "TLS1_2";

export class AtlasProject extends pulumi.ComponentResource {
  readonly project: mongodbatlas.Project;
  readonly cluster: mongodbatlas.AdvancedCluster;
  readonly projectId: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** The database name applications use. */
  readonly databaseName: string;
  /** `mongodb+srv://` host part, without credentials. */
  readonly standardSrv: pulumi.Output<string>;
  readonly accessListEntries: Readonly<Record<string, mongodbatlas.ProjectIpAccessList>>;
  /** Atlas applies access-list changes one at a time per project, like Azure's server operations. */
  readonly operations: OperationQueue;

  constructor(name: string, args: AtlasProjectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:database:AtlasProject", name, {}, opts);
    const protect = args.protect ?? true;
    const tags = { ...(args.tags ?? {}), database: args.database.name };

    this.project = new mongodbatlas.Project(
      `${name}-project`,
      { orgId: args.orgId, name: args.projectName, withDefaultAlertsSettings: true, tags },
      { parent: this, protect },
    );
    this.projectId = this.project.id;

    this.cluster = new mongodbatlas.AdvancedCluster(
      `${name}-cluster`,
      {
        projectId: this.project.id,
        name: args.clusterName,
        clusterType: "REPLICASET",
        mongoDbMajorVersion: args.mongoVersion ?? "8.0",
        // Cloud backup with continuous (point-in-time) restore: the DR story for the documents.
        backupEnabled: true,
        pitEnabled: true,
        terminationProtectionEnabled: protect,
        advancedConfiguration: {
          minimumEnabledTlsProtocol: ATLAS_MINIMUM_TLS,
          // Server-side JavaScript is an injection surface the GenIMS workloads do not use.
          javascriptEnabled: false,
        },
        replicationSpecs: [
          {
            regionConfigs: [
              {
                providerName: "AZURE",
                regionName: args.region,
                priority: 7,
                // Three electable nodes, Atlas spreads them across the region's zones.
                electableSpecs: { instanceSize: args.instanceSize ?? "M30", nodeCount: 3 },
              },
            ],
          },
        ],
        tags,
      },
      { parent: this.project, protect },
    );
    this.clusterName = this.cluster.name;
    this.databaseName = args.database.name;
    this.standardSrv = this.cluster.connectionStrings.standardSrv;

    this.operations = new OperationQueue(this.project);
    const accessListEntries: Record<string, mongodbatlas.ProjectIpAccessList> = {};
    for (const client of args.accessList ?? []) {
      accessListEntries[client.name] = this.operations.enqueue(
        (dependsOn) =>
          new mongodbatlas.ProjectIpAccessList(
            `${name}-access-${client.name}`,
            { projectId: this.project.id, cidrBlock: client.cidr, comment: client.name },
            { parent: this.project, dependsOn },
          ),
      );
    }
    this.accessListEntries = accessListEntries;

    this.registerOutputs({ projectId: this.projectId, clusterName: this.clusterName, databaseName: this.databaseName });
  }
}
