/**
 * Builds a `pulumi stack export` file (Pulumi's deployment format, version 3: apitype.DeploymentV3
 * and ResourceV3 in pulumi/pulumi v3.248.0 sdk/go/common/apitype/core.go) from what the program
 * registers under the mock harness: `npm run export` writes one so the audit can be tried without
 * a cloud, and the audit tests run on the resources this program really creates, not on a
 * hand-written fixture.
 *
 * - URNs: `urn:pulumi:<stack>::genims::<parent types joined by $>$<type>::<name>`; children of
 *   the stack carry only their own type, as Pulumi writes them.
 * - Inputs as recorded; those registered as secret (`secretInputs`) wrapped as secret values,
 *   with `plaintext` (the `--show-secrets` form, the default: the hardest case for a report that
 *   must not leak) or with a placeholder `ciphertext` (the form of a plain `pulumi stack export`;
 *   an offline export has no secrets provider to encrypt with, so it holds no value at all).
 * - Outputs: each custom resource's resolved output properties; secret ones wrapped likewise.
 * - Dependencies: `dependsOn` plus the implicit references of `dependencyEdges`.
 * - One default provider per package, like a real deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROJECT, type ProgramRun, type RecordedResource, resolveDeep } from "./offline";
import { dependencyEdges, nodeId } from "./deployGraph";
import { OFFLINE_MAGIC } from "./audit";
import { SECRET_MARK, SECRET_SIG } from "./secretMarker";

export interface ExportedResource {
  urn: string;
  custom: boolean;
  type: string;
  id?: string;
  parent?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  dependencies?: string[];
  /** ResourceV3 fields a real state may carry (never set by the offline export). */
  delete?: boolean;
  pendingReplacement?: boolean;
  taint?: boolean;
}

export interface StackExport {
  version: number;
  features?: string[];
  deployment: {
    manifest: { time: string; magic: string; version: string };
    secrets_providers: { type: string; state?: unknown };
    resources: ExportedResource[];
  };
}

/** The `--show-secrets` form of a secret value. */
export const secretValue = (value: unknown) => ({ [SECRET_SIG]: SECRET_MARK, plaintext: JSON.stringify(value) });

/** The marker every secret of an offline export carries instead of a ciphertext. */
export const OFFLINE_CIPHERTEXT = "offline-export:no-value";

export type SecretForm = "plaintext" | "ciphertext";
type Wrap = (value: unknown) => Record<string, string>;
const wrapperFor = (form: SecretForm): Wrap => (form === "plaintext" ? secretValue : () => ({ [SECRET_SIG]: SECRET_MARK, ciphertext: OFFLINE_CIPHERTEXT }));

/** Wraps the values `masked` shows as "[secret]" (the harness's masked stack outputs). */
function wrapMasked(raw: unknown, masked: unknown, secret: Wrap): unknown {
  if (masked === "[secret]" && raw !== "[secret]") return secret(raw);
  if (Array.isArray(raw) && Array.isArray(masked)) return raw.map((item, index) => wrapMasked(item, masked[index], secret));
  if (raw !== null && typeof raw === "object" && masked !== null && typeof masked === "object") {
    return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, wrapMasked(value, (masked as Record<string, unknown>)[key], secret)]));
  }
  return raw;
}

const packageOf = (type: string) => type.slice(0, type.indexOf(":"));

/** A custom resource's output properties, resolved, secret ones wrapped. */
async function resourceOutputs(record: RecordedResource, secret: Wrap): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.resource)) {
    if (key === "urn" || key === "id" || key.startsWith("__") || !pulumi.Output.isInstance(value)) continue;
    const resolved = await resolveDeep(value, false);
    if (resolved === undefined) continue;
    const isSecret = record.additionalSecretOutputs.includes(key) || (await pulumi.isSecret(value as pulumi.Output<unknown>));
    outputs[key] = isSecret ? secret(resolved) : resolved;
  }
  return outputs;
}

export async function exportFromRun(stack: string, run: ProgramRun, form: SecretForm = "plaintext"): Promise<StackExport> {
  const secret = wrapperFor(form);
  const stackUrn = `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`;
  const byId = new Map(run.resources.map((record) => [nodeId(record), record] as const));
  const qualifiedType = (record: RecordedResource): string => {
    const parent = record.parent === undefined ? undefined : byId.get(record.parent);
    return parent === undefined ? record.type : `${qualifiedType(parent)}$${record.type}`;
  };
  const urnOf = (record: RecordedResource) => `urn:pulumi:${stack}::${PROJECT}::${qualifiedType(record)}::${record.name}`;
  const urnById = (id: string) => {
    const record = byId.get(id);
    if (record === undefined) throw new Error(`dependency on an unrecorded resource ${id}`);
    return urnOf(record);
  };

  const providers = [...new Set(run.resources.filter((r) => r.custom).map((r) => packageOf(r.type)))].sort();
  const providerRef = (pkg: string) => `urn:pulumi:${stack}::${PROJECT}::pulumi:providers:${pkg}::default::${pkg}-provider-id`;
  const edges = dependencyEdges(run.resources);

  const resources: ExportedResource[] = [
    { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: wrapMasked(run.rawOutputs, run.outputs, secret) as Record<string, unknown> },
    ...providers.map((pkg) => ({ urn: `urn:pulumi:${stack}::${PROJECT}::pulumi:providers:${pkg}::default`, custom: true, type: `pulumi:providers:${pkg}`, id: `${pkg}-provider-id`, inputs: {}, outputs: {} })),
  ];
  for (const record of run.resources) {
    const inputs = Object.fromEntries(Object.entries(record.inputs).map(([key, value]) => [key, record.secretInputs.includes(key) ? secret(value) : value]));
    resources.push({
      urn: urnOf(record),
      custom: record.custom,
      type: record.type,
      ...(record.custom ? { id: `${record.name}-id`, provider: providerRef(packageOf(record.type)) } : {}),
      parent: record.parent === undefined ? stackUrn : urnById(record.parent),
      inputs: record.custom ? inputs : {},
      outputs: record.custom ? await resourceOutputs(record, secret) : {},
      protect: record.protect,
      dependencies: (edges.get(nodeId(record)) ?? []).map(urnById),
    });
  }
  return {
    version: 3,
    deployment: {
      manifest: { time: "2025-01-01T00:00:00Z", magic: OFFLINE_MAGIC, version: "v3.248.0" },
      secrets_providers: { type: "service", state: { url: "https://api.pulumi.com", owner: "genims", project: PROJECT, stack } },
      resources,
    },
  };
}
