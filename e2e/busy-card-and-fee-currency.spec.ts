import { expect, test, type Browser, type Page } from "./fixtures/test";
import { uniquePrefix, withE2eClient } from "./fixtures/cards-db";
import { storageStateFor, type DemoRole } from "./fixtures/roles";

const prefix = uniquePrefix("BusyFee");
const SHOTS = ".data/e2e/shots/busy-card-and-fee-currency";

async function as(browser: Browser, role: DemoRole, width = 1280): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), viewport: { width, height: width > 600 ? 900 : 844 } });
  return context.newPage();
}

/** A Cardepass Standard card of Eli's (Operations) in `currency`, inserted as a sync would find it; of `productId` if given. */
async function insertCard(alias: string, currency: string, balance: number, productId: string | null = null): Promise<string> {
  return withE2eClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into cards (organization_id, provider_account_id, provider_card_id, card_model, owner_user_id, team_id, alias, masked_number, last4, currency, status, balance, product_id)
       select a.organization_id, a.id, $1, 'standard', u.id, t.id, $1, '436797******4242', '4242', $2, 'active', $3, $4::uuid
         from provider_accounts a
         join users u on lower(u.email) = 'employee@demo.test'
         join teams t on t.organization_id = a.organization_id and t.name = 'Operations'
        where a.provider = 'cardepass'
        order by a.created_at limit 1
       returning id`,
      [alias, currency, balance, productId],
    );
    return rows[0]!.id;
  });
}

/** A Cardepass product of this spec's own whose last charged top-up fee was $1.00 (as a settled JPY top-up teaches it). */
async function insertProductWithUsdTopUpFee(): Promise<string> {
  return withE2eClient(async (client) => {
    const fees = { "standard:topup": { currency: "USD", fixed: "100", ratePpm: 0, source: "last_charged", observedAt: "2026-11-30T09:12:00.000Z" } };
    const { rows } = await client.query<{ id: string }>(
      `insert into products (provider_account_id, provider_product_id, name, card_models, currencies, fees)
       select a.id, $1, $1, array['standard'], array['JPY'], $2::jsonb
         from provider_accounts a where a.provider = 'cardepass' order by a.created_at limit 1
       returning id`,
      [`${prefix}-JPY`, JSON.stringify(fees)],
    );
    return rows[0]!.id;
  });
}

/** An order on the card, as the app writes them; `nextCheckAt` far away keeps the worker off an open one. */
async function insertOrder(cardId: string, values: { type: string; status: string; amount: number; currency: string; fee?: number; feeCurrency?: string }): Promise<string> {
  return withE2eClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into provider_orders (organization_id, provider_account_id, card_id, type, status, amount, currency, fee, fee_currency, request, completed_at, next_check_at, created_by_user_id)
       select c.organization_id, c.provider_account_id, c.id, $2::text, $3::text, $4::bigint, $5::text, $6::bigint, $7::text, jsonb_build_object('type', $2::text, 'amount', $4::text),
              case when $3::text = 'completed' then now() end, case when $3::text = 'completed' then null else now() + interval '1 day' end,
              (select id from users where lower(email) = 'finance@demo.test')
         from cards c where c.id = $1
       returning id`,
      [cardId, values.type, values.status, values.amount, values.currency, values.fee ?? null, values.feeCurrency ?? null],
    );
    return rows[0]!.id;
  });
}

/**
 * Eli's approved $20.00 top-up that the executor claimed and left waiting for the card's other open change: executing,
 * nothing placed under its key, its next look far away so the worker leaves it as it is.
 */
async function insertWaitingRequest(cardId: string): Promise<string> {
  return withE2eClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into card_requests (organization_id, kind, status, steps, current_step, requester_user_id, beneficiary_user_id, team_id, card_id,
                                  provider_account_id, currency, policy_amount, threshold, requested, approved, purpose, last_approver_user_id, next_check_at, card_busy_since)
       select c.organization_id, 'top_up', 'executing', array['team_manager'], 1, c.owner_user_id, c.owner_user_id, c.team_id, c.id,
              c.provider_account_id, 'USD', 2000, 50000, '{"amount":"2000"}', '{"amount":"2000"}', $2,
              (select id from users where lower(email) = 'manager@demo.test'), now() + interval '1 day', now()
         from cards c where c.id = $1
       returning id`,
      [cardId, `${prefix} taxis`],
    );
    await client.query("update card_requests set order_id = id where id = $1", [rows[0]!.id]);
    return rows[0]!.id;
  });
}

test.describe("a fee charged in another currency than the card's", () => {
  test("the card page's provider requests show a JPY top-up in yen and its USD fee in dollars", async ({ browser }) => {
    const cardId = await insertCard(`${prefix} JPY`, "JPY", 12_000);
    await insertOrder(cardId, { type: "topup", status: "completed", amount: 2000, currency: "JPY", fee: 100, feeCurrency: "USD" });
    for (const width of [1280, 390]) {
      const finance = await as(browser, "finance", width);
      await finance.goto(`/cards/${cardId}`);
      const requests = finance.getByRole("region", { name: "Provider requests" });
      await expect(requests).toContainText("¥2,000");
      await expect(requests).toContainText("$1.00");
      await expect(requests).not.toContainText("¥1");
      await requests.scrollIntoViewIfNeeded();
      await finance.screenshot({ path: `${SHOTS}/jpy-card-usd-fee-${width}.png`, fullPage: true });
      await finance.context().close();
    }
  });
});

test.describe("a top-up of a JPY card whose fee is charged in USD, before money moves", () => {
  test("the top-up dialog shows the yen amount and the dollar fee apart, never added together", async ({ browser }) => {
    const cardId = await insertCard(`${prefix} JPY top-up`, "JPY", 12_000, await insertProductWithUsdTopUpFee());
    for (const width of [1280, 390]) {
      const finance = await as(browser, "finance", width);
      await finance.goto(`/cards/${cardId}`);
      await finance.getByRole("button", { name: "Top up", exact: true }).click();
      const dialog = finance.getByRole("dialog", { name: "Top up card" });
      await dialog.getByLabel("Amount").fill("2000");
      const cost = dialog.locator("#topUp-cost");
      await expect(cost.getByRole("definition").filter({ hasText: "¥2,000" }).first()).toBeVisible();
      await expect(cost).toContainText("$1.00 (charged in USD)");
      await expect(cost.getByRole("term").filter({ hasText: "Fee" })).toContainText("last charged 2026-11-30 09:12 UTC");
      await expect(cost.getByRole("definition").filter({ hasText: "¥2,000 + $1.00" })).toBeVisible();
      // Neither "not known" nor the $1.00 (100 cents) added to the yen as ¥100.
      await expect(cost).not.toContainText("Not known before");
      await expect(cost).not.toContainText("¥2,100");
      await finance.screenshot({ path: `${SHOTS}/jpy-topup-usd-fee-dialog-${width}.png` });
      await finance.context().close();
    }
  });
});

test.describe("an approved request waiting for another change to its card", () => {
  test("its requester can still cancel it, and the page says so", async ({ browser }) => {
    const cardId = await insertCard(`${prefix} Busy`, "USD", 5_000);
    await insertOrder(cardId, { type: "topup", status: "pending", amount: 1000, currency: "USD" });
    const requestId = await insertWaitingRequest(cardId);

    const phone = await as(browser, "employee", 390);
    await phone.goto(`/requests/${requestId}`);
    await expect(phone.getByRole("button", { name: "Cancel request" })).toBeVisible();
    await expect(phone.getByRole("status").filter({ hasText: "Waiting for another change to this card to finish; nothing has been sent to the provider for this request yet." })).toBeVisible();
    // Its badge says it waits, as the text does, not "Executing": nothing has been sent for it.
    const badge = (page: Page) => page.getByRole("main").getByText(/^(Waiting for another change|Executing)$/);
    await expect(badge(phone)).toHaveText("Waiting for another change");
    await phone.screenshot({ path: `${SHOTS}/waiting-request-cancel-390.png`, fullPage: true });
    const listedRow = (page: Page) => page.getByRole("table").getByRole("row").filter({ hasText: `${prefix} taxis` });
    await phone.goto("/requests?tab=mine");
    await expect(listedRow(phone)).toContainText("Waiting for another change");
    await expect(listedRow(phone)).not.toContainText("Executing");
    await listedRow(phone).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SHOTS}/waiting-request-list-390.png` });
    await phone.context().close();

    const employee = await as(browser, "employee");
    // The overview's "Your open requests" reads it the same way.
    await employee.goto("/");
    const openRequest = employee.getByRole("region", { name: "Your open requests" }).getByRole("listitem").filter({ hasText: `${prefix} taxis` });
    await expect(openRequest).toContainText("Waiting for another change");
    await expect(openRequest).not.toContainText("Executing");
    // On the card, the change in progress names its amount: finance's $10.00 top-up, not the employee's $20.00 request.
    await employee.goto(`/cards/${cardId}`);
    await expect(employee.getByRole("main")).toContainText("Top-up of $10.00: waiting for");
    await employee.goto("/requests?tab=mine");
    await expect(listedRow(employee)).toContainText("Waiting for another change");
    await expect(listedRow(employee)).not.toContainText("Executing");
    // The status filter reads it as the badge does: under "Waiting for another change", not under "Executing".
    await employee.getByLabel("Status").selectOption({ label: "Waiting for another change" });
    await expect(employee).toHaveURL(/status=waiting/);
    await expect(listedRow(employee)).toBeVisible();
    await employee.screenshot({ path: `${SHOTS}/waiting-request-list-1280.png` });
    await employee.goto("/requests?tab=mine&status=executing");
    await expect(listedRow(employee)).toHaveCount(0);
    await employee.goto(`/requests/${requestId}`);
    await expect(badge(employee)).toHaveText("Waiting for another change");
    await employee.screenshot({ path: `${SHOTS}/waiting-request-cancel-1280.png`, fullPage: true });
    await employee.getByRole("button", { name: "Cancel request" }).click();
    await employee.getByRole("alertdialog", { name: "Cancel this request?" }).getByRole("button", { name: "Yes, cancel request" }).click();
    await expect(employee.getByRole("main").getByText("Cancelled", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
    await expect(employee.getByRole("status", { name: "Result of the last action" }).filter({ hasText: "You cancelled this request." })).toBeFocused();
    await expect(employee.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
    await employee.screenshot({ path: `${SHOTS}/waiting-request-cancelled-1280.png`, fullPage: true });
    const status = await withE2eClient(async (client) => (await client.query<{ status: string }>("select status from card_requests where id = $1", [requestId])).rows[0]!.status);
    expect(status).toBe("cancelled");
    await employee.context().close();

    // Someone else's sees no Cancel: the manager may not cancel it, as before it was claimed.
    const manager = await as(browser, "manager");
    const other = await insertWaitingRequest(await insertCard(`${prefix} Busy 2`, "USD", 5_000));
    await manager.goto(`/requests/${other}`);
    await expect(manager.getByRole("heading", { name: "Timeline" })).toBeVisible();
    await expect(manager.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
    await manager.context().close();
  });
});
