/**
 * A loopback MongoDB stand-in that speaks the wire protocol to the real driver (`mongodb`, pinned in
 * package.json), so the collections step's traffic can be exercised where no MongoDB server can
 * run. It answers as the MongoDB manual and the server's IDL say, for the commands the step sends
 * and nothing more. It is NOT a MongoDB server: what it does not model is listed in docs/mongodb.md
 * ("What has not run against a real server").
 *
 * Framing (MongoDB manual, "MongoDB Wire Protocol"): a 16-byte header (messageLength, requestID,
 * responseTo, opCode, little-endian int32); OP_MSG (2013): flagBits uint32, then sections, kind 0
 * one BSON body, kind 1 (int32 size, cstring identifier, BSON documents) a document sequence;
 * checksumPresent (bit 0) adds a CRC-32C at the end. The driver's first `hello` may come as the
 * legacy OP_QUERY (2004) on admin.$cmd, answered with OP_REPLY (1).
 *
 * Behaviour, from the manual and the server source where named:
 * - create: NamespaceExists (48) if present; a time-series collection reports `type: "timeseries"`
 *   with `timeseries.bucketMaxSpanSeconds` filled in from the granularity (3600 / 86400 / 2592000 s,
 *   manual "Time Series Collection Granularity") and gets the meta + time index 6.3+ creates itself;
 *   `timeseries` with `validator` is refused (InvalidOptions 72, "'timeseries' is not allowed with
 *   'validator'").
 * - createIndexes and insert: create a missing collection implicitly, as a regular one (as the
 *   server does); an index whose key and
 *   options already exist is a no-op; a TTL index on a time-series collection is refused.
 * - collMod: as src/mongo/db/catalog/coll_mod.cpp parseCollModRequest for the options modelled
 *   (index TTL by keyPattern or name, not both; single-field TTL only; time-series
 *   expireAfterSeconds and granularity, which can only grow; validator not on time-series).
 * - listCollections, listIndexes: one batch, cursor id 0, items shaped as ListCollectionsReplyItem
 *   and ListIndexesReplyItem.
 */
import * as net from "node:net";
import { BSON, type Document } from "mongodb";

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MAX_WIRE_VERSION_8_0 = 25;
const BUCKET_MAX_SPAN: Record<string, number> = { seconds: 3600, minutes: 86_400, hours: 2_592_000 };
const GRANULARITY = ["seconds", "minutes", "hours"];
const HANDSHAKE = new Set(["hello", "ismaster", "isMaster", "ping", "buildInfo", "buildinfo", "endSessions", "getParameter"]);

interface StubIndex {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  expireAfterSeconds?: number;
}

interface StubCollection {
  type: "collection" | "timeseries";
  options: Document;
  indexes: StubIndex[];
  uuid: BSON.UUID;
}

class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceivedCommand {
  readonly opCode: number;
  readonly name: string;
  /** The command as the server parses it: body plus any document sequences, generic arguments included. */
  readonly body: Document;
}

export class MongoWireStub {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly databases = new Map<string, Map<string, StubCollection>>();
  private nextRequestId = 1;
  private uuidCounter = 0;
  /** Every command received, in order. */
  readonly received: ReceivedCommand[] = [];

  async start(): Promise<string> {
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as net.AddressInfo;
    return `mongodb://127.0.0.1:${port}/?directConnection=true&serverSelectionTimeoutMS=2000`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  /** The commands the client sent, without the handshake and monitoring traffic. */
  commands(): ReceivedCommand[] {
    return this.received.filter((c) => !HANDSHAKE.has(c.name));
  }

  /** The commands that change something (what a second apply must not send). */
  writes(): ReceivedCommand[] {
    return this.commands().filter((c) => !["listCollections", "listIndexes"].includes(c.name));
  }

  clearReceived(): void {
    this.received.length = 0;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4 && buffer.length >= buffer.readInt32LE(0)) {
        const length = buffer.readInt32LE(0);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const reply = this.handle(message);
        if (reply !== undefined) socket.write(reply);
      }
    });
    socket.on("error", () => undefined);
  }

  private handle(message: Buffer): Buffer | undefined {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === OP_QUERY) {
      let at = 20;
      const end = message.indexOf(0, at);
      const namespace = message.toString("utf8", at, end);
      at = end + 1 + 8;
      const size = message.readInt32LE(at);
      const query = BSON.deserialize(message.subarray(at, at + size));
      const body = (query.$query as Document | undefined) ?? query;
      const reply = this.run(opCode, namespace.replace(/\.\$cmd$/, ""), body);
      const doc = BSON.serialize(reply);
      const header = Buffer.alloc(36);
      header.writeInt32LE(36 + doc.length, 0);
      header.writeInt32LE(this.nextRequestId++, 4);
      header.writeInt32LE(requestId, 8);
      header.writeInt32LE(OP_REPLY, 12);
      header.writeInt32LE(0, 16); // responseFlags
      header.writeBigInt64LE(0n, 20); // cursorID
      header.writeInt32LE(0, 28); // startingFrom
      header.writeInt32LE(1, 32); // numberReturned
      return Buffer.concat([header, doc]);
    }
    if (opCode !== OP_MSG) throw new Error(`stub: opCode ${opCode} not modelled`);
    const flags = message.readUInt32LE(16);
    const end = flags & 1 ? message.length - 4 : message.length;
    let at = 20;
    let body: Document = {};
    const sequences: Record<string, Document[]> = {};
    while (at < end) {
      const kind = message.readUInt8(at++);
      if (kind === 0) {
        const size = message.readInt32LE(at);
        body = BSON.deserialize(message.subarray(at, at + size));
        at += size;
      } else {
        const size = message.readInt32LE(at);
        const sectionEnd = at + size;
        const idEnd = message.indexOf(0, at + 4);
        const identifier = message.toString("utf8", at + 4, idEnd);
        let docAt = idEnd + 1;
        const docs: Document[] = [];
        while (docAt < sectionEnd) {
          const docSize = message.readInt32LE(docAt);
          docs.push(BSON.deserialize(message.subarray(docAt, docAt + docSize)));
          docAt += docSize;
        }
        sequences[identifier] = docs;
        at = sectionEnd;
      }
    }
    const command = { ...body, ...sequences };
    const reply = this.run(opCode, String(body.$db ?? "admin"), command);
    if (flags & 2) return undefined; // moreToCome: no reply expected
    const doc = BSON.serialize(reply);
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + doc.length, 0);
    header.writeInt32LE(this.nextRequestId++, 4);
    header.writeInt32LE(requestId, 8);
    header.writeInt32LE(OP_MSG, 12);
    header.writeUInt32LE(0, 16);
    header.writeUInt8(0, 20);
    return Buffer.concat([header, doc]);
  }

  private run(opCode: number, db: string, command: Document): Document {
    const name = Object.keys(command)[0] ?? "";
    this.received.push({ opCode, name, body: command });
    try {
      return { ...this.execute(db, name, command), ok: 1 };
    } catch (error) {
      if (error instanceof CommandError) return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName };
      throw error;
    }
  }

  private collections(db: string): Map<string, StubCollection> {
    let map = this.databases.get(db);
    if (map === undefined) this.databases.set(db, (map = new Map()));
    return map;
  }

  private uuid(): BSON.UUID {
    return new BSON.UUID(`00000000-0000-4000-8000-${String(++this.uuidCounter).padStart(12, "0")}`);
  }

  private execute(db: string, name: string, command: Document): Document {
    const collections = this.collections(db);
    const target = String(command[name]);
    const existing = () => {
      const c = collections.get(target);
      if (c === undefined) throw new CommandError(26, "NamespaceNotFound", `ns does not exist: ${db}.${target}`);
      return c;
    };
    switch (name) {
      case "hello":
      case "ismaster":
      case "isMaster":
        return {
          helloOk: true,
          isWritablePrimary: true,
          ismaster: true,
          maxBsonObjectSize: 16 * 1024 * 1024,
          maxMessageSizeBytes: 48_000_000,
          maxWriteBatchSize: 100_000,
          localTime: new Date(0),
          logicalSessionTimeoutMinutes: 30,
          connectionId: 1,
          minWireVersion: 0,
          maxWireVersion: MAX_WIRE_VERSION_8_0,
          readOnly: false,
        };
      case "ping":
      case "endSessions":
        return {};
      case "buildInfo":
      case "buildinfo":
        return { version: "8.0.0-stub", versionArray: [8, 0, 0, 0] };
      case "create": {
        if (collections.has(target)) throw new CommandError(48, "NamespaceExists", `Collection ${db}.${target} already exists.`);
        const ts = command.timeseries as Document | undefined;
        if (ts !== undefined && command.validator !== undefined) throw new CommandError(72, "InvalidOptions", `${db}.${target}: 'timeseries' is not allowed with 'validator'`);
        const options: Document = {};
        for (const key of ["validator", "validationLevel", "validationAction", "expireAfterSeconds"]) if (command[key] !== undefined) options[key] = command[key];
        if (ts === undefined) {
          if (options.expireAfterSeconds !== undefined) throw new CommandError(72, "InvalidOptions", "'expireAfterSeconds' is only supported on clustered or time-series collections");
          collections.set(target, { type: "collection", options, indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }], uuid: this.uuid() });
          return {};
        }
        const granularity = String(ts.granularity ?? "seconds");
        options.timeseries = { timeField: ts.timeField, ...(ts.metaField === undefined ? {} : { metaField: ts.metaField }), granularity, bucketMaxSpanSeconds: BUCKET_MAX_SPAN[granularity] };
        const indexes: StubIndex[] = ts.metaField === undefined ? [] : [{ v: 2, key: { [String(ts.metaField)]: 1, [String(ts.timeField)]: 1 }, name: `${String(ts.metaField)}_1_${String(ts.timeField)}_1` }];
        collections.set(target, { type: "timeseries", options, indexes, uuid: this.uuid() });
        return {};
      }
      case "createIndexes": {
        let created = false;
        if (!collections.has(target)) {
          collections.set(target, { type: "collection", options: {}, indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }], uuid: this.uuid() });
          created = true;
        }
        const c = collections.get(target)!;
        const before = c.indexes.length;
        for (const spec of command.indexes as Document[]) {
          if (c.type === "timeseries" && spec.expireAfterSeconds !== undefined) throw new CommandError(72, "InvalidOptions", "TTL indexes are not supported for time-series collections. Please refer to the documentation and use the top-level 'expireAfterSeconds' option instead");
          const same = c.indexes.find((i) => JSON.stringify(i.key) === JSON.stringify(spec.key));
          if (same !== undefined) {
            if (same.name !== spec.name || same.expireAfterSeconds !== spec.expireAfterSeconds || Boolean(same.unique) !== Boolean(spec.unique)) throw new CommandError(85, "IndexOptionsConflict", `An equivalent index already exists with a different name or options: ${same.name}`);
            continue;
          }
          c.indexes.push({ v: 2, key: spec.key as Document, name: String(spec.name), ...(spec.unique ? { unique: true } : {}), ...(spec.expireAfterSeconds === undefined ? {} : { expireAfterSeconds: Number(spec.expireAfterSeconds) }) });
        }
        return { numIndexesBefore: before, numIndexesAfter: c.indexes.length, createdCollectionAutomatically: created, ...(before === c.indexes.length ? { note: "all indexes already exist" } : {}) };
      }
      case "collMod":
        return this.collMod(existing(), command);
      case "listCollections": {
        const filter = (command.filter ?? {}) as { name?: string | { $in?: string[] } };
        const wanted = filter.name === undefined ? undefined : typeof filter.name === "string" ? [filter.name] : (filter.name.$in ?? []);
        const firstBatch = [...collections.entries()]
          .filter(([n]) => wanted === undefined || wanted.includes(n))
          .map(([n, c]) =>
            c.type === "timeseries"
              ? { name: n, type: "timeseries", options: c.options, info: { readOnly: false } }
              : { name: n, type: "collection", options: c.options, info: { readOnly: false, uuid: c.uuid }, idIndex: { v: 2, key: { _id: 1 }, name: "_id_" } },
          );
        return { cursor: { id: BSON.Long.fromNumber(0), ns: `${db}.$cmd.listCollections`, firstBatch } };
      }
      case "listIndexes":
        return { cursor: { id: BSON.Long.fromNumber(0), ns: `${db}.${target}`, firstBatch: existing().indexes } };
      case "insert": {
        // An insert into a missing namespace creates a regular collection (implicit creation):
        // the hazard the collections step exists for.
        if (!collections.has(target)) collections.set(target, { type: "collection", options: {}, indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }], uuid: this.uuid() });
        return { n: (command.documents as Document[] | undefined)?.length ?? 0 };
      }
      case "drop":
        existing();
        collections.delete(target);
        return { ns: `${db}.${target}`, nIndexesWas: 1 };
      default:
        throw new CommandError(59, "CommandNotFound", `no such command: '${name}'`);
    }
  }

  private collMod(c: StubCollection, command: Document): Document {
    const timeseries = c.type === "timeseries";
    const reply: Document = {};
    if (command.index !== undefined) {
      const index = command.index as { name?: string; keyPattern?: Document; expireAfterSeconds?: number };
      if (index.name !== undefined && index.keyPattern !== undefined) throw new CommandError(72, "InvalidOptions", "Cannot specify both key pattern and name.");
      if (index.name === undefined && index.keyPattern === undefined) throw new CommandError(72, "InvalidOptions", "Must specify either index name or key pattern.");
      if (index.expireAfterSeconds === undefined) throw new CommandError(72, "InvalidOptions", "no expireAfterSeconds, hidden, unique, or prepareUnique field");
      if (timeseries) throw new CommandError(72, "InvalidOptions", "TTL indexes are not supported for time-series collections. Please refer to the documentation and use the top-level 'expireAfterSeconds' option instead");
      const found = c.indexes.find((i) => (index.name !== undefined ? i.name === index.name : JSON.stringify(i.key) === JSON.stringify(index.keyPattern)));
      if (found === undefined) throw new CommandError(27, "IndexNotFound", `cannot find index ${index.name ?? JSON.stringify(index.keyPattern)}`);
      if (found.expireAfterSeconds === undefined && Object.keys(found.key).length !== 1) throw new CommandError(72, "InvalidOptions", "TTL indexes are single-field indexes, compound indexes do not support TTL");
      reply.expireAfterSeconds_old = found.expireAfterSeconds;
      found.expireAfterSeconds = index.expireAfterSeconds;
      reply.expireAfterSeconds_new = index.expireAfterSeconds;
    }
    for (const key of ["validator", "validationLevel", "validationAction"]) {
      if (command[key] === undefined) continue;
      if (timeseries) throw new CommandError(72, "InvalidOptions", `option not supported on a time-series collection: ${key}`);
      c.options[key] = command[key];
    }
    if (command.expireAfterSeconds !== undefined) {
      if (!timeseries) throw new CommandError(72, "InvalidOptions", "option only supported on a time-series collection: expireAfterSeconds");
      if (command.expireAfterSeconds === "off") delete c.options.expireAfterSeconds;
      else c.options.expireAfterSeconds = command.expireAfterSeconds;
    }
    if (command.timeseries !== undefined) {
      if (!timeseries) throw new CommandError(72, "InvalidOptions", "option only supported on a time-series collection: timeseries");
      const ts = c.options.timeseries as Document;
      const next = String((command.timeseries as Document).granularity);
      if (GRANULARITY.indexOf(next) < GRANULARITY.indexOf(String(ts.granularity))) throw new CommandError(72, "InvalidOptions", "Invalid transition for timeseries.granularity. Can only transition from 'seconds' to 'minutes' or 'minutes' to 'hours'.");
      ts.granularity = next;
      ts.bucketMaxSpanSeconds = BUCKET_MAX_SPAN[next];
    }
    return reply;
  }
}
