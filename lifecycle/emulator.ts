/**
 * The lifecycle emulator: the real program's registrations (an offline run) replayed against a
 * model of the Pulumi engine and of the services, step after step, so a test can ask what a
 * second `pulumi up`, an auto-grow, a failover or a restore does to a running stack.
 *
 * It keeps two things, as the real world does: the stack **state** (what the engine stored: each
 * URN's last inputs) and the **cloud** (what the service holds: each cloud id's properties). Every
 * rule below is one of:
 * - the engine's (pulumi/pulumi v3.248.0, pkg/resource/deploy): URN uniqueness, `ignoreChanges`
 *   keeps the old inputs, the `import` option reads its target (in preview too), protect, aliases,
 *   `retainOnDelete`, deleteBeforeReplace;
 * - the provider's, from the type's table (`./rules.ts`): create-only inputs replace, update-only
 *   inputs are not applied on create, an update sends the whole body (azure-native PUTs every input
 *   it has, old inputs at ignored paths included), a create of something that exists fails;
 * - the service's, documented by Microsoft or MongoDB: storage never shrinks, auto-grow, a failover
 *   swaps the zones, what a restore copies from its source, locks cover children.
 * What it does not model is listed in `NOT_MODELLED` (and the docs print it).
 */
import { flattenInputs } from "../scripts/lib/inventory";
import type { ProgramRun, RecordedResource } from "../scripts/lib/offline";
import { MOCK_PASSWORD_PREFIX, PROJECT } from "../scripts/lib/offline";
import { parseConnectionString } from "../scripts/lib/verify/inputs";
import { type TypeLifecycle, covers, isStaticConfiguration, lifecycleOf } from "./rules";

/** Inputs flattened to `a.b[0].c` → value, the form the plan prints. */
export type Flat = Readonly<Record<string, string>>;

export interface Goal {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Flat;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  readonly aliasUrns: readonly string[];
  readonly importId: string | undefined;
  /** Logical name of the explicit provider (a SQL server's connection), if any. */
  readonly provider: string | undefined;
  /** Logical names of the resources this one depends on: explicitly, as its parent, or through an id in its inputs. */
  readonly dependsOn: readonly string[];
}

/** What the engine keeps of a resource between runs: its goal's identity, last inputs and options. */
export interface StateEntry extends Pick<Goal, "urn" | "type" | "name" | "custom" | "inputs" | "protect" | "retainOnDelete"> {
  /** Where it lives in the cloud (undefined for components). */
  readonly cloudId: string | undefined;
}

export interface CloudObject {
  readonly type: string;
  readonly id: string;
  properties: Record<string, string>;
}

export type Operation = "same" | "create" | "import" | "update" | "replace" | "delete" | "forget";

export interface Step {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: Operation;
  /** Input paths that differ (after ignoreChanges). */
  readonly changed: readonly string[];
  /** Why it is a replacement (create-only paths, replaceOnChanges, identity). */
  readonly replaceBecause: readonly string[];
  /** The update restarts the server. */
  readonly restart: boolean;
  /** Notes a reviewer must read (a major upgrade, an administrator swap). */
  readonly review: readonly string[];
  /** Update-only inputs sent on create: not applied by the service. */
  readonly notApplied: readonly string[];
  /** Inputs the program changed that the engine keeps at their old value (ignoreChanges). */
  readonly ignored: readonly string[];
  /** Stateful (holds data, or the way to it). */
  readonly stateful: boolean;
}

export interface Deployment {
  readonly kind: "preview" | "up";
  readonly steps: readonly Step[];
  /** What stops the run, as the engine or the service would say it. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** One connection string of the Key Vault, signed in with (`Lifecycle.signIns`). */
export interface SignIn {
  readonly secret: string;
  readonly engine: "postgresql" | "mysql" | "mongodb";
  readonly login: string;
  /** The server (or Atlas cluster) the host names. */
  readonly server: string;
  /** Why it does not sign in; absent when it does. */
  readonly why?: string;
}

export const NOT_MODELLED: readonly string[] = [
  "timing and retries: ServerBusy, throttling and long-running operations are not modelled (the program orders one server's operations itself)",
  "provider defaults computed by the service beyond those listed in SERVICE_DEFAULTS",
  "what a SQL provider does inside the database (that is replayed on real PostgreSQL 16 and MariaDB by the integration tests)",
  "partial failure inside one update: a failed step fails the run, the others that do not depend on it are applied",
  "Atlas cluster changes in progress (a region change is accepted in place; how long Atlas takes is not modelled)",
  "in a regional outage (`outage`): Key Vault's own failover to the paired region, where reads keep working and writes do not (the emulator makes the vault unreadable too, which matters only to a refresh); DNS records a server create writes into a private DNS zone; Atlas and Entra ID, which it treats as unaffected",
];

// ---- from a program run to goals -------------------------------------------------------------

const unflatLine = /^([^:]+): (.*)$/;

/** A recorded resource's inputs as the plan flattens them, secrets included (the state stores them encrypted, the diff sees them). */
export function flatInputs(resource: RecordedResource): Flat {
  const flat: Record<string, string> = {};
  for (const line of flattenInputs({ ...resource, secretInputs: [] })) {
    const match = unflatLine.exec(line);
    if (match) flat[match[1]!] = match[2]!;
  }
  return flat;
}

/** The URN the engine gives a resource: `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>` (the stack's own type is not in it). */
export function urnsOf(run: ProgramRun, stack: string): Map<RecordedResource, string> {
  const byId = new Map<string, RecordedResource>(run.resources.map((r) => [`${r.type}::${r.name}`, r]));
  const chain = (resource: RecordedResource): string[] => {
    const parent = resource.parent === undefined ? undefined : byId.get(resource.parent);
    return parent === undefined ? [resource.type] : [...chain(parent), resource.type];
  };
  return new Map(run.resources.map((r) => [r, `urn:pulumi:${stack}::${PROJECT}::${chain(r).join("$")}::${r.name}`] as const));
}

export function goalsOf(run: ProgramRun, stack: string): Goal[] {
  const urns = urnsOf(run, stack);
  const short = (qualified: string) => qualified.slice(qualified.lastIndexOf("::") + 2);
  return run.resources.map((r) => {
    const urn = urns.get(r)!;
    const prefix = urn.slice(0, urn.lastIndexOf("::") + 2);
    const inputs = r.custom ? flatInputs(r) : {};
    return {
      urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      inputs,
      protect: r.protect,
      ignoreChanges: r.ignoreChanges,
      replaceOnChanges: r.replaceOnChanges,
      deleteBeforeReplace: r.deleteBeforeReplace,
      retainOnDelete: r.retainOnDelete,
      // Aliases by name keep the type and the parent (pulumi/pulumi sdk/nodejs/resource.ts, `inheritedChildAlias` / alias `name`).
      aliasUrns: r.aliasNames.map((alias) => `${prefix}${alias}`),
      importId: r.importId,
      provider: r.provider === undefined ? undefined : short(r.provider),
      dependsOn: [
        ...r.dependsOn.map(short),
        ...(r.parent === undefined ? [] : [short(r.parent)]),
        ...Object.values(inputs).map(mockIdTarget).filter((t): t is string => t !== undefined),
      ],
    };
  });
}

// ---- cloud ids ---------------------------------------------------------------------------------

/** A mock id (`<logical name>-id`) or ARM id in an input → the logical name it refers to, when it is a mock id. */
const mockIdTarget = (value: string | undefined) => (value !== undefined && value.endsWith("-id") && !value.includes("/") ? value.slice(0, -3) : undefined);

/**
 * Where a resource lives in the cloud. azure-native: its ARM id from the URL path parameters
 * (resource group, server, name; subscription left out), as `import` ids name it. Others: by what
 * the service keys them on where that matters (an Atlas access-list entry by project and address,
 * a SQL role by server and name), else by URN.
 */
function cloudIdOf(goal: Goal, table: TypeLifecycle, resolve: (value: string | undefined) => string | undefined, hosts: ProviderHosts): string {
  if (table.resourceType !== undefined && table.identity.length > 0) {
    const values = table.identity.map((p) => resolve(goal.inputs[p]) ?? goal.inputs[p] ?? "?");
    return armKey(table.resourceType, table.identity, values);
  }
  switch (goal.type) {
    case "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList":
      // The access list is keyed by the entry itself (Atlas Admin API: /accessList/{entryValue}).
      return `atlas-access|${resolve(goal.inputs.projectId) ?? goal.inputs.projectId}|${goal.inputs.ipAddress ?? goal.inputs.cidrBlock ?? goal.inputs.awsSecurityGroup}`;
    case "postgresql:index/role:Role":
      return `pg-role|${connectedServer(goal, hosts)}|${goal.inputs.name}`;
    case "mysql:index/user:User":
      return `mysql-user|${connectedServer(goal, hosts)}|${goal.inputs.user}@${goal.inputs.host ?? "localhost"}`;
    default:
      return goal.urn;
  }
}

/**
 * SQL logins live on the server their provider connects to, and nothing in their inputs names it:
 * when the provider's `host` moves (a cutover), the same resource, under the same id (the role's
 * name), now reads and alters the login on the other server. The engine sees no input change, so
 * this is no replacement (see `movesWithProvider`).
 */
const SQL_LOGINS = new Set(["postgresql:index/role:Role", "mysql:index/user:User"]);
export const movesWithProvider = (type: string) => SQL_LOGINS.has(type);

/** Physical server name of a SQL provider's host (`<server>.postgres.database.azure.com`, MySQL `<host>:3306`). */
export const serverOfHost = (host: string | undefined) => (host === undefined ? "?" : host.replace(/^[a-z]+(\+srv)?:\/\//, "").split(/[.:]/)[0]!);

/** The run's explicit providers → the host each connects to. */
type ProviderHosts = ReadonlyMap<string, string>;
const connectedServer = (goal: Goal, hosts: ProviderHosts) => serverOfHost(goal.provider === undefined ? undefined : hosts.get(goal.provider));

/**
 * `Microsoft.X/a/b` with [rg, aName, bName] → `resourcegroups/rg/providers/microsoft.x/a/aname/b/bname`;
 * an extension resource (a lock, a diagnostic setting) hangs under its scope's id instead. ARM ids
 * compare case-insensitively.
 */
function armKey(resourceType: string, identity: readonly string[], values: readonly string[]): string {
  const [namespace, ...types] = resourceType.split("/");
  const [first, ...names] = values;
  const tail = `providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join("/")}`;
  const scope = identity[0] === "scope" || identity[0] === "resourceUri" ? armIdKey(first ?? "") : `resourcegroups/${first}`;
  return `${scope}/${tail}`.toLowerCase();
}

/** An ARM id as the program writes it in `import` → the cloud id. */
export function armIdKey(id: string): string {
  return id.replace(/^\/subscriptions\/[^/]+\//i, "").toLowerCase();
}

// ---- the service -------------------------------------------------------------------------------

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
const FLEXIBLE_SERVERS = new Set(["azure-native:dbforpostgresql:Server", "azure-native:dbformysql:Server"]);

/**
 * Values the service holds for a property nobody set (what a GET returns). Only what the scenarios
 * read: the system-managed maintenance window (PostgreSQL 2025-08-01 / MySQL 2024-02-01-preview
 * `MaintenanceWindow.customWindow`, default "Disabled").
 */
const SERVICE_DEFAULTS: Readonly<Record<string, Flat>> = {
  "azure-native:dbforpostgresql:Server": { "maintenanceWindow.customWindow": "Disabled", "maintenanceWindow.dayOfWeek": "0", "maintenanceWindow.startHour": "0", "maintenanceWindow.startMinute": "0" },
  "azure-native:dbformysql:Server": { "maintenanceWindow.customWindow": "Disabled", "maintenanceWindow.dayOfWeek": "0", "maintenanceWindow.startHour": "0", "maintenanceWindow.startMinute": "0" },
};

/**
 * What a restore copies from its source onto the new server, by engine: the user databases (the
 * data is the point) and the firewall rules (MicrosoftDocs/azure-databases-docs
 * articles/{postgresql,mysql}/flexible-server/concepts-backup-restore.md: "tags and settings such as
 * virtual networks and firewall settings are inherited"; geo-restore: "Existing firewall rules in
 * the source server are copied over"). Server parameters are copied too in this model; the docs
 * establish that only for MySQL, and it changes nothing here (setting a Configuration never
 * collides with an existing one).
 */
export const RESTORE_INHERITS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:dbforpostgresql:Server": ["databases", "firewallrules", "configurations"],
  "azure-native:dbformysql:Server": ["databases", "firewallrules", "configurations"],
};

const without = (flat: Flat, drop: (path: string) => boolean): Record<string, string> => Object.fromEntries(Object.entries(flat).filter(([p]) => !drop(p)));

// ---- the engine --------------------------------------------------------------------------------

export interface UpOptions {
  /** `pulumi up --refresh` (or `options.refresh: always` in Pulumi.yaml): read every resource first. */
  readonly refresh?: boolean;
}

export class Lifecycle {
  readonly state = new Map<string, StateEntry>();
  readonly cloud = new Map<string, CloudObject>();
  /** Deleted Key Vaults (soft delete: the name stays taken for the retention period). */
  readonly softDeletedVaults = new Set<string>();
  /**
   * How often each generated password was generated anew. The mocks return one value per logical
   * name; a replaced RandomPassword has a new result, which every input that carries it then sees.
   */
  readonly generations = new Map<string, number>();
  /** Regions in an outage (`outage`): their services answer nothing, and ARM cannot write the metadata of their resource groups. */
  readonly downRegions = new Set<string>();

  constructor(readonly stack: string) {}

  /** `pulumi preview`: the steps, nothing applied. */
  preview(run: ProgramRun, options: UpOptions = {}): Deployment {
    const copy = this.clone();
    if (options.refresh === true) {
      const unreadable = copy.unreadable();
      if (unreadable.length > 0) return { kind: "preview", steps: [], errors: unreadable, warnings: [] };
      copy.refresh();
    }
    return copy.deploy(run, "preview");
  }

  /** `pulumi up`: applies the steps the preview would show (a failed step stays unapplied, with its error). */
  up(run: ProgramRun, options: UpOptions = {}): Deployment {
    if (options.refresh === true) {
      // A read that fails fails the refresh, and with it the update, before any step.
      const unreadable = this.unreadable();
      if (unreadable.length > 0) return { kind: "up", steps: [], errors: unreadable, warnings: [] };
      this.refresh();
    }
    return this.deploy(run, "up");
  }

  /**
   * A regional outage: what lives in `region` cannot be read or changed, and neither can anything
   * in a resource group located there, wherever it runs: "ARM stores resource data for resources
   * in a resource group and, if the region is unavailable, updates to this data could fail, making
   * the resource effectively read-only" (Azure Proactive Resiliency Library, Resource Groups RG-1).
   * A geo-restore still reads the source's geo-redundant backup, kept in the paired region.
   */
  outage(region: string): void {
    this.downRegions.add(region);
  }

  /** The region where a cloud object runs: its own `location`, its parent's, or its SQL server's. */
  private regionOf(cloudId: string): string | undefined {
    const [kind, server] = cloudId.split("|");
    if ((kind === "pg-role" || kind === "mysql-user") && server !== undefined) {
      const host = [...this.cloud.values()].find((o) => FLEXIBLE_SERVERS.has(o.type) && o.properties.serverName === server);
      return host?.properties.location;
    }
    for (let id = cloudId; id.includes("/"); id = id.split("/").slice(0, -2).join("/")) {
      const location = this.cloud.get(id)?.properties.location;
      if (location !== undefined) return location;
    }
    return this.groupRegion(cloudId);
  }

  /** The region of the resource group an ARM id is in (where ARM keeps its metadata). */
  private groupRegion(cloudId: string): string | undefined {
    const group = /^resourcegroups\/([^/]+)\//.exec(cloudId)?.[1];
    if (group === undefined) return undefined;
    return [...this.cloud.values()].find((o) => o.type === "azure-native:resources:ResourceGroup" && o.properties.resourceGroupName?.toLowerCase() === group)?.properties.location;
  }

  /** Why the service cannot answer for this object now (a read), or cannot change it (a write); undefined when it can. */
  private unavailable(cloudId: string, write: boolean, location?: string): string | undefined {
    if (this.downRegions.size === 0) return undefined;
    const group = write ? this.groupRegion(cloudId) : undefined;
    if (group !== undefined && this.downRegions.has(group)) return `its resource group is in ${group}, which is down: ARM cannot update the group's metadata (Azure Proactive Resiliency Library RG-1)`;
    const region = location ?? this.regionOf(cloudId);
    if (region !== undefined && this.downRegions.has(region)) return `the service in ${region} is unavailable (regional outage)`;
    return undefined;
  }

  /** What a refresh cannot read (a regional outage). */
  private unreadable(): string[] {
    const errors: string[] = [];
    for (const entry of this.state.values()) {
      if (entry.cloudId === undefined || !this.cloud.has(entry.cloudId)) continue;
      const why = this.unavailable(entry.cloudId, false);
      if (why !== undefined) errors.push(`refresh failed: ${entry.urn}: ${why}`);
    }
    return errors;
  }

  /**
   * `pulumi refresh`: each resource read back. azure-native's Read returns the service's values
   * and, for the inputs the state holds, the values the service reports (so an ignored input such
   * as a grown disk size becomes the real one; see `READ_UPDATES_INPUTS`). A resource the service
   * no longer has leaves the state.
   */
  refresh(): string[] {
    const changed: string[] = [];
    for (const [urn, entry] of [...this.state]) {
      if (entry.cloudId === undefined) continue;
      const object = this.cloud.get(entry.cloudId);
      if (object === undefined) {
        this.state.delete(urn);
        changed.push(urn);
        continue;
      }
      if (!READ_UPDATES_INPUTS(entry.type)) continue;
      const inputs: Record<string, string> = { ...entry.inputs };
      for (const property of Object.keys(inputs)) if (property in object.properties && object.properties[property] !== inputs[property]) inputs[property] = object.properties[property]!;
      // Update-only properties the state has but the service reports its own value for.
      if (JSON.stringify(inputs) !== JSON.stringify(entry.inputs)) {
        this.state.set(urn, { ...entry, inputs });
        changed.push(urn);
      }
    }
    return changed;
  }

  // -- service events: what Azure or Atlas does by itself

  /** Storage auto-grow: Azure grows the disk of the server with this logical name (never shrinks it). */
  autoGrow(serverLogicalName: string, sizeGb: number): void {
    const object = this.cloudOf(serverLogicalName);
    object.properties["storage.storageSizeGB"] = String(sizeGb);
  }

  /** An HA failover: the standby becomes the primary, so the zones swap. */
  failover(serverLogicalName: string): void {
    const object = this.cloudOf(serverLogicalName);
    const zone = object.properties.availabilityZone;
    const standby = object.properties["highAvailability.standbyAvailabilityZone"];
    if (standby === undefined) throw new Error(`${serverLogicalName} has no standby to fail over to`);
    object.properties.availabilityZone = standby;
    if (zone !== undefined) object.properties["highAvailability.standbyAvailabilityZone"] = zone;
  }

  /** Someone changes a property outside Pulumi (the portal, the CLI). */
  outOfBand(logicalName: string, property: string, value: string | undefined): void {
    const object = this.cloudOf(logicalName);
    if (value === undefined) delete object.properties[property];
    else object.properties[property] = value;
  }

  /** The cloud object of a resource in state, by logical name. */
  cloudOf(logicalName: string): CloudObject {
    const entry = [...this.state.values()].find((e) => e.name === logicalName);
    const object = entry?.cloudId === undefined ? undefined : this.cloud.get(entry.cloudId);
    if (object === undefined) throw new Error(`${logicalName} is not deployed`);
    return object;
  }

  /**
   * `pulumi import --file`: each entry by URN and id. A URN the stack holds with the same id is
   * skipped, with another id it fails ("resource '%v' already exists", pulumi/pulumi v3.248.0
   * pkg/resource/deploy/step.go:1831; import.go:577-589); an id the cloud does not have fails
   * ("resource '%v' does not exist", step.go:1884-1889). Imported entries enter the state with the
   * cloud's properties as their inputs (the import reads them).
   */
  pulumiImport(entries: readonly { readonly urn: string; readonly type: string; readonly id: string | undefined }[]): string[] {
    const errors: string[] = [];
    for (const entry of entries) {
      if (entry.id === undefined) continue;
      const held = this.state.get(entry.urn);
      if (held !== undefined) {
        if (held.cloudId !== armIdKey(entry.id) && held.cloudId !== entry.id) errors.push(`resource '${entry.urn}' already exists`);
        continue;
      }
      const key = this.cloud.has(armIdKey(entry.id)) ? armIdKey(entry.id) : entry.id;
      const object = this.cloud.get(key);
      if (object === undefined) {
        errors.push(`resource '${entry.id}' does not exist`);
        continue;
      }
      const name = entry.urn.slice(entry.urn.lastIndexOf("::") + 2);
      this.state.set(entry.urn, { urn: entry.urn, type: entry.type, name, custom: true, inputs: { ...object.properties }, protect: true, retainOnDelete: false, cloudId: key });
    }
    return errors;
  }

  /**
   * What `npm run verify` checks first, as the cloud would answer it: every connection string in
   * the Key Vault signs in. A PostgreSQL or MySQL login signs in when the server its host names has
   * the login with that password; an Atlas login when the project has the user with that password
   * and its scopes include the cluster the address names.
   */
  signIns(): SignIn[] {
    const results: SignIn[] = [];
    for (const entry of this.state.values()) {
      if (entry.type !== "azure-native:keyvault:Secret" || entry.cloudId === undefined) continue;
      const value = this.cloud.get(entry.cloudId)?.properties["properties.value"];
      if (value === undefined) continue;
      const credential = parseConnectionString(value);
      const server = serverOfHost(credential.host).replace(/-pl-\d+$/, "");
      const secret = entry.inputs.secretName ?? entry.name;
      const result = (why: string | undefined): SignIn => ({ secret, engine: credential.engine, login: credential.login, server, ...(why === undefined ? {} : { why }) });
      if (credential.engine === "mongodb") {
        const user = [...this.cloud.values()].find((o) => o.type === "mongodbatlas:index/databaseUser:DatabaseUser" && o.properties.username === credential.login);
        const scopes = Object.entries(user?.properties ?? {}).filter(([p]) => /^scopes\[\d+\]\.name$/.test(p)).map(([, v]) => v);
        results.push(result(user === undefined ? "no such user in the project" : user.properties.password !== credential.password ? "password authentication failed" : scopes.length > 0 && !scopes.includes(server) ? `the user's scopes (${scopes.join(", ")}) do not include ${server}` : undefined));
        continue;
      }
      const login = credential.engine === "postgresql" ? this.cloud.get(`pg-role|${server}|${credential.login}`) : this.cloud.get(`mysql-user|${server}|${credential.login}@%`);
      const password = login?.properties[credential.engine === "postgresql" ? "password" : "plaintextPassword"];
      results.push(result(login === undefined ? `no login ${credential.login} on ${server}` : password !== credential.password ? "password authentication failed" : undefined));
    }
    return results.sort((a, b) => a.secret.localeCompare(b.secret));
  }

  /** A copy: to preview on, or to branch a scenario from a common history. */
  clone(): Lifecycle {
    const copy = new Lifecycle(this.stack);
    for (const [k, v] of this.state) copy.state.set(k, v);
    for (const [k, v] of this.cloud) copy.cloud.set(k, { ...v, properties: { ...v.properties } });
    for (const v of this.softDeletedVaults) copy.softDeletedVaults.add(v);
    for (const [k, v] of this.generations) copy.generations.set(k, v);
    for (const region of this.downRegions) copy.downRegions.add(region);
    return copy;
  }

  private deploy(run: ProgramRun, kind: "preview" | "up"): Deployment {
    const goals = goalsOf(run, this.stack);
    const errors: string[] = [];
    const warnings: string[] = [];
    const steps: Step[] = [];

    // The engine refuses a program that registers one URN twice (pkg/resource/deploy/step_generator.go,
    // "Duplicate resource URN '%s'; try giving it a unique name"): nothing is applied.
    const seen = new Set<string>();
    for (const goal of goals) {
      if (seen.has(goal.urn)) errors.push(`Duplicate resource URN '${goal.urn}'; try giving it a unique name`);
      seen.add(goal.urn);
    }
    // An alias that is another live resource's URN would hand that resource's state to this one.
    for (const goal of goals) {
      for (const alias of goal.aliasUrns) if (seen.has(alias) && alias !== goal.urn) errors.push(`${goal.urn}: alias '${alias}' is the URN of another resource of the program`);
    }
    if (errors.length > 0) return { kind, steps, errors, warnings };

    const byName = new Map(goals.map((g) => [g.name, g] as const));
    const hosts: ProviderHosts = new Map(goals.filter((g) => g.type.startsWith("pulumi:providers:")).map((g) => [g.name, g.inputs.host ?? g.inputs.endpoint ?? ""] as const));
    const ids = new Map<string, string>();
    const resolve = (value: string | undefined): string | undefined => {
      const target = mockIdTarget(value);
      if (target === undefined) return undefined;
      const known = ids.get(target);
      if (known !== undefined) return known;
      const goal = byName.get(target);
      if (goal === undefined) return undefined;
      const id = cloudIdOf(goal, lifecycleOf(goal.type), resolve, hosts);
      ids.set(target, id);
      return id;
    };

    const claimed = new Set<string>();
    const createdNow = new Set<string>();
    const failed = new Set<string>();
    for (const original of goals) {
      const goal = this.withGenerations(original);
      const table = lifecycleOf(goal.type);
      // A resource whose dependency failed is not attempted (the engine skips dependents of a failed step).
      if (goal.dependsOn.some((d) => failed.has(d))) {
        failed.add(goal.name);
        continue;
      }
      const oldUrn = this.state.has(goal.urn) ? goal.urn : goal.aliasUrns.find((alias) => this.state.has(alias));
      const old = oldUrn === undefined ? undefined : this.state.get(oldUrn);
      if (oldUrn !== undefined) claimed.add(oldUrn);
      const cloudId = goal.custom ? cloudIdOf(goal, table, resolve, hosts) : undefined;
      const step = (op: Operation, extra: Partial<Step> = {}): Step => ({
        urn: goal.urn, type: goal.type, name: goal.name, op, changed: [], replaceBecause: [], restart: false, review: [], notApplied: [], ignored: [], stateful: table.stateful, ...extra,
      });
      const fail = (message: string) => {
        errors.push(message);
        failed.add(goal.name);
      };

      if (!goal.custom) {
        steps.push(step(old === undefined ? "create" : "same"));
        if (kind === "up") this.state.set(goal.urn, { urn: goal.urn, type: goal.type, name: goal.name, custom: false, inputs: {}, protect: goal.protect, retainOnDelete: false, cloudId: undefined });
        if (oldUrn !== undefined && oldUrn !== goal.urn) this.state.delete(oldUrn);
        continue;
      }

      if (old === undefined && goal.importId !== undefined) {
        // pulumi/pulumi v3.248.0 pkg/resource/deploy/step.go ImportStep.Apply: the target is read
        // from the provider in preview as well as in up; a missing one fails the run.
        const target = armIdKey(goal.importId);
        const object = this.cloud.get(target);
        const unreachable = object === undefined ? undefined : this.unavailable(target, false);
        if (unreachable !== undefined) {
          fail(`${goal.urn}: cannot read the import target: ${unreachable}`);
          continue;
        }
        if (object === undefined) {
          fail(`${kind === "preview" ? "Preview failed" : "Update failed"}: ${goal.urn}: resource '${goal.importId}' does not exist`);
          continue;
        }
        const differing = Object.keys(goal.inputs).filter((p) => !table.identity.includes(p) && p in object.properties && object.properties[p] !== goal.inputs[p]);
        if (differing.length > 0) {
          // step.go ImportStep: "inputs to import do not match the existing resource" fails the import.
          fail(`${goal.urn}: inputs to import do not match the existing resource (${differing.join(", ")})`);
          continue;
        }
        steps.push(step("import"));
        createdNow.add(goal.name);
        if (kind === "up") this.state.set(goal.urn, this.entry(goal, target));
        continue;
      }

      if (old === undefined) {
        const created = this.create(goal, table, cloudId!, resolve, kind);
        if (typeof created === "string") {
          fail(created);
          continue;
        }
        // A static server parameter set on a server that already runs waits for a restart.
        const onRunningServer = goal.dependsOn.some((d) => !createdNow.has(d) && [...this.state.values()].some((e) => e.name === d && FLEXIBLE_SERVERS.has(e.type)));
        createdNow.add(goal.name);
        steps.push(step("create", { notApplied: created.notApplied, restart: onRunningServer && isStaticConfiguration(goal.type, goal.inputs.configurationName) }));
        continue;
      }

      // The engine puts the old inputs back at every ignored path before the provider diffs
      // (pkg/resource/deploy/step_generator.go processIgnoreChanges).
      const inputs = withIgnoredFromOld(goal.inputs, old.inputs, goal.ignoreChanges);
      const changed = changedPaths(old.inputs, inputs);
      const ignored = changedPaths(old.inputs, goal.inputs).filter((p) => !changed.includes(p));
      const sent: Goal = { ...goal, inputs };
      // A SQL login whose provider now connects elsewhere is the login of that server from now on.
      const target = movesWithProvider(goal.type) ? cloudId! : old.cloudId!;
      if (changed.length === 0) {
        steps.push(step("same", { ignored }));
        if (kind === "up") this.state.set(goal.urn, this.entry(sent, target));
        if (oldUrn !== goal.urn) this.state.delete(oldUrn!);
        continue;
      }
      const replaceBecause = replacementReasons(table, goal, old.inputs, inputs, changed, cloudId !== target);
      if (replaceBecause.length > 0) {
        if (old.protect || goal.protect) {
          // step_generator.go: "unable to replace resource %q\nas it is currently marked for protection".
          fail(`unable to replace resource "${goal.urn}" as it is currently marked for protection (${replaceBecause.join("; ")})`);
          continue;
        }
        const locked = this.lockedBy(old.cloudId!, goals, claimed);
        if (locked !== undefined && kind === "up") {
          fail(`${goal.urn}: ScopeLocked: the scope is locked by ${locked} (a replacement deletes the old resource)`);
          continue;
        }
        const blocked = this.unavailable(old.cloudId!, true) ?? this.unavailable(cloudId!, true);
        if (blocked !== undefined) {
          fail(`${goal.urn}: ${blocked}`);
          continue;
        }
        steps.push(step("replace", { changed, replaceBecause }));
        if (goal.type === RANDOM_PASSWORD) this.generations.set(goal.name, (this.generations.get(goal.name) ?? 0) + 1);
        if (kind === "up") {
          this.deleteCloud(old.cloudId!);
          const created = this.create(sent, table, cloudId!, resolve, kind);
          if (typeof created === "string") fail(created);
          if (oldUrn !== goal.urn) this.state.delete(oldUrn!);
        }
        continue;
      }
      const refused = table.fixed.filter((rule) => changed.some((p) => covers(rule.path, p)));
      if (refused.length > 0) {
        fail(`${goal.urn}: the service does not change ${refused.map((r) => r.path).join(", ")} after creation: ${refused.map((r) => r.why).join("; ")}`);
        continue;
      }
      const rejection = this.update(sent, table, target, kind);
      if (rejection !== undefined) {
        fail(`${goal.urn}: ${rejection}`);
        continue;
      }
      steps.push(
        step("update", {
          changed,
          restart: table.restartOn.some((rule) => changed.some((p) => covers(rule.path, p))) || (changed.includes("value") && isStaticConfiguration(goal.type, inputs.configurationName)),
          review: [
            ...table.reviewOn.filter((rule) => changed.some((p) => covers(rule.path, p))).map((rule) => rule.why),
            ...table.valueRules.filter((rule) => rule.effect === "review" && changed.includes(rule.path) && rule.applies(old.inputs[rule.path] ?? "", inputs[rule.path] ?? "")).map((rule) => rule.why),
          ],
        }),
      );
      if (oldUrn !== goal.urn) this.state.delete(oldUrn!);
    }

    // What the program no longer registers is deleted, dependents first (reverse order).
    for (const [urn, entry] of [...this.state].reverse()) {
      if (claimed.has(urn) || seen.has(urn)) continue;
      const table = lifecycleOf(entry.type);
      const base = { urn, type: entry.type, name: entry.name, changed: [], replaceBecause: [], restart: false, review: [], notApplied: [], ignored: [], stateful: table.stateful };
      if (entry.protect) {
        // pkg/resource/deploy/step.go DeleteStep: "unable to delete resource %q\nas it is currently marked for protection".
        errors.push(`unable to delete resource "${urn}" as it is currently marked for protection`);
        continue;
      }
      if (entry.retainOnDelete) {
        steps.push({ ...base, op: "forget" });
        if (kind === "up") this.state.delete(urn);
        continue;
      }
      const locked = entry.cloudId === undefined ? undefined : this.lockedBy(entry.cloudId, goals, claimed);
      if (locked !== undefined) {
        errors.push(`${urn}: ScopeLocked: the scope is locked by ${locked}`);
        continue;
      }
      const down = entry.cloudId === undefined || !this.cloud.has(entry.cloudId) ? undefined : this.unavailable(entry.cloudId, true);
      if (down !== undefined) {
        errors.push(`${urn}: ${down}`);
        continue;
      }
      steps.push({ ...base, op: "delete" });
      if (kind === "up") {
        if (entry.cloudId !== undefined) this.deleteCloud(entry.cloudId);
        this.state.delete(urn);
      }
    }
    return { kind, steps, errors, warnings };
  }

  /** The goal with every generated password at its current generation. */
  private withGenerations(goal: Goal): Goal {
    if (this.generations.size === 0) return goal;
    const inputs: Record<string, string> = {};
    for (const [p, value] of Object.entries(goal.inputs)) {
      inputs[p] = value.replace(new RegExp(`${MOCK_PASSWORD_PREFIX}-([A-Za-z0-9_-]+)`, "g"), (whole, name: string) => (this.generations.has(name) ? `${whole}~${this.generations.get(name)}` : whole));
    }
    return { ...goal, inputs };
  }

  private entry(goal: Goal, cloudId: string): StateEntry {
    return { urn: goal.urn, type: goal.type, name: goal.name, custom: true, inputs: goal.inputs, protect: goal.protect, retainOnDelete: goal.retainOnDelete, cloudId };
  }

  /** A create as the provider and the service perform it; returns the error, or what was not applied. */
  private create(goal: Goal, table: TypeLifecycle, cloudId: string, resolve: (value: string | undefined) => string | undefined, kind: "preview" | "up"): string | { notApplied: string[] } {
    const notApplied = Object.keys(goal.inputs).filter((p) => table.updateOnly.some((rule) => covers(rule.path, p)));
    // A new resource or resource group: where it would run, and the metadata of the group it joins.
    const down = this.unavailable(cloudId, true, goal.inputs.location);
    if (down !== undefined && kind === "up") return `${goal.urn}: ${down}`;
    if (goal.inputs.createMode === "PointInTimeRestore" && kind === "up") {
      // A point-in-time restore reads the source's backups in the source's region.
      const source = goal.inputs.sourceServerResourceId === undefined ? undefined : resolve(goal.inputs.sourceServerResourceId) ?? armIdKey(goal.inputs.sourceServerResourceId);
      const unreachable = source === undefined ? undefined : this.unavailable(source, false);
      if (unreachable !== undefined) return `${goal.urn}: cannot restore from the source's backups: ${unreachable}`;
    }
    if (table.createFailsIfExists && this.cloud.has(cloudId)) {
      // azure-native checks with a GET before its PUT (provider/pkg/resources/client_azcore.go
      // CanCreate: "cannot create already existing resource '%s'"); CREATE ROLE / CREATE USER fail alike.
      return `${goal.urn}: cannot create already existing resource '${cloudId}'`;
    }
    if (goal.type === "azure-native:keyvault:Vault" && this.softDeletedVaults.has(cloudId) && goal.inputs["properties.createMode"] !== "recover") {
      return `${goal.urn}: ConflictError: a vault with the same name already exists in deleted state (soft delete; recover or purge it)`;
    }
    if (kind === "preview") return { notApplied };
    const properties = { ...(SERVICE_DEFAULTS[goal.type] ?? {}), ...without(goal.inputs, (p) => notApplied.includes(p)) };
    this.cloud.set(cloudId, { type: goal.type, id: cloudId, properties });
    this.state.set(goal.urn, this.entry(goal, cloudId));
    if (FLEXIBLE_SERVERS.has(goal.type)) this.restoreChildren(goal, cloudId, resolve);
    return { notApplied };
  }

  /** A restore brings its source's children along (see `RESTORE_INHERITS`). */
  private restoreChildren(goal: Goal, cloudId: string, resolve: (value: string | undefined) => string | undefined): void {
    const mode = goal.inputs.createMode;
    if (mode !== "PointInTimeRestore" && mode !== "GeoRestore") return;
    const source = resolve(goal.inputs.sourceServerResourceId) ?? (goal.inputs.sourceServerResourceId === undefined ? undefined : armIdKey(goal.inputs.sourceServerResourceId));
    const sourceObject = source === undefined ? undefined : this.cloud.get(source);
    if (source === undefined || sourceObject === undefined) return;
    // The engine version, the administrator and the storage come from the source.
    for (const property of Object.keys(sourceObject.properties)) {
      if (/^(version|administratorLogin|storage\.)/.test(property) && !(property in this.cloud.get(cloudId)!.properties)) this.cloud.get(cloudId)!.properties[property] = sourceObject.properties[property]!;
    }
    // The logins are data: the restored server has the source's roles or users, with the
    // passwords they had at the restore point (here: when the restore runs).
    const sourceName = sourceObject.properties.serverName;
    for (const [id, object] of [...this.cloud]) {
      const [kind, server, login] = id.split("|");
      if ((kind !== "pg-role" && kind !== "mysql-user") || server !== sourceName || login === undefined) continue;
      const copied = `${kind}|${goal.inputs.serverName}|${login}`;
      this.cloud.set(copied, { type: object.type, id: copied, properties: { ...object.properties } });
    }
    const inherits = RESTORE_INHERITS[goal.type] ?? [];
    for (const [id, object] of [...this.cloud]) {
      if (!id.startsWith(`${source}/`)) continue;
      const kind = id.slice(source.length + 1).split("/")[0]!;
      if (!inherits.includes(kind)) continue;
      const copied = `${cloudId}${id.slice(source.length)}`;
      // The copy belongs to the restored server, in the restored server's resource group.
      this.cloud.set(copied, { type: object.type, id: copied, properties: { ...object.properties, serverName: goal.inputs.serverName ?? "", resourceGroupName: goal.inputs.resourceGroupName ?? "" } });
    }
  }

  /** A full-body update (PUT of every input the engine holds) as the service applies it; returns the refusal, if any. */
  private update(goal: Goal, table: TypeLifecycle, cloudId: string, kind: "preview" | "up"): string | undefined {
    const object = this.cloud.get(cloudId);
    if (object === undefined) return `the resource no longer exists in the cloud (refresh the stack)`;
    const down = kind === "up" ? this.unavailable(cloudId, true) : undefined;
    if (down !== undefined) return down;
    for (const rule of table.valueRules.filter((r) => r.effect === "rejected")) {
      const actual = object.properties[rule.path];
      const sent = goal.inputs[rule.path];
      if (actual !== undefined && sent !== undefined && rule.applies(actual, sent)) return `${rule.path}: the service refuses ${sent} (it holds ${actual}): ${rule.why} [${rule.source}]`;
    }
    if (kind === "up") {
      // Create-only properties cannot change on update (the provider would have replaced); the rest is what was sent.
      const kept = Object.fromEntries(Object.entries(object.properties).filter(([p]) => table.createOnly.some((rule) => covers(rule.path, p)) || !(p in goal.inputs)));
      object.properties = { ...object.properties, ...without(goal.inputs, (p) => table.createOnly.some((rule) => covers(rule.path, p))), ...kept };
      this.state.set(goal.urn, this.entry(goal, cloudId));
    }
    return undefined;
  }

  private deleteCloud(cloudId: string): void {
    const object = this.cloud.get(cloudId);
    for (const id of [...this.cloud.keys()]) if (id === cloudId || id.startsWith(`${cloudId}/`)) this.cloud.delete(id);
    if (object?.type === "azure-native:keyvault:Vault") this.softDeletedVaults.add(cloudId);
  }

  /**
   * A CanNotDelete lock on this cloud id or an ancestor that stays in place: "when you apply a lock
   * at a parent scope, all child resources inherit the same lock" (learn.microsoft.com
   * azure-resource-manager/management/lock-resources). A lock the same run deletes is removed
   * first (it depends on every sibling), so it does not block.
   */
  private lockedBy(cloudId: string, goals: readonly Goal[], claimed: ReadonlySet<string>): string | undefined {
    const staying = new Set(goals.map((g) => g.urn));
    for (const entry of this.state.values()) {
      if (entry.type !== "azure-native:authorization:ManagementLockByScope" || entry.inputs.level !== "CanNotDelete") continue;
      if (!staying.has(entry.urn) && !claimed.has(entry.urn)) continue;
      const scope = entry.cloudId?.replace(/\/providers\/microsoft\.authorization\/locks\/[^/]+$/, "");
      if (scope !== undefined && (cloudId === scope || cloudId.startsWith(`${scope}/`))) return entry.name;
    }
    return undefined;
  }
}

/**
 * azure-native's Read recomputes the inputs it returns from the service's response, for the input
 * paths the state already holds; Terraform-bridged providers return the attributes they read
 * (which, for the SQL providers, are mostly what the state had). See `NOT_MODELLED`.
 */
function READ_UPDATES_INPUTS(type: string): boolean {
  return type.startsWith("azure-native:");
}

/** Goal inputs with every path under an ignoreChanges entry taken from the old inputs. */
export function withIgnoredFromOld(goal: Flat, old: Flat, ignoreChanges: readonly string[]): Flat {
  if (ignoreChanges.length === 0) return goal;
  const ignored = (p: string) => ignoreChanges.some((i) => covers(i, p));
  return { ...without(goal, ignored), ...Object.fromEntries(Object.entries(old).filter(([p]) => ignored(p))) };
}

export function changedPaths(before: Flat, after: Flat): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((p) => before[p] !== after[p]).sort();
}

/** Why a change replaces: a create-only path, an identity path, replaceOnChanges, or a value rule (a downgrade). */
export function replacementReasons(table: TypeLifecycle, goal: Pick<Goal, "replaceOnChanges">, before: Flat, after: Flat, changed: readonly string[], identityChanged = false): string[] {
  const reasons = new Set<string>();
  for (const p of changed) {
    for (const rule of table.createOnly) if (covers(rule.path, p)) reasons.add(rule.path === "" ? rule.why : `${p}: ${rule.why}`);
    if (table.identity.includes(p)) reasons.add(`${p} is part of the resource's id: a new resource`);
    if (goal.replaceOnChanges.some((r) => covers(r, p))) reasons.add(`${p} is in replaceOnChanges`);
    for (const rule of table.valueRules) if (rule.effect === "replace" && rule.path === p && rule.applies(before[p] ?? "", after[p] ?? "")) reasons.add(`${p}: ${rule.why}`);
  }
  if (identityChanged && reasons.size === 0) reasons.add("its cloud id changes: a new resource");
  return [...reasons];
}
