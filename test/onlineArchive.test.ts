/**
 * The catalog's archive tier as Atlas Online Archives (packages/db-components/lib/atlasProject.ts onlineArchive,
 * stacks/topology.ts collectionArchives), and the Atlas logins' roles against what each principal
 * needs of the collections.
 */
import { atlasAccess } from "../access/model";
import { GENIMS_CATALOG, type MongoCollectionSpec } from "../catalog";
import { collectionArchives } from "../stacks/topology";
import { runWith } from "../lifecycle/scenario";
import { id, type ProgramRun, resourcesOfType, runGenims, stackConfig } from "./harness";

const ARCHIVE = "mongodbatlas:index/onlineArchive:OnlineArchive";
const CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const DB = GENIMS_CATALOG.mongo;

let prod: ProgramRun;
let dev: ProgramRun;
beforeAll(async () => {
  // Prod's stack file keeps archives off until its first deploy has created the collections.
  prod = await runWith("prod", (v) => { v.atlasOnlineArchive = true; });
  dev = await runGenims("dev");
}, 60_000);

describe("Online Archive", () => {
  test("prod's stack file starts without archives (an archive needs its collection, created after the first up)", async () => {
    expect(resourcesOfType(await runGenims("prod"), ARCHIVE)).toEqual([]);
  });

  test("prod archives each time-series collection kept longer than it stays hot, criteria from the catalog, parented by and protected like the cluster", () => {
    const archives = resourcesOfType(prod, ARCHIVE);
    const timeSeries = DB.collections.filter((c) => c.kind === "time-series");
    expect(archives.map((a) => a.inputs.collName)).toEqual(timeSeries.map((c) => c.name));
    for (const archive of archives) {
      const c = timeSeries.find((t) => t.name === archive.inputs.collName)!;
      expect(archive.parent).toBe(id(CLUSTER, "mongo-cluster"));
      expect(archive.protect).toBe(true);
      expect(archive.inputs).toEqual(
        expect.objectContaining({
          dbName: DB.name,
          clusterName: "genims-prod-mongo",
          collectionType: "TIMESERIES",
          criteria: { type: "DATE", dateField: c.timeField, dateFormat: "ISODATE", expireAfterDays: c.hotDays },
          dataExpirationRule: { expireAfterDays: c.retentionDays },
          partitionFields: [
            { fieldName: c.timeField, order: 0 },
            { fieldName: c.metaField, order: 1 },
          ],
        }),
      );
    }
  });

  test("dev has none (genims:atlasOnlineArchive defaults to false), and turning it on in dev adds them", async () => {
    expect(resourcesOfType(dev, ARCHIVE)).toEqual([]);
    const config = { ...stackConfig("dev"), "genims:atlasOnlineArchive": "true" };
    const on = await runGenims("dev", config);
    expect(resourcesOfType(on, ARCHIVE).map((a) => [a.inputs.collName, a.protect])).toEqual(DB.collections.filter((c) => c.kind === "time-series").map((c) => [c.name, false]));
  });

  test("only collections with a hot tier below their retention get one; the archive's days are the catalog's", () => {
    const only = (change: Partial<MongoCollectionSpec>) => collectionArchives({ ...DB, collections: DB.collections.map((c) => (c.name === "machine_events" ? ({ ...c, ...change } as MongoCollectionSpec) : c)) });
    expect(only({ hotDays: undefined } as Partial<MongoCollectionSpec>).map((a) => a.collection)).toEqual(["sensor_readings", "production_metrics", "energy_metrics"]);
    expect(collectionArchives(DB).map((a) => [a.collection, a.archiveAfterDays, a.deleteAfterDays])).toEqual([
      ["sensor_readings", 30, 90],
      ["machine_events", 30, 90],
      ["production_metrics", 90, 365],
      ["energy_metrics", 90, 365],
    ]);
    // data_expiration_rule.expire_after_days: "Value must be between 7 and 9215" (onlineArchive input docs).
    for (const a of collectionArchives(DB)) expect([a.collection, a.deleteAfterDays >= 7 && a.deleteAfterDays <= 9215 && a.deleteAfterDays > a.archiveAfterDays]).toEqual([a.collection, true]);
  });
});

describe("Atlas logins against the collections they need", () => {
  // MongoDB manual, "Built-In Roles": read = find, listCollections, listIndexes, ...; readWrite adds
  // insert, update, remove, createCollection, createIndex, dropCollection, ...; dbAdmin has collMod,
  // createCollection, createIndex, listCollections, listIndexes but no find/insert on user collections.
  const ACTIONS: Record<string, readonly string[]> = {
    read: ["find", "listCollections", "listIndexes"],
    readWrite: ["find", "insert", "update", "remove", "listCollections", "listIndexes", "createCollection", "createIndex", "dropCollection"],
    dbAdmin: ["collMod", "createCollection", "createIndex", "listCollections", "listIndexes"],
  };
  const needs: Record<string, (c: MongoCollectionSpec) => readonly string[]> = {
    // The application writes every kind (sensor readings, logs, documents, notifications) and reads them.
    "genims-documents-app": () => ["find", "insert", "update", "remove"],
    // ETL (PostgreSQL → MongoDB) loads the time-series and the analytics summaries (upserts).
    "genims-documents-etl-writer": (c) => (c.kind === "time-series" || c.kind === "analytics" ? ["find", "insert", "update"] : []),
    // Data Analysts read every collection.
    "genims-documents-analyst": () => ["find"],
    // The collections step: definitions only.
    "genims-documents-schema": () => ["collMod", "createCollection", "createIndex", "listCollections", "listIndexes"],
  };

  test("each login's roles grant what it needs on every catalog collection, and the analyst and schema logins cannot write documents", () => {
    const access = atlasAccess("genims-prod-mongo", DB.name);
    expect(access.users.map((u) => u.username).sort()).toEqual(Object.keys(needs).sort());
    for (const user of access.users) {
      const granted = new Set(user.roles.filter((r) => r.databaseName === DB.name).flatMap((r) => ACTIONS[r.roleName] ?? []));
      for (const c of DB.collections) for (const action of needs[user.username]!(c)) expect([user.username, c.name, action, granted.has(action)]).toEqual([user.username, c.name, action, true]);
    }
    const grants = (username: string) => new Set(access.users.find((u) => u.username === username)!.roles.flatMap((r) => ACTIONS[r.roleName] ?? []));
    for (const username of ["genims-documents-analyst", "genims-documents-schema"]) for (const write of ["insert", "update", "remove"]) expect([username, write, grants(username).has(write)]).toEqual([username, write, false]);
  });
});
