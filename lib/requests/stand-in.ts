import type { RequestEventRow } from "@/db/queries/requests";

/**
 * Whether a decision was finance taking the team manager's step because the team had no manager who could (see
 * financeStandsIn in policy.ts): recorded on the event as acted_as "finance". whyApprovalsLapsed then holds such an
 * approval to the finance role, and the timeline says why finance took it.
 */
export function tookStepAsFinance(event: Pick<RequestEventRow, "actedAs">): boolean {
  return event.actedAs === "finance";
}

/** The timeline's words for such a decision; its audit row records takenBy "finance", reason "team_without_manager". */
export const STAND_IN_SENTENCE = "Taken by finance in place of the team's manager: the team had no manager who could approve it.";
