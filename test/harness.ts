/**
 * The tests' mock harness is the offline runner, a product feature that lives with the scripts
 * (`scripts/lib/offline.ts`); this re-export keeps every test's import unchanged.
 */
export * from "../scripts/lib/offline";
