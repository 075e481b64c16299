/**
 * What each resource type does over its life, one table per type: which inputs make a new
 * resource when they change, which the service takes only on update (ignored on create), which
 * changes restart a server or need a review, and what the service does by itself. The lifecycle
 * emulator (`./emulator.ts`), the plan report (`scripts/lib/planDiff.ts`) and the day-2 guide all
 * read these tables, so they cannot disagree.
 *
 * Derived, not remembered, wherever a machine-readable source exists:
 * - azure-native types: the REST spec excerpts in `conformance/azure/` (the API version
 *   @pulumi/azure-native 3.28.0 calls): URL path parameters are the resource's identity (a change
 *   is a new resource id), `x-ms-mutability` without "update" is create-only (azure-native marks
 *   such properties forceNew: a change is a replacement), without "create" is update-only (sent on
 *   create, not applied by the service);
 * - Terraform-bridged types (Atlas, MySQL): the provider schema excerpts in `conformance/atlas/`
 *   and `conformance/mysql/` (`forceNew`, `RequiresReplace`, at the bundled tags).
 * What no schema says (service behaviour documented in prose, providers without excerpts) is
 * written here, each entry with its source.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { staticParameterNames } from "../packages/db-components/lib/serverParameters";

export interface PropertyRule {
  /** Flattened input path (`storage.storageSizeGB`); matches itself and everything below it. */
  readonly path: string;
  readonly why: string;
  readonly source: string;
}

/** A rule that depends on the values (a shrink, a downgrade), not just on a change. */
export interface ValueRule {
  readonly path: string;
  readonly effect: "replace" | "review" | "rejected";
  readonly applies: (before: string, after: string) => boolean;
  readonly why: string;
  readonly source: string;
}

export interface TypeLifecycle {
  readonly token: string;
  /** Holds data: replacing or deleting it loses data (or the way to it). */
  readonly stateful: boolean;
  /** Inputs that form the cloud id: a change is a different resource. */
  readonly identity: readonly string[];
  /** A change replaces the resource (the provider deletes it and creates it anew). */
  readonly createOnly: readonly PropertyRule[];
  /**
   * The service takes it only at creation, but the provider does not replace on a change: the
   * update is sent and the service refuses (or ignores) it. The change cannot happen in place.
   */
  readonly fixed: readonly PropertyRule[];
  readonly updateOnly: readonly PropertyRule[];
  readonly restartOn: readonly PropertyRule[];
  readonly reviewOn: readonly PropertyRule[];
  readonly valueRules: readonly ValueRule[];
  /**
   * The provider refuses to create what already exists under the same cloud id (azure-native
   * checks with a GET before its PUT; CREATE ROLE / CREATE USER fail on the server).
   */
  readonly createFailsIfExists: boolean;
  /** The ARM resource type (`Microsoft.DBforPostgreSQL/flexibleServers/databases`), for azure-native types. */
  readonly resourceType: string | undefined;
  /** Where the table comes from. */
  readonly source: string;
}

const CONFORMANCE = path.resolve(__dirname, "../conformance");

interface AzureExcerptFile {
  token: string;
  resourceType: string;
  apiVersion: string;
  pathParameters: string[];
  root: string;
  source: { file: string; commits: Record<string, string> };
  definitions: Record<string, Record<string, unknown>>;
}

interface ProviderExcerptFile {
  token: string;
  provider: { repository: string; tag: string };
  attributes: Record<string, { pulumiPath: string; source: string; forceNew?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const jsonFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f)) : []);

/** Every property path of an Azure excerpt with its `x-ms-mutability`, in azure-native's input form (the `properties` bag flattened). */
export function azureMutability(excerpt: AzureExcerptFile): { path: string; mutability: readonly string[] }[] {
  const found: { path: string; mutability: string[] }[] = [];
  const visit = (definition: string, prefix: string, depth: number, seen: Set<string>): void => {
    const schema = excerpt.definitions[definition];
    if (schema === undefined || depth > 8 || seen.has(definition)) return;
    const next = new Set(seen).add(definition);
    const properties: Record<string, Record<string, unknown>> = { ...((schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {}) };
    for (const part of (schema.allOf as { $ref?: string }[] | undefined) ?? []) {
      const parent = part.$ref?.split("/").pop();
      if (parent !== undefined) Object.assign(properties, (excerpt.definitions[parent]?.properties as Record<string, Record<string, unknown>> | undefined) ?? {});
    }
    for (const [name, property] of Object.entries(properties)) {
      // azure-native flattens the `properties` bag into the resource's own inputs.
      const flattened = name === "properties" && property["x-ms-client-flatten"] === true;
      const here = flattened ? prefix : prefix === "" ? name : `${prefix}.${name}`;
      const mutability = property["x-ms-mutability"] as string[] | undefined;
      if (mutability !== undefined && !flattened) found.push({ path: here, mutability });
      const items = property.items as { $ref?: string } | undefined;
      const ref = (property.$ref as string | undefined) ?? items?.$ref;
      if (ref !== undefined) visit(ref.split("/").pop()!, here, depth + 1, next);
    }
  };
  visit(excerpt.root, "", 0, new Set());
  return found;
}

function fromAzureExcerpt(file: string): Partial<TypeLifecycle> & { token: string } {
  const excerpt = readJson<AzureExcerptFile>(file);
  const where = `${excerpt.source.file} (${excerpt.apiVersion})`;
  const mutability = azureMutability(excerpt);
  const createOnly = mutability.filter((m) => m.mutability.includes("create") && !m.mutability.includes("update"));
  // azure-native marks only top-level create-only properties forceNew; a nested one is sent on update
  // like any other (pulumi/pulumi-azure-native provider/pkg/gen/properties.go: `forceNew` for a
  // top-level property, `forceNewSetOnReferencedType` for properties of a referenced type).
  const topLevel = (m: { path: string }) => !m.path.includes(".");
  return {
    token: excerpt.token,
    identity: excerpt.pathParameters,
    createOnly: createOnly
      .filter(topLevel)
      .map((m) => ({ path: m.path, why: `${m.path} is create-only (x-ms-mutability ${m.mutability.join(",")}): azure-native replaces the resource when it changes`, source: where })),
    fixed: createOnly
      .filter((m) => !topLevel(m))
      .map((m) => ({ path: m.path, why: `${m.path} is create-only (x-ms-mutability ${m.mutability.join(",")}) inside a block: azure-native sends the change as an update, which the service does not apply`, source: where })),
    updateOnly: mutability
      .filter((m) => m.mutability.includes("update") && !m.mutability.includes("create"))
      .map((m) => ({ path: m.path, why: `${m.path} is update-only (x-ms-mutability ${m.mutability.join(",")}): sent on create, the service does not apply it`, source: where })),
    // Server parameters exist on every server: a Configuration "create" sets a value, it cannot collide.
    createFailsIfExists: !excerpt.resourceType.endsWith("/configurations"),
    resourceType: excerpt.resourceType,
    source: `conformance/azure/${path.basename(file)}`,
  };
}

function fromProviderExcerpt(file: string, dir: string): Partial<TypeLifecycle> & { token: string } {
  const excerpt = readJson<ProviderExcerptFile>(file);
  return {
    token: excerpt.token,
    identity: [],
    createOnly: Object.values(excerpt.attributes)
      .filter((a) => a.forceNew === true)
      .map((a) => ({ path: a.pulumiPath, why: `${a.pulumiPath} forces a new resource (ForceNew / RequiresReplace)`, source: `${excerpt.provider.repository} ${excerpt.provider.tag} ${a.source}` })),
    updateOnly: [],
    source: `conformance/${dir}/${path.basename(file)}`,
  };
}

const DOCS = "MicrosoftDocs/azure-databases-docs";
const sku = (engine: string, doc: string): PropertyRule[] =>
  ["sku.name", "sku.tier"].map((p) => ({
    path: p,
    why: `a compute change restarts the server: 60-120 s of downtime (with HA, a failover to the standby)`,
    source: `${DOCS} articles/${engine}/flexible-server/${doc} ("Compute scaling requires a restart" / "Scale resources")`,
  }));

const numeric = (before: string, after: string, test: (a: number, b: number) => boolean) => {
  const a = Number(before);
  const b = Number(after);
  return Number.isFinite(a) && Number.isFinite(b) && test(a, b);
};

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  return a.localeCompare(b);
}
const majorOf = (version: string) => version.split(".").slice(0, version.startsWith("8.") || version.startsWith("5.") ? 2 : 1).join(".");

function flexibleServerRules(engine: "postgresql" | "mysql"): Partial<TypeLifecycle> {
  const storageDoc = engine === "postgresql" ? "concepts-storage.md" : "concepts-service-tiers-storage.md";
  return {
    stateful: true,
    restartOn: sku(engine, engine === "postgresql" ? "concepts-compute.md" : "concepts-service-tiers-storage.md"),
    reviewOn: [],
    valueRules: [
      {
        path: "storage.storageSizeGB",
        effect: "rejected",
        applies: (before, after) => numeric(before, after, (a, b) => b < a),
        why: "storage can only grow: Azure refuses a smaller size on update",
        source: `${DOCS} articles/${engine}/flexible-server/${storageDoc} ("you can't reduce the storage size")`,
      },
      {
        path: "version",
        effect: "replace",
        applies: (before, after) => compareVersions(after, before) < 0,
        why: "version downgrade: Azure cannot downgrade a server; Pulumi would build a new server",
        source: `${DOCS} articles/${engine}/flexible-server/concepts-major-version-upgrade.md (upgrade only)`,
      },
      {
        path: "version",
        effect: "review",
        applies: (before, after) => compareVersions(after, before) > 0 && majorOf(after) !== majorOf(before),
        why: "major version upgrade: in place, with downtime and no way back; test it on a restored copy first",
        source: `${DOCS} articles/${engine}/flexible-server/concepts-major-version-upgrade.md`,
      },
    ],
    // Chosen at creation; azure-native does not replace on these nested changes, so the update is
    // sent and refused: a new server (a restore into one) is the way.
    fixed: [
      ...(engine === "postgresql"
        ? [
            // PostgreSQL's spec marks `network` read/create/update, but the service takes no change
            // of VNet integration or of the DNS zone of an existing server.
            { path: "network.delegatedSubnetResourceId", why: "a server moves into or out of a delegated subnet only by being recreated", source: `${DOCS} articles/postgresql/flexible-server/concepts-networking-private.md ("can't change ... after the server is created")` },
            { path: "network.privateDnsZoneArmResourceId", why: "the private DNS zone of a VNet-integrated server is fixed at creation", source: `${DOCS} articles/postgresql/flexible-server/concepts-networking-private.md` },
          ]
        : []),
      { path: "dataEncryption.type", why: "switching between service-managed and customer-managed keys is possible only at creation", source: `${DOCS} articles/${engine}/flexible-server/concepts-data-encryption.md` },
      { path: "backup.geoRedundantBackup", why: "geo-redundant backup is chosen at creation", source: `${DOCS} articles/${engine}/flexible-server/concepts-backup-restore.md ("can only be configured at server create time")` },
    ],
  };
}

/**
 * What the schemas do not say, by type. Each entry cites its source; `stateful` marks what holds
 * data or is the way to it (its loss is not a short gap).
 */
const HAND_WRITTEN: Readonly<Record<string, Partial<TypeLifecycle>>> = {
  "azure-native:dbforpostgresql:Server": flexibleServerRules("postgresql"),
  "azure-native:dbformysql:Server": flexibleServerRules("mysql"),
  "azure-native:dbforpostgresql:Database": { stateful: true },
  "azure-native:dbformysql:Database": { stateful: true },
  "azure-native:resources:ResourceGroup": { stateful: true },
  "azure-native:keyvault:Vault": { stateful: true },
  "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": {
    // The object id is a path segment: a new principal is a new resource, the old one removed.
    reviewOn: [{ path: "objectId", why: "the Entra administrator is replaced: the new principal is added and the old one removed; check a sign-in as the new one", source: "conformance/azure/Microsoft.DBforPostgreSQL.flexibleServers.administrators@2025-08-01.json (objectId is a path parameter)" }],
  },
  "mongodbatlas:index/project:Project": { stateful: true },
  "mongodbatlas:index/advancedCluster:AdvancedCluster": { stateful: true },
  "mongodbatlas:index/cloudBackupSnapshotRestoreJob:CloudBackupSnapshotRestoreJob": {
    // Not data itself, but replacing it destroys the data of its target.
    stateful: true,
    // Every argument forces a new job, and a new job overwrites its target cluster.
    createOnly: [{ path: "", why: "every argument forces a new restore job, and a new job re-runs the restore over its target", source: "mongodb/terraform-provider-mongodbatlas v2.16.0 internal/service/cloudbackupsnapshotrestorejob/resource_cloud_backup_snapshot_restore_job.go (ForceNew on every argument)" }],
  },
  // cyrilgdn/terraform-provider-postgresql at ff936b9 (v1.26.0+3, the upstream commit the
  // pulumi-postgresql bridge's `upstream` submodule points at; not a fork).
  "postgresql:index/role:Role": {
    createFailsIfExists: true,
    source: "cyrilgdn/terraform-provider-postgresql ff936b9 postgresql/resource_postgresql_role.go (no ForceNew argument: a rename is ALTER ROLE ... RENAME TO :771, a password ALTER ROLE ... PASSWORD :808; Create :347 is a plain CREATE ROLE, which fails on an existing role)",
  },
  // `privileges` is the one argument changed in place (REVOKE and GRANT in one transaction).
  "postgresql:index/grant:Grant": {
    createOnly: [["role", 51], ["database", 57], ["schema", 63], ["objectType", 69], ["objects", 76], ["columns", 84], ["withGrantOption", 99]].map(([p, line]) => ({
      path: String(p),
      why: `${p} forces a new grant (the bridge sets DeleteBeforeReplace: revoke, then grant)`,
      source: `cyrilgdn/terraform-provider-postgresql ff936b9 postgresql/resource_postgresql_grant.go:${line}; pulumi/pulumi-postgresql provider/resources.go:96-98`,
    })),
  },
  "postgresql:index/defaultPrivileges:DefaultPrivileges": {
    createOnly: [["role", 27], ["database", 33], ["owner", 39], ["schema", 45], ["objectType", 51], ["withGrantOption", 72]].map(([p, line]) => ({
      path: String(p),
      why: `${p} forces new default privileges`,
      source: `cyrilgdn/terraform-provider-postgresql ff936b9 postgresql/resource_postgresql_default_privileges.go:${line}`,
    })),
  },
  // The `public` schema of each database: the program marks it retainOnDelete, so removing it
  // only forgets it; the tables stay with the database.
  "postgresql:index/schema:Schema": {},
  "mysql:index/user:User": { createFailsIfExists: true },
  // hashicorp/terraform-provider-random: every argument of random_password is ForceNew.
  "random:index/randomPassword:RandomPassword": {
    createOnly: [{ path: "", why: "any argument change generates a new password", source: "hashicorp/terraform-provider-random internal/provider/resource_password.go (RequiresReplace on every attribute)" }],
  },
};

function merge(token: string, ...parts: Partial<TypeLifecycle>[]): TypeLifecycle {
  const list = <K extends "identity" | "createOnly" | "fixed" | "updateOnly" | "restartOn" | "reviewOn" | "valueRules">(key: K) => parts.flatMap((p) => (p[key] ?? []) as TypeLifecycle[K][number][]) as unknown as TypeLifecycle[K];
  return {
    token,
    stateful: parts.some((p) => p.stateful === true),
    identity: list("identity"),
    createOnly: list("createOnly"),
    fixed: list("fixed"),
    updateOnly: list("updateOnly"),
    restartOn: list("restartOn"),
    reviewOn: list("reviewOn"),
    valueRules: list("valueRules"),
    createFailsIfExists: parts.some((p) => p.createFailsIfExists === true),
    resourceType: parts.map((p) => p.resourceType).find((t) => t !== undefined),
    source: parts.map((p) => p.source).filter((s): s is string => s !== undefined).join("; ") || "hand-written (lifecycle/rules.ts)",
  };
}

let cache: ReadonlyMap<string, TypeLifecycle> | undefined;

/** Every type's lifecycle table, derived from the excerpts plus the hand-written entries. */
export function lifecycleTables(): ReadonlyMap<string, TypeLifecycle> {
  if (cache !== undefined) return cache;
  const derived = new Map<string, Partial<TypeLifecycle>[]>();
  const add = (part: Partial<TypeLifecycle> & { token: string }) => derived.set(part.token, [...(derived.get(part.token) ?? []), part]);
  for (const file of jsonFiles(path.join(CONFORMANCE, "azure"))) add(fromAzureExcerpt(file));
  for (const dir of ["atlas", "mysql"]) for (const file of jsonFiles(path.join(CONFORMANCE, dir))) add(fromProviderExcerpt(file, dir));
  for (const [token, part] of Object.entries(HAND_WRITTEN)) add({ ...part, token });
  cache = new Map([...derived].map(([token, parts]) => [token, merge(token, ...parts)]));
  return cache;
}

/** The table of a type; a type without one is treated as stateless with no create-only inputs (and listed by `untabledTypes`). */
export function lifecycleOf(token: string): TypeLifecycle {
  return lifecycleTables().get(token) ?? merge(token);
}

/** True when `rulePath` covers `property` (itself, or an ancestor of it; "" covers everything). */
export function covers(rulePath: string, property: string): boolean {
  return rulePath === "" || property === rulePath || property.startsWith(`${rulePath}.`) || property.startsWith(`${rulePath}[`);
}

/** A server parameter that takes effect only at a restart (packages/db-components/lib/serverParameters.ts, Microsoft's docs per entry). */
export function isStaticConfiguration(type: string, configurationName: string | undefined): boolean {
  const engine = type === "azure-native:dbforpostgresql:Configuration" ? "pg" : type === "azure-native:dbformysql:Configuration" ? "mysql" : undefined;
  return engine !== undefined && configurationName !== undefined && staticParameterNames(engine).includes(configurationName);
}
