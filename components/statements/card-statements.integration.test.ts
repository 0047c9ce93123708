import { isValidElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import type { CardModel } from "@/lib/providers/types";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor } from "@/test/session-user";
import { CardStatements } from "./card-statements";

const database = withTestDatabase();
let finance: SessionUser;
let account: { id: string; organizationId: string };

beforeAll(async () => {
  await seedOfflineDemo(database.db());
  const cardepass = (await listProviderAccounts(database.db())).find((item) => item.provider === "cardepass")!;
  account = { id: cardepass.id, organizationId: cardepass.organizationId };
  finance = await sessionUserFor(database.db(), "finance@demo.test");
});

/** The card page's statement section as the server renders it (the section's recent lines are an async component). */
async function sectionOf(cardModel: CardModel): Promise<{ html: string; cardId: string }> {
  const card = await insertCard(database.db(), {
    organizationId: account.organizationId,
    providerAccountId: account.id,
    providerCardId: `card-${cardModel}`,
    cardModel,
    alias: `Ads ${cardModel}`,
    currency: "USD",
    status: "active",
  });
  const section = CardStatements({ user: finance, card: { ...card, provider: "cardepass" } });
  if (!isValidElement(section)) throw new Error("no statement section");
  const { type, props } = section as ReactElement<object, (props: object) => Promise<ReactElement>>;
  const html = renderToStaticMarkup(await type(props));
  return { html, cardId: card.id };
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the card page's statement of a card with no lines", () => {
  it("a ShareBalance card, which has no ledger of its own, points to the funding account's lines for it", async () => {
    const { html, cardId } = await sectionOf("sharebalance");
    expect(text(html)).not.toContain("No statement lines yet");
    expect(text(html)).toContain("has no ledger of its own: its lines are under Funding account lines for this card");
    const hint = html.slice(html.indexOf("has no ledger of its own"));
    expect(hint).toMatch(new RegExp(`^[^<]*<a [^>]*href="/funding/statements\\?card=${cardId}&amp;source=account"[^>]*>Funding account lines for this card</a>`));
  });

  it("a Standard card, whose own ledger is read, says none are read yet", async () => {
    const { html } = await sectionOf("standard");
    expect(text(html)).toContain("No statement lines yet");
    expect(text(html)).toContain("Statements are read from the provider every 15 minutes and after each order.");
    expect(text(html)).not.toContain("has no ledger of its own");
  });
});
