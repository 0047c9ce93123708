import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import { ROLE_GRANTS } from "@/lib/auth/permissions";

/**
 * A statement names and links each line's card (StatementList, the CSV's card_id and card_alias) without asking, card
 * by card, whether the reader may see it. That holds only while every role that reads statements (funding.view,
 * resolveStatementScope) sees every card of the organisation. A role given funding.view without card.view "all" must
 * first have the statement's card names filtered by card.view.
 */
function statementReadersSeeEveryCard(grants: typeof ROLE_GRANTS): Role[] {
  return (Object.keys(grants) as Role[]).filter((role) => (grants[role]["funding.view"]?.length ?? 0) > 0 && !grants[role]["card.view"]?.includes("all"));
}

describe("who reads a statement's card names", () => {
  it("every role that reads statements sees every card", () => {
    expect(statementReadersSeeEveryCard(ROLE_GRANTS), "roles reading statements that do not see every card").toEqual([]);
  });

  it("would name a role that reads statements but not every card", () => {
    const managerReadsFunding = { ...ROLE_GRANTS, manager: { ...ROLE_GRANTS.manager, "funding.view": ["all"] } } as typeof ROLE_GRANTS;
    expect(statementReadersSeeEveryCard(managerReadsFunding)).toEqual(["manager"]);
  });
});
