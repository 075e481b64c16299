/**
 * Reads the stack's `genims:` config from the Pulumi runtime and validates it: the one place
 * the program touches config. Nothing downstream re-reads it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../catalog";
import type { Environment } from "./environment";
import { CONFIG_KEYS, CONFIG_NAMESPACE, type PulumiConfigType } from "./schema";
import { validateEnvironment } from "./validate";

/**
 * Decodes one config value as its key's declared type. Pulumi hands every value to the program
 * as text (structured ones as JSON); a value that does not decode stays text, so the schema
 * reports it with the value the user wrote. Objects and arrays are `JSON.parse`d exactly as
 * `config.requireObject` does (@pulumi/pulumi v3.248.0 `sdk/nodejs/config.ts` line 259,
 * `return <T>JSON.parse(v)`, behind `requireObject` at line 415); reading every `genims:` key
 * here instead of key by key is what lets a misspelled key be reported with its value.
 */
function decode(type: PulumiConfigType | undefined, text: string): unknown {
  // An unknown key (a typo) is shown as written: structured values arrive as JSON text.
  if (type === undefined) return /^[[{]/.test(text) ? decode("array", text) : text;
  if (type === "string") return text;
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (type === "integer") return /^-?[0-9]+$/.test(text.trim()) ? Number(text) : text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The `genims:` keys of the running stack (or of `all`), decoded, without the namespace. */
export function readNamespace(all: Readonly<Record<string, string>> = pulumi.runtime.allConfig()): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const name = fullKey.slice(CONFIG_NAMESPACE.length + 1);
    const spec = (CONFIG_KEYS as Record<string, { pulumiType: PulumiConfigType }>)[name];
    values[name] = decode(spec?.pulumiType, text);
  }
  return values;
}

export function loadEnvironment(catalog: Catalog): Environment {
  return validateEnvironment(pulumi.getStack(), readNamespace(), catalog);
}
