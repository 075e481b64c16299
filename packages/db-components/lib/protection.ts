import * as authorization from "@pulumi/azure-native/authorization";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Resource options for a child that holds no data (a server parameter, a firewall rule, a
 * diagnostic setting, a secret version, a private endpoint, a backup schedule...).
 *
 * Pulumi copies `protect` from the parent when a child leaves it unset
 * (`@pulumi/pulumi` 3.248.0, resource.js: `if (opts.protect === undefined) opts.protect =
 * parent.__protect`), so every child of a protected server, vault or Atlas project would be
 * protected too, and any day-2 removal of one (a firewall rule, a login's secret) would stop
 * with "resource is protected". Only what holds data is protected (the resource group, servers,
 * databases, the vault, the Atlas project and cluster); everything else says so explicitly.
 */
export const HOLDS_NO_DATA = { protect: false } as const;

/**
 * An Azure CanNotDelete lock on `target`: it stops deletion from the portal, the CLI or another
 * tool, which Pulumi's `protect` cannot see, and it covers the target's children (a locked server's
 * databases cannot be dropped either). The lock itself is protected, so removing it is a reviewed
 * code change. A lock is a Microsoft.Authorization extension resource, not an operation on the
 * target, so it does not wait in the target's operation queue.
 *
 * `after` is every sibling the lock must not block: the lock depends on all of them, so Pulumi
 * creates it last and, on a teardown (after unprotecting), deletes it first; without that
 * ordering a destroy races the lock and fails with `ScopeLocked` on whatever it reaches first.
 *
 * What a CanNotDelete lock on a server or vault blocks: "when you apply a lock at a parent scope,
 * all child resources inherit the same lock" (Az.Resources `Set-AzResourceLock` reference), and
 * Resource Manager evaluates it on every management-plane DELETE under the scope. So: dropping a
 * database, removing a firewall rule or a server parameter override, replacing or removing the
 * Entra administrator (a replacement is delete + create), removing a diagnostic setting or a
 * private endpoint connection. It does not cover data-plane calls (a Key Vault secret is deleted
 * through the vault's data plane, MicrosoftDocs/azure-docs#48545). docs/operating.md, "Delete protection",
 * gives the two-step procedure.
 */
export function deleteLock(
  name: string,
  target: pulumi.CustomResource & { readonly id: pulumi.Output<string> },
  what: string,
  after: readonly pulumi.Resource[],
): authorization.ManagementLockByScope {
  return new authorization.ManagementLockByScope(
    name,
    { scope: target.id, lockName: "genims-cannot-delete", level: authorization.LockLevel.CanNotDelete, notes: `GenIMS production ${what}: remove the lock in code review, not in the portal.` },
    { parent: target, protect: true, dependsOn: [...after] },
  );
}
