import { listText } from "@/components/audit/recorded-values";

// What an administrator is told about teams and their managers, before and after a change to someone's roles or teams.
// Plain text, with no database access, so the person dialog can word its note in the browser as the choices change.

/** How every note ends: who approves in the meantime, and until when. */
function financeStandsIn(teamCount: number, untilYouName: "one" | "another"): string {
  return `finance approves in the manager's place the requests of ${teamCount === 1 ? "its" : "their"} members until you name ${untilYouName} (Settings → Teams).`;
}

/** What an administrator is told after a change that left teams without a manager; null when it left none. */
export function noManagerNotice(teamNames: readonly string[]): string | null {
  if (teamNames.length === 0) return null;
  const named = `${listText(teamNames)} now ${teamNames.length === 1 ? "has" : "have"} no manager`;
  return `${named}: ${financeStandsIn(teamNames.length, "one")}`;
}

/**
 * Said before an administrator edits or deactivates a person who is the only manager of these teams (from
 * listSoleTeamManagers), so that a team is not left without one unawares; null when they are no team's only manager.
 */
export function soleManagerNote(personName: string, teamNames: readonly string[]): string | null {
  if (teamNames.length === 0) return null;
  const one = teamNames.length === 1;
  return `${personName} is the only manager of ${listText(teamNames)}: once they stop managing ${one ? "it" : "them"}, ${financeStandsIn(teamNames.length, "another")}`;
}

/** Said while the edit's choices (the manager role taken away, or a team no longer managed) would leave these teams without a manager. */
export function leavesWithoutManagerNote(teamNames: readonly string[]): string | null {
  if (teamNames.length === 0) return null;
  return `Saving this leaves ${listText(teamNames)} without a manager: ${financeStandsIn(teamNames.length, "another")}`;
}
