import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { findCardForView } from "@/db/queries/cards";
import { findRequest, insertRequest, updateRequest, type NewCardRequest } from "@/db/queries/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor } from "@/test/session-user";
import { whyCardRequestNotApprovable } from "./card-request-approvable";
import { decisionsOnPage } from "./list-decisions";
import { whyCannotTakeStep } from "./policy";

const database = withTestDatabase();
const db = () => database.db();

type Who = "employee" | "employee2" | "manager" | "manager2" | "finance";
const people = {} as Record<Who, SessionUser>;
let accountId = "";
const ids: Record<string, string> = {};

/** A waiting request as filing leaves it; `patch` moves it along. */
function waiting(
  requester: SessionUser,
  beneficiary: SessionUser,
  patch: Partial<NewCardRequest> = {},
): NewCardRequest {
  return {
    organizationId: requester.organizationId,
    kind: "new_card",
    steps: ["team_manager"],
    awaiting: "team_manager",
    requesterUserId: requester.id,
    beneficiaryUserId: beneficiary.id,
    teamId: beneficiary.teamIds[0]!,
    providerAccountId: accountId,
    currency: "USD",
    threshold: 100_000n,
    requested: { amount: "1500" },
    approved: { amount: "1500" },
    details: { kind: "cardopenapi", productId: "P1", alias: "Trade fair" },
    purpose: "List decisions",
    ...patch,
  };
}

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  for (const who of ["employee", "employee2", "manager", "manager2", "finance"] as const)
    people[who] = await sessionUserFor(db(), `${who}@demo.test`);
  const { employee: eli, employee2: emma, manager: omar } = people;
  const frozen = await insertCard(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    cardModel: "prepaid",
    ownerUserId: eli.id,
    teamId: eli.teamIds[0],
    alias: "Eli – Travel",
    currency: "USD",
    status: "frozen",
    balance: 1000n,
  });
  const requests: Record<string, NewCardRequest> = {
    operations: waiting(eli, eli),
    marketing: waiting(emma, emma),
    // Approved by the Operations manager at step 1; finance takes step 2.
    financeStep: waiting(eli, eli, {
      steps: ["team_manager", "finance"],
      currentStep: 1,
      awaiting: "finance",
      lastApproverUserId: omar.id,
    }),
    // The team's only manager filed it for himself: nobody may take its manager step, so finance stands in.
    standIn: waiting(omar, omar),
    frozenTopUp: waiting(eli, eli, {
      kind: "top_up",
      cardId: frozen.id,
      providerAccountId: null,
      details: {},
      requested: { amount: "2500" },
      approved: { amount: "2500" },
    }),
    done: waiting(eli, eli, { status: "done", awaiting: null, currentStep: 1 }),
    movesOn: waiting(eli, eli, { steps: ["team_manager", "finance"] }),
  };
  for (const [name, values] of Object.entries(requests)) ids[name] = (await insertRequest(db(), values)).id;
});

const decided = async (who: Who) => decisionsOnPage(db(), people[who], Object.values(ids));
const names = (decisions: Map<string, unknown>) =>
  Object.entries(ids)
    .flatMap(([name, id]) => (decisions.has(id) ? [name] : []))
    .sort();

describe("the requests list's decisions (who may decide which row now)", () => {
  it("offers a manager their own team's waiting manager steps only", async () => {
    expect(names(await decided("manager"))).toEqual(["frozenTopUp", "movesOn", "operations"]);
    expect(names(await decided("manager2"))).toEqual(["marketing"]);
  });

  it("offers finance the finance steps, and the manager steps it stands in for", async () => {
    const decisions = await decided("finance");
    expect(names(decisions)).toEqual(["financeStep", "standIn"]);
    expect(decisions.get(ids.financeStep!)).toMatchObject({ step: 1, stepCount: 2, approveBlockedBy: null });
    // Finance standing in is followed by a second finance member: the request page counts that step too.
    expect(decisions.get(ids.standIn!)).toMatchObject({ step: 0, stepCount: 2 });
  });

  it("never offers an employee anything, and reads nothing for them", async () => {
    const recorder = recordingDb(getConnection().pool);
    for (const who of ["employee", "employee2"] as const) {
      const statements = await recorder.record(async () =>
        expect((await decisionsOnPage(recorder.db, people[who], Object.values(ids))).size).toBe(0),
      );
      expect(statements).toHaveLength(0);
    }
  });

  it("offers only rejecting where the request page would block approval, with the page's reason", async () => {
    const decision = (await decided("manager")).get(ids.frozenTopUp!);
    expect(decision?.approveBlockedBy).toBe(
      "The card is frozen, so it cannot be topped up until it is unfrozen.",
    );
    expect((await decided("manager")).get(ids.operations!)).toMatchObject({
      step: 0,
      stepCount: 1,
      approveBlockedBy: null,
    });
  });

  it("offers nothing on a step that moved on, and the next step to its approver", async () => {
    expect((await decided("manager")).get(ids.movesOn!)).toMatchObject({ step: 0, stepCount: 2 });
    await updateRequest(db(), ids.movesOn!, {
      currentStep: 1,
      awaiting: "finance",
      lastApproverUserId: people.manager.id,
    });
    expect((await decided("manager")).has(ids.movesOn!)).toBe(false);
    expect((await decided("finance")).get(ids.movesOn!)).toMatchObject({ step: 1, stepCount: 2 });
    await updateRequest(db(), ids.movesOn!, {
      currentStep: 0,
      awaiting: "team_manager",
      lastApproverUserId: null,
    });
  });

  it("agrees, row by row, with the request page's rule for every viewer", async () => {
    for (const who of Object.keys(people) as Who[]) {
      const decisions = await decided(who);
      for (const [name, id] of Object.entries(ids)) {
        const request = (await findRequest(db(), id))!;
        const mayDecide = (await whyCannotTakeStep(db(), people[who], request)) === null;
        expect(decisions.has(id), `${who} on ${name}`).toBe(mayDecide);
        if (!mayDecide) continue;
        const card = request.cardId ? await findCardForView(db(), request.cardId) : null;
        const blocked =
          card && request.kind !== "new_card"
            ? whyCardRequestNotApprovable({ ...request, kind: request.kind }, card)
            : null;
        expect(decisions.get(id)?.approveBlockedBy, `${who} on ${name}`).toBe(blocked);
      }
    }
  });

  it("reads a whole page in one statement", async () => {
    const recorder = recordingDb(getConnection().pool);
    const statements = await recorder.record(() =>
      decisionsOnPage(recorder.db, people.finance, Object.values(ids)),
    );
    expect(statements).toHaveLength(1);
  });
});
