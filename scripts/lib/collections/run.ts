/**
 * The I/O of `npm run collections`: reads what the database holds (listCollections, listIndexes),
 * asks plan.ts what to change, and in apply mode sends exactly those commands, then reads again to
 * show that nothing is left to do. Commands go through `Db.command`, so what the server receives is
 * the planner's document plus the driver's generic arguments ($db, lsid, $clusterTime, ...;
 * mongodb/mongo src/mongo/idl/generic_argument.idl).
 */
import type { Db } from "mongodb";
import type { MongoDatabaseSpec } from "../../../catalog";
import { type DesiredCollection, desiredCollections } from "./desired";
import { type CollectionsPlan, type Command, type ObservedCollection, parseListCollections, parseListIndexes, planCollections } from "./plan";

export type Mode = "apply" | "check";

export interface CollectionsOutcome {
  /** What differed before anything was sent. */
  readonly before: CollectionsPlan;
  /** The commands sent (apply), in order; [] in check mode. */
  readonly sent: readonly Command[];
  /** What differs after apply (only findings a human must resolve, if all went well); = before in check mode. */
  readonly after: CollectionsPlan;
}

/** The catalog's collections as the server reports them (missing ones are simply absent). */
export async function observeCollections(db: Db, desired: readonly DesiredCollection[]): Promise<ObservedCollection[]> {
  // Filtered to the catalog's names: the reply fits in the first batch (at most 16 of 101 by default),
  // and collections the platform does not manage are none of its business.
  const reply = await db.command({ listCollections: 1, filter: { name: { $in: desired.map((d) => d.name) } } });
  const observed: ObservedCollection[] = [];
  for (const item of parseListCollections(reply)) {
    const indexes = item.type === "view" ? undefined : parseListIndexes(item.name, await db.command({ listIndexes: item.name }));
    observed.push({ ...item, indexes });
  }
  return observed.sort((a, b) => a.name.localeCompare(b.name));
}

export async function runCollections(db: Db, database: MongoDatabaseSpec, mode: Mode): Promise<CollectionsOutcome> {
  const desired = desiredCollections(database);
  const before = planCollections(desired, await observeCollections(db, desired));
  if (mode === "check") return { before, sent: [], after: before };
  // A collection whose type is wrong gets no command at all (plan.ts); the others are still put in line.
  const sent: Command[] = [];
  for (const step of before.commands) {
    try {
      await db.command(step.command);
    } catch (error) {
      throw new Error(`${database.name}.${step.collection}: ${Object.keys(step.command)[0]} (${step.why}) failed: ${(error as Error).message}; ${sent.length} of ${before.commands.length} commands were sent before it`, { cause: error });
    }
    sent.push(step);
  }
  const after = sent.length === 0 ? before : planCollections(desired, await observeCollections(db, desired));
  return { before, sent, after };
}

/** The report: one line per finding and per command sent; a line to grep for each kind. */
export function renderCollectionsReport(database: string, mode: Mode, outcome: CollectionsOutcome): string {
  const lines: string[] = [];
  const { before, sent, after } = outcome;
  for (const f of before.findings) {
    const tag = f.needsHuman ? "NEEDS A HUMAN" : mode === "check" ? "DRIFT" : "DIFFERED";
    lines.push(`${tag} ${database}.${f.collection}: ${f.what}: expected ${f.expected}, observed ${f.observed}`);
  }
  for (const s of sent) lines.push(`SENT ${database}.${s.collection}: ${Object.keys(s.command)[0]} (${s.why})`);
  if (mode === "apply") for (const c of after.commands) lines.push(`STILL DIFFERENT ${database}.${c.collection}: ${c.why}`);
  const human = after.findings.filter((f) => f.needsHuman).length;
  const remaining = mode === "check" ? after.findings.length : after.commands.length + human;
  lines.push(
    remaining === 0
      ? `${database}: every catalog collection in line (${mode}${mode === "apply" ? `, ${sent.length} command${sent.length === 1 ? "" : "s"} sent` : ""})`
      : `${database}: ${remaining} difference${remaining === 1 ? "" : "s"} left${human > 0 ? `, ${human} for a human (apply never drops or copies data)` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

/** 0: in line; 1: differences remain (check: any drift; apply: anything left, including what needs a human). */
export function exitCode(mode: Mode, outcome: CollectionsOutcome): 0 | 1 {
  if (mode === "check") return outcome.before.findings.length === 0 ? 0 : 1;
  return outcome.after.commands.length === 0 && outcome.after.findings.every((f) => !f.needsHuman) ? 0 : 1;
}
