import type { AuditLabels } from "@/db/queries/audit-labels";
import { auditSearchString } from "@/lib/audit/search-string";
import type { DescribableEvent } from "./describable-event";
import { listText, plural, recordedObject, recordedString } from "./recorded-values";
import { link, words, type Sentence } from "./sentence";


function rolesText(value: unknown): string | null {
  const roles = Array.isArray(value) ? value.filter((role): role is string => typeof role === "string") : [];
  return roles.length > 0 ? listText(roles) : null;
}

/** The teams a row gave a person, by name as they are called now: "Operations (manager) and Marketing"; null for none. */
function teamsText(value: unknown, labels: AuditLabels): string | null {
  const entries = Array.isArray(value) ? value.map((entry) => recordedObject(entry)) : [];
  const names = entries.flatMap((entry) => {
    const teamId = recordedString(entry.teamId);
    if (!teamId) return [];
    const name = labels.teams.get(teamId.toLowerCase())?.name ?? "a team";
    return [entry.manager === true ? `${name} (manager)` : name];
  });
  return names.length > 0 ? listText(names) : null;
}

/** A person's name, linking to everything they did. */
const personLink = (user: { name: string; email: string }) => link(`/audit${auditSearchString({ actor: user.email })}`, user.name);

/** A person a row names by id: their name linking to everything they did, or "a person" when they are not found. */
export function namedPerson(userId: string, labels: AuditLabels): Sentence {
  const user = labels.users.get(userId.toLowerCase());
  return [user ? personLink(user) : "a person"];
}

/** The person an event is about: their name linking to everything they did, or what the row recorded of them. */
export function describePerson(event: DescribableEvent, labels: AuditLabels): Sentence {
  const user = event.targetType === "user" && event.targetId ? labels.users.get(event.targetId) : undefined;
  if (user) return [personLink(user)];
  const after = recordedObject(event.summary.after);
  return [recordedString(after.name) ?? recordedString(after.email) ?? recordedString(event.summary.email) ?? "a person"];
}

/** What an edit of a person changed, in words: "renamed them from “A” to “B” and changed their teams". */
function personChanges(summary: Record<string, unknown>, labels: AuditLabels): string | null {
  const before = recordedObject(summary.before);
  const after = recordedObject(summary.after);
  const parts: string[] = [];
  if (recordedString(before.name) && recordedString(after.name) && before.name !== after.name) parts.push(`renamed them from “${recordedString(before.name)}” to “${recordedString(after.name)}”`);
  const roles = [rolesText(before.roles), rolesText(after.roles)];
  if (roles[0] !== roles[1]) parts.push(`changed their roles from ${roles[0] ?? "none"} to ${roles[1] ?? "none"}`);
  if (JSON.stringify(before.teams ?? null) !== JSON.stringify(after.teams ?? null)) {
    // Rows from before teams were recorded on both sides say only that they changed.
    parts.push(Array.isArray(before.teams) && Array.isArray(after.teams) ? `changed their teams from ${teamsText(before.teams, labels) ?? "none"} to ${teamsText(after.teams, labels) ?? "none"}` : "changed their teams");
  }
  return parts.length > 0 ? listText(parts) : null;
}

const countOf = (value: unknown) => (Array.isArray(value) ? value.length : typeof value === "number" ? value : 0);

/**
 * What a team move carried with the person (lib/users/team-move.ts), as clauses to follow the edit: "; 2 cards and 1
 * waiting request moved with them; 1 request of theirs was withdrawn"; empty when it carried nothing.
 */
function teamMoveText(move: Record<string, unknown>): string {
  const carried = [
    countOf(move.movedCards) > 0 ? plural(countOf(move.movedCards), "card", "cards") : null,
    countOf(move.reroutedRequests) > 0 ? plural(countOf(move.reroutedRequests), "waiting request", "waiting requests") : null,
  ].filter((part): part is string => part !== null);
  const withdrawn = countOf(move.withdrawnRequests);
  return [
    carried.length > 0 ? `; ${listText(carried)} moved with them` : "",
    withdrawn > 0 ? `; ${plural(withdrawn, "request", "requests")} of theirs ${withdrawn === 1 ? "was" : "were"} withdrawn` : "",
  ].join("");
}

/** The form a two-factor code was typed in (the row's stage), as the end of "was refused …" and "… while …". */
const TWO_FACTOR_FORMS: Record<string, string> = {
  enrollment: "turning on two-factor sign-in",
  disable: "turning off two-factor sign-in",
  recovery_codes: "replacing their two-factor recovery codes",
};

/** A people or two-factor event as a sentence, or null for an action that is not one. */
export function personEventSentence(event: DescribableEvent, labels: AuditLabels, who: Sentence): Sentence | null {
  const s = event.summary;
  const person = describePerson(event, labels);
  const roles = rolesText(recordedObject(s.after).roles);
  const teams = teamsText(recordedObject(s.after).teams, labels);
  const as = `${roles ? ` as ${roles}` : ""}${teams ? `, in ${teams}` : ""}`;
  switch (event.action) {
    case "user.invited":
      return words`${who} invited ${person}${as}.`;
    case "user.created":
      return words`${who} added ${person}${as}.`;
    case "user.updated":
    case "user.roles_changed": {
      const changes = personChanges(s, labels);
      return words`${who} edited ${person}${changes ? `: ${changes}` : ""}${teamMoveText(recordedObject(s.teamMove))}.`;
    }
    case "user.deactivated": {
      const openCards = countOf(s.openCards);
      const withdrawn = countOf(s.withdrawnRequests);
      const stillHeld = openCards > 0 ? `; ${openCards} open ${openCards === 1 ? "card is" : "cards are"} still assigned to them` : "";
      const withdrew = withdrawn > 0 ? `; ${plural(withdrawn, "request", "requests")} by or for them ${withdrawn === 1 ? "was" : "were"} withdrawn` : "";
      return words`${who} deactivated ${person} and ended their sessions${stillHeld}${withdrew}.`;
    }
    case "user.reactivated":
      return words`${who} reactivated ${person}.`;
    case "user.password_reset_issued":
      return words`${who} issued a password reset link for ${person} and ended their sessions.`;
    case "user.invitation_reissued":
      return words`${who} issued a new invitation link for ${person}.`;
    case "user.password_set":
      if (s.via === "own_change") return words`${person} changed their password.`;
      return words`${person} set a password from ${s.via === "invitation" ? "their invitation link" : "a reset link"}.`;
    case "system_operator.granted":
      return words`${who} made ${person} an installation operator.`;
    case "system_operator.revoked":
      return words`${who} removed ${person} from the installation operators.`;
    case "two_factor.enrollment_started":
      return words`${person} started setting up two-factor sign-in.`;
    case "two_factor.enabled":
      return typeof s.recoveryCodesRegenerated === "number" ? words`${person} replaced their two-factor recovery codes.` : words`${person} turned on two-factor sign-in.`;
    case "two_factor.disabled":
      return words`${person} turned off two-factor sign-in.`;
    case "two_factor.reset":
      return words`${who} reset the two-factor sign-in of ${person}.`;
    case "two_factor.recovery_code_used":
      return words`${person} signed in with a recovery code.`;
    case "auth.two_factor_locked":
      return words`${person} typed ${typeof s.wrongCodes === "number" ? String(s.wrongCodes) : "too many"} wrong two-factor codes in a day: their code entry is locked for ${typeof s.lockedHours === "number" ? String(s.lockedHours) : "24"} hours.`;
    case "two_factor.failed": {
      const stage = recordedString(s.stage);
      const form = stage && Object.hasOwn(TWO_FACTOR_FORMS, stage) ? TWO_FACTOR_FORMS[stage] : null;
      if (event.outcome === "denied") return words`${person} was refused ${form ?? "a two-factor form"}${s.reason === "rate_limited" ? " (too many wrong codes)" : ""}.`;
      return words`${person} entered a wrong two-factor code${form ? ` while ${form}` : ""}.`;
    }
    default:
      return null;
  }
}
