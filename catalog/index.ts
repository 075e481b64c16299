/**
 * The GenIMS database catalog: the design report (`docs/design-report.md`, a byte-for-byte copy of
 * the seed "GenIMS Maximum Separation Architecture - Completion Report", v2.0) as typed data.
 *
 * This module is the single source of truth for *what* databases exist. Stack config only
 * decides *where* each one is placed and *how* it is protected; everything else (resources,
 * roles, outputs, the README's topology table) is derived from here.
 *
 * Pure data and types: no Pulumi import, so tests, scripts and the policy pack can read it.
 */

/** The three engines of the "maximum separation" architecture. */
export type Engine = "postgresql" | "mysql" | "mongodb";

/**
 * The seed's scaling clusters ("Maximum Scalability"): the groups of databases that scale
 * together. The seed names manufacturing (MES+CMMS+QMS), financial (ERP+GL), supply chain
 * (WMS+TMS), customer (CRM+Service), operations alone (IoT writes) and master (shared).
 * It does not place HR/HCM and Supplier: we group them as `corporate` (docs/configuration.md, "Where the design report contradicts itself").
 */
export type ScalingCluster =
  | "master"
  | "operations"
  | "manufacturing"
  | "financial"
  | "supply-chain"
  | "customer"
  | "corporate"
  | "reporting"
  | "compliance"
  | "document";

/** Owning teams exactly as the per-database rows of the seed name them. */
export type Team =
  | "Shared"
  | "Operations"
  | "Manufacturing"
  | "Maintenance"
  | "Quality"
  | "Finance"
  | "Supply Chain"
  | "Sales"
  | "Support"
  | "HR"
  | "Procurement"
  | "Business Users"
  | "Data Analysts"
  | "Auditors"
  | "Platform";

interface DatabaseSpecBase {
  /** Physical database name, exactly as the seed spells it. */
  readonly name: string;
  readonly engine: Engine;
  /** Expected tables (PostgreSQL, MySQL) as the seed's row gives it. */
  readonly tables: number;
  /** True where the seed writes "N+" (genims_erp_db: "35+"). */
  readonly tablesAtLeast?: boolean;
  /** Expected size in MB as the seed's row gives it (1 GB = 1000 MB, as the seed's totals add). */
  readonly sizeMb: number;
  readonly scalingCluster: ScalingCluster;
}

/** One of the 13 PostgreSQL module databases. */
export interface PostgresDatabaseSpec extends DatabaseSpecBase {
  readonly engine: "postgresql";
  /** The module column of the seed's PostgreSQL table. */
  readonly module: string;
  /** Owning team, from the seed's per-database row (the fact we keep). */
  readonly team: Team;
  /**
   * Owning team according to the seed's "Clear Ownership & Accountability" list, where it
   * differs from the row (or `undefined` where the list names no team, as for Master).
   */
  readonly ownershipListTeam: Team | undefined;
}

/** One of the 3 MySQL reporting/analytics/audit databases. */
export interface MysqlDatabaseSpec extends DatabaseSpecBase {
  readonly engine: "mysql";
  readonly purpose: string;
  /** The seed's "Users" column: who reads it. */
  readonly users: Team;
  readonly team: Team;
}

/** The seed's five MongoDB collection categories. */
export type CollectionKind = "time-series" | "log" | "unstructured" | "real-time" | "analytics";

/**
 * Bucketing of a time-series collection: the expected interval between measurements of one
 * series (MongoDB `timeseries.granularity`; mongodb/mongo src/mongo/db/timeseries/timeseries.idl,
 * enum BucketGranularity, excerpt in conformance/mongodb/).
 */
export type TimeSeriesGranularity = "seconds" | "minutes" | "hours";

interface MongoCollectionSpecBase {
  readonly name: string;
  /** What the seed says the category holds. */
  readonly holds: string;
  /**
   * Days a document is kept at all (on the cluster, or in the online archive where there is one),
   * where the seed implies expiry (its "TTL strategies"); `undefined` = kept. Our choice of days.
   */
  readonly retentionDays: number | undefined;
  /**
   * Top-level field holding the document's time (a BSON date): the time-series `timeField`, the
   * TTL index's key, the online archive's date criterion. The platform relies on it being there.
   */
  readonly timeField: string;
  /**
   * Top-level field naming what the document belongs to (a sensor, a log source, a recipient): the
   * time-series `metaField` (it groups measurements into buckets), elsewhere the leading key of
   * the collection's query index. A string, so it can also partition the online archive.
   */
  readonly metaField: string;
}

/** A time-series collection: must be created as one (an existing collection cannot be converted). */
export interface TimeSeriesCollectionSpec extends MongoCollectionSpecBase {
  readonly kind: "time-series";
  readonly granularity: TimeSeriesGranularity;
  /**
   * Days a measurement stays on the cluster ("hot") before the online archive moves it to cheaper
   * storage, where an archive is enabled (genims:atlasOnlineArchive). Only meaningful below
   * `retentionDays`; `undefined` = no archive tier.
   */
  readonly hotDays: number | undefined;
}

/** A regular collection: logs and real-time documents expire through a TTL index on `timeField`. */
export interface DocumentCollectionSpec extends MongoCollectionSpecBase {
  readonly kind: Exclude<CollectionKind, "time-series">;
}

export type MongoCollectionSpec = TimeSeriesCollectionSpec | DocumentCollectionSpec;

/** The one MongoDB database. */
export interface MongoDatabaseSpec {
  readonly name: string;
  readonly engine: "mongodb";
  readonly team: Team;
  /** The seed gives "2-4 GB": we record the upper bound. */
  readonly sizeMb: number;
  readonly scalingCluster: ScalingCluster;
  readonly collections: readonly MongoCollectionSpec[];
}

export type DatabaseSpec = PostgresDatabaseSpec | MysqlDatabaseSpec | MongoDatabaseSpec;

export const POSTGRES_DATABASES = [
  { name: "genims_master_db", engine: "postgresql", module: "Master", tables: 15, sizeMb: 100, team: "Shared", ownershipListTeam: undefined, scalingCluster: "master" },
  { name: "genims_operations_db", engine: "postgresql", module: "Operations", tables: 6, sizeMb: 500, team: "Operations", ownershipListTeam: "Operations", scalingCluster: "operations" },
  { name: "genims_manufacturing_db", engine: "postgresql", module: "MES", tables: 10, sizeMb: 800, team: "Manufacturing", ownershipListTeam: "Manufacturing", scalingCluster: "manufacturing" },
  { name: "genims_maintenance_db", engine: "postgresql", module: "CMMS", tables: 23, sizeMb: 600, team: "Maintenance", ownershipListTeam: "Manufacturing", scalingCluster: "manufacturing" },
  { name: "genims_quality_db", engine: "postgresql", module: "QMS", tables: 30, sizeMb: 700, team: "Quality", ownershipListTeam: "Manufacturing", scalingCluster: "manufacturing" },
  { name: "genims_erp_db", engine: "postgresql", module: "ERP", tables: 35, tablesAtLeast: true, sizeMb: 1200, team: "Finance", ownershipListTeam: "Finance", scalingCluster: "financial" },
  { name: "genims_financial_db", engine: "postgresql", module: "GL", tables: 29, sizeMb: 900, team: "Finance", ownershipListTeam: "Finance", scalingCluster: "financial" },
  { name: "genims_wms_db", engine: "postgresql", module: "WMS", tables: 19, sizeMb: 700, team: "Supply Chain", ownershipListTeam: "Supply Chain", scalingCluster: "supply-chain" },
  { name: "genims_tms_db", engine: "postgresql", module: "TMS", tables: 24, sizeMb: 600, team: "Supply Chain", ownershipListTeam: "Supply Chain", scalingCluster: "supply-chain" },
  { name: "genims_crm_db", engine: "postgresql", module: "CRM", tables: 25, sizeMb: 800, team: "Sales", ownershipListTeam: "Sales", scalingCluster: "customer" },
  { name: "genims_service_db", engine: "postgresql", module: "Service", tables: 27, sizeMb: 900, team: "Support", ownershipListTeam: "Sales", scalingCluster: "customer" },
  { name: "genims_hr_db", engine: "postgresql", module: "HR/HCM", tables: 32, sizeMb: 1000, team: "HR", ownershipListTeam: "HR", scalingCluster: "corporate" },
  { name: "genims_supplier_db", engine: "postgresql", module: "Supplier", tables: 28, sizeMb: 700, team: "Procurement", ownershipListTeam: "Procurement", scalingCluster: "corporate" },
] as const satisfies readonly PostgresDatabaseSpec[];

export const MYSQL_DATABASES = [
  { name: "genims_reporting_db", engine: "mysql", purpose: "Dashboards & KPIs", tables: 20, sizeMb: 800, users: "Business Users", team: "Platform", scalingCluster: "reporting" },
  { name: "genims_analytics_db", engine: "mysql", purpose: "Data Warehouse", tables: 25, sizeMb: 1000, users: "Data Analysts", team: "Platform", scalingCluster: "reporting" },
  { name: "genims_audit_db", engine: "mysql", purpose: "Compliance Logs", tables: 20, sizeMb: 700, users: "Auditors", team: "Platform", scalingCluster: "compliance" },
] as const satisfies readonly MysqlDatabaseSpec[];

/**
 * The seed names no MongoDB database; we call it `genims_documents_db` (docs/configuration.md, "Where the design report contradicts itself").
 * Its collections are the ones the seed's categories name (4 + 3 + 2 + 4 + 3 = 16); the seed's
 * "30+" total is not itemised anywhere in it, so the rest cannot be catalogued from it
 * (docs/mongodb.md, "30+ against 16"). Retention: the seed only says "TTL strategies"; the day
 * counts, hot tiers and field names are our choice (docs/mongodb.md, "The collections").
 */
export const MONGO_DATABASE = {
  name: "genims_documents_db",
  engine: "mongodb",
  team: "Platform",
  sizeMb: 4000,
  scalingCluster: "document",
  collections: [
    { name: "sensor_readings", kind: "time-series", holds: "Sensor readings", retentionDays: 90, timeField: "ts", metaField: "sensor_id", granularity: "seconds", hotDays: 30 },
    { name: "machine_events", kind: "time-series", holds: "Events", retentionDays: 90, timeField: "ts", metaField: "machine_id", granularity: "seconds", hotDays: 30 },
    { name: "production_metrics", kind: "time-series", holds: "Metrics", retentionDays: 365, timeField: "ts", metaField: "line_id", granularity: "minutes", hotDays: 90 },
    { name: "energy_metrics", kind: "time-series", holds: "Metrics", retentionDays: 365, timeField: "ts", metaField: "meter_id", granularity: "minutes", hotDays: 90 },
    { name: "system_logs", kind: "log", holds: "System logs", retentionDays: 30, timeField: "ts", metaField: "source" },
    { name: "daemon_logs", kind: "log", holds: "Daemon logs", retentionDays: 30, timeField: "ts", metaField: "source" },
    { name: "integration_logs", kind: "log", holds: "Integration logs", retentionDays: 30, timeField: "ts", metaField: "source" },
    { name: "documents", kind: "unstructured", holds: "Documents", retentionDays: undefined, timeField: "created_at", metaField: "owner_ref" },
    { name: "attachments", kind: "unstructured", holds: "Attachments", retentionDays: undefined, timeField: "created_at", metaField: "document_id" },
    { name: "notifications", kind: "real-time", holds: "Notifications", retentionDays: 7, timeField: "created_at", metaField: "recipient" },
    { name: "messages", kind: "real-time", holds: "Messages", retentionDays: 7, timeField: "created_at", metaField: "channel" },
    { name: "event_streams", kind: "real-time", holds: "Streams", retentionDays: 7, timeField: "ts", metaField: "stream" },
    { name: "alert_streams", kind: "real-time", holds: "Streams", retentionDays: 7, timeField: "ts", metaField: "stream" },
    { name: "daily_summaries", kind: "analytics", holds: "Summaries", retentionDays: undefined, timeField: "period_start", metaField: "scope" },
    { name: "kpi_aggregations", kind: "analytics", holds: "Aggregations", retentionDays: undefined, timeField: "period_start", metaField: "kpi" },
    { name: "shift_aggregations", kind: "analytics", holds: "Aggregations", retentionDays: undefined, timeField: "period_start", metaField: "shift_id" },
  ],
} as const satisfies MongoDatabaseSpec;

export type PostgresDatabaseName = (typeof POSTGRES_DATABASES)[number]["name"];
export type MysqlDatabaseName = (typeof MYSQL_DATABASES)[number]["name"];
export type MongoDatabaseName = typeof MONGO_DATABASE.name;
export type DatabaseName = PostgresDatabaseName | MysqlDatabaseName | MongoDatabaseName;

/** The catalog a topology is built from; tests and the benchmark pass synthetic ones. */
export interface Catalog {
  readonly postgres: readonly PostgresDatabaseSpec[];
  readonly mysql: readonly MysqlDatabaseSpec[];
  readonly mongo: MongoDatabaseSpec;
}

/** The GenIMS catalog as the seed gives it. */
export const GENIMS_CATALOG: Catalog = {
  postgres: POSTGRES_DATABASES,
  mysql: MYSQL_DATABASES,
  mongo: MONGO_DATABASE,
};

/** Engines whose databases are placed on Azure flexible servers by stack config. */
export type ServerEngine = "postgresql" | "mysql";

/** The databases of one server engine, in catalog order. */
export function databasesOf(catalog: Catalog, engine: ServerEngine): readonly (PostgresDatabaseSpec | MysqlDatabaseSpec)[] {
  return engine === "postgresql" ? catalog.postgres : catalog.mysql;
}

/** Every database of the catalog, in catalog order (PostgreSQL, MySQL, MongoDB). */
export function allDatabases(catalog: Catalog): readonly DatabaseSpec[] {
  return [...catalog.postgres, ...catalog.mysql, catalog.mongo];
}

/**
 * The seed's own totals, kept as it states them, so tests can show where the rows and the
 * totals disagree instead of hiding it.
 */
export const SEED_STATED_TOTALS = {
  postgres: { databases: 13, tables: 343, sizeMb: 9500 },
  mysql: { databases: 3, tables: 65, sizeMb: 2500 },
  mongo: { databases: 1, collectionsAtLeast: 30, timeSeries: 4, log: 3, unstructured: 2, realTime: 4, analyticsAtLeast: 3 },
  platform: { databases: 17, tables: 408, modules: 13, teams: 7 },
} as const;
