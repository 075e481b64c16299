/**
 * Runs the policy pack's policies in-process, the way the Pulumi engine calls them
 * (`@pulumi/policy`'s server.js): each resource validation once per resource with
 * `ResourceValidationArgs`, each stack validation once with every resource, type filters resolved
 * by the SDK classes' type tokens, `notApplicable` thrown and swallowed. Violations are collected
 * as `[policy] message` instead of going to the CLI.
 *
 * Resources come from plain fixtures or from a mock run of the real program (`fromRun`).
 */
import type { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { type ProgramRun, PROJECT, id, resolveDeep } from "./harness";

export interface FixtureResource {
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** What `parent`, `dependsOn` and `propertyDependencies` refer to it by. Default: `name`. */
  readonly key?: string;
  readonly props: Record<string, unknown>;
  readonly protect?: boolean;
  /** Key of the parent. */
  readonly parent?: string;
  /** Keys of the resources it depends on. */
  readonly dependsOn?: readonly string[];
  /** Property → keys of the resources it was computed from (the engine's property dependencies). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Violation {
  readonly policy: string;
  readonly message: string;
}

class NotApplicableError extends Error {}

/** The engine's rule (`isTypeOf` in @pulumi/policy's server.js): the class's type token, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token === "string") return type === token;
  const isInstance = (resourceClass as { isInstance?: (obj: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

const urnOf = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;

/** Options as the engine passes them; `parent` (a URN) is filled in once every resource exists. */
function options(protect: boolean): PolicyResourceOptions {
  return { protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };
}

/** Fixtures → the `PolicyResource`s a stack validation receives, parents and dependencies linked. */
export function toPolicyResources(fixtures: readonly FixtureResource[], stack = "test"): PolicyResource[] {
  const byKey = new Map<string, PolicyResource>();
  const policyResources = fixtures.map((fixture) => {
    const resource: PolicyResource = {
      type: fixture.type,
      name: fixture.name,
      urn: urnOf(stack, fixture.type, fixture.name),
      props: fixture.props,
      opts: options(fixture.protect ?? false),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(fixture.type, resourceClass),
      asType: (resourceClass) => (isTypeOf(fixture.type, resourceClass) ? (fixture.props as never) : undefined),
    };
    const key = fixture.key ?? fixture.name;
    if (byKey.has(key)) throw new Error(`fixture key ${key} is used twice`);
    byKey.set(key, resource);
    return resource;
  });
  const lookup = (key: string) => {
    const found = byKey.get(key);
    if (found === undefined) throw new Error(`fixture refers to ${key}, which it does not hold`);
    return found;
  };
  fixtures.forEach((fixture, index) => {
    const resource = policyResources[index]!;
    if (fixture.parent !== undefined) {
      resource.parent = lookup(fixture.parent);
      resource.opts.parent = resource.parent.urn;
    }
    resource.dependencies.push(...(fixture.dependsOn ?? []).map(lookup));
    for (const [property, keys] of Object.entries(fixture.propertyDependencies ?? {})) {
      resource.propertyDependencies[property] = keys.map(lookup);
    }
  });
  return policyResources;
}

function resourceArgs(resource: PolicyResource): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.props,
    urn: resource.urn,
    name: resource.name,
    opts: resource.opts,
    stackTags: new Map(),
    isType: resource.isType,
    asType: (resourceClass) => (resource.isType(resourceClass) ? (resource.props as never) : undefined),
    getConfig: <T extends object>() => ({}) as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicableError(reason);
    },
  };
}

function stackArgs(resources: PolicyResource[]): StackValidationArgs {
  return {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => ({}) as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicableError(reason);
    },
  };
}

async function swallowNotApplicable(run: () => unknown): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof NotApplicableError) return false;
    throw error;
  }
}

export interface Evaluation {
  readonly violations: Violation[];
  /** Policy name → how many resources (or stacks) it applied to. */
  readonly applied: Map<string, number>;
}

/** Runs every policy against `resources`, as `pulumi preview` would, and collects the violations. */
export async function evaluate(policies: ReadonlyArray<ResourceValidationPolicy | StackValidationPolicy>, resources: PolicyResource[]): Promise<Evaluation> {
  const violations: Violation[] = [];
  const applied = new Map<string, number>();
  for (const policy of policies) {
    const report = (message: string) => violations.push({ policy: policy.name, message });
    let count = 0;
    if ("validateStack" in policy) {
      if (await swallowNotApplicable(() => policy.validateStack(stackArgs(resources), report))) count++;
    } else {
      const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const resource of resources) {
        for (const validation of validations) {
          if (await swallowNotApplicable(() => validation(resourceArgs(resource), report))) count++;
        }
      }
    }
    applied.set(policy.name, count);
  }
  return { violations, applied };
}

/** `[policy] message` lines, for failure output that lists every violation. */
export function formatViolations(violations: readonly Violation[]): string[] {
  return violations.map((violation) => `[${violation.policy}] ${violation.message}`);
}

/**
 * A mock run of the program → `PolicyResource`s: recorded inputs as props (plus the resource's
 * id, which the engine's state carries and the mocks make `<name>-id`), the recorded `protect`,
 * parents and `dependsOn`. Property dependencies are not recorded by the harness, so children are
 * matched to servers by value (server name, server id), as in a `pulumi up` after creation.
 */
export async function fromRun(run: ProgramRun, stack: string): Promise<PolicyResource[]> {
  const fixtures = await Promise.all(
    run.resources.map(async (record): Promise<FixtureResource> => {
      const props: Record<string, unknown> = { ...record.inputs };
      if (record.resource instanceof pulumi.CustomResource) props.id = await resolveDeep(record.resource.id, false);
      return {
        type: record.type,
        name: record.name,
        // Logical names are unique per type only; the harness refers to resources as type::name.
        key: id(record.type, record.name),
        props,
        protect: record.protect,
        dependsOn: record.dependsOn,
        ...(record.parent === undefined ? {} : { parent: record.parent }),
      };
    }),
  );
  return toPolicyResources(fixtures, stack);
}
