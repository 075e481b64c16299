/**
 * Stack configs for scenarios: a committed stack file with an edit of its `genims:` values, run
 * offline (the real program under mocks) and ready for the emulator. Shared by the lifecycle
 * scenarios and the day-2 guide.
 */
import { type Catalog, GENIMS_CATALOG } from "../catalog";
import { readNamespace } from "../config/load";
import { type ProgramRun, runGenims, stackConfig, toRuntimeConfig } from "../scripts/lib/offline";

export type StackValues = Record<string, unknown>;
export type ServerValues = Record<string, Record<string, unknown>>;

/** The committed stack file's config with `edit` applied to its decoded `genims:` values. */
export function configWith(stack: string, edit: (values: StackValues) => void = () => {}): Record<string, string> {
  const config = stackConfig(stack);
  const values = JSON.parse(JSON.stringify(readNamespace(config))) as StackValues;
  edit(values);
  return { ...config, ...toRuntimeConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [`genims:${key}`, value]))) };
}

/** The program run of a stack with an edit (and, for catalog changes, another catalog). */
export function runWith(stack: string, edit: (values: StackValues) => void = () => {}, catalog: Catalog = GENIMS_CATALOG): Promise<ProgramRun> {
  return runGenims(stack, configWith(stack, edit), catalog);
}

export const postgresServers = (values: StackValues) => values.postgresServers as ServerValues;
export const mysqlServers = (values: StackValues) => values.mysqlServers as ServerValues;
