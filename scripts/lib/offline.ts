/**
 * The offline runner (and the one mock harness of the tests): runs the real program (or any program) in-process under
 * `pulumi.runtime.setMocks`, and records every registered resource with its type token, logical
 * name, parent, resolved inputs and resource options. Used by every unit test, the offline plan
 * (`npm run plan`) and the benchmark; nothing here depends on jest.
 *
 * Mocks do not see resource options, so the program runs inside `runInPulumiStack` with a stack
 * transformation that records `protect`, `dependsOn`, `ignoreChanges`, `replaceOnChanges` and
 * `additionalSecretOutputs`. Any provider function call throws: nothing passes quietly.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../../catalog";
import { GENIMS_CATALOG } from "../../catalog";
import { SECRET_MARK, SECRET_SIG } from "./secretMarker";

export const PROJECT = "genims";
export { REPO_ROOT } from "./stacks";
import { REPO_ROOT, readStackFile } from "./stacks";

/** The value every mocked RandomPassword returns, so tests can look for leaks of it. */
export const MOCK_PASSWORD_PREFIX = "MockPassw0rd";

/** What the mocked `azure-native:authorization:getClientConfig` returns. */
export const MOCK_CLIENT_CONFIG = {
  clientId: "00000000-0000-0000-0000-0000000000c1",
  objectId: "00000000-0000-0000-0000-0000000000b1",
  subscriptionId: "00000000-0000-0000-0000-0000000000a1",
  tenantId: "00000000-0000-0000-0000-0000000000d1",
} as const;

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** `type::name` of the parent, or `undefined` for children of the stack. */
  readonly parent: string | undefined;
  readonly custom: boolean;
  /** Inputs as the engine would receive them (secrets unwrapped by the mock monitor). */
  inputs: Record<string, unknown>;
  /** Input property names whose value was a secret Output when registered. */
  readonly secretInputs: string[];
  readonly protect: boolean;
  readonly dependsOn: string[];
  readonly ignoreChanges: string[];
  readonly replaceOnChanges: string[];
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: string[];
  readonly retainOnDelete: boolean;
  /** The `name` of each alias given (aliases by name only are what the program uses). */
  readonly aliasNames: string[];
  /** `type::name` of the explicit provider, when one is given. */
  readonly provider: string | undefined;
  /** The `import` option: the cloud id Pulumi adopts instead of creating the resource. */
  readonly importId: string | undefined;
  readonly resource: pulumi.Resource;
}

export interface ProgramRun {
  readonly resources: RecordedResource[];
  /** Stack outputs, resolved, with secrets replaced by `[secret]`. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs, resolved, secrets included in plain text (for leak checks only). */
  readonly rawOutputs: Record<string, unknown>;
  /**
   * Values the mocks made up for what only the cloud computes (ids, principal ids, link ids, the
   * endpoint's private IP), each with what it stands for: the plan prints them as
   * `(known after deploy: ...)`. Tests keep seeing the made-up values, which tell resources apart.
   */
  readonly inventions: ReadonlyMap<string, string>;
}

export const id = (type: string, name: string) => `${type}::${name}`;

/**
 * Example ids for the keys a stack file leaves to `pulumi config set` (the real tenant, DBA group
 * and Atlas organization are not committed). Offline runs only: `npm run plan`, the docs and the
 * tests fill them in when the stack file has none, and the plan names them in its header. They
 * are recognisably fake (`0ff11e…`, "offline") and never written anywhere a deployment reads.
 */
export const OFFLINE_EXAMPLE_CONFIG: Readonly<Record<string, string>> = {
  "genims:entraTenantId": "0ff11e00-0000-4000-8000-000000000001",
  "genims:entraAdminObjectId": "0ff11e00-0000-4000-8000-000000000002",
  "genims:atlasOrgId": "0ff11e000000000000000003",
};

/** The keys of a stack file the offline examples stand in for. */
export function offlineSubstitutions(stack: string, root = REPO_ROOT): string[] {
  const file = stackFileConfig(stack, root);
  return Object.keys(OFFLINE_EXAMPLE_CONFIG).filter((key) => !(key in file));
}

function stackFileConfig(stack: string, root: string): Record<string, unknown> {
  return readStackFile(stack, root);
}

/**
 * Turns a `Pulumi.<stack>.yaml` config block into the runtime's string form, with the offline
 * example ids for what `pulumi config set` would supply (`offline: false` for the file alone).
 */
export function stackConfig(stack: string, root = REPO_ROOT, { offline = true }: { offline?: boolean } = {}): Record<string, string> {
  const file = toRuntimeConfig(stackFileConfig(stack, root));
  return offline ? { ...OFFLINE_EXAMPLE_CONFIG, ...file } : file;
}

/** Plain config values → Pulumi's runtime form: strings as they are, everything else as JSON. */
export function toRuntimeConfig(config: Readonly<Record<string, unknown>>): Record<string, string> {
  const runtime: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    runtime[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return runtime;
}

/** Deterministic fake outputs per resource type: what the cloud would compute. */
function mockState(args: pulumi.runtime.MockResourceArgs, connectedEndpointIds: readonly string[] = []): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case "random:index/randomPassword:RandomPassword":
      return { ...inputs, result: `${MOCK_PASSWORD_PREFIX}-${args.name}` };
    case "azure-native:dbforpostgresql:Server":
      return { ...inputs, name: inputs.serverName, fullyQualifiedDomainName: `${String(inputs.serverName)}.postgres.database.azure.com` };
    case "azure-native:dbformysql:Server":
      return { ...inputs, name: inputs.serverName, fullyQualifiedDomainName: `${String(inputs.serverName)}.mysql.database.azure.com` };
    case "azure-native:keyvault:Vault":
      return { ...inputs, name: inputs.vaultName };
    case "azure-native:resources:ResourceGroup":
      return { ...inputs, name: inputs.resourceGroupName };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { ...inputs, principalId: `${args.name}-principal-id`, clientId: `${args.name}-client-id` };
    case "azure-native:network:PrivateEndpoint":
      return { ...inputs, networkInterfaces: [{ id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.Network/networkInterfaces/${String(inputs.privateEndpointName)}.nic` }] };
    case "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint":
      return { ...inputs, privateLinkId: `${args.name}-link-id`, privateLinkServiceResourceId: `/subscriptions/atlas/resourceGroups/atlas/providers/Microsoft.Network/privateLinkServices/${args.name}` };
    case "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup":
    case "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization":
      return { ...inputs, roleId: `${args.name}-role-id` };
    case "mongodbatlas:index/advancedCluster:AdvancedCluster":
      return {
        ...inputs,
        replicationSpecs: ((inputs.replicationSpecs as Record<string, unknown>[] | undefined) ?? []).map((spec, index) => ({ ...spec, zoneId: `${args.name}-zone-${index + 1}` })),
        connectionStrings: {
          standardSrv: `mongodb+srv://${String(inputs.name)}.mock.mongodb.net`,
          // One entry per connected private endpoint, as Atlas publishes them: picked by endpoint id.
          privateEndpoints: connectedEndpointIds.map((endpointId, index) => ({
            srvConnectionString: `mongodb+srv://${String(inputs.name)}-pl-${index}.mock.mongodb.net`,
            endpoints: [{ endpointId, providerName: "AZURE", region: "mock-region" }],
          })),
        },
      };
    default:
      return { ...inputs, name: inputs.name ?? ownName(args.type, inputs) };
  }
}

/** What the offline plan shows for a value only the cloud computes. */
export const KNOWN_AFTER_DEPLOY = "(known after deploy)";

/**
 * A resource's `name` output: its physical name when the program set it (azure-native names the
 * input after the type: `VirtualNetwork` → `virtualNetworkName`, `PrivateZone` →
 * `privateZoneName`), else a value the cloud chooses, shown as such. Never the logical name:
 * that was a mock's invention (`genims-network-vnet` where Azure has `genims-prod-vnet`).
 */
function ownName(type: string, inputs: Record<string, unknown>): unknown {
  const resource = type.slice(type.lastIndexOf(":") + 1);
  const input = `${resource.charAt(0).toLowerCase()}${resource.slice(1)}Name`;
  return inputs[input] ?? inputs.resourceName ?? KNOWN_AFTER_DEPLOY;
}


/**
 * Unwraps secret markers from mock inputs, returning plain values and the top-level properties
 * that held a secret anywhere inside them.
 */
function unwrapSecrets(inputs: unknown): { value: unknown; secretPaths: string[] } {
  const secretPaths = new Set<string>();
  const visit = (value: unknown, top: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((item) => visit(item, top));
    if (value !== null && typeof value === "object") {
      const object = value as Record<string, unknown>;
      if (object[SECRET_SIG] === SECRET_MARK) {
        if (top !== undefined) secretPaths.add(top);
        return visit(object.value, top);
      }
      return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, visit(item, top ?? key)]));
    }
    return value;
  };
  return { value: visit(inputs, undefined), secretPaths: [...secretPaths] };
}

/** The provider functions the program may call, with what the cloud would answer. */
const MOCK_CALLS: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  // The Key Vault's tenant.
  "azure-native:authorization:getClientConfig": () => ({ ...MOCK_CLIENT_CONFIG }),
  "azure-native:network:getNetworkInterface": (inputs) => ({ name: inputs.networkInterfaceName, ipConfigurations: [{ privateIPAddress: "10.60.2.4" }] }),
};

/** What the mocked calls make up, by label, for the plan to show as unknown. */
const MOCK_CALL_INVENTIONS: Record<string, (answer: Record<string, unknown>) => Record<string, string>> = {
  "azure-native:network:getNetworkInterface": (answer) => {
    const ip = (answer.ipConfigurations as { privateIPAddress: string }[] | undefined)?.[0]?.privateIPAddress;
    return ip === undefined ? {} : { [`private IP of ${String(answer.name)}`]: ip };
  },
};

function optionNames(value: unknown): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((item) => (item instanceof pulumi.Resource ? (NAMES.get(item) ?? "<unrecorded>") : String(item)));
}

/** Resource object → `type::name`, filled by the transformation. */
const NAMES = new WeakMap<pulumi.Resource, string>();

/**
 * Runs `program` under mocks for `stack` with `config` (runtime form, see `stackConfig`) and
 * returns everything it registered. Throws what the program throws.
 */
export async function runProgram(
  stack: string,
  config: Record<string, string>,
  program: () => unknown,
): Promise<ProgramRun> {
  // The SDK captures a stack trace for every resource and promise (`new Error().stack` in
  // runtime/debuggable.js): formatting them was most of a mocked run (and its garbage). Nobody
  // reads them here, so during a run stacks are not captured at all; errors keep their messages.
  // GENIMS_HARNESS_STACKS=1 keeps full, source-mapped stacks for debugging a failing program.
  const keepStacks = process.env.GENIMS_HARNESS_STACKS === "1";
  const { stackTraceLimit, prepareStackTrace } = Error;
  if (!keepStacks) {
    Error.stackTraceLimit = 0;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  }
  try {
    return await runProgramInner(stack, config, program);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

async function runProgramInner(stack: string, config: Record<string, string>, program: () => unknown): Promise<ProgramRun> {
  const byUrnName = new Map<string, RecordedResource>();
  const inventions = new Map<string, string>();
  const recorded: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const connectedEndpointIds = recorded
          .filter((r) => r.type === "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService")
          .map((r) => String(r.inputs.endpointServiceId));
        const state = mockState(args, connectedEndpointIds);
        const key = id(args.type, args.name);
        const record = byUrnName.get(key);
        if (record !== undefined) {
          const { value, secretPaths } = unwrapSecrets(args.inputs);
          record.inputs = value as Record<string, unknown>;
          for (const property of secretPaths) if (!record.secretInputs.includes(property)) record.secretInputs.push(property);
        }
        inventions.set(`${args.name}-id`, `id of ${args.name}`);
        for (const [property, value] of Object.entries(state)) {
          if (typeof value === "string" && !(property in (args.inputs as Record<string, unknown>)) && value.startsWith(`${args.name}-`)) inventions.set(value, `${property} of ${args.name}`);
        }
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        const result = MOCK_CALLS[args.token];
        if (result === undefined) throw new Error(`unmocked provider function call: ${args.token}`);
        const answer = result(args.inputs as Record<string, unknown>);
        for (const [label, value] of Object.entries(MOCK_CALL_INVENTIONS[args.token]?.(answer) ?? {})) inventions.set(value, label);
        return answer;
      },
    },
    PROJECT,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);

  const secretChecks: Promise<void>[] = [];
  let programError: unknown;
  // The program's own return value: what runInPulumiStack resolves to has lost nested secrets.
  let stackOutputs: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      const key = id(args.type, args.name);
      NAMES.set(args.resource, key);
      const opts = args.opts as pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
      const record: RecordedResource = {
        type: args.type,
        name: args.name,
        parent: opts.parent ? NAMES.get(opts.parent) : undefined,
        custom: args.resource instanceof pulumi.CustomResource,
        inputs: {},
        secretInputs: [],
        // What the engine will see: the SDK copies the parent's protect into an unset option
        // after transformations run (@pulumi/pulumi resource.js, `opts.protect = parent.__protect`).
        protect: opts.protect ?? (opts.parent ? byUrnName.get(NAMES.get(opts.parent) ?? "")?.protect : undefined) ?? false,
        dependsOn: optionNames(opts.dependsOn),
        ignoreChanges: [...(opts.ignoreChanges ?? [])],
        replaceOnChanges: [...(opts.replaceOnChanges ?? [])],
        deleteBeforeReplace: opts.deleteBeforeReplace === true,
        additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? [])],
        retainOnDelete: opts.retainOnDelete === true,
        aliasNames: (opts.aliases ?? []).map((a) => (typeof a === "object" && a !== null && "name" in a ? String((a as { name?: unknown }).name) : String(a))),
        provider: opts.provider ? NAMES.get(opts.provider) : undefined,
        importId: typeof opts.import === "string" ? opts.import : undefined,
        resource: args.resource,
      };
      for (const [property, value] of Object.entries(args.props ?? {})) {
        if (pulumi.Output.isInstance(value)) {
          secretChecks.push(
            pulumi.isSecret(value).then((secret) => {
              if (secret) record.secretInputs.push(property);
            }),
          );
        }
      }
      byUrnName.set(key, record);
      recorded.push(record);
      return undefined;
    });
    try {
      stackOutputs = await program();
      return stackOutputs as Record<string, unknown>;
    } catch (error) {
      // Surfaced below: thrown inside the stack's initialisation it would escape as unhandled.
      programError = error;
      return {};
    }
  });
  if (programError !== undefined) {
    // Let callers see what was registered before the failure (a config error must leave none).
    throw Object.assign(programError as object, { registeredBeforeFailure: recorded.map((record) => id(record.type, record.name)) });
  }
  // Every resource's URN resolves once the mock monitor has registered it. A registration that
  // fails (say, an apply throws while its inputs are serialised) never resolves: name it.
  let timer: NodeJS.Timeout | undefined;
  const unresolved = new Set(recorded.map((record) => id(record.type, record.name)));
  await Promise.race([
    Promise.all(recorded.map((record) => promiseOf(record.resource.urn).then(() => unresolved.delete(id(record.type, record.name))))),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`resources never finished registering: ${[...unresolved].join(", ")}`)), 20_000);
    }),
  ]).finally(() => clearTimeout(timer));
  await Promise.all(secretChecks);
  const rawOutputs = (await resolveDeep(stackOutputs ?? {}, false)) as Record<string, unknown>;
  const outputs = (await resolveDeep(stackOutputs ?? {}, true)) as Record<string, unknown>;
  for (const record of recorded) record.secretInputs.sort();
  // The stack's own output registration is still in flight here; the next run's setMocks would
  // swap the monitor under it ("unknown resource ...Stack"). `waitForRPCs` is internal to the SDK
  // (not in its .d.ts) but is what `pulumi.runtime.disconnect` waits on.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return { resources: recorded, outputs, rawOutputs, inventions };
}

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Resolves Outputs inside a value; with `mask`, secret values become "[secret]". */
export async function resolveDeep(value: unknown, mask: boolean): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    if (mask && (await pulumi.isSecret(value))) return "[secret]";
    return resolveDeep(await promiseOf(value as pulumi.Output<unknown>), mask);
  }
  if (value instanceof Promise) return resolveDeep(await value, mask);
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveDeep(item, mask)));
  if (value !== null && typeof value === "object" && !(value instanceof pulumi.Resource)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v, mask)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** Runs the GenIMS program for a stack file of this repository (or the given config). */
export async function runGenims(
  stack: string,
  config: Record<string, string> = stackConfig(stack),
  catalog: Catalog = GENIMS_CATALOG,
): Promise<ProgramRun> {
  // Imported lazily so a config error is thrown inside the mocked stack, like under `pulumi up`.
  const { genimsProgram } = await import("../../stacks/topology");
  return runProgram(stack, config, () => genimsProgram(catalog));
}

/** What a failed run had registered before it threw (see `runProgram`). */
export function registeredBeforeFailure(error: unknown): string[] | undefined {
  return (error as { registeredBeforeFailure?: string[] } | undefined)?.registeredBeforeFailure;
}

/** Finds one recorded resource by type token and logical name, or throws naming what exists. */
export function findResource(run: ProgramRun, type: string, name: string): RecordedResource {
  const found = run.resources.find((resource) => resource.type === type && resource.name === name);
  if (found === undefined) {
    const sameType = run.resources.filter((resource) => resource.type === type).map((resource) => resource.name);
    throw new Error(`no ${type} named ${name}; registered: ${sameType.join(", ") || "none of that type"}`);
  }
  return found;
}

export function resourcesOfType(run: ProgramRun, type: string): RecordedResource[] {
  return run.resources.filter((resource) => resource.type === type);
}
