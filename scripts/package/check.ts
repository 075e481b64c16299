/**
 * Checks of the component package's inferred schema and of programs that use it, without a Pulumi
 * CLI: what the schema must say about every component (descriptions, "Required."/"Optional."
 * agreeing with `requiredInputs`, only representable types), and whether a Pulumi YAML program's
 * resources fit the schema (the Pulumi YAML language host would type-check them against the same
 * schema; here the check is ours and says so).
 */
import type { PackageSpec, Property } from "@pulumi/pulumi/provider/experimental/schema";

/** A schema property as the SDK's schema generator writes it (it adds `plain` and `optional`). */
type SchemaProperty = Property & { readonly plain?: boolean };

/** Every problem of the schema, by location; empty when it is complete and representable. */
export function schemaProblems(schema: PackageSpec): string[] {
  const problems: string[] = [];
  const checkRef = (where: string, property: SchemaProperty) => {
    if ("$ref" in property) {
      const ref = property.$ref;
      if (!ref.startsWith("#/types/")) problems.push(`${where}: refers to ${ref}, outside the package (only plain data crosses languages here)`);
      else if (schema.types[ref.slice("#/types/".length)] === undefined) problems.push(`${where}: refers to missing type ${ref}`);
    }
    if (property.items !== undefined) checkRef(`${where}[]`, property.items as SchemaProperty);
    if (property.additionalProperties !== undefined) checkRef(`${where}{}`, property.additionalProperties as SchemaProperty);
  };
  const documented = (where: string, properties: Record<string, SchemaProperty>, required: readonly string[], requiredWords: boolean) => {
    for (const [name, property] of Object.entries(properties)) {
      const at = `${where}.${name}`;
      checkRef(at, property);
      const description = property.description ?? "";
      if (description.trim() === "") problems.push(`${at}: no description`);
      else if (requiredWords) {
        const word = required.includes(name) ? "Required." : "Optional.";
        if (!description.startsWith(word)) problems.push(`${at}: is ${required.includes(name) ? "required" : "optional"} but its description does not start with "${word}"`);
      }
    }
  };
  if (Object.keys(schema.resources).length === 0) problems.push("no components");
  for (const [token, resource] of Object.entries(schema.resources)) {
    if (!resource.isComponent) problems.push(`${token}: not a component`);
    if (!resource.description) problems.push(`${token}: no description`);
    documented(`${token} input`, (resource.inputProperties ?? {}) as Record<string, SchemaProperty>, resource.requiredInputs ?? [], true);
    documented(`${token} output`, (resource.properties ?? {}) as Record<string, SchemaProperty>, resource.required ?? [], false);
  }
  for (const [token, type] of Object.entries(schema.types)) {
    if (type.enum !== undefined) {
      if (type.enum.length === 0) problems.push(`${token}: empty enum`);
      continue;
    }
    documented(token, (type.properties ?? {}) as Record<string, SchemaProperty>, type.required ?? [], true);
  }
  if ((schema.dependencies ?? []).length > 0) problems.push(`dependencies: ${JSON.stringify(schema.dependencies)} (a resource reference in an Arg or output)`);
  return problems;
}

/** `${...}`: a Pulumi YAML interpolation (an output of another resource, a config value, a variable). */
const INTERPOLATION = /\$\{[^}]+\}/;

/**
 * Problems of one value against a schema property: its kind, enum values, nested properties.
 * `plain` properties take no interpolation of a resource output: the component receives them
 * before any resource exists (the schema's `plain: true`).
 */
function valueProblems(schema: PackageSpec, where: string, value: unknown, property: SchemaProperty, config: ReadonlySet<string>): string[] {
  if (typeof value === "string" && INTERPOLATION.test(value)) {
    const references = [...value.matchAll(/\$\{([^}.[]+)/g)].map((m) => m[1]!);
    const outputs = references.filter((r) => !config.has(r));
    return property.plain === true && outputs.length > 0 ? [`${where}: takes a plain value, not the output ${value}`] : [];
  }
  if ("$ref" in property) {
    const type = schema.types[property.$ref.slice("#/types/".length)];
    if (type === undefined) return [`${where}: unknown type ${property.$ref}`];
    if (type.enum !== undefined) {
      const values = type.enum.map((e) => e.value);
      return values.includes(value as string | number) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${values.map((v) => JSON.stringify(v)).join(", ")}`];
    }
    return objectProblems(schema, where, value, (type.properties ?? {}) as Record<string, SchemaProperty>, type.required ?? [], config);
  }
  switch (property.type) {
    case "string":
      return typeof value === "string" ? [] : [`${where}: expected a string, got ${JSON.stringify(value)}`];
    case "number":
    case "integer":
      return typeof value === "number" ? [] : [`${where}: expected a number, got ${JSON.stringify(value)}`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${where}: expected a boolean, got ${JSON.stringify(value)}`];
    case "array":
      return Array.isArray(value) ? value.flatMap((item, index) => valueProblems(schema, `${where}[${index}]`, item, property.items as SchemaProperty, config)) : [`${where}: expected a list`];
    case "object":
      if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${where}: expected a map`];
      return Object.entries(value).flatMap(([key, item]) => valueProblems(schema, `${where}.${key}`, item, property.additionalProperties as SchemaProperty, config));
    default:
      return [];
  }
}

function objectProblems(schema: PackageSpec, where: string, value: unknown, properties: Record<string, SchemaProperty>, required: readonly string[], config: ReadonlySet<string>): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${where}: expected an object`];
  const given = value as Record<string, unknown>;
  return [
    ...required.filter((name) => given[name] === undefined).map((name) => `${where}.${name}: required`),
    ...Object.entries(given).flatMap(([name, item]) => {
      const property = properties[name];
      return property === undefined ? [`${where}.${name}: no such property (known: ${Object.keys(properties).join(", ")})`] : valueProblems(schema, `${where}.${name}`, item, property, config);
    }),
  ];
}

export interface YamlProgram {
  readonly packages?: Record<string, string>;
  readonly config?: Record<string, unknown>;
  readonly resources?: Record<string, { readonly type: string; readonly properties?: Record<string, unknown> }>;
  readonly outputs?: Record<string, unknown>;
}

/**
 * Problems of a Pulumi YAML program's use of the package: the package is declared, every resource
 * of the package's types exists in the schema with valid properties, and every output it reads
 * from such a resource is one of the component's outputs.
 */
export function yamlProblems(program: YamlProgram, schema: PackageSpec): string[] {
  const problems: string[] = [];
  if (program.packages?.[schema.name] === undefined) problems.push(`packages: does not declare ${schema.name}`);
  const config = new Set(Object.keys(program.config ?? {}));
  const ours = Object.entries(program.resources ?? {}).filter(([, resource]) => resource.type.startsWith(`${schema.name}:`));
  if (ours.length === 0) problems.push(`resources: none of package ${schema.name}`);
  for (const [name, resource] of ours) {
    const component = schema.resources[resource.type];
    if (component === undefined) {
      problems.push(`resources.${name}: ${resource.type} is not in the schema (known: ${Object.keys(schema.resources).join(", ")})`);
      continue;
    }
    problems.push(...objectProblems(schema, `resources.${name}.properties`, resource.properties ?? {}, (component.inputProperties ?? {}) as Record<string, SchemaProperty>, component.requiredInputs ?? [], config));
  }
  const text = JSON.stringify({ resources: program.resources, outputs: program.outputs });
  for (const [, resource, output] of text.matchAll(/\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)/g)) {
    const used = ours.find(([name]) => name === resource);
    if (used === undefined) continue;
    const outputs = schema.resources[used[1].type]?.properties ?? {};
    if (outputs[output!] === undefined) problems.push(`\${${resource}.${output}}: ${used[1].type} has no output ${output}`);
  }
  return problems;
}
