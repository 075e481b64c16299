/**
 * `npm run verify -- <stack>`: after `pulumi up`, every login of the access model connects to the
 * databases of its stack and shows that the servers do exactly what the model says. See
 * docs/verification.md "Verifying a deployment". The expected side is this commit's access model (the stack file
 * validated against the catalog, as `pulumi up` computed it); the stack's `accessMatrix` output is
 * compared with it first, so a run against a stack deployed from another commit says so.
 */
import { isDeepStrictEqual } from "node:util";
import { accessMatrix } from "../../../access/matrix";
import { type AccessModel, accessModel, type LoginUse, loginUses } from "../../../access/model";
import { GENIMS_CATALOG } from "../../../catalog";
import { readNamespace } from "../../../config/load";
import { validateEnvironment } from "../../../config/validate";
import { secretName } from "../../../stacks/access";
import { stackConfig } from "../offline";
import type { Environment } from "../../../config/environment";
import { type Credential, parseConnectionString, type SecretSource, type StackOutputs } from "./inputs";
import { verifyAtlas, verifyCollections } from "./mongo";
import { verifyMysqlServer } from "./mysql";
import { type VerifyContext, verifyPostgresServer } from "./postgres";
import { Redactor } from "./redact";
import { type CheckResult, renderReport, Results } from "./report";
import type { TrustedCas } from "./tls";

export type Engine = "postgresql" | "mysql" | "mongodb";
export const ENGINES: readonly Engine[] = ["postgresql", "mysql", "mongodb"];

export interface VerifyOptions {
  readonly stack: string;
  readonly outputs: StackOutputs;
  readonly secrets: SecretSource;
  readonly cas: TrustedCas;
  /** Engines to verify; the others are reported as skipped. Default: all three. */
  readonly engines?: readonly Engine[];
  /** Shared with the caller, so that whatever it prints is redacted too. */
  readonly redactor?: Redactor;
  /**
   * The expected side, when it is not this commit's model of `stack` (tests of day-2 steps, e.g. a
   * module removed or a principal renamed, verify against the model after the step).
   */
  readonly model?: AccessModel;
  /**
   * Also verify restored servers not yet cut over, as their sources' logins with the vault's
   * passwords: what the cutover will hand to the applications (`--restored`, `--cutover-gate`).
   */
  readonly restored?: RestoredCheck;
}

/** Which restored servers to verify before their cutover, and how. */
export interface RestoredCheck {
  /** Restored server names; default every one not yet cut over. */
  readonly servers?: readonly string[];
  /**
   * Those servers only: not the serving servers, not Atlas, not the accessMatrix output (the gate
   * before a cutover's `pulumi up`, which must not need the source: it may be the region that is down).
   */
  readonly only?: boolean;
  /**
   * A sign-in refused for its password is expected and reported, not a deviation: the restore
   * point predates the last rotation, and the cutover sets new passwords on the restored server
   * (stacks/access.ts). Everything else the login would show is then not checked.
   */
  readonly stalePasswordsExpected?: boolean;
}

/** This commit's stack file of `stack`, validated against the catalog: the expected side of every check. */
export function stackEnvironment(stack: string): Environment {
  return validateEnvironment(stack, readNamespace(stackConfig(stack)), GENIMS_CATALOG);
}

/** Restored servers the stack file cuts over that the deployed stack has not cut over yet (the `--cutover-gate` list), or why it cannot say. */
export function pendingCutovers(env: Pick<Environment, "postgres" | "mysql">, outputs: StackOutputs): { servers: string[]; problems: string[] } {
  const servers: string[] = [];
  const problems: string[] = [];
  for (const placement of [...env.postgres.servers, ...env.mysql.servers]) {
    const restore = placement.restore;
    if (restore?.cutover !== true) continue;
    const deployed = (outputs.restores ?? []).find((r) => r.name === restore.serverName);
    if (deployed === undefined) problems.push(`${restore.serverName}: the stack file cuts over to it, but the deployed stack has no such restore (deploy the restore and its adoption first)`);
    else if (!deployed.cutover) servers.push(restore.serverName);
  }
  return { servers, problems };
}

/** A sign-in refused for its password, before a cutover: expected (see `RestoredCheck.stalePasswordsExpected`). */
function staleSignInExpected(result: CheckResult): CheckResult {
  if (result.ok || !/^connect over TLS/.test(result.check) || !/password authentication failed|Access denied for user/.test(result.actual)) return result;
  return { ...result, actual: `${result.actual} (expected before the cutover, which sets a new password)`, ok: true };
}

export interface VerifyOutcome {
  readonly results: Results;
  /** The report, redacted. */
  readonly report: string;
}

const STACK = "(stack)";

/** Reads every login's connection string; returns them per (engine, server, login), checked for agreement. */
async function readCredentials(uses: readonly LoginUse[], options: VerifyOptions, context: VerifyContext): Promise<Map<string, Credential>> {
  const byLogin = new Map<string, Credential>();
  const checked = new Map<string, number>();
  for (const use of uses) {
    const name = secretName(use);
    const value = await options.secrets.get(name);
    const where = use.engine === "mongodb" ? use.database : `${use.server} (server)`;
    if (value === undefined) {
      context.results.add(where, use.login, `secret ${name} in ${options.secrets.description}`, "present", "missing");
      continue;
    }
    let credential: Credential;
    try {
      credential = parseConnectionString(value);
    } catch (error) {
      context.results.add(where, use.login, `secret ${name}`, "a connection string", (error as Error).message, false);
      continue;
    }
    if (credential.password.length > 0) context.redactor.add(credential.password);
    const names = `${credential.login} @ ${credential.database}`;
    // Listed only when wrong: 60 rows of "the secret is what its name says" would hide the rest.
    if (names !== `${use.login} @ ${use.database}`) context.results.add(where, use.login, `secret ${name}: login and database`, `${use.login} @ ${use.database}`, names);
    else checked.set(where, (checked.get(where) ?? 0) + 1);
    const key = `${use.engine}/${use.server}/${use.login}`;
    const seen = byLogin.get(key);
    if (seen === undefined) byLogin.set(key, credential);
    else if (seen.password !== credential.password || seen.host !== credential.host || seen.port !== credential.port) {
      // One login has one password per server: a secret that differs was not updated by the last rotation.
      context.results.add(where, use.login, `secret ${name} agrees with the login's other secrets (host, port, password)`, "same", "different", false);
    }
  }
  for (const [where, count] of checked) context.results.add(where, "-", `vault secrets naming their own login and database (${options.secrets.description})`, String(count), String(count));
  return byLogin;
}

export async function verifyStack(options: VerifyOptions): Promise<VerifyOutcome> {
  const redactor = options.redactor ?? new Redactor();
  const context: VerifyContext = { results: new Results(), redactor, cas: options.cas };
  const engines = options.engines ?? ENGINES;
  // The stack file's placement decides the model; ids set with `pulumi config set` (tenant, Entra
  // admin, Atlas org) do not, so the offline examples standing in for them change nothing here,
  // and the stack's own accessMatrix output is compared with this model first.
  const model = options.model ?? accessModel(stackEnvironment(options.stack));
  const matrix = accessMatrix(model);
  const { results } = context;

  const only = options.restored?.only === true;
  if (!only) results.add(STACK, "-", "accessMatrix output equals this commit's access model", "equal", isDeepStrictEqual(JSON.parse(JSON.stringify(matrix)), options.outputs.accessMatrix) ? "equal" : "different (deployed from another commit, or not yet deployed)");
  const fqdn = new Map(options.outputs.servers.map((s) => [`${s.engine}/${s.name}`, s.fqdn]));
  // After a cutover the restored server serves: the connection strings name it.
  const restores = options.outputs.restores ?? [];
  for (const restore of restores.filter((r) => r.cutover)) fqdn.set(`${restore.engine}/${restore.source}`, restore.fqdn);
  for (const engine of ENGINES) if (!engines.includes(engine)) results.add(STACK, "-", `${engine}`, "verified", "skipped (--engines)", true);

  const uses = loginUses(model).filter((u) => engines.includes(u.engine));
  const credentials = await readCredentials(uses, options, context);
  const passwords = (engine: Engine, server: string) => new Map([...credentials].filter(([k]) => k.startsWith(`${engine}/${server}/`)).map(([, c]) => [c.login, c.password]));
  const endpoint = (engine: Engine, server: string, defaultPort: number) => {
    const credential = [...credentials].find(([k]) => k.startsWith(`${engine}/${server}/`))?.[1];
    const expectedHost = fqdn.get(`${engine}/${server}`);
    const serving = restores.find((r) => r.cutover && r.engine === engine && r.source === server);
    const check = serving === undefined ? "connection strings point at the server's fqdn output" : `connection strings point at the restored server ${serving.name} (cut over)`;
    if (credential !== undefined) results.add(`${server} (server)`, "-", check, expectedHost ?? "(not in outputs)", credential.host);
    return { host: credential?.host ?? expectedHost ?? server, port: credential?.port ?? defaultPort };
  };
  const guard = async (where: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      results.add(where, "-", "verification ran to the end", "yes", `stopped: ${redactor.redact((error as Error).message ?? String(error))}`, false);
    }
  };

  if (engines.includes("postgresql") && !only) {
    for (const access of model.postgres) {
      const server = access.server.serverName;
      await guard(`${server} (server)`, () => verifyPostgresServer({ access, matrix: matrix.filter((e) => e.engine === "postgresql" && e.server === server), ...endpoint("postgresql", server, 5432), passwords: passwords("postgresql", server) }, context));
    }
  }
  if (engines.includes("mysql") && !only) {
    for (const access of model.mysql) {
      const server = access.server.serverName;
      await guard(`${server} (server)`, () => verifyMysqlServer({ access, ...endpoint("mysql", server, 3306), passwords: passwords("mysql", server) }, context));
    }
  }
  // Before a cutover: the restored servers, as the applications would find them after it.
  const restoredCheck = options.restored;
  const pending = restoredCheck === undefined ? [] : restores.filter((r) => !r.cutover && engines.includes(r.engine) && (restoredCheck.servers === undefined || restoredCheck.servers.includes(r.name)));
  if (restoredCheck !== undefined && pending.length === 0) results.add(STACK, "-", "restored servers awaiting cutover", "at least one", "none", true);
  for (const restore of pending) {
    const where = `${restore.name} (restored from ${restore.source}, before cutover)`;
    const onRestored: VerifyContext = { ...context, results: results.on(restore.name, restoredCheck?.stalePasswordsExpected === true ? staleSignInExpected : undefined) };
    const target = { host: restore.fqdn, port: restore.engine === "postgresql" ? 5432 : 3306, passwords: passwords(restore.engine, restore.source) };
    if (restore.engine === "postgresql") {
      const access = model.postgres.find((a) => a.server.serverName === restore.source);
      if (access === undefined) continue;
      await guard(where, () => verifyPostgresServer({ access: { ...access, server: { ...access.server, serverName: restore.name } }, matrix: matrix.filter((e) => e.engine === "postgresql" && e.server === restore.source), ...target }, onRestored));
    } else {
      const access = model.mysql.find((a) => a.server.serverName === restore.source);
      if (access === undefined) continue;
      await guard(where, () => verifyMysqlServer({ access: { ...access, server: { ...access.server, serverName: restore.name } }, ...target }, onRestored));
    }
  }
  if (engines.includes("mongodb") && !only) {
    const connectionStrings = new Map([...credentials].filter(([k]) => k.startsWith("mongodb/")).map(([, c]) => [c.login, c.url]));
    await guard(model.atlas.database, () => verifyAtlas({ access: model.atlas, connectionStrings }, context));
    await guard(model.atlas.database, () => verifyCollections({ access: model.atlas, connectionStrings, catalog: GENIMS_CATALOG.mongo }, context));
  }
  return { results, report: redactor.redact(renderReport(results.all)) };
}
