/**
 * The pure part of `npm run collections`: what the database holds (listCollections, listIndexes
 * replies) against what the catalog wants (desired.ts) → the commands that close the gap, and the
 * findings, some of which only a human may resolve. No I/O here; run.ts sends the commands.
 *
 * Rules, each from the server's behaviour (mongodb/mongo, files named where used; docs/mongodb.md):
 * - a missing collection is created with its kind's options, then its indexes (createIndexes of an
 *   index that already exists with the same spec is a no-op on the server, so the time-series
 *   index MongoDB creates by itself does not fail);
 * - a retention change is a `collMod`, never a re-creation: `expireAfterSeconds` for a time-series
 *   collection (coll_mod.idl CollModRequest.expireAfterSeconds: a number, or "off"), `index:
 *   { keyPattern, expireAfterSeconds }` for a TTL index (coll_mod.idl CollModIndex; coll_mod.cpp
 *   refuses both keyPattern and name, so only keyPattern is sent);
 * - a granularity can only grow (seconds → minutes → hours) with `collMod timeseries`; anything
 *   else about a time-series collection's shape, and a regular collection where a time-series one
 *   belongs (or the reverse), cannot be changed in place: the documents would have to be copied
 *   into a new collection. That moves data, so it is reported for a human and never done here;
 * - a TTL on an index that should have none, or a unique index that is not (or the reverse), is
 *   not changed either: collMod cannot remove a TTL, and making an index unique is a two-step
 *   conversion that can fail on existing duplicates (coll_mod.cpp, "prepareUnique").
 */
import { isDeepStrictEqual } from "node:util";
import type { TimeSeriesGranularity } from "../../../catalog";
import type { DesiredCollection, DesiredIndex } from "./desired";

export type Document = Record<string, unknown>;

export interface ObservedIndex {
  readonly name: string;
  readonly key: Readonly<Record<string, unknown>>;
  readonly unique: boolean;
  readonly expireAfterSeconds: number | undefined;
}

export interface ObservedCollection {
  readonly name: string;
  /** listCollections `type`: "collection", "timeseries" or "view". */
  readonly type: string;
  readonly options: Readonly<Document>;
  /** listIndexes of the collection; undefined for a view. */
  readonly indexes: readonly ObservedIndex[] | undefined;
}

export interface Command {
  readonly collection: string;
  readonly why: string;
  readonly command: Document;
}

export interface Finding {
  readonly collection: string;
  readonly what: string;
  readonly expected: string;
  readonly observed: string;
  /** True: apply refuses to change it (it would move or drop data); a human decides. */
  readonly needsHuman: boolean;
}

export interface CollectionsPlan {
  readonly commands: readonly Command[];
  readonly findings: readonly Finding[];
}

const GRANULARITY_ORDER: readonly TimeSeriesGranularity[] = ["seconds", "minutes", "hours"];

/** A listCollections reply's first batch → observed collections (without indexes), or a clear error. */
export function parseListCollections(reply: unknown): { name: string; type: string; options: Document }[] {
  const cursor = (reply as { cursor?: { id?: unknown; firstBatch?: unknown } } | undefined)?.cursor;
  if (!Array.isArray(cursor?.firstBatch)) throw new Error(`listCollections: the reply has no cursor.firstBatch array (got ${JSON.stringify(reply)?.slice(0, 200)})`);
  if (cursor.id !== 0 && cursor.id !== undefined && Number(cursor.id) !== 0) throw new Error("listCollections: the reply left a cursor open (more than one batch); the filter names at most the catalog's collections, so this is not expected");
  return cursor.firstBatch.map((item: unknown, i: number) => {
    const it = item as { name?: unknown; type?: unknown; options?: unknown };
    if (typeof it.name !== "string" || typeof it.type !== "string") throw new Error(`listCollections: cursor.firstBatch[${i}] has no string name and type (ListCollectionsReplyItem requires both)`);
    return { name: it.name, type: it.type, options: (it.options ?? {}) as Document };
  });
}

/** A listIndexes reply's first batch → observed indexes. */
export function parseListIndexes(collection: string, reply: unknown): ObservedIndex[] {
  const batch = (reply as { cursor?: { firstBatch?: unknown } } | undefined)?.cursor?.firstBatch;
  if (!Array.isArray(batch)) throw new Error(`listIndexes ${collection}: the reply has no cursor.firstBatch array`);
  return batch.map((item: unknown, i: number) => {
    const it = item as { name?: unknown; key?: unknown; unique?: unknown; expireAfterSeconds?: unknown };
    if (typeof it.name !== "string" || it.key === null || typeof it.key !== "object") throw new Error(`listIndexes ${collection}: cursor.firstBatch[${i}] has no name and key`);
    return { name: it.name, key: it.key as Record<string, unknown>, unique: it.unique === true, expireAfterSeconds: typeof it.expireAfterSeconds === "number" ? it.expireAfterSeconds : undefined };
  });
}

/** Same fields, same order, same directions (key order matters for an index). */
function sameKey(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]![0] === k && Number(eb[i]![1]) === Number(v));
}

const days = (seconds: number | undefined) => (seconds === undefined ? "none" : `${seconds} s (${seconds / 86_400} days)`);

/** The `create` command for a missing collection. */
export function createCommand(d: DesiredCollection): Document {
  return {
    create: d.name,
    ...(d.timeseries === undefined ? {} : { timeseries: { ...d.timeseries } }),
    ...(d.expireAfterSeconds === undefined ? {} : { expireAfterSeconds: d.expireAfterSeconds }),
    ...(d.validator === undefined ? {} : { validator: d.validator, validationLevel: d.validationLevel, validationAction: d.validationAction }),
  };
}

export function createIndexesCommand(collection: string, indexes: readonly DesiredIndex[]): Document {
  return {
    createIndexes: collection,
    indexes: indexes.map((i) => ({ key: { ...i.key }, name: i.name, ...(i.unique ? { unique: true } : {}), ...(i.expireAfterSeconds === undefined ? {} : { expireAfterSeconds: i.expireAfterSeconds }) })),
  };
}

function planIndexes(d: DesiredCollection, observed: readonly ObservedIndex[], commands: Command[], findings: Finding[]): void {
  const missing: DesiredIndex[] = [];
  for (const want of d.indexes) {
    const have = observed.find((o) => sameKey(o.key, want.key));
    if (have === undefined) {
      missing.push(want);
      findings.push({ collection: d.name, what: `index ${want.name}`, expected: "present", observed: "missing", needsHuman: false });
      continue;
    }
    if ((want.unique ?? false) !== have.unique) {
      findings.push({ collection: d.name, what: `index ${have.name} unique`, expected: String(want.unique ?? false), observed: String(have.unique), needsHuman: true });
    }
    if (want.expireAfterSeconds !== have.expireAfterSeconds) {
      const fixable = want.expireAfterSeconds !== undefined && Object.keys(want.key).length === 1;
      findings.push({ collection: d.name, what: `index ${have.name} TTL (expireAfterSeconds)`, expected: days(want.expireAfterSeconds), observed: days(have.expireAfterSeconds), needsHuman: !fixable });
      if (fixable) commands.push({ collection: d.name, why: `TTL of index ${have.name}: ${days(have.expireAfterSeconds)} → ${days(want.expireAfterSeconds)}`, command: { collMod: d.name, index: { keyPattern: { ...want.key }, expireAfterSeconds: want.expireAfterSeconds } } });
    }
  }
  if (missing.length > 0) commands.push({ collection: d.name, why: `create index${missing.length > 1 ? "es" : ""} ${missing.map((i) => i.name).join(", ")}`, command: createIndexesCommand(d.name, missing) });
}

function planTimeseries(d: DesiredCollection & { timeseries: NonNullable<DesiredCollection["timeseries"]> }, o: ObservedCollection, commands: Command[], findings: Finding[]): void {
  const ts = (o.options.timeseries ?? {}) as { timeField?: unknown; metaField?: unknown; granularity?: unknown };
  for (const field of ["timeField", "metaField"] as const) {
    if (ts[field] !== d.timeseries[field]) findings.push({ collection: d.name, what: `timeseries.${field}`, expected: d.timeseries[field], observed: String(ts[field] ?? "none"), needsHuman: true });
  }
  const have = GRANULARITY_ORDER.indexOf(ts.granularity as TimeSeriesGranularity);
  const want = GRANULARITY_ORDER.indexOf(d.timeseries.granularity);
  if (have !== want) {
    // timeseries.idl CollModTimeseries.granularity; the server only lets it grow (it re-buckets nothing).
    const fixable = have >= 0 && have < want;
    findings.push({ collection: d.name, what: "timeseries.granularity", expected: d.timeseries.granularity, observed: String(ts.granularity ?? "custom bucketing"), needsHuman: !fixable });
    if (fixable) commands.push({ collection: d.name, why: `granularity ${String(ts.granularity)} → ${d.timeseries.granularity}`, command: { collMod: d.name, timeseries: { granularity: d.timeseries.granularity } } });
  }
  const observedTtl = typeof o.options.expireAfterSeconds === "number" ? o.options.expireAfterSeconds : undefined;
  if (observedTtl !== d.expireAfterSeconds) {
    findings.push({ collection: d.name, what: "expireAfterSeconds (retention)", expected: days(d.expireAfterSeconds), observed: days(observedTtl), needsHuman: false });
    commands.push({ collection: d.name, why: `retention ${days(observedTtl)} → ${days(d.expireAfterSeconds)}`, command: { collMod: d.name, expireAfterSeconds: d.expireAfterSeconds ?? "off" } });
  }
}

function planValidator(d: DesiredCollection, o: ObservedCollection, commands: Command[], findings: Finding[]): void {
  const same =
    isDeepStrictEqual(o.options.validator, d.validator) &&
    // The server reports the defaults (strict, error) only when they were set; absent means the default.
    (o.options.validationLevel ?? "strict") === d.validationLevel &&
    (o.options.validationAction ?? "error") === d.validationAction;
  if (same) return;
  findings.push({ collection: d.name, what: "validator", expected: `the catalog's $jsonSchema, ${d.validationLevel}, ${d.validationAction}`, observed: o.options.validator === undefined ? "none" : `${JSON.stringify(o.options.validator).slice(0, 120)}, ${String(o.options.validationLevel ?? "strict")}, ${String(o.options.validationAction ?? "error")}`, needsHuman: false });
  commands.push({ collection: d.name, why: "validator", command: { collMod: d.name, validator: d.validator, validationLevel: d.validationLevel, validationAction: d.validationAction } });
}

/** Desired from the catalog vs observed from the server → commands and findings, in catalog order. */
export function planCollections(desired: readonly DesiredCollection[], observed: readonly ObservedCollection[]): CollectionsPlan {
  const commands: Command[] = [];
  const findings: Finding[] = [];
  for (const d of desired) {
    const o = observed.find((c) => c.name === d.name);
    if (o === undefined) {
      findings.push({ collection: d.name, what: "collection", expected: d.timeseries === undefined ? "a collection" : "a time-series collection", observed: "missing", needsHuman: false });
      commands.push({ collection: d.name, why: `create ${d.kind} collection`, command: createCommand(d) });
      commands.push({ collection: d.name, why: `create its index${d.indexes.length > 1 ? "es" : ""}`, command: createIndexesCommand(d.name, d.indexes) });
      continue;
    }
    const wantType = d.timeseries === undefined ? "collection" : "timeseries";
    if (o.type !== wantType) {
      const expected = wantType === "timeseries" ? "a time-series collection" : "a regular collection";
      const observedKind = o.type === "timeseries" ? "a time-series collection" : o.type === "collection" ? "a regular collection" : `a ${o.type}`;
      findings.push({
        collection: d.name,
        what: "collection type",
        expected,
        observed: `${observedKind} (cannot be converted in place; copy its documents into a new ${wantType === "timeseries" ? "time-series " : ""}collection, then rename: docs/mongodb.md, "Drift a human resolves")`,
        needsHuman: true,
      });
      continue;
    }
    if (d.timeseries !== undefined) planTimeseries({ ...d, timeseries: d.timeseries }, o, commands, findings);
    else planValidator(d, o, commands, findings);
    planIndexes(d, o.indexes ?? [], commands, findings);
  }
  return { commands, findings };
}
