/**
 * Checks a registered azure-native resource against the request-body schema of its Azure REST API
 * specification (an excerpt made by extract.ts). Two steps:
 *
 * 1. `toRequestBody`: Pulumi inputs → the ARM request body. azure-native flattens the
 *    `x-ms-client-flatten` `properties` bag (at any depth), so an input that is not a property of
 *    the schema at that level goes back under `properties`; URL path parameters are dropped.
 * 2. `validateRequestBody`: ajv against the excerpt, stricter than ARM's own documents in three
 *    deliberate ways, each to catch what would fail or silently differ at deploy time:
 *    - readOnly properties are forbidden (a request cannot set them);
 *    - an object with declared properties accepts no others unless it declares
 *      additionalProperties (an unknown key means a mapping bug or a property that does not exist
 *      at this API version);
 *    - enums are enforced as listed, also where `x-ms-enum.modelAsString` is true. Such an
 *      "extensible" enum lets a client pass a value the document does not list, but the service
 *      still decides; the listed values are all this API version documents, so anything else
 *      is reported.
 *    Formats are not checked except int32/int64 ranges.
 */
import * as path from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { loadExcerpts } from "./excerptFiles";
import { NOT_EXTRACTED, SDK_ADDITION } from "./extract";

type JsonObject = Record<string, unknown>;

export interface AzureExcerpt {
  readonly token: string;
  readonly resourceType: string;
  readonly apiVersion: string;
  readonly source: { readonly repository: string; readonly file: string; readonly definition: string; readonly commits: Record<string, string> };
  readonly pathParameters: readonly string[];
  readonly root: string;
  readonly definitions: Record<string, JsonObject>;
}

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value);

/** The schema at `schema`, with `$ref`s followed and `allOf` parts merged into one object schema. */
export function resolveSchema(excerpt: AzureExcerpt, schema: JsonObject): JsonObject {
  let current = schema;
  const seen = new Set<string>();
  while (typeof current.$ref === "string") {
    const key = current.$ref.replace("#/definitions/", "");
    if (seen.has(key)) break;
    seen.add(key);
    const { $ref: _ref, ...rest } = current;
    current = { ...(excerpt.definitions[key] ?? {}), ...rest };
  }
  if (!Array.isArray(current.allOf)) return current;
  const { allOf, ...own } = current;
  const merged: JsonObject = { ...own, properties: { ...((own.properties as JsonObject | undefined) ?? {}) }, required: [...((own.required as string[] | undefined) ?? [])] };
  for (const part of allOf as JsonObject[]) {
    const resolved = resolveSchema(excerpt, part);
    Object.assign(merged.properties as JsonObject, (resolved.properties as JsonObject | undefined) ?? {});
    (merged.required as string[]).push(...((resolved.required as string[] | undefined) ?? []));
    if (resolved.type && !merged.type) merged.type = resolved.type;
  }
  return merged;
}

/** azure-native's input name for a wire name such as `odata.type` (odataType). */
const inputName = (wire: string) => wire.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Subtypes of a polymorphic definition: definitions whose allOf references it. */
function subtypesOf(excerpt: AzureExcerpt, key: string): [string, JsonObject][] {
  return Object.entries(excerpt.definitions).filter(([, schema]) => ((schema.allOf as JsonObject[] | undefined) ?? []).some((part) => part.$ref === `#/definitions/${key}`));
}

const discriminatorValue = (key: string, schema: JsonObject) => (typeof schema["x-ms-discriminator-value"] === "string" ? schema["x-ms-discriminator-value"] : key);

function unflatten(excerpt: AzureExcerpt, value: unknown, schema: JsonObject): unknown {
  let resolved = resolveSchema(excerpt, schema);
  const base = typeof schema.$ref === "string" ? schema.$ref.replace("#/definitions/", "") : undefined;
  if (typeof resolved.discriminator === "string" && base && isObject(value)) {
    const wire = resolved.discriminator;
    const chosen = value[wire] ?? value[inputName(wire)];
    const subtype = subtypesOf(excerpt, base).find(([key, sub]) => discriminatorValue(key, sub) === chosen);
    if (subtype) resolved = resolveSchema(excerpt, { $ref: `#/definitions/${subtype[0]}` });
  }
  if (Array.isArray(value)) return isObject(resolved.items) ? value.map((item) => unflatten(excerpt, item, resolved.items as JsonObject)) : value;
  if (!isObject(value)) return value;
  const properties = (resolved.properties as Record<string, JsonObject> | undefined) ?? {};
  const bag = properties.properties;
  const out: JsonObject = {};
  const moved: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (key === "userAssignedIdentities" && Array.isArray(item)) {
      // azure-native takes a list of identity ids and sends ARM's dictionary with empty values
      // (node_modules/@pulumi/azure-native/types/input.d.ts, userAssignedIdentities: "The
      // userAssignedIdentities dictionary keys will be ARM resource ids ... The dictionary values
      // can be empty objects ({}) in requests").
      out[key] = Object.fromEntries(item.map((id) => [String(id), {}]));
    } else if (key in properties) out[key] = unflatten(excerpt, item, properties[key] as JsonObject);
    else if (Object.keys(properties).some((wire) => wire !== key && inputName(wire) === key)) {
      const wire = Object.keys(properties).find((name) => inputName(name) === key) as string;
      out[wire] = unflatten(excerpt, item, properties[wire] as JsonObject);
    }
    else if (bag?.["x-ms-client-flatten"] === true) moved[key] = item;
    else if (isObject(resolved.additionalProperties)) out[key] = unflatten(excerpt, item, resolved.additionalProperties);
    else out[key] = item;
  }
  if (Object.keys(moved).length > 0 && bag) {
    const existing = isObject(out.properties) ? out.properties : {};
    out.properties = { ...existing, ...(unflatten(excerpt, moved, bag) as JsonObject) };
  }
  return out;
}

/** Pulumi inputs → the JSON body azure-native sends in the PUT. */
export function toRequestBody(excerpt: AzureExcerpt, inputs: Readonly<Record<string, unknown>>): JsonObject {
  const body = Object.fromEntries(Object.entries(inputs).filter(([key]) => !excerpt.pathParameters.includes(key)));
  return unflatten(excerpt, body, { $ref: `#/definitions/${excerpt.root}` }) as JsonObject;
}

const FORBIDDEN = "x-conformance-read-only";

/** The excerpt's definitions made strict (see the file comment), as a draft-07 schema for ajv. */
function strictSchema(excerpt: AzureExcerpt): JsonObject {
  const visit = (schema: unknown): unknown => {
    if (!isObject(schema)) return schema;
    if (schema.readOnly === true) return { [FORBIDDEN]: true };
    if (typeof schema[NOT_EXTRACTED] === "string") return { [NOT_EXTRACTED]: schema[NOT_EXTRACTED] };
    const resolved = Array.isArray(schema.allOf) ? resolveSchema(excerpt, schema) : schema;
    const out: JsonObject = {};
    for (const [keyword, value] of Object.entries(resolved)) {
      if (keyword === "properties") out.properties = Object.fromEntries(Object.entries(value as JsonObject).map(([name, property]) => [name, visit(property)]));
      else if (keyword === "items" || keyword === "additionalProperties") out[keyword] = visit(value);
      else if (keyword === "x-ms-enum" || keyword === "x-nullable" || keyword === "readOnly" || keyword === "discriminator" || keyword === "x-ms-discriminator-value" || keyword === SDK_ADDITION) continue;
      else out[keyword] = value;
    }
    if (isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  const definition = (key: string, schema: JsonObject): unknown => {
    if (typeof schema.discriminator !== "string") return visit(schema);
    // A polymorphic definition accepts exactly its subtypes, chosen by the discriminator value.
    const wire = schema.discriminator;
    const subtypes = subtypesOf(excerpt, key);
    return {
      type: "object",
      required: [wire],
      properties: { [wire]: { enum: subtypes.map(([name, sub]) => discriminatorValue(name, sub)) } },
      allOf: subtypes.map(([name, sub]) => ({ if: { properties: { [wire]: { const: discriminatorValue(name, sub) } }, required: [wire] }, then: { $ref: `#/definitions/${name}` } })),
    };
  };
  return { $ref: `#/definitions/${excerpt.root}`, definitions: Object.fromEntries(Object.entries(excerpt.definitions).map(([key, schema]) => [key, definition(key, schema)])) };
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, formats: {
    int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
    int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  } });
  // Every other format (arm-id, uuid, date-time, password, uri, double, ...) is accepted unchecked.
  for (const format of ["arm-id", "uuid", "date-time", "password", "uri", "double", "float", "byte", "duration", "date", "url", "base64url", "unixtime", "decimal", "email", "int"]) ajv.addFormat(format, true);
  ajv.addKeyword({
    keyword: FORBIDDEN,
    validate: function forbidden() {
      (forbidden as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: FORBIDDEN, message: "is read-only in the specification: a request must not set it", params: {} }];
      return false;
    },
    errors: true,
  });
  ajv.addKeyword({
    keyword: NOT_EXTRACTED,
    validate: function notExtracted(reference: string) {
      (notExtracted as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: NOT_EXTRACTED, message: `is ${reference}, which the excerpt does not contain: extract it before setting it`, params: {} }];
      return false;
    },
    errors: true,
  });
  return ajv;
}

let sharedAjv: Ajv | undefined;
const compiled = new Map<AzureExcerpt, ReturnType<Ajv["compile"]>>();

/** Human-readable problems of `body` against the excerpt; empty when it conforms. */
export function validateRequestBody(excerpt: AzureExcerpt, body: unknown): string[] {
  sharedAjv ??= newAjv();
  let validate = compiled.get(excerpt);
  if (!validate) {
    validate = sharedAjv.compile(strictSchema(excerpt));
    compiled.set(excerpt, validate);
  }
  if (validate(body)) return [];
  // An if/then pair (a polymorphic definition) reports the subtype's own errors; its summary adds nothing.
  return (validate.errors ?? []).filter((error) => error.keyword !== "if").map((error) => {
    const where = error.instancePath || "/";
    const detail =
      error.keyword === "enum" ? `${JSON.stringify(valueAt(body, error.instancePath))} is not one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`
      : error.keyword === "additionalProperties" ? `has ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}, which the specification does not define here`
      : error.keyword === "required" ? `lacks required ${JSON.stringify((error.params as { missingProperty: string }).missingProperty)}`
      : error.keyword === FORBIDDEN || error.keyword === NOT_EXTRACTED ? error.message ?? "is invalid"
      : `${JSON.stringify(valueAt(body, error.instancePath))} ${error.message ?? "is invalid"}`;
    return `${where}: ${detail}`;
  });
}

function valueAt(body: unknown, pointer: string): unknown {
  let current = body;
  for (const part of pointer.split("/").slice(1)) current = isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return current;
}

/** Every committed excerpt under conformance/azure, by type token. */
export function loadAzureExcerpts(dir = path.resolve(__dirname, "../../conformance/azure")): Map<string, AzureExcerpt> {
  return loadExcerpts<AzureExcerpt>(dir);
}

/** Problems of one registered resource: no excerpt for its type, or its body against the excerpt. */
export function azureConformanceProblems(excerpts: ReadonlyMap<string, AzureExcerpt>, resource: { type: string; name: string; inputs: Readonly<Record<string, unknown>> }): string[] {
  const excerpt = excerpts.get(resource.type);
  if (!excerpt) return [`${resource.type} ${resource.name}: no specification excerpt for this type (add it to scripts/conformance/azureTypes.ts and run npm run conformance:extract)`];
  return validateRequestBody(excerpt, toRequestBody(excerpt, resource.inputs)).map((problem) => `${resource.type} ${resource.name} (${excerpt.resourceType}@${excerpt.apiVersion}) ${problem}`);
}
