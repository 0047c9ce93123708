import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { updateCard } from "@/db/queries/card-updates";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { toTransaction } from "@/lib/providers/cardepass/transform-ledger";
import { activeCardOf } from "./card-fixtures";
import { sessionUserFor } from "./session-user";

/** The provider card id of the employee's Cardepass card that cardepassV1Row's rows are on. */
const CARD = "cdp_card_1";

/** A /v1/transactions row as cardepass-v1.md shapes it, at LUFTHANSA on the card cardepassCardOfEmployee made. */
export function cardepassV1Row(id: string, type: string, amount: number, at: Date, extra: Record<string, unknown> = {}) {
  return toTransaction({
    id,
    authTime: at.toISOString(),
    settleTime: new Date(at.getTime() + 3_600_000).toISOString(),
    transAmount: { currency: "USD", amount },
    authAmount: { currency: "USD", amount },
    settledAmount: { currency: "USD", amount },
    cardInfo: { cardId: CARD, productCode: "P", productName: "通用卡", cardCurrency: "USD", maskCardNumber: "436797******2419", cardModel: "Standard" },
    authCode: `A-${id}`,
    merchantName: "LUFTHANSA",
    status: "Settled",
    fundsDirection: "Expenditure",
    transactionType: type,
    ...extra,
  });
}

/** The seeded demo's Cardepass account, with an active card of the employee's that the rows above name. */
export async function cardepassCardOfEmployee(db: Db): Promise<{ id: string; organizationId: string }> {
  const employee = await sessionUserFor(db, "employee@demo.test");
  const [cardepass] = await db.select().from(providerAccounts).where(eq(providerAccounts.provider, "cardepass"));
  const account = { id: cardepass!.id, organizationId: cardepass!.organizationId };
  const cardId = await activeCardOf(db, { user: employee, providerAccountId: account.id });
  await updateCard(db, cardId, { providerCardId: CARD });
  return account;
}
