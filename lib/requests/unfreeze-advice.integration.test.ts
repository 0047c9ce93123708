import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findCardForView } from "@/db/queries/cards";
import { findRequest } from "@/db/queries/requests";
import { cards } from "@/db/schema/cards";
import { userRoles } from "@/db/schema/users";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { createRequestSchema } from "./schemas";
import { unfreezeAdvice } from "./unfreeze-advice";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** An active prepaid card of this person holding `balance` (minor units): what unfreezing it would release. */
async function cardOf(user: SessionUser, balance: bigint): Promise<string> {
  const id = await activeCardOf(db(), { user, providerAccountId: accountId });
  await db().update(cards).set({ balance }).where(eq(cards.id, id));
  return id;
}

/** What the freeze confirmation tells this viewer about the card, as its page reads it. */
const adviceFor = async (viewer: SessionUser, cardId: string) => unfreezeAdvice(db(), viewer, (await findCardForView(db(), cardId))!);

/** The route the holder's unfreeze request takes once the card is frozen: what the confirmation described. */
async function routeOnceFrozen(holder: SessionUser, cardId: string) {
  await db().update(cards).set({ status: "frozen" }).where(eq(cards.id, cardId));
  const { requestId } = await createRequest(db(), holder, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Travelling next week" }));
  return (await findRequest(db(), requestId))!.steps;
}

describe("the freeze confirmation says who approves the unfreeze request the holder would file", () => {
  it("an employee's card releasing less than the threshold: their team's manager alone, as filing then routes it", async () => {
    const eli = await as("employee");
    const cardId = await cardOf(eli, 10_000n);
    expect(await adviceFor(eli, cardId)).toBe("To use it again, ask for it with an unfreeze request: your team's manager approves it. Finance can also unfreeze it directly.");
    // The team's manager freezing it is told that they approve it; finance, that they unfreeze it themselves.
    expect(await adviceFor(await as("manager"), cardId)).toBe(
      "To use it again, Eli Employee asks for it with an unfreeze request: you approve it as their team's manager. Finance can also unfreeze it directly.",
    );
    expect(await adviceFor(await as("finance"), cardId)).toBe("You can unfreeze it from this page at any time.");
    expect(await routeOnceFrozen(eli, cardId)).toEqual(["team_manager"]);
  });

  it("a card releasing the threshold or more: the manager, then a finance member, as filing then routes it", async () => {
    const eli = await as("employee");
    const cardId = await cardOf(eli, 150_000n);
    expect(await adviceFor(eli, cardId)).toBe(
      "To use it again, ask for it with an unfreeze request: your team's manager approves it, then a finance member. Finance can also unfreeze it directly.",
    );
    expect(await routeOnceFrozen(eli, cardId)).toEqual(["team_manager", "finance"]);
  });

  it("a card naming no team: routed through the holder's first team, whose manager approves, as filing then routes it", async () => {
    const eli = await as("employee");
    const cardId = await cardOf(eli, 10_000n);
    await db().update(cards).set({ teamId: null }).where(eq(cards.id, cardId));
    expect(eli.teamIds.length).toBeGreaterThan(0);
    expect(await adviceFor(await as("manager"), cardId)).toBe(
      "To use it again, Eli Employee asks for it with an unfreeze request: you approve it as their team's manager. Finance can also unfreeze it directly.",
    );
    // Another team's manager is not one who approves it.
    expect(await adviceFor(await as("manager2"), cardId)).toBe(
      "To use it again, Eli Employee asks for it with an unfreeze request: their team's manager approves it. Finance can also unfreeze it directly.",
    );
    expect(await routeOnceFrozen(eli, cardId)).toEqual(["team_manager"]);
  });

  it("a manager's own card: finance approves, as filing then routes it", async () => {
    const omar = await as("manager");
    const cardId = await cardOf(omar, 10_000n);
    expect(await adviceFor(omar, cardId)).toBe("To use it again, ask for it with an unfreeze request: a finance member approves it. Finance can also unfreeze it directly.");
    expect(await routeOnceFrozen(omar, cardId)).toEqual(["finance"]);
  });

  it("a team with no manager who could approve: two finance members, finance standing in", async () => {
    const emma = await as("employee2");
    const cardId = await cardOf(emma, 10_000n);
    const mia = await as("manager2");
    await db().delete(userRoles).where(eq(userRoles.userId, mia.id));
    try {
      expect(await adviceFor(emma, cardId)).toBe(
        "To use it again, ask for it with an unfreeze request: your team has no manager who could approve it, so two finance members do. Finance can also unfreeze it directly.",
      );
    } finally {
      await db().insert(userRoles).values({ userId: mia.id, role: "manager" });
    }
    expect(await adviceFor(emma, cardId)).toBe("To use it again, ask for it with an unfreeze request: your team's manager approves it. Finance can also unfreeze it directly.");
  });
});
