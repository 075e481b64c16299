/**
 * Extracts, for every type in azureTypes.ts, the schema of its PUT request body from the Azure
 * REST API specifications into conformance/azure/<type>@<version>.json: the body definition and
 * every definition reachable from it, `$ref`s rewritten to local keys, documentation removed.
 * A property marked readOnly is kept as `{ readOnly: true }` without following its `$ref`: a
 * request may not set it at all, so its shape does not matter.
 *
 *   npm run conformance:extract -- --git-dir <bare mirror of Azure/azure-rest-api-specs> [--rev HEAD]
 *   npm run conformance:extract -- --specs <checkout or sparse checkout> [--commit <sha>]
 *   add --check to compare with the committed excerpts instead of writing them (exit 1 on drift)
 *
 * With --specs, <dir>/COMMITS.json may map each spec file to the commit it was taken from.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AZURE_TYPES, type AzureTypeSpec, excerptFileName, SPEC_FILE_ALIASES } from "./azureTypes";
import { writeOrCheckExcerpt } from "./excerptFiles";

export const SPEC_REPOSITORY = "https://github.com/Azure/azure-rest-api-specs";
/** Marks a definition the table chose not to extract (see AzureTypeSpec.notExtracted). */
export const NOT_EXTRACTED = "x-conformance-not-extracted";
/** Marks a property added from the SDK, not the spec (see AzureTypeSpec.sdkAdditions); its value is the evidence. */
export const SDK_ADDITION = "x-conformance-sdk-addition";
export const EXCERPT_DIR = path.resolve(__dirname, "../../conformance/azure");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface SpecSource {
  read(file: string): JsonObject;
  commit(file: string): string;
}

export function gitSource(gitDir: string, rev = "HEAD"): SpecSource {
  const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", rev], { encoding: "utf8" }).trim();
  return {
    read: (file) => JSON.parse(execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${file}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as JsonObject,
    commit: () => commit,
  };
}

export function directorySource(dir: string, commit?: string): SpecSource {
  const commitsFile = path.join(dir, "COMMITS.json");
  const commits = fs.existsSync(commitsFile) ? (JSON.parse(fs.readFileSync(commitsFile, "utf8")) as Record<string, string>) : {};
  return {
    read: (file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as JsonObject,
    commit: (file) => commits[file] ?? commit ?? "unknown",
  };
}

/** Schema keywords kept in an excerpt; everything else (descriptions, examples, client hints) is dropped. */
const KEPT = new Set([
  "type", "format", "enum", "default", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "minItems", "maxItems", "uniqueItems", "required", "readOnly", "discriminator",
  "x-ms-mutability", "x-ms-secret", "x-ms-client-flatten", "x-nullable", "x-ms-azure-resource", "x-ms-discriminator-value",
]);

/**
 * The repository has one common-types folder, specification/common-types. Specs moved into the
 * deeper TypeSpec layout (e.g. PostgreSQL's .../PostgreSQL/stable/2025-08-01/openapi.json) still
 * reach it with four `../`, which no longer lands there, so such references resolve by name.
 */
const COMMON_TYPES = /common-types\/resource-management\/.*$/;

/** `specification/common-types/resource-management/v6/types.json` + `TrackedResource` → a key usable in a JSON pointer. */
function definitionKey(rootFile: string, file: string, name: string): string {
  if (file === rootFile) return name;
  return `${file.replace(/^specification\//, "").replace(/\.json$/, "").replace(/\//g, ".")}.${name}`;
}

export function extractExcerpt(spec: AzureTypeSpec, source: SpecSource): JsonObject {
  const definitions: Record<string, Json> = {};
  const files = new Map<string, JsonObject>();
  const load = (file: string): JsonObject => {
    let document = files.get(file);
    if (!document) {
      document = source.read(file);
      files.set(file, document);
    }
    return document;
  };

  const visitRef = (ref: string, fromFile: string): string => {
    const [relative, pointer] = ref.split("#");
    const referenced = !relative ? fromFile : COMMON_TYPES.test(relative) ? `specification/${COMMON_TYPES.exec(relative)?.[0]}` : path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), relative));
    const file = SPEC_FILE_ALIASES[referenced] ?? referenced;
    const match = /^\/definitions\/([^/]+)$/.exec(pointer ?? "");
    if (!match?.[1]) throw new Error(`${fromFile}: unsupported $ref ${ref}`);
    const name = match[1];
    const key = definitionKey(spec.specFile, file, name);
    if (!(key in definitions) && spec.notExtracted?.includes(`${path.posix.basename(file)}#${name}`)) {
      // Declared in the table as not extracted: any value there fails validation until it is.
      definitions[key] = { [NOT_EXTRACTED]: `${file}#/definitions/${name}` };
    } else if (!(key in definitions)) {
      definitions[key] = null; // reserve: recursive definitions terminate here
      const target = (load(file).definitions as JsonObject | undefined)?.[name];
      if (target === undefined) throw new Error(`${file}: no definition ${name} (referenced from ${fromFile})`);
      definitions[key] = visitSchema(target as JsonObject, file);
      // A polymorphic definition: its subtypes (same file, allOf this one) are part of the body.
      if ((target as JsonObject).discriminator !== undefined) {
        for (const [subtype, schema] of Object.entries((load(file).definitions as JsonObject | undefined) ?? {})) {
          const parents = ((schema as JsonObject).allOf as JsonObject[] | undefined) ?? [];
          if (parents.some((parent) => parent.$ref === `#/definitions/${name}`)) visitRef(`#/definitions/${subtype}`, file);
        }
      }
    }
    return `#/definitions/${key}`;
  };

  const visitSchema = (schema: JsonObject, file: string): JsonObject => {
    const out: JsonObject = {};
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === "$ref") out.$ref = visitRef(value as string, file);
      else if (keyword === "properties") {
        const properties: JsonObject = {};
        for (const [name, property] of Object.entries(value as JsonObject)) {
          const p = property as JsonObject;
          properties[name] = p.readOnly !== true ? visitSchema(p, file) : p["x-ms-client-flatten"] === true ? { readOnly: true, "x-ms-client-flatten": true } : { readOnly: true };
        }
        out.properties = properties;
      } else if (keyword === "items" || (keyword === "additionalProperties" && typeof value === "object")) out[keyword] = visitSchema(value as JsonObject, file);
      else if (keyword === "additionalProperties") out[keyword] = value;
      else if (keyword === "allOf") out.allOf = (value as JsonObject[]).map((part) => visitSchema(part, file));
      else if (keyword === "x-ms-enum") {
        const xmsEnum = value as JsonObject;
        out[keyword] = { name: xmsEnum.name ?? null, modelAsString: xmsEnum.modelAsString === true };
      } else if (KEPT.has(keyword)) out[keyword] = value;
    }
    return out;
  };

  const root = visitRef(`#/definitions/${spec.definition}`, spec.specFile).replace("#/definitions/", "");
  for (const addition of spec.sdkAdditions ?? []) {
    const properties = (definitions[addition.definition] as JsonObject | undefined)?.properties as JsonObject | undefined;
    if (!properties) throw new Error(`${spec.token}: sdkAdditions names ${addition.definition}, which the excerpt has no properties for`);
    if (addition.property in properties) throw new Error(`${spec.token}: the specification now defines ${addition.definition}.${addition.property}; delete its sdkAdditions entry`);
    properties[addition.property] = { ...(addition.schema as JsonObject), [SDK_ADDITION]: addition.evidence };
  }
  const commits: Record<string, string> = {};
  for (const file of [...files.keys()].sort()) commits[file] = source.commit(file);
  return {
    $comment: "Generated by scripts/conformance/extract.ts from the Azure REST API specification; do not edit by hand.",
    token: spec.token,
    resourceType: spec.resourceType,
    apiVersion: spec.apiVersion,
    source: { repository: SPEC_REPOSITORY, file: spec.specFile, definition: spec.definition, commits },
    pathParameters: [...spec.pathParameters],
    root,
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function main(argv: string[]): number {
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const gitDir = option("--git-dir");
  const specs = option("--specs");
  const only = option("--only");
  if (!gitDir && !specs) {
    console.error("usage: npm run conformance:extract -- (--git-dir <mirror> [--rev HEAD] | --specs <dir> [--commit <sha>]) [--only <token>] [--check]");
    return 2;
  }
  const source = gitDir ? gitSource(gitDir, option("--rev")) : directorySource(specs as string, option("--commit"));
  let drift = 0;
  for (const spec of AZURE_TYPES.filter((t) => !only || t.token === only)) {
    // Commits differ between sources (a mirror, a sparse checkout); the schema must not.
    if (!writeOrCheckExcerpt(path.join(EXCERPT_DIR, excerptFileName(spec)), extractExcerpt(spec, source), argv.includes("--check"), ({ source: _source, ...schema }) => schema)) drift++;
  }
  return drift === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
