/**
 * What `genims_documents_db` must contain, derived from the catalog (catalog/index.ts) and nothing
 * else: per collection the `create` command, the indexes and the validator its kind needs.
 *
 * Kinds (docs/mongodb.md, "The collections"):
 * - time-series: created as one (`timeseries: { timeField, metaField, granularity }`), retention
 *   as the collection's own `expireAfterSeconds`. No TTL index (the server refuses one on a
 *   time-series collection: "TTL indexes are not supported for time-series collections ... use the
 *   top-level 'expireAfterSeconds' option instead", mongodb/mongo src/mongo/db/catalog/coll_mod.cpp,
 *   parseCollModRequest) and no validator (the server refuses both at create, "'timeseries' is not
 *   allowed with 'validator'", and later: "option not supported on a time-series collection:
 *   validator", same file); the server itself requires the time field to be a date on every insert
 *   (create.idl TimeseriesOptions.timeField: "Inserted documents must have this field, and the
 *   field must be of the BSON UTC datetime type"). Its index is the compound meta + time index
 *   MongoDB 6.3+ creates by itself for a new time-series collection (MongoDB manual, "Time Series",
 *   v7.0: "MongoDB 6.3 and later automatically create a compound index on the metaField and
 *   timeField"), declared here so an older collection without it gets it.
 * - log, real-time: a TTL index on the time field (the retention) and a meta + newest-first index.
 * - unstructured: kept; a meta + newest-first index.
 * - analytics: kept; a unique meta + period index, so the ETL's upsert of one summary per scope and
 *   period cannot write it twice.
 * Every regular collection gets a `$jsonSchema` validator requiring the time field (a date) and the
 * meta field (a string), at `validationLevel: "moderate"` (existing documents that already fail are
 * not blocked on update) and `validationAction: "error"`.
 */
import type { CollectionKind, MongoCollectionSpec, MongoDatabaseSpec, TimeSeriesGranularity } from "../../../catalog";

export const SECONDS_PER_DAY = 86_400;

export type IndexKey = Readonly<Record<string, 1 | -1>>;

export interface DesiredIndex {
  readonly key: IndexKey;
  /** The server's own default name for the key (`<field>_<direction>` joined by `_`). */
  readonly name: string;
  readonly unique?: true;
  readonly expireAfterSeconds?: number;
}

export interface DesiredCollection {
  readonly name: string;
  readonly kind: CollectionKind;
  readonly timeseries: { readonly timeField: string; readonly metaField: string; readonly granularity: TimeSeriesGranularity } | undefined;
  /** A time-series collection's own retention; undefined: kept (or, for regular ones, see the TTL index). */
  readonly expireAfterSeconds: number | undefined;
  readonly validator: Readonly<Record<string, unknown>> | undefined;
  readonly validationLevel: "moderate" | undefined;
  readonly validationAction: "error" | undefined;
  readonly indexes: readonly DesiredIndex[];
}

/** The index name the server would give `key` (mongodb/mongo index_names: "a_1_b_-1"). */
export function indexName(key: IndexKey): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join("_");
}

const index = (key: IndexKey, extra: { unique?: true; expireAfterSeconds?: number } = {}): DesiredIndex => ({ key, name: indexName(key), ...extra });

/** The validator of a regular collection: the fields the platform relies on. */
export function collectionValidator(spec: MongoCollectionSpec): Record<string, unknown> {
  return {
    $jsonSchema: {
      bsonType: "object",
      required: [spec.timeField, spec.metaField],
      properties: {
        [spec.timeField]: { bsonType: "date", description: "the document's time: TTL, ordering and archive criteria rely on it" },
        [spec.metaField]: { bsonType: "string", description: "what the document belongs to: the leading key of the collection's index" },
      },
    },
  };
}

export function desiredCollection(spec: MongoCollectionSpec): DesiredCollection {
  const ttl = spec.retentionDays === undefined ? undefined : spec.retentionDays * SECONDS_PER_DAY;
  if (spec.kind === "time-series") {
    return {
      name: spec.name,
      kind: spec.kind,
      timeseries: { timeField: spec.timeField, metaField: spec.metaField, granularity: spec.granularity },
      expireAfterSeconds: ttl,
      validator: undefined,
      validationLevel: undefined,
      validationAction: undefined,
      indexes: [index({ [spec.metaField]: 1, [spec.timeField]: 1 })],
    };
  }
  const newestFirst = index({ [spec.metaField]: 1, [spec.timeField]: -1 });
  const indexes: Record<Exclude<CollectionKind, "time-series">, DesiredIndex[]> = {
    log: [index({ [spec.timeField]: 1 }, ttl === undefined ? {} : { expireAfterSeconds: ttl }), newestFirst],
    "real-time": [index({ [spec.timeField]: 1 }, ttl === undefined ? {} : { expireAfterSeconds: ttl }), newestFirst],
    unstructured: [newestFirst],
    analytics: [index({ [spec.metaField]: 1, [spec.timeField]: 1 }, { unique: true })],
  };
  return {
    name: spec.name,
    kind: spec.kind,
    timeseries: undefined,
    expireAfterSeconds: undefined,
    validator: collectionValidator(spec),
    validationLevel: "moderate",
    validationAction: "error",
    indexes: indexes[spec.kind],
  };
}

/**
 * Every collection of the database, or the problems that make the catalog unusable for it (each
 * naming the collection, the field, the value and what would be valid).
 */
export function desiredCollections(database: MongoDatabaseSpec): DesiredCollection[] {
  const problems = catalogProblems(database);
  if (problems.length > 0) throw new Error(`catalog: ${database.name} cannot be created as it stands:\n  ${problems.join("\n  ")}`);
  return database.collections.map(desiredCollection);
}

/** Retention rules the kinds need: TTL kinds have a retention, kept kinds none, fields are top-level names. */
export function catalogProblems(database: MongoDatabaseSpec): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  database.collections.forEach((c, i) => {
    const at = `collections[${i}] (${c.name})`;
    if (seen.has(c.name)) problems.push(`${at}.name: "${c.name}" appears twice; collection names are unique in a database`);
    seen.add(c.name);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) problems.push(`${at}.name: "${c.name}" is not a plain collection name (letters, digits, _; not system.*)`);
    for (const field of ["timeField", "metaField"] as const) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c[field]) || c[field] === "_id") problems.push(`${at}.${field}: "${c[field]}" must be a top-level field name (letters, digits, _; not _id)`);
    }
    if (c.timeField === c.metaField) problems.push(`${at}.metaField: "${c.metaField}" is the time field too; they must differ (create.idl TimeseriesOptions.metaField: "may not be ... the same as 'timeField'")`);
    const needsRetention = c.kind === "log" || c.kind === "real-time";
    if (needsRetention && c.retentionDays === undefined) problems.push(`${at}.retentionDays: undefined, but a ${c.kind} collection expires through its TTL index; give a number of days`);
    if ((c.kind === "unstructured" || c.kind === "analytics") && c.retentionDays !== undefined) problems.push(`${at}.retentionDays: ${c.retentionDays}, but ${c.kind} collections are kept; use undefined`);
    if (c.retentionDays !== undefined && !(Number.isInteger(c.retentionDays) && c.retentionDays >= 1)) problems.push(`${at}.retentionDays: ${c.retentionDays} must be a whole number of days, at least 1`);
    if (c.kind === "time-series" && c.hotDays !== undefined) {
      if (!(Number.isInteger(c.hotDays) && c.hotDays >= 1)) problems.push(`${at}.hotDays: ${c.hotDays} must be a whole number of days, at least 1`);
      if (c.retentionDays !== undefined && c.hotDays >= c.retentionDays) problems.push(`${at}.hotDays: ${c.hotDays} is not below retentionDays (${c.retentionDays}): the archive tier would hold nothing; lower it or use undefined`);
    }
  });
  return problems;
}
