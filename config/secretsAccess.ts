/**
 * Issue 10 additions to the validated environment: who reads the Key Vault's secrets, and whether
 * the pgaudit extension is created. In their own module so the server-config reshape of
 * `config/validate.ts` merges without touching this.
 */
import type { ConfigIssue } from "./errors";
import { CONFIG_NAMESPACE, GUID, type RawStackConfig } from "./schema";

import type { SecretReader } from "../packages/db-components/lib/types";

export type { SecretReader };

export interface SecretsAndAuditSettings {
  readonly keyVaultSecretReaders: readonly SecretReader[];
  readonly pgauditExtension: boolean;
}

/** Parses the issue-10 keys, pushing one issue per bad entry. */
export function planSecretsAndAudit(raw: Partial<RawStackConfig>, issues: ConfigIssue[]): SecretsAndAuditSettings {
  const readers: SecretReader[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(raw.keyVaultSecretReaders ?? {})) {
    const at = `${CONFIG_NAMESPACE}:keyVaultSecretReaders.${name}`;
    const objectId = value.trim();
    if (!GUID.test(objectId)) {
      issues.push({ path: at, value, problem: `"${value}" is not an Entra object id`, expected: "label: <object id GUID>, e.g. genims-apps: 11111111-1111-1111-1111-111111111111" });
      continue;
    }
    const previous = seen.get(objectId.toLowerCase());
    if (previous !== undefined) {
      issues.push({ path: at, value, problem: `object id ${objectId} is already listed as "${previous}"`, expected: "each principal once" });
      continue;
    }
    seen.set(objectId.toLowerCase(), name);
    readers.push({ name, objectId: objectId.toLowerCase() });
  }
  return { keyVaultSecretReaders: readers, pgauditExtension: raw.pgauditExtension ?? false };
}
