/**
 * The component package's schema, as Pulumi infers it: the SDK's own analyzer over the package's
 * TypeScript (@pulumi/pulumi 3.248.0 provider/experimental/analyzer.js + schema.js, what
 * `componentProviderHost` runs when `pulumi package add` asks the plugin for its schema), for the
 * components the package's entry point exports (cmd/run-plugin/run.js `getPulumiComponents`), with
 * the provider name and namespace derived from package.json's name as run.js derives them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { type PackageSpec, generateSchema } from "@pulumi/pulumi/provider/experimental/schema";

export const PACKAGE_DIR = path.resolve(__dirname, "../../packages/db-components");
export const SCHEMA_FILE = path.join(PACKAGE_DIR, "schema.json");

/** `@genims/db-components` → provider `db-components`, namespace `genims` (run.js's rule). */
export function providerName(packageName: string): { name: string; namespace: string | undefined } {
  const matches = /(@.*?\/)?(.+)/.exec(packageName);
  if (matches === null) throw new Error(`invalid package name ${packageName}`);
  return { name: matches[2]!.replace(/[^-a-zA-Z0-9_]/g, "-"), namespace: matches[1]?.slice(1, -1) };
}

/**
 * Analyzes the package in `dir` for the named components (default: the component classes its
 * entry point exports) and returns the schema. Throws what the analyzer throws: an Arg it cannot
 * represent (a union, an intersection, a reference to a non-@pulumi resource) fails here.
 */
export function inferSchema(dir: string = PACKAGE_DIR, componentNames?: readonly string[]): PackageSpec {
  const packageJSON = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string; description?: string };
  const { name, namespace } = providerName(packageJSON.name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const names = componentNames ?? getPulumiComponents(require(dir)).map((component) => component.name);
  const { components, typeDefinitions, dependencies } = new Analyzer(dir, name, packageJSON, new Set(names)).analyze();
  return generateSchema(name, packageJSON.version, packageJSON.description ?? "", components, typeDefinitions, dependencies, namespace);
}

export function schemaText(schema: PackageSpec): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  const mode = process.argv[2] ?? "write";
  const text = schemaText(inferSchema());
  if (mode === "check") {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is out of date: run npm run package:schema`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), SCHEMA_FILE)}: up to date`);
  } else {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}
