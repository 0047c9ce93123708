/**
 * A team's line on Settings → Teams: its members and managers who can act. A deactivated person may still be listed
 * (until an administrator takes them out) but neither counts as a member nor manages: they cannot sign in, and their
 * manager steps go to finance (lib/requests/policy.ts).
 */
export function teamSummaryText(members: readonly { name: string; manager: boolean; active: boolean }[]): string {
  const active = members.filter((member) => member.active);
  const deactivated = members.length - active.length;
  const managers = active.filter((member) => member.manager).map((member) => member.name);
  const count = `${active.length} member${active.length === 1 ? "" : "s"}${deactivated > 0 ? ` (and ${deactivated} deactivated)` : ""}`;
  return `${count} · managed by ${managers.join(", ") || "nobody yet"}`;
}
