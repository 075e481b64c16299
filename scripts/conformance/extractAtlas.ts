/**
 * Extracts, for every type in atlasTypes.ts, what the MongoDB Atlas provider accepts:
 * - from @pulumi/mongodbatlas in node_modules: the input names and the required ones;
 * - from the Terraform provider's Go source at the given tag (a bare git mirror of
 *   github.com/mongodb/terraform-provider-mongodbatlas): every schema attribute with
 *   Required / Optional / Computed / Sensitive / deprecated, ForceNew or RequiresReplace, and the
 *   validators it declares in place: stringvalidator.OneOf, validation.StringInSlice,
 *   stringvalidator.RegexMatches, *validator.Between, and `v < A || v > B` range checks.
 *   Each attribute records file:line. Validators written elsewhere (custom types, API-side
 *   checks) are not seen; see docs/verification.md "Conformance".
 *
 *   npm run conformance:extract-atlas -- --git-dir <mirror> --tag v2.16.0 [--check]
 *   npm run conformance:extract-atlas -- --provider mysql --git-dir <terraform-provider-mysql mirror> --tag v1.9.0
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ATLAS_TYPES, type AtlasSdkAddition, type AtlasTypeSpec, TERRAFORM_PROVIDERS, type TerraformProvider, atlasExcerptFileName } from "./atlasTypes";
import { writeOrCheckExcerpt } from "./excerptFiles";

export const excerptDirOf = (provider: TerraformProvider) => path.resolve(__dirname, "../../conformance", TERRAFORM_PROVIDERS[provider].excerptDir);
const sdkDirOf = (provider: TerraformProvider) => path.resolve(__dirname, "../../node_modules", TERRAFORM_PROVIDERS[provider].sdkPackage);

export interface AtlasAttribute {
  pulumiPath: string;
  source: string;
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  deprecated?: true;
  forceNew?: true;
  oneOf?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  definedBy?: string;
  /** Set on attributes the SDK declares but the Go source lacks (AtlasTypeSpec.sdkAdditions): the evidence. */
  sdkAddition?: string;
}

export const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Strips Go string literals (keeping raw-string state across lines) so braces can be counted. */
function codeOnly(line: string, state: { inRaw: boolean }): string {
  let out = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (state.inRaw) {
      if (c === "`") state.inRaw = false;
      continue;
    }
    if (c === "`") state.inRaw = true;
    else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
    } else if (c === "/" && line[i + 1] === "/") break;
    else out += c;
  }
  return out;
}

const strings = (text: string) => [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? "");

export function parseGoSchema(files: ReadonlyMap<string, string>): Record<string, AtlasAttribute> {
  const attributes: Record<string, AtlasAttribute> = {};
  const functions = new Map<string, { file: string; start: number; lines: string[] }>();
  for (const [file, text] of files) {
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      const fn = /^func (\w+)\(\) schema\.(?!Schema\b)\w+ \{/.exec(line);
      if (fn?.[1]) {
        const end = lines.findIndex((l, i) => i > index && l.startsWith("}"));
        functions.set(fn[1], { file, start: index, lines: lines.slice(index, end + 1) });
      }
    });
  }

  const scan = (file: string, lines: string[], firstLine: number, prefix: string[], openAs?: string) => {
    const state = { inRaw: false };
    const stack: { path: string[]; depth: number }[] = [];
    let depth = 0;
    lines.forEach((line, offset) => {
      const lineNo = firstLine + offset + 1;
      const code = codeOnly(line, state);
      const current = stack[stack.length - 1];
      const start = /^\s*"([a-z0-9_]+)":\s*(schema\.\w+\{|\{|&schema\.Schema\{)\s*$/.exec(line);
      const reference = /^\s*"([a-z0-9_]+)":\s*(\w+)\((?:ctx)?\),?\s*$/.exec(line);
      const returned = openAs !== undefined && /^\s*return schema\.\w+\{\s*$/.test(line);
      if (start?.[1] || returned) {
        const name = returned ? (openAs as string) : (start?.[1] as string);
        const p = [...(returned ? prefix.slice(0, -1) : current?.path ?? prefix), name];
        stack.push({ path: p, depth });
        attributes[p.join(".")] ??= { pulumiPath: p.map(camel).join("."), source: `${file}:${lineNo}` };
      } else if (reference?.[1] && reference[2] && functions.has(reference[2])) {
        const fn = functions.get(reference[2]);
        const p = [...(current?.path ?? prefix), reference[1]];
        if (fn) scan(fn.file, fn.lines, fn.start, p, reference[1]);
        const attribute = attributes[p.join(".")];
        if (attribute) attribute.definedBy = `${reference[2]}()`;
      } else if (current) {
        const attribute = attributes[current.path.join(".")] as AtlasAttribute;
        if (/\bRequired:\s*true/.test(line)) attribute.required = true;
        if (/\bOptional:\s*true/.test(line)) attribute.optional = true;
        if (/\bComputed:\s*true/.test(line)) attribute.computed = true;
        if (/\bSensitive:\s*true/.test(line)) attribute.sensitive = true;
        if (/\bDeprecat\w*:/.test(line)) attribute.deprecated = true;
        if (/\bForceNew:\s*true|RequiresReplace\(/.test(line)) attribute.forceNew = true;
        const oneOf = /(?:OneOf|StringInSlice)\((.*)\)/.exec(line);
        if (oneOf?.[1]) attribute.oneOf = strings(oneOf[1]);
        const regex = /RegexMatches\(regexp\.MustCompile\(`([^`]*)`\)/.exec(line);
        if (regex?.[1]) attribute.pattern = regex[1];
        const between = /Between\((-?\d+),\s*(-?\d+)\)/.exec(line) ?? /v < (-?\d+) \|\| v > (-?\d+)/.exec(line);
        if (between?.[1] && between[2]) {
          attribute.minimum = Number(between[1]);
          attribute.maximum = Number(between[2]);
        }
      }
      for (const c of code) {
        if (c === "{") depth++;
        else if (c === "}") {
          depth--;
          while (stack.length > 0 && depth <= (stack[stack.length - 1] as { depth: number }).depth) stack.pop();
        }
      }
    });
  };

  for (const [file, text] of files) {
    const lines = text.split("\n");
    // Helper functions are scanned where they are referenced, under the referencing name.
    const body = lines.map((line, i) => ([...functions.values()].some((fn) => fn.file === file && i >= fn.start && i < fn.start + fn.lines.length) ? "" : line));
    scan(file, body, 0, []);
  }
  // Keep schema attributes only: each declares at least one of Required / Optional / Computed.
  return Object.fromEntries(Object.entries(attributes).filter(([, a]) => a.required || a.optional || a.computed || a.definedBy).sort(([a], [b]) => a.localeCompare(b)));
}

export function sdkInputs(provider: TerraformProvider, sdkFile: string): { inputs: string[]; required: string[] } {
  const js = fs.readFileSync(path.join(sdkDirOf(provider), sdkFile), "utf8");
  const inputs = [...new Set([...js.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)].map((m) => m[1] as string))].sort();
  const required = [...new Set([...js.matchAll(/Missing required property '(\w+)'/g)].map((m) => m[1] as string))].sort();
  return { inputs, required };
}

/**
 * Adds the spec's sdkAdditions to attributes parsed from the Go source. Each must be declared by
 * the SDK's types/input.d.ts (`dts`, cited as `dtsName:line`), with every listed value back-quoted
 * in its doc comment; required when the SDK property is not optional. Throws when the Go source
 * already defines the attribute (the addition has outlived its reason), when its parent block is
 * not in the excerpt, or when the SDK does not declare it.
 */
export function applySdkAdditions(spec: Pick<AtlasTypeSpec, "token" | "sdkAdditions">, attributes: Record<string, AtlasAttribute>, dts: string, dtsName: string, tag: string): Record<string, AtlasAttribute> {
  const out = { ...attributes };
  const lines = dts.split("\n");
  for (const addition of spec.sdkAdditions ?? ([] as readonly AtlasSdkAddition[])) {
    const parts = addition.tfPath.split(".");
    if (addition.tfPath in attributes) throw new Error(`${spec.token}: the provider source at ${tag} now defines ${addition.tfPath}; delete its sdkAdditions entry`);
    const parent = parts.slice(0, -1).join(".");
    if (parent !== "" && !(parent in out)) throw new Error(`${spec.token}: sdkAdditions ${addition.tfPath}: its parent ${parent} is not in the excerpt`);
    const start = lines.findIndex((l) => l === `export interface ${addition.sdkType} {`);
    const end = lines.findIndex((l, i) => i > start && l === "}");
    const at = start < 0 ? -1 : lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\s+${addition.sdkProperty}\\??:`).test(l));
    if (at < 0 || camel(parts[parts.length - 1] as string) !== addition.sdkProperty) throw new Error(`${spec.token}: sdkAdditions ${addition.tfPath}: ${dtsName} declares no ${addition.sdkType}.${addition.sdkProperty}`);
    let docStart = at;
    while (docStart > start && !lines[docStart - 1]?.includes("/**")) docStart--;
    const doc = lines.slice(docStart, at).join("\n");
    const undocumented = (addition.oneOf ?? []).filter((value) => !doc.includes(`\`${value}\``));
    if (undocumented.length > 0) throw new Error(`${spec.token}: sdkAdditions ${addition.tfPath}: ${dtsName} does not document ${undocumented.join(", ")} for ${addition.sdkType}.${addition.sdkProperty}`);
    out[addition.tfPath] = {
      pulumiPath: parts.map(camel).join("."),
      source: `${dtsName}:${at + 1}`,
      ...(/^\s+\w+\?:/.test(lines[at] as string) ? { optional: true as const } : { required: true as const }),
      ...(addition.oneOf ? { oneOf: [...addition.oneOf] } : {}),
      sdkAddition: addition.evidence,
    };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function extractAtlasExcerpt(spec: AtlasTypeSpec, gitDir: string, tag: string) {
  const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", `${tag}^{commit}`], { encoding: "utf8" }).trim();
  const files = new Map(spec.providerFiles.map((file) => [file, execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${file}`], { encoding: "utf8" })]));
  const sdkVersion = (JSON.parse(fs.readFileSync(path.join(sdkDirOf(spec.provider), "package.json"), "utf8")) as { version: string }).version;
  return {
    $comment: "Generated by scripts/conformance/extractAtlas.ts; do not edit by hand.",
    token: spec.token,
    tfResource: spec.tfResource,
    sdk: { package: TERRAFORM_PROVIDERS[spec.provider].sdkPackage, version: sdkVersion, file: spec.sdkFile, ...sdkInputs(spec.provider, spec.sdkFile) },
    provider: { repository: TERRAFORM_PROVIDERS[spec.provider].repository, tag, commit, files: [...spec.providerFiles] },
    attributes: spec.sdkAdditions
      ? applySdkAdditions(spec, parseGoSchema(files), fs.readFileSync(path.join(sdkDirOf(spec.provider), "types/input.d.ts"), "utf8"), `${TERRAFORM_PROVIDERS[spec.provider].sdkPackage}/types/input.d.ts`, tag)
      : parseGoSchema(files),
  };
}

function main(argv: string[]): number {
  const option = (name: string) => argv[argv.indexOf(name) + 1];
  const provider = (argv.includes("--provider") ? option("--provider") : "mongodbatlas") as TerraformProvider;
  if (!argv.includes("--git-dir") || !argv.includes("--tag") || !(provider in TERRAFORM_PROVIDERS)) {
    console.error(`usage: npm run conformance:extract-atlas -- [--provider ${Object.keys(TERRAFORM_PROVIDERS).join("|")}] --git-dir <provider mirror> --tag <vX.Y.Z> [--check]`);
    return 2;
  }
  const tag = option("--tag") as string;
  let drift = 0;
  for (const spec of ATLAS_TYPES.filter((t) => t.provider === provider)) {
    if (!writeOrCheckExcerpt(path.join(excerptDirOf(provider), atlasExcerptFileName(spec, tag)), extractAtlasExcerpt(spec, option("--git-dir") as string, tag), argv.includes("--check"))) drift++;
  }
  return drift === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
