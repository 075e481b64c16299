/**
 * Names moved to `naming/` (a pure module below config and components); this re-export keeps
 * imports from `components/naming` working while other branches merge.
 */
export * from "../naming";
