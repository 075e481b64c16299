/**
 * The documentation's generated sections: the topology table (README, from the catalog and the
 * committed stack files), the server and collection tables and the config reference
 * (docs/configuration.md, from the stack files and the schema), the day-2 guide
 * (docs/operating.md). `npm run docs` writes them; a test fails when a file differs, so the
 * documentation cannot drift from the code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { day2Guide } from "./day2";
import { type Catalog, GENIMS_CATALOG } from "../../catalog";
import type { Environment } from "../../config/environment";
import { readNamespace } from "../../config/load";
import { CONFIG_KEYS, CONFIG_NAMESPACE } from "../../config/schema";
import { validateEnvironment } from "../../config/validate";
import { renderPostureTable, serverPostures } from "../../stacks/posture";
import { stackConfig } from "./offline";
import { ACTIONLINT_CONFIG, DEPLOY_WORKFLOW, actionlintConfig, deployWorkflow, promotionOrder, pulumiVersion } from "./environments";
import { REPO_ROOT, repositoryStacks } from "./stacks";

const size = (mb: number) => (mb >= 1000 ? `${mb / 1000} GB` : `${mb} MB`);

function serverOf(env: Environment, database: string): string {
  const servers = [...env.postgres.servers, ...env.mysql.servers];
  return servers.find((server) => server.databases.some((d) => d.name === database))?.serverName ?? (database === env.atlas.database.name ? `Atlas ${env.atlas.clusterName}` : "?");
}

const environment = (stack: string, root: string | undefined, catalog: Catalog) => validateEnvironment(stack, readNamespace(stackConfig(stack, root)), catalog);

/** The README's topology table: every catalog database and the server it lives on in each stack. */
export function topologyTable(stacks: readonly string[] = repositoryStacks(), root?: string, catalog: Catalog = GENIMS_CATALOG): string {
  const GENIMS_CATALOG = catalog;
  const envs = stacks.map((stack) => environment(stack, root, catalog));
  const header = `| # | Database | Engine | Module / purpose | Team (seed row) | Tables | Size | Scaling cluster | ${stacks.map((s) => `${s} server`).join(" | ")} |`;
  const rule = `|---|---|---|---|---|---|---|---|${stacks.map(() => "---").join("|")}|`;
  const rows = [
    ...GENIMS_CATALOG.postgres.map((d) => ({ name: d.name, engine: "PostgreSQL", what: d.module, team: d.team, tables: `${d.tables}${d.tablesAtLeast ? "+" : ""}`, size: size(d.sizeMb), cluster: d.scalingCluster })),
    ...GENIMS_CATALOG.mysql.map((d) => ({ name: d.name, engine: "MySQL", what: `${d.purpose} (${d.users})`, team: d.team, tables: String(d.tables), size: size(d.sizeMb), cluster: d.scalingCluster })),
    {
      name: GENIMS_CATALOG.mongo.name,
      engine: "MongoDB",
      what: `${GENIMS_CATALOG.mongo.collections.length} collections: time-series, logs, unstructured, real-time, analytics`,
      team: GENIMS_CATALOG.mongo.team,
      tables: "-",
      size: `2-${size(GENIMS_CATALOG.mongo.sizeMb)}`,
      cluster: GENIMS_CATALOG.mongo.scalingCluster,
    },
  ];
  const lines = rows.map((row, index) => `| ${index + 1} | \`${row.name}\` | ${row.engine} | ${row.what} | ${row.team} | ${row.tables} | ${row.size} | ${row.cluster} | ${envs.map((env) => `\`${serverOf(env, row.name)}\``).join(" | ")} |`);
  return [header, rule, ...lines].join("\n");
}

export function collectionsTable(): string {
  const lines = GENIMS_CATALOG.mongo.collections.map((c) => `| \`${c.name}\` | ${c.kind} | ${c.holds} | ${c.retentionDays === undefined ? "kept" : `${c.retentionDays} days`} |`);
  return ["| Collection | Kind | Holds (seed) | Retention (TTL) |", "|---|---|---|---|", ...lines].join("\n");
}

export function configReference(): string {
  const lines = Object.entries(CONFIG_KEYS).map(([name, spec]) => {
    const fallback = "default" in spec ? `\`${JSON.stringify(spec.default)}\`` : "optional" in spec ? "derived (see meaning)" : "**required**";
    return `| \`${CONFIG_NAMESPACE}:${name}\` | ${spec.pulumiType} | ${fallback} | ${spec.description.replace(/\|/g, "\\|")} |`;
  });
  return ["| Key | Type | Default | Meaning |", "|---|---|---|---|", ...lines].join("\n");
}

/** Each stack's clusters with their size and posture: the rows of the `servers` output and of the plan. */
export function serversTable(stacks: readonly string[] = repositoryStacks(), root?: string, catalog: Catalog = GENIMS_CATALOG): string {
  return stacks.map((stack) => `**${stack}**\n\n${renderPostureTable(serverPostures(environment(stack, root, catalog)))}`).join("\n\n");
}

/** Each generated section, rendered for the stacks of `root` (default: this repository). */
export const GENERATED_SECTIONS: Readonly<Record<string, (root?: string) => string>> = {
  topology: (root) => topologyTable(repositoryStacks(root), root),
  servers: (root) => serversTable(repositoryStacks(root), root),
  collections: () => collectionsTable(),
  config: () => configReference(),
  day2: () => day2Guide(),
};

/** The file each generated section lives in (relative to the repository root). */
export const GENERATED_SECTION_FILES: Readonly<Record<string, readonly (keyof typeof GENERATED_SECTIONS)[]>> = {
  "README.md": ["topology"],
  "docs/configuration.md": ["servers", "collections", "config"],
  "docs/operating.md": ["day2"],
};

/** Replaces each of `file`'s `<!-- generated:NAME -->…<!-- /generated:NAME -->` blocks with fresh content. */
export function regenerate(text: string, root?: string, file = "README.md"): string {
  const sections = GENERATED_SECTION_FILES[file];
  if (sections === undefined) throw new Error(`${file} has no generated sections (they live in ${Object.keys(GENERATED_SECTION_FILES).join(", ")})`);
  let result = text;
  for (const name of sections) {
    const pattern = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(result)) throw new Error(`${file} has no <!-- generated:${name} --> section: put the pair of markers back where the ${name} table belongs, then run npm run docs`);
    result = result.replace(pattern, (_match, open: string, close: string) => `${open}\n${GENERATED_SECTIONS[name]!(root)}\n${close}`);
  }
  return result;
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly file: string;
  readonly current: string;
  readonly generated: string;
}

/** Every file `npm run docs` writes, as it is under `root` and as it should be. */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
  return [
    ...Object.keys(GENERATED_SECTION_FILES).map((file) => ({ file, current: read(file), generated: regenerate(read(file), root, file) })),
    { file: "Pulumi.yaml", current: read("Pulumi.yaml"), generated: regenerateProjectFile(read("Pulumi.yaml")) },
    ...workflowFiles(root),
  ];
}

/** The deploy workflow and actionlint's runner labels, from the promotion order (scripts/lib/environments.ts). */
function workflowFiles(root: string): GeneratedFile[] {
  const promotion = promotionOrder(root);
  const current = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), "utf8") : "");
  return [
    { file: DEPLOY_WORKFLOW, current: current(DEPLOY_WORKFLOW), generated: deployWorkflow(promotion, pulumiVersion(root)) },
    { file: ACTIONLINT_CONFIG, current: current(ACTIONLINT_CONFIG), generated: actionlintConfig(promotion) },
  ];
}

/** The `config:` block of Pulumi.yaml, declared from the schema (types, descriptions, defaults). */
export function projectConfigBlock(): string {
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
    config[name] = {
      type: spec.pulumiType,
      description: spec.description,
      ...(spec.pulumiType === "array" ? { items: { type: "string" } } : {}),
      ...("default" in spec ? { default: spec.default } : {}),
    };
  }
  return yaml.dump({ config }, { lineWidth: 200, noRefs: true });
}

/** Pulumi.yaml with its `config:` block (the file's last section) regenerated. */
export function regenerateProjectFile(projectFile: string): string {
  const at = projectFile.search(/^config:/m);
  if (at < 0) throw new Error("Pulumi.yaml has no config: section");
  return projectFile.slice(0, at) + projectConfigBlock();
}
