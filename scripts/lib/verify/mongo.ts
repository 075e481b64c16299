/**
 * MongoDB Atlas: each database user of the model authenticates with its connection string and the
 * official driver (`mongodb`, pinned in package.json), its roles as the server reports them
 * (`connectionStatus`) must equal the model, and real operations show what it can do: an insert in
 * a transaction that is aborted (a `read` user must be refused), a read, and a read of another
 * database (refused). Atlas accepts TLS only; a connection with `tls=false` must fail. Atlas's
 * certificates chain to public roots other than Azure's, so the driver verifies them against Node's
 * bundled root store (its default), not against `--ca`.
 *
 * NOT RUN AGAINST A REAL MONGODB HERE: no MongoDB server can run on the machine this was built on,
 * so only the comparison logic has tests (test/verify.test.ts). The first real run is the first
 * deploy that runs `npm run verify`; treat a failure of this part there as a bug in verify first.
 */
import { MongoClient, MongoServerError } from "mongodb";
import { type AtlasAccess, atlasSchemaLogin } from "../../../access/model";
import type { MongoDatabaseSpec } from "../../../catalog";
import { runCollections } from "../collections/run";
import { refusal } from "./connect";
import type { VerifyContext } from "./postgres";
import { yesNo } from "./report";

export interface MongoTarget {
  readonly access: AtlasAccess;
  /** username → its connection string (mongodb+srv://user:password@host/db?...). */
  readonly connectionStrings: ReadonlyMap<string, string>;
}

const UNAUTHORIZED = 13;
const PROBE_COLLECTION = "genims_verify_probe";

/** `connectionStatus.authInfo.authenticatedUserRoles` → the model's `role@database` strings. */
export function reportedRoles(status: { authInfo?: { authenticatedUserRoles?: readonly { role: string; db: string }[] } }): string[] {
  return [...new Set((status.authInfo?.authenticatedUserRoles ?? []).map((r) => `${r.role}@${r.db}`))].sort();
}

export function modelRoles(access: AtlasAccess, username: string): string[] {
  return [...new Set(access.users.find((u) => u.username === username)?.roles.map((r) => `${r.roleName}@${r.databaseName}`) ?? [])].sort();
}

/** With TLS turned off in the connection string itself. */
export function withoutTls(connectionString: string): string {
  const url = new URL(connectionString);
  url.searchParams.set("tls", "false");
  return url.toString();
}

async function outcome(operation: () => Promise<unknown>): Promise<{ allowed: boolean; detail: string }> {
  try {
    await operation();
    return { allowed: true, detail: "allowed" };
  } catch (error) {
    if (error instanceof MongoServerError && error.code === UNAUTHORIZED) return { allowed: false, detail: "denied" };
    return { allowed: true, detail: `allowed (then: ${refusal(error)})` };
  }
}

export async function verifyAtlas(target: MongoTarget, context: VerifyContext): Promise<void> {
  const database = target.access.database;
  for (const user of target.access.users) {
    const connectionString = target.connectionStrings.get(user.username);
    if (connectionString === undefined) {
      context.results.add(database, user.username, "connection string in the vault", "present", "missing");
      continue;
    }
    const client = new MongoClient(connectionString, { serverSelectionTimeoutMS: 15_000, tls: true });
    try {
      await client.connect();
      context.results.add(database, user.username, "authenticate over TLS (certificate verified)", "allowed", "allowed");
    } catch (error) {
      context.results.add(database, user.username, "authenticate over TLS (certificate verified)", "allowed", `refused: ${context.redactor.redact(refusal(error))}`, false);
      await client.close().catch(() => undefined);
      continue;
    }
    try {
      const status = await client.db("admin").command({ connectionStatus: 1 });
      context.results.add(database, user.username, "roles (connectionStatus)", modelRoles(target.access, user.username).join(", "), reportedRoles(status).join(", ") || "none");
      const writes = user.roles.some((r) => r.roleName === "readWrite" && r.databaseName === database);
      const reads = writes || user.roles.some((r) => r.roleName === "read" && r.databaseName === database);
      const read = await outcome(() => client.db(database).collection(PROBE_COLLECTION).findOne({}));
      context.results.add(database, user.username, `find ${PROBE_COLLECTION}`, yesNo(reads), read.allowed ? read.detail : "denied", read.allowed === reads);
      const session = client.startSession();
      try {
        session.startTransaction();
        const write = await outcome(() => client.db(database).collection(PROBE_COLLECTION).insertOne({ probe: true }, { session }));
        context.results.add(database, user.username, `insert ${PROBE_COLLECTION} (transaction aborted)`, yesNo(writes), write.allowed ? write.detail : "denied", write.allowed === writes);
      } finally {
        await session.abortTransaction().catch(() => undefined);
        await session.endSession();
      }
      const other = await outcome(() => client.db("genims_verify_other").collection(PROBE_COLLECTION).findOne({}));
      context.results.add(database, user.username, "find in another database", "denied", other.allowed ? other.detail : "denied", !other.allowed);
    } finally {
      await client.close().catch(() => undefined);
    }
    const plain = new MongoClient(withoutTls(connectionString), { serverSelectionTimeoutMS: 10_000 });
    let plainOutcome = "allowed";
    try {
      await plain.connect();
      await plain.db("admin").command({ ping: 1 });
    } catch (error) {
      plainOutcome = `refused: ${context.redactor.redact(refusal(error))}`;
    } finally {
      await plain.close().catch(() => undefined);
    }
    context.results.add(database, user.username, "connect without TLS", "refused", plainOutcome, plainOutcome !== "allowed");
  }
}

/**
 * The catalog's collections as `npm run collections -- <stack> --check` sees them, connected as the
 * schema login: one row per difference (a missing collection, a TTL changed by hand, a regular
 * collection where a time-series one belongs, a validator that differs), or one row saying all are
 * in line. Read-only: check mode sends listCollections and listIndexes only.
 */
export async function verifyCollections(target: MongoTarget & { readonly catalog: MongoDatabaseSpec }, context: VerifyContext): Promise<void> {
  const database = target.access.database;
  const login = atlasSchemaLogin(target.access).username;
  const connectionString = target.connectionStrings.get(login);
  if (connectionString === undefined) {
    context.results.add(database, login, "catalog collections (connection string of the schema login)", "present", "missing");
    return;
  }
  // TLS comes from the connection string (stacks/access connectionString: tls=true); verifyAtlas
  // above already showed that every login is refused without it.
  const client = new MongoClient(connectionString, { serverSelectionTimeoutMS: 15_000 });
  try {
    await client.connect();
    const { before } = await runCollections(client.db(database), target.catalog, "check");
    for (const f of before.findings) context.results.add(database, login, `collection ${f.collection}: ${f.what}${f.needsHuman ? " (needs a human)" : ""}`, f.expected, f.observed, false);
    if (before.findings.length === 0) context.results.add(database, login, `catalog collections (${target.catalog.collections.length}) in line (npm run collections --check)`, "in line", "in line");
  } finally {
    await client.close().catch(() => undefined);
  }
}
