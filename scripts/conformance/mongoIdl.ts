/**
 * Checks command documents (and parses replies) against the MongoDB server's own IDL definitions,
 * as excerpted in conformance/mongodb/ (repository, path and commit recorded in each file).
 *
 * What the IDL compiler's generated parsers do and this mirrors (mongodb/mongo
 * buildscripts/idl, the semantics of `strict`, `optional`, `default` and the basic types of
 * src/mongo/db/basic_types.idl): a `strict` struct or command rejects a field it does not
 * declare, except the generic arguments (src/mongo/idl/generic_argument.idl) every command takes;
 * a field without `optional` or `default` is required; `safeInt`/`safeInt64` accept any number
 * that is a whole number (int, long, double), `safeBool` a bool or a number, `bool` only a bool,
 * `long` a whole number; an enum accepts its listed strings. Server-side checks written in C++
 * (callbacks such as validateViewOnNotEmpty, cross-field rules) are not modelled here: the
 * collections planner states the ones it depends on next to the code (scripts/lib/collections).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface IdlField {
  readonly type: string | { readonly variant: readonly string[] };
  readonly optional?: true;
  readonly default?: unknown;
  readonly validator?: { readonly gte?: number; readonly lte?: number; readonly gt?: number; readonly lt?: number };
  readonly ignore?: true;
  /** Our extension for `createIndexes.indexes` (array<object> in the IDL, NewIndexSpec per the IDL's comment). */
  readonly elements?: string;
}

interface IdlStruct {
  readonly strict: boolean;
  readonly fields: Readonly<Record<string, IdlField>>;
}

interface IdlCommand extends IdlStruct {
  readonly namespace: "concatenate_with_db" | "concatenate_with_db_or_uuid" | "ignored";
  readonly inlineChainedStructs?: readonly string[];
  readonly reply?: string;
}

export interface IdlExcerpt {
  readonly repository: string;
  readonly path: string;
  readonly commit: string;
  readonly commands?: Readonly<Record<string, IdlCommand>>;
  readonly structs?: Readonly<Record<string, IdlStruct>>;
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  readonly genericArguments?: readonly string[];
}

export const MONGO_EXCERPT_DIR = path.resolve(__dirname, "../../conformance/mongodb");

export function loadMongoExcerpts(dir: string = MONGO_EXCERPT_DIR): IdlExcerpt[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as IdlExcerpt);
}

/** The server's definitions, merged from every excerpt. */
export class MongoIdl {
  readonly commands = new Map<string, IdlCommand & { source: string }>();
  readonly structs = new Map<string, IdlStruct & { source: string }>();
  readonly enums = new Map<string, readonly string[]>();
  readonly genericArguments = new Set<string>();

  constructor(excerpts: readonly IdlExcerpt[] = loadMongoExcerpts()) {
    for (const e of excerpts) {
      const source = `${e.path}@${e.commit}`;
      for (const [name, c] of Object.entries(e.commands ?? {})) this.commands.set(name, { ...c, source });
      for (const [name, s] of Object.entries(e.structs ?? {})) this.structs.set(name, { ...s, source });
      for (const [name, values] of Object.entries(e.enums ?? {})) this.enums.set(name, values);
      for (const a of e.genericArguments ?? []) this.genericArguments.add(a);
    }
  }

  /** Every problem of a command document as the server's parser would see it; [] = it parses. */
  checkCommand(document: Readonly<Record<string, unknown>>): string[] {
    const [name] = Object.keys(document);
    if (name === undefined) return ["empty command document"];
    const command = this.commands.get(name);
    if (command === undefined) return [`${name}: no IDL excerpt for this command (conformance/mongodb/)`];
    const problems: string[] = [];
    const target = document[name];
    if (command.namespace !== "ignored" && (typeof target !== "string" || target.length === 0)) problems.push(`${name}: the command's value must be the collection name (namespace ${command.namespace}), got ${JSON.stringify(target)}`);
    const fields: Record<string, IdlField> = { ...command.fields };
    for (const chained of command.inlineChainedStructs ?? []) Object.assign(fields, this.struct(chained, problems, name)?.fields ?? {});
    const rest = Object.fromEntries(Object.entries(document).slice(1).filter(([k]) => !this.genericArguments.has(k)));
    problems.push(...this.checkFields(name, { strict: command.strict, fields }, rest));
    return problems;
  }

  /** Checks a value (a reply, a listCollections item) against a named struct. */
  checkStruct(structName: string, value: unknown, at: string = structName): string[] {
    const problems: string[] = [];
    const struct = this.struct(structName, problems, at);
    if (struct === undefined) return problems;
    if (!isDocument(value)) return [`${at}: expected a document (${structName}), got ${describe(value)}`];
    return this.checkFields(at, struct, value);
  }

  private struct(name: string, problems: string[], at: string): IdlStruct | undefined {
    const s = this.structs.get(name);
    if (s === undefined) problems.push(`${at}: struct ${name} is not excerpted (conformance/mongodb/)`);
    return s;
  }

  private checkFields(at: string, struct: IdlStruct, value: Readonly<Record<string, unknown>>): string[] {
    const problems: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      const field = struct.fields[key];
      if (field === undefined) {
        if (struct.strict) problems.push(`${at}.${key}: not a field of the IDL definition (strict: the server refuses unknown fields); valid: ${Object.keys(struct.fields).join(", ")}`);
        continue;
      }
      if (field.ignore) continue;
      problems.push(...this.checkType(`${at}.${key}`, field.type, v, field));
      const n = typeof v === "number" ? v : undefined;
      const bounds = field.validator;
      if (n !== undefined && bounds !== undefined) {
        if (bounds.gte !== undefined && !(n >= bounds.gte)) problems.push(`${at}.${key}: ${n} must be >= ${bounds.gte}`);
        if (bounds.lte !== undefined && !(n <= bounds.lte)) problems.push(`${at}.${key}: ${n} must be <= ${bounds.lte}`);
        if (bounds.lt !== undefined && !(n < bounds.lt)) problems.push(`${at}.${key}: ${n} must be < ${bounds.lt}`);
        if (bounds.gt !== undefined && !(n > bounds.gt)) problems.push(`${at}.${key}: ${n} must be > ${bounds.gt}`);
      }
    }
    for (const [key, field] of Object.entries(struct.fields)) {
      if (field.optional || field.default !== undefined || field.ignore) continue;
      if (!(key in value)) problems.push(`${at}.${key}: required by the IDL definition, missing`);
    }
    return problems;
  }

  private checkType(at: string, type: IdlField["type"], v: unknown, field?: IdlField): string[] {
    if (typeof type !== "string") {
      const attempts = type.variant.map((t) => this.checkType(at, t, v));
      return attempts.some((p) => p.length === 0) ? [] : [`${at}: matches none of ${type.variant.join(" | ")} (${attempts.map((p) => p[0]).join("; ")})`];
    }
    const array = /^array<(.+)>$/.exec(type);
    if (array) {
      if (!Array.isArray(v)) return [`${at}: expected ${type}, got ${describe(v)}`];
      const element = field?.elements ?? array[1]!;
      return v.flatMap((item, i) => this.checkType(`${at}[${i}]`, element, item));
    }
    const whole = (x: unknown) => typeof x === "number" && Number.isInteger(x);
    switch (type) {
      case "string":
      case "namespacestring":
        return typeof v === "string" ? [] : [`${at}: expected a string, got ${describe(v)}`];
      case "bool":
        return typeof v === "boolean" ? [] : [`${at}: expected a bool, got ${describe(v)}`];
      case "safeBool":
        return typeof v === "boolean" || typeof v === "number" ? [] : [`${at}: expected a bool or a number, got ${describe(v)}`];
      case "int":
      case "long":
      case "safeInt":
      case "safeInt64":
        return whole(v) ? [] : [`${at}: expected a whole number (${type}), got ${describe(v)}`];
      case "safeDouble":
        return typeof v === "number" ? [] : [`${at}: expected a number, got ${describe(v)}`];
      case "object":
      case "object_owned":
        return isDocument(v) ? [] : [`${at}: expected a document, got ${describe(v)}`];
      case "uuid":
        return v !== null && typeof v === "object" && (v as { sub_type?: number }).sub_type === 4 ? [] : [`${at}: expected a UUID (BSON binary subtype 4), got ${describe(v)}`];
    }
    const values = this.enums.get(type);
    if (values !== undefined) return typeof v === "string" && values.includes(v) ? [] : [`${at}: ${JSON.stringify(v)} is not a ${type} (valid: ${values.join(", ")})`];
    if (this.structs.has(type)) return this.checkStruct(type, v, at);
    return [`${at}: type ${type} is not excerpted (conformance/mongodb/); the planner does not send it`];
  }
}

function isDocument(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as { _bsontype?: string })._bsontype === undefined;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return `${typeof v} ${JSON.stringify(v)}`;
}
