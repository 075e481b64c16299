import * as authorization from "@pulumi/azure-native/authorization";
import type * as pulumi from "@pulumi/pulumi";

/**
 * An Azure CanNotDelete lock on `target`: it stops deletion from the portal, the CLI or another
 * tool, which Pulumi's `protect` cannot see, and it covers the target's children (a locked server's
 * databases cannot be dropped either). The lock itself is protected, so removing it is a reviewed
 * code change. A lock is a Microsoft.Authorization extension resource, not an operation on the
 * target, so it does not wait in the target's operation queue.
 */
export function deleteLock(name: string, target: pulumi.CustomResource & { readonly id: pulumi.Output<string> }, what: string): authorization.ManagementLockByScope {
  return new authorization.ManagementLockByScope(
    name,
    { scope: target.id, lockName: "genims-cannot-delete", level: authorization.LockLevel.CanNotDelete, notes: `GenIMS production ${what}: remove the lock in code review, not in the portal.` },
    { parent: target, protect: true },
  );
}
