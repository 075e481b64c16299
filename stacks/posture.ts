/**
 * Each cluster's size and posture at a glance, from the validated environment: one row per
 * flexible server and one for the Atlas cluster. The `servers` stack output, the table that opens
 * `npm run plan` and docs/configuration.md's server table are all this one function, so they cannot disagree.
 * Pure: no Pulumi.
 */
import type { Environment, MaintenanceWindow, ServerPlacement } from "../config/environment";

export interface ServerPostureRow {
  readonly engine: "postgresql" | "mysql" | "mongodb";
  /** Server key in config (`atlas` for the Atlas cluster). */
  readonly key: string;
  /** Physical server or cluster name. */
  readonly name: string;
  /** Compute: tier and size. */
  readonly compute: string;
  /** Storage size and type. */
  readonly storage: string;
  /** IO: performance tier, IOPS, throughput, automatic scaling. */
  readonly io: string;
  readonly highAvailability: string;
  readonly zones: string;
  readonly backupRetentionDays: number;
  readonly geoRedundantBackup: string;
  /** `Sunday 01:00 UTC (staggered)`. */
  readonly maintenanceWindow: string;
  readonly databases: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, "0");

export function describeWindow(window: MaintenanceWindow, clock = "UTC"): string {
  return `${window.dayOfWeek} ${pad(window.startHour)}:${pad(window.startMinute)} ${clock} (${window.source})`;
}

function flexibleRow(engine: "postgresql" | "mysql", server: ServerPlacement<{ readonly name: string }>): ServerPostureRow {
  const { storage, highAvailability: ha } = server;
  const io =
    engine === "mysql"
      ? storage.autoIoScaling
        ? "auto IO scaling"
        : `${storage.iops ?? "default"} IOPS`
      : storage.type === "PremiumV2_LRS"
        ? `${storage.iops} IOPS, ${storage.throughput} MB/s`
        : `tier ${storage.tier ?? "default for size"}`;
  return {
    engine,
    key: server.key,
    name: server.serverName,
    compute: `${server.sku.tier} ${server.sku.name}`,
    storage: `${storage.sizeGb} GiB${storage.type === undefined ? "" : ` ${storage.type}`}${storage.autoGrow ? ", auto-grow" : ""}`,
    io,
    highAvailability: ha.mode,
    zones: ha.mode === "Disabled" ? `${ha.zone}` : `${ha.zone} -> standby ${ha.mode === "ZoneRedundant" ? ha.standbyZone : ha.zone}`,
    backupRetentionDays: server.backup.retentionDays,
    geoRedundantBackup: server.backup.geoRedundant ? "yes" : "no",
    maintenanceWindow: describeWindow(server.maintenanceWindow),
    databases: server.databases.map((database) => database.name),
  };
}

/** Every cluster of the stack, flexible servers in config order per engine, Atlas last. */
export function serverPostures(env: Environment): ServerPostureRow[] {
  const atlas = env.atlas;
  const compute = atlas.autoScaling.compute;
  return [
    ...env.postgres.servers.map((server) => flexibleRow("postgresql", server)),
    ...env.mysql.servers.map((server) => flexibleRow("mysql", server)),
    {
      engine: "mongodb",
      key: "atlas",
      name: atlas.clusterName,
      compute: compute === undefined ? atlas.instanceSize : `${atlas.instanceSize} (auto ${compute.min}-${compute.max})`,
      storage: atlas.autoScaling.diskGb ? "tier default, disk auto-scaling" : "tier default",
      io: "by tier",
      highAvailability: "3-node replica set",
      zones: `${atlas.region} (Atlas spreads nodes)`,
      backupRetentionDays: env.backup.retentionDays,
      geoRedundantBackup: atlas.backupCopyRegion === undefined ? "no" : `copy to ${atlas.backupCopyRegion}`,
      maintenanceWindow: describeWindow(atlas.maintenanceWindow, "project time"),
      databases: [atlas.database.name],
    },
  ];
}

const COLUMNS: readonly [string, (row: ServerPostureRow) => string][] = [
  ["Engine", (row) => row.engine],
  ["Server", (row) => row.name],
  ["Compute", (row) => row.compute],
  ["Storage", (row) => row.storage],
  ["IO", (row) => row.io],
  ["HA", (row) => row.highAvailability],
  ["Zones", (row) => row.zones],
  ["Backup", (row) => `${row.backupRetentionDays} days, geo: ${row.geoRedundantBackup}`],
  ["Maintenance window", (row) => row.maintenanceWindow],
  ["Databases", (row) => row.databases.join(", ")],
];

/**
 * The rows as a Markdown table (docs), or, given a `width`, as aligned text within it (the plan):
 * the columns split into as many tables as it takes, each led by the server's name, and a list
 * that still does not fit (a server's databases) wrapped under its column.
 */
export function renderPostureTable(rows: readonly ServerPostureRow[], width?: number): string {
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  if (width === undefined) {
    return [`| ${COLUMNS.map(([title]) => title).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`, ...cells.map((line) => `| ${line.join(" | ")} |`)].join("\n");
  }
  const widthOf = (index: number) => Math.max(COLUMNS[index]![0].length, ...cells.map((line) => line[index]!.length));
  const SERVER = COLUMNS.findIndex(([title]) => title === "Server");
  const GAP = 2;
  // Greedy: each table starts with the key columns (Engine and Server first, then Server alone).
  const tables: number[][] = [];
  let current: number[] = [];
  for (let index = 0; index < COLUMNS.length; index++) {
    if (index <= SERVER) {
      current.push(index);
      continue;
    }
    const used = current.reduce((sum, column) => sum + widthOf(column) + GAP, 0);
    if (current.length > (tables.length === 0 ? SERVER + 1 : 1) && used + widthOf(index) > width) {
      tables.push(current);
      current = [SERVER];
    }
    current.push(index);
  }
  tables.push(current);
  const render = (columns: readonly number[]) => {
    const widths = columns.map(widthOf);
    const indent = widths.slice(0, -1).reduce((sum, w) => sum + w + GAP, 0);
    const lastWidth = Math.max(width - indent, 20);
    const format = (line: readonly string[]) => {
      const head = columns.slice(0, -1).map((column, at) => line[column]!.padEnd(widths[at]!)).join(" ".repeat(GAP));
      const last = wrapList(line[columns[columns.length - 1]!]!, lastWidth);
      return [`${head}${head === "" ? "" : " ".repeat(GAP)}${last[0]}`.trimEnd(), ...last.slice(1).map((rest) => `${" ".repeat(indent)}${rest}`)].join("\n");
    };
    return [format(COLUMNS.map(([title]) => title)), ...cells.map(format)].join("\n");
  };
  return tables.map(render).join("\n\n");
}

/** A comma-separated list as lines of at most `width` characters, broken after a comma. */
function wrapList(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const item of text.split(", ")) {
    const next = line === "" ? item : `${line}, ${item}`;
    if (line !== "" && next.length + 1 > width) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
