/**
 * The collections step (scripts/lib/collections): the catalog's desired state, the pure planner,
 * and the real driver's wire traffic against a loopback stand-in (test/mongoWire.ts), every
 * command checked against the server's IDL (conformance/mongodb/). No MongoDB server runs here:
 * docs/mongodb.md says what that leaves unproven.
 */
import { MongoClient } from "mongodb";
import { atlasAccess, atlasSchemaLogin } from "../access/model";
import { GENIMS_CATALOG, type MongoCollectionSpec, type MongoDatabaseSpec } from "../catalog";
import { parseCollectionsArguments } from "../scripts/collections";
import { MongoIdl } from "../scripts/conformance/mongoIdl";
import { catalogProblems, desiredCollection, desiredCollections, SECONDS_PER_DAY } from "../scripts/lib/collections/desired";
import { createCommand, createIndexesCommand, type ObservedCollection, parseListCollections, planCollections } from "../scripts/lib/collections/plan";
import { exitCode, renderCollectionsReport, runCollections } from "../scripts/lib/collections/run";
import { verifyCollections } from "../scripts/lib/verify/mongo";
import { Redactor } from "../scripts/lib/verify/redact";
import { Results } from "../scripts/lib/verify/report";
import { MongoWireStub } from "./mongoWire";

const DB = GENIMS_CATALOG.mongo;
const idl = new MongoIdl();
const withCollection = (name: string, change: Partial<MongoCollectionSpec>): MongoDatabaseSpec => ({
  ...DB,
  collections: DB.collections.map((c) => (c.name === name ? ({ ...c, ...change } as MongoCollectionSpec) : c)),
});

describe("desired state from the catalog", () => {
  test("every catalog collection's create command is valid against the server's IDL (create.idl, timeseries.idl, collection_options.idl)", () => {
    const desired = desiredCollections(DB);
    expect(desired.map((d) => d.name)).toEqual(DB.collections.map((c) => c.name));
    for (const d of desired) {
      expect([d.name, idl.checkCommand(createCommand(d))]).toEqual([d.name, []]);
      expect([d.name, idl.checkCommand(createIndexesCommand(d.name, d.indexes))]).toEqual([d.name, []]);
    }
  });

  test("the IDL check refuses what the server would: an unknown option, a bad granularity, a missing timeField, a string TTL on create", () => {
    expect(idl.checkCommand({ create: "x", timeseries: { timeField: "ts", granularity: "days" } })).toEqual(['create.timeseries.granularity: "days" is not a BucketGranularity (valid: seconds, minutes, hours)']);
    expect(idl.checkCommand({ create: "x", timeseries: { metaField: "m" } })).toEqual(["create.timeseries.timeField: required by the IDL definition, missing"]);
    expect(idl.checkCommand({ create: "x", expireAfterSeconds: "off" })[0]).toMatch(/^create\.expireAfterSeconds: expected a whole number/);
    expect(idl.checkCommand({ create: "x", ttl: 5 })[0]).toMatch(/^create\.ttl: not a field of the IDL definition \(strict/);
    expect(idl.checkCommand({ create: "x", validationLevel: "lenient" })).toEqual(['create.validationLevel: "lenient" is not a ValidationLevel (valid: off, strict, moderate)']);
    expect(idl.checkCommand({ collMod: "x", index: { keyPattern: { ts: 1 }, expireAfterSeconds: 1.5 } })[0]).toMatch(/^collMod\.index\.expireAfterSeconds: expected a whole number/);
    expect(idl.checkCommand({ createIndexes: "x", indexes: [{ key: { a: 1 } }] })).toEqual(["createIndexes.indexes[0].name: required by the IDL definition, missing"]);
    // Generic arguments (generic_argument.idl) are accepted on every command.
    expect(idl.checkCommand({ collMod: "x", expireAfterSeconds: "off", $db: "d", lsid: {}, writeConcern: { w: "majority" } })).toEqual([]);
  });

  test("kinds: time-series with time/meta/granularity and retention, log and real-time a TTL index, unstructured and analytics none; validators at moderate on regular collections", () => {
    const by = new Map(desiredCollections(DB).map((d) => [d.name, d]));
    expect(createCommand(by.get("sensor_readings")!)).toEqual({ create: "sensor_readings", timeseries: { timeField: "ts", metaField: "sensor_id", granularity: "seconds" }, expireAfterSeconds: 90 * SECONDS_PER_DAY });
    expect(by.get("sensor_readings")!.indexes).toEqual([{ key: { sensor_id: 1, ts: 1 }, name: "sensor_id_1_ts_1" }]);
    expect(by.get("system_logs")!.indexes).toEqual([
      { key: { ts: 1 }, name: "ts_1", expireAfterSeconds: 30 * SECONDS_PER_DAY },
      { key: { source: 1, ts: -1 }, name: "source_1_ts_-1" },
    ]);
    expect(by.get("notifications")!.indexes[0]).toEqual({ key: { created_at: 1 }, name: "created_at_1", expireAfterSeconds: 7 * SECONDS_PER_DAY });
    for (const name of ["documents", "attachments", "daily_summaries", "kpi_aggregations", "shift_aggregations"]) expect([name, by.get(name)!.indexes.some((i) => i.expireAfterSeconds !== undefined)]).toEqual([name, false]);
    expect(by.get("kpi_aggregations")!.indexes).toEqual([{ key: { kpi: 1, period_start: 1 }, name: "kpi_1_period_start_1", unique: true }]);
    for (const d of by.values()) {
      if (d.kind === "time-series") expect([d.name, d.validator, d.timeseries?.timeField]).toEqual([d.name, undefined, "ts"]);
      else expect([d.name, d.validationLevel, d.validationAction, (d.validator as { $jsonSchema: { required: string[] } }).$jsonSchema.required]).toEqual([d.name, "moderate", "error", [DB.collections.find((c) => c.name === d.name)!.timeField, DB.collections.find((c) => c.name === d.name)!.metaField]]);
    }
  });

  test("bad catalog input is named: collection, field, value, why, what would be valid", () => {
    expect(catalogProblems(withCollection("system_logs", { retentionDays: undefined }))).toEqual(["collections[4] (system_logs).retentionDays: undefined, but a log collection expires through its TTL index; give a number of days"]);
    expect(catalogProblems(withCollection("sensor_readings", { hotDays: 90 } as Partial<MongoCollectionSpec>))).toEqual(["collections[0] (sensor_readings).hotDays: 90 is not below retentionDays (90): the archive tier would hold nothing; lower it or use undefined"]);
    expect(catalogProblems(withCollection("documents", { metaField: "created_at" }))).toEqual([
      "collections[7] (documents).metaField: \"created_at\" is the time field too; they must differ (create.idl TimeseriesOptions.metaField: \"may not be ... the same as 'timeField'\")",
    ]);
    expect(() => desiredCollections(withCollection("messages", { timeField: "a.b" }))).toThrow('catalog: genims_documents_db cannot be created as it stands:\n  collections[10] (messages).timeField: "a.b" must be a top-level field name (letters, digits, _; not _id)');
    expect(catalogProblems(DB)).toEqual([]);
  });
});

describe("planner (pure): observed → commands", () => {
  const desired = desiredCollections(DB);
  const inLine = (): ObservedCollection[] =>
    desired.map((d) => ({
      name: d.name,
      type: d.timeseries === undefined ? "collection" : "timeseries",
      options: d.timeseries === undefined ? { validator: d.validator, validationLevel: "moderate", validationAction: "error" } : { timeseries: { ...d.timeseries, bucketMaxSpanSeconds: 3600 }, expireAfterSeconds: d.expireAfterSeconds },
      indexes: [{ name: "_id_", key: { _id: 1 }, unique: false, expireAfterSeconds: undefined }, ...d.indexes.map((i) => ({ name: i.name, key: i.key, unique: i.unique ?? false, expireAfterSeconds: i.expireAfterSeconds }))],
    }));

  test("nothing observed: one create and one createIndexes per collection, in catalog order", () => {
    const plan = planCollections(desired, []);
    expect(plan.commands.map((c) => [Object.keys(c.command)[0], c.collection])).toEqual(desired.flatMap((d) => [["create", d.name], ["createIndexes", d.name]]));
    expect(plan.findings.every((f) => f.observed === "missing" && !f.needsHuman)).toBe(true);
  });

  test("in line: no commands, no findings", () => {
    expect(planCollections(desired, inLine())).toEqual({ commands: [], findings: [] });
  });

  test("a regular collection where a time-series one belongs: needs a human, and no command touches it", () => {
    const observed = inLine().map((o) => (o.name === "sensor_readings" ? { ...o, type: "collection", options: {} } : o));
    const plan = planCollections(desired, observed);
    expect(plan.commands).toEqual([]);
    expect(plan.findings).toEqual([expect.objectContaining({ collection: "sensor_readings", what: "collection type", expected: "a time-series collection", needsHuman: true })]);
  });

  test("granularity only grows: minutes → hours is a collMod, hours → minutes needs a human", () => {
    const coarser = desiredCollections(withCollection("energy_metrics", { granularity: "hours" } as Partial<MongoCollectionSpec>));
    expect(planCollections(coarser, inLine()).commands.map((c) => c.command)).toEqual([{ collMod: "energy_metrics", timeseries: { granularity: "hours" } }]);
    const finer = desiredCollections(withCollection("energy_metrics", { granularity: "seconds" } as Partial<MongoCollectionSpec>));
    const plan = planCollections(finer, inLine());
    expect([plan.commands, plan.findings.map((f) => [f.what, f.needsHuman])]).toEqual([[], [["timeseries.granularity", true]]]);
  });

  test("listCollections parsing: the reply shape of list_collections.idl, and a clear error for anything else", () => {
    const reply = { cursor: { id: 0, ns: "genims_documents_db.$cmd.listCollections", firstBatch: [{ name: "a", type: "collection", options: {}, info: { readOnly: false } }] }, ok: 1 };
    expect(idl.checkStruct("ListCollectionsReply", { cursor: reply.cursor })).toEqual([]);
    expect(parseListCollections(reply)).toEqual([{ name: "a", type: "collection", options: {} }]);
    expect(() => parseListCollections({ ok: 1 })).toThrow("listCollections: the reply has no cursor.firstBatch array");
    expect(() => parseListCollections({ cursor: { id: 0, firstBatch: [{ name: 1 }] } })).toThrow("listCollections: cursor.firstBatch[0] has no string name and type (ListCollectionsReplyItem requires both)");
  });
});

describe("the driver's wire traffic against a loopback stand-in", () => {
  let stub: MongoWireStub;
  let client: MongoClient;
  let clientUrl: string;
  beforeEach(async () => {
    stub = new MongoWireStub();
    clientUrl = await stub.start();
    client = new MongoClient(clientUrl, { serverSelectionTimeoutMS: 2000 });
    await client.connect();
  });
  afterEach(async () => {
    await client.close();
    await stub.stop();
  });
  const db = () => client.db(DB.name);
  const checkEverySent = () => {
    for (const c of stub.commands()) expect([c.name, idl.checkCommand(c.body)]).toEqual([c.name, []]);
  };

  test("first apply creates every collection (each command valid against the IDL); a second apply issues no writes", async () => {
    const first = await runCollections(db(), DB, "apply");
    expect(first.sent.filter((s) => "create" in s.command).map((s) => s.collection)).toEqual(DB.collections.map((c) => c.name));
    expect(exitCode("apply", first)).toBe(0);
    // The driver speaks OP_MSG for every command after the handshake.
    expect(new Set(stub.commands().map((c) => c.opCode))).toEqual(new Set([2013]));
    checkEverySent();
    const listReplies = stub.commands().filter((c) => c.name === "listCollections");
    expect(listReplies.length).toBeGreaterThan(0);

    stub.clearReceived();
    const second = await runCollections(db(), DB, "apply");
    expect(second.sent).toEqual([]);
    expect(stub.writes()).toEqual([]);
    expect(stub.commands().map((c) => c.name).sort()).toEqual(["listCollections", ...Array(DB.collections.length).fill("listIndexes")].sort());
    expect(renderCollectionsReport(DB.name, "apply", second)).toBe(`${DB.name}: every catalog collection in line (apply, 0 commands sent)\n`);
    expect(exitCode("check", await runCollections(db(), DB, "check"))).toBe(0);
  });

  test("the stand-in's own listCollections and listIndexes replies parse as the IDL's reply structs", async () => {
    await runCollections(db(), DB, "apply");
    const collections = await db().command({ listCollections: 1 });
    expect(idl.checkStruct("ListCollectionsReply", { cursor: collections.cursor })).toEqual([]);
    const indexes = await db().command({ listIndexes: "system_logs" });
    expect(idl.checkStruct("ListIndexesReply", { cursor: indexes.cursor, ok: indexes.ok })).toEqual([]);
  });

  test("a TTL changed by hand is drift in check mode (exit 1) and put back with collMod index by apply", async () => {
    await runCollections(db(), DB, "apply");
    await db().command({ collMod: "system_logs", index: { keyPattern: { ts: 1 }, expireAfterSeconds: 3600 } });
    stub.clearReceived();
    const check = await runCollections(db(), DB, "check");
    expect(exitCode("check", check)).toBe(1);
    expect(stub.writes()).toEqual([]);
    expect(renderCollectionsReport(DB.name, "check", check)).toContain(`DRIFT ${DB.name}.system_logs: index ts_1 TTL (expireAfterSeconds): expected 2592000 s (30 days), observed 3600 s`);
    const apply = await runCollections(db(), DB, "apply");
    expect(stub.writes().map((c) => c.body.index)).toEqual([{ keyPattern: { ts: 1 }, expireAfterSeconds: 30 * SECONDS_PER_DAY }]);
    expect(exitCode("apply", apply)).toBe(0);
    checkEverySent();
  });

  test("a missing collection is drift; a regular collection where a time-series one belongs is refused by apply (no drop, no create, exit 1)", async () => {
    // What an application inserting first would leave behind: a regular collection.
    await db().collection("sensor_readings").insertOne({ ts: new Date(0), sensor_id: "s-1", value: 1 });
    stub.clearReceived();
    await runCollections(db(), DB, "apply");
    expect(stub.writes().filter((c) => c.body[c.name] === "sensor_readings")).toEqual([]);
    expect(stub.writes().some((c) => c.name === "drop")).toBe(false);
    await db().command({ drop: "messages" });
    stub.clearReceived();
    const check = await runCollections(db(), DB, "check");
    const report = renderCollectionsReport(DB.name, "check", check);
    expect(report).toContain(`NEEDS A HUMAN ${DB.name}.sensor_readings: collection type: expected a time-series collection, observed a regular collection (cannot be converted in place`);
    expect(report).toContain(`DRIFT ${DB.name}.messages: collection: expected a collection, observed missing`);
    const apply = await runCollections(db(), DB, "apply");
    expect(apply.sent.map((s) => [s.collection, Object.keys(s.command)[0]])).toEqual([["messages", "create"], ["messages", "createIndexes"]]);
    expect(exitCode("apply", apply)).toBe(1);
    expect(renderCollectionsReport(DB.name, "apply", apply)).toMatch(/1 difference left, 1 for a human \(apply never drops or copies data\)\n$/);
  });

  test("a retention change in the catalog is a collMod, never a re-creation: expireAfterSeconds on a time-series collection, the TTL index on a log collection", async () => {
    await runCollections(db(), DB, "apply");
    stub.clearReceived();
    const longer = withCollection("sensor_readings", { retentionDays: 120 });
    const shorter = { ...longer, collections: longer.collections.map((c) => (c.name === "integration_logs" ? { ...c, retentionDays: 14 } : c)) };
    const outcome = await runCollections(db(), shorter, "apply");
    expect(stub.writes().map((c) => c.body)).toEqual([
      expect.objectContaining({ collMod: "sensor_readings", expireAfterSeconds: 120 * SECONDS_PER_DAY }),
      expect.objectContaining({ collMod: "integration_logs", index: { keyPattern: { ts: 1 }, expireAfterSeconds: 14 * SECONDS_PER_DAY } }),
    ]);
    expect(stub.writes().some((c) => c.name === "create" || c.name === "drop")).toBe(false);
    expect(exitCode("apply", outcome)).toBe(0);
    checkEverySent();
  });

  test("verify reports the collections through check mode: one row when in line, a deviation per drift, no writes", async () => {
    const access = atlasAccess("genims-dev-mongo", DB.name);
    const connectionStrings = new Map([["genims-documents-schema", `mongodb://127.0.0.1:${new URL(clientUrl).port}/?directConnection=true`]]);
    const verifyWith = async () => {
      const context: Parameters<typeof verifyCollections>[1] = { results: new Results(), redactor: new Redactor(), cas: { description: "unused: TLS is the connection string's", pem: [] } };
      await verifyCollections({ access, connectionStrings, catalog: DB }, context);
      return context.results.all.map((r) => [r.check, r.ok]);
    };
    await runCollections(db(), DB, "apply");
    expect(await verifyWith()).toEqual([["catalog collections (16) in line (npm run collections --check)", true]]);
    await db().command({ drop: "daemon_logs" });
    stub.clearReceived();
    expect(await verifyWith()).toEqual([["collection daemon_logs: collection", false]]);
    expect(stub.writes()).toEqual([]);
  });

  test("desiredCollection is what the stand-in reports back after apply (listCollections options round-trip)", async () => {
    await runCollections(db(), DB, "apply");
    const [item] = (await db().command({ listCollections: 1, filter: { name: "production_metrics" } })).cursor.firstBatch;
    const d = desiredCollection(DB.collections.find((c) => c.name === "production_metrics")!);
    expect(item.options).toEqual({ timeseries: { ...d.timeseries, bucketMaxSpanSeconds: 86_400 }, expireAfterSeconds: d.expireAfterSeconds });
  });
});

describe("npm run collections", () => {
  test("arguments: apply by default, --check, the verify inputs; bad usage is named", () => {
    expect(parseCollectionsArguments(["prod"])).toEqual({ stack: "prod", mode: "apply", outputs: undefined, secrets: undefined });
    expect(parseCollectionsArguments(["dev", "--check", "--outputs", "-"])).toEqual({ stack: "dev", mode: "check", outputs: "-", secrets: undefined });
    expect(() => parseCollectionsArguments(["dev", "--force"])).toThrow("unknown option --force");
    expect(() => parseCollectionsArguments([])).toThrow("usage: npm run collections");
  });

  test("connects as the access model's schema login: dbAdmin on the database, no document access", () => {
    const login = atlasSchemaLogin(atlasAccess("genims-prod-mongo", DB.name));
    expect(login).toEqual(expect.objectContaining({ username: "genims-documents-schema", roles: [{ roleName: "dbAdmin", databaseName: DB.name }] }));
  });
});
