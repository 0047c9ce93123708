/**
 * What a team.members_changed row's before and after member lists differ by, read from history written by many
 * versions of Cardhub: entries without a user id are skipped rather than trusted.
 */
export type TeamMemberChanges = {
  added: { userId: string; manager: boolean }[];
  removed: string[];
  /** Stayed, and became the team's manager. */
  madeManager: string[];
  /** Stayed, and no longer manage it. */
  noLongerManager: string[];
};

function membersOf(side: unknown): Map<string, boolean> {
  const list = side && typeof side === "object" ? (side as { members?: unknown }).members : undefined;
  const entries = Array.isArray(list) ? list : [];
  const members = new Map<string, boolean>();
  for (const entry of entries) {
    const member = entry as { userId?: unknown; manager?: unknown } | null;
    if (typeof member?.userId === "string" && member.userId !== "") members.set(member.userId, member.manager === true);
  }
  return members;
}

export function teamMemberChanges(summary: Record<string, unknown>): TeamMemberChanges {
  const before = membersOf(summary.before);
  const after = membersOf(summary.after);
  const changes: TeamMemberChanges = { added: [], removed: [], madeManager: [], noLongerManager: [] };
  for (const [userId, manager] of after) {
    if (!before.has(userId)) changes.added.push({ userId, manager });
    else if (manager && !before.get(userId)) changes.madeManager.push(userId);
    else if (!manager && before.get(userId)) changes.noLongerManager.push(userId);
  }
  for (const userId of before.keys()) if (!after.has(userId)) changes.removed.push(userId);
  return changes;
}

/** Every person a members change names, for looking their names up. */
export function peopleInTeamMemberChanges(changes: TeamMemberChanges): string[] {
  return [...changes.added.map((member) => member.userId), ...changes.removed, ...changes.madeManager, ...changes.noLongerManager];
}
