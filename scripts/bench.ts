/**
 * `npm run bench`: how the program scales. For dev, prod and synthetic catalogs of 100 and 1,000
 * databases it prints the program's evaluation time and peak memory under mocks, the resources
 * registered, and the modeled deploy critical path against its lower bound (one server's own
 * operations). Figures, not a test: nothing here asserts a time.
 *
 * Each case runs in a fresh child process, so its peak RSS (the kernel's `maxRSS`) is its own
 * and not the high-water mark of the cases before it.
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as fs from "node:fs";
import type { Catalog, PostgresDatabaseSpec } from "../catalog";
import { GENIMS_CATALOG } from "../catalog";
import { type Command, runCommand, usageError } from "./lib/cli";
import { runGenims, stackConfig } from "./lib/offline";
import { repositoryStacks } from "./lib/stacks";
import { criticalPath, deployGraph } from "./lib/deployGraph";

/** PostgreSQL databases per synthetic server, as the brief's scale model assumes. */
const DATABASES_PER_SERVER = 10;

interface BenchCase {
  readonly label: string;
  readonly stack: string;
  readonly databases: number;
  readonly config: Record<string, string>;
  readonly catalog: Catalog;
}

/**
 * A synthetic catalog of `total` databases: the 3 MySQL and the MongoDB database of GenIMS plus
 * `total - 4` PostgreSQL databases, 10 per server, on the prod posture (HA, protect, private).
 */
export function syntheticCase(total: number): BenchCase {
  const pgCount = total - GENIMS_CATALOG.mysql.length - 1;
  const postgres: PostgresDatabaseSpec[] = Array.from({ length: pgCount }, (_, index) => ({
    name: `synthetic_${String(index + 1).padStart(4, "0")}_db`,
    engine: "postgresql",
    module: "Synthetic",
    tables: 10,
    sizeMb: 100,
    team: "Platform",
    ownershipListTeam: undefined,
    scalingCluster: "master",
  }));
  const servers: Record<string, { databases: string[] }> = {};
  for (let start = 0; start < postgres.length; start += DATABASES_PER_SERVER) {
    const key = `s${String(start / DATABASES_PER_SERVER + 1).padStart(3, "0")}`;
    servers[key] = { databases: postgres.slice(start, start + DATABASES_PER_SERVER).map((d) => d.name) };
  }
  const config = { ...stackConfig("prod"), "genims:postgresServers": JSON.stringify(servers) };
  return { label: `synthetic-${total}`, stack: "prod", databases: total, config, catalog: { ...GENIMS_CATALOG, postgres } };
}

/** A stack of the repository, or `synthetic-<databases>` with room for at least one PostgreSQL database. */
const isCase = (label: string) => repositoryStacks().includes(label) || Number(/^synthetic-(\d+)$/.exec(label)?.[1] ?? 0) > GENIMS_CATALOG.mysql.length + 1;

function benchCase(label: string): BenchCase {
  if (repositoryStacks().includes(label)) return { label, stack: label, databases: 17, config: stackConfig(label), catalog: GENIMS_CATALOG };
  return syntheticCase(Number(/^synthetic-(\d+)$/.exec(label)?.[1]));
}

interface Figures {
  readonly label: string;
  readonly databases: number;
  readonly servers: number;
  readonly resources: number;
  readonly loadMs: number;
  readonly evalMs: number;
  readonly peakRssMb: number;
  readonly criticalPathMin: number;
  readonly lowerBoundMin: number;
  readonly ratio: number;
  readonly lowerBoundGroup: string;
}

/** One case, in this process: what the parent runs in a child. */
async function measure(label: string): Promise<Figures> {
  const bench = benchCase(label);
  // Loading the provider SDKs (azure-native is large) is a fixed cost, not evaluation: time it apart.
  const loadStarted = process.hrtime.bigint();
  await import("../stacks/topology");
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const started = process.hrtime.bigint();
  const run = await runGenims(bench.stack, bench.config, bench.catalog);
  const evalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { nodes, edges } = deployGraph(run.resources);
  const path = criticalPath(nodes, edges);
  return {
    label,
    databases: bench.databases,
    servers: new Set(nodes.map((n) => n.group).filter((g) => g !== undefined)).size,
    resources: run.resources.filter((r) => r.custom).length,
    loadMs: Math.round(loadMs),
    evalMs: Math.round(evalMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    criticalPathMin: path.seconds / 60,
    lowerBoundMin: path.lowerBound.seconds / 60,
    ratio: path.ratio,
    lowerBoundGroup: path.lowerBound.group ?? "-",
  };
}

function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "")?.[1] ?? os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.availableParallelism()} CPUs (${cpu}), Node.js ${process.version}, ${os.platform()} ${os.release()}`;
}

function table(rows: readonly Figures[]): string {
  const header = ["case", "databases", "groups", "resources", "SDK load ms", "eval ms", "peak RSS MB", "critical path min", "lower bound min", "ratio", "slowest group"];
  const lines = rows.map((r) => [r.label, r.databases, r.servers, r.resources, r.loadMs, r.evalMs, r.peakRssMb, r.criticalPathMin.toFixed(0), r.lowerBoundMin.toFixed(0), r.ratio.toFixed(2), r.lowerBoundGroup].map(String));
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...lines.map((line) => `| ${line.join(" | ")} |`)].join("\n");
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") {
    process.stdout.write(`${JSON.stringify(await measure(args[1]!))}\n`);
    return;
  }
  const labels = args.length > 0 ? args : DEFAULT_CASES;
  const unknown = labels.filter((label) => !isCase(label));
  if (unknown.length > 0) throw usageError(COMMAND, `unknown case ${unknown.join(", ")}`);
  const rows: Figures[] = [];
  for (const label of labels) {
    process.stderr.write(`bench ${label} ...\n`);
    const output = execFileSync(process.execPath, [
      // 1,000 databases register ~28,000 resources under mocks (the access model adds ~25 per
      // database): more than Node's default heap. The figure we report is the peak RSS anyway.
      "--max-old-space-size=16384",
      "-r",
      "ts-node/register/transpile-only",
      __filename,
      "--child",
      label,
    ], { encoding: "utf8", maxBuffer: 1 << 20 });
    rows.push(JSON.parse(output.trim().split("\n").pop()!) as Figures);
  }
  process.stdout.write(`Machine: ${machine()}\n\n${table(rows)}\n`);
}

const DEFAULT_CASES = ["dev", "prod", "synthetic-100", "synthetic-1000"];

const COMMAND: Command = {
  name: "bench",
  help: `usage: npm run bench -- [<case> ...]   (cases: a stack, ${repositoryStacks().join(", ")}, or synthetic-<databases>; none: ${DEFAULT_CASES.join(", ")})
Runs each case in a fresh process and prints resources, evaluation time and peak memory under
mocks and the modeled deploy critical path (docs/benchmark.md). Figures, not a test.`,
};

if (require.main === module) runCommand(COMMAND, main);
