/**
 * Checks a registered MongoDB Atlas resource against its excerpt (extractAtlas.ts): inputs the
 * Pulumi schema of @pulumi/mongodbatlas knows and requires, and, from the Terraform provider's Go
 * source at the bundled tag, nested attribute names, attributes only the provider computes, the
 * provider's own enum / pattern / range validators and deprecated attributes.
 */
import * as path from "node:path";
import { TERRAFORM_PROVIDERS } from "./atlasTypes";
import { loadExcerpts } from "./excerptFiles";
import type { AtlasAttribute } from "./extractAtlas";

export interface AtlasExcerpt {
  readonly token: string;
  readonly tfResource: string;
  readonly sdk: { readonly package: string; readonly version: string; readonly file: string; readonly inputs: readonly string[]; readonly required: readonly string[] };
  readonly provider: { readonly repository: string; readonly tag: string; readonly commit: string; readonly files: readonly string[] };
  readonly attributes: Record<string, AtlasAttribute>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The Pulumi names of a Terraform attribute: the bridge camel-cases it and pluralizes list blocks
 * (`notification` → `notifications`, `policy_item_monthly` → `policyItemMonthlies`).
 */
const pulumiNames = (camelName: string) => [camelName, `${camelName}s`, camelName.replace(/y$/, "ies")];

/** Values at a dotted Pulumi path, looking through lists. */
function valuesAt(inputs: unknown, dotted: string): unknown[] {
  let current: unknown[] = [inputs];
  for (const segment of dotted.split(".")) {
    current = current
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .flatMap((value) => {
        if (!isObject(value)) return [];
        const key = pulumiNames(segment).find((name) => value[name] !== undefined);
        return key === undefined ? [] : [value[key]];
      });
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

export function validateAtlasInputs(excerpt: AtlasExcerpt, inputs: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(inputs).sort()) {
    if (inputs[key] !== undefined && !excerpt.sdk.inputs.includes(key)) problems.push(`${key}: not an input of ${excerpt.token} in ${excerpt.sdk.package} ${excerpt.sdk.version}`);
  }
  for (const key of excerpt.sdk.required) {
    if (inputs[key] === undefined || inputs[key] === null) problems.push(`${key}: required by ${excerpt.token} (${excerpt.sdk.package} ${excerpt.sdk.version}) but missing`);
  }
  const attributes = Object.values(excerpt.attributes);
  const children = new Map<string, Set<string>>();
  for (const attribute of attributes) {
    const parts = attribute.pulumiPath.split(".");
    if (parts.length < 2) continue;
    const parent = parts.slice(0, -1).join(".");
    if (!children.has(parent)) children.set(parent, new Set());
    for (const name of pulumiNames(parts[parts.length - 1] as string)) children.get(parent)?.add(name);
  }
  // Nested objects: every key must be an attribute the provider declares there.
  for (const [parent, names] of children) {
    for (const value of valuesAt(inputs, parent)) {
      if (!isObject(value)) continue;
      for (const key of Object.keys(value).sort()) {
        if (value[key] !== undefined && !names.has(key)) problems.push(`${parent}.${key}: ${excerpt.tfResource} declares no such attribute (${excerpt.provider.tag})`);
      }
    }
  }
  for (const attribute of attributes) {
    const values = valuesAt(inputs, attribute.pulumiPath);
    if (values.length === 0) continue;
    // An SDK addition cites the SDK's declaration, not the Go source at the excerpt's tag.
    const where = attribute.sdkAddition ? `${attribute.pulumiPath} (${attribute.source}, ${excerpt.sdk.package} ${excerpt.sdk.version} addition)` : `${attribute.pulumiPath} (${attribute.source}@${excerpt.provider.tag})`;
    if (attribute.computed && !attribute.optional && !attribute.required) problems.push(`${where}: computed by the provider, cannot be set`);
    if (attribute.deprecated) problems.push(`${where}: deprecated by the provider`);
    for (const value of values) {
      if (attribute.oneOf && !attribute.oneOf.includes(String(value))) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(attribute.oneOf)}`);
      if (attribute.pattern && !new RegExp(attribute.pattern).test(String(value))) problems.push(`${where}: ${JSON.stringify(value)} does not match ${attribute.pattern}`);
      if (attribute.minimum !== undefined && attribute.maximum !== undefined && (typeof value !== "number" || value < attribute.minimum || value > attribute.maximum)) {
        problems.push(`${where}: ${JSON.stringify(value)} is not between ${attribute.minimum} and ${attribute.maximum}`);
      }
    }
  }
  return problems;
}

/** The excerpts of every Terraform-bridged provider (conformance/atlas, conformance/mysql), by token. */
export function loadAtlasExcerpts(root = path.resolve(__dirname, "../../conformance")): Map<string, AtlasExcerpt> {
  return new Map(Object.values(TERRAFORM_PROVIDERS).flatMap((provider) => [...loadExcerpts<AtlasExcerpt>(path.join(root, provider.excerptDir))]));
}

export function atlasConformanceProblems(excerpts: ReadonlyMap<string, AtlasExcerpt>, resource: { type: string; name: string; inputs: Readonly<Record<string, unknown>> }): string[] {
  const excerpt = excerpts.get(resource.type);
  if (!excerpt) return [`${resource.type} ${resource.name}: no provider schema excerpt for this type (add it to scripts/conformance/atlasTypes.ts and run npm run conformance:extract-atlas)`];
  return validateAtlasInputs(excerpt, resource.inputs).map((problem) => `${resource.type} ${resource.name} ${problem}`);
}
