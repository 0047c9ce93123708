/**
 * The fault suite's stand-in for the web server: runs money-moving operations through the same plain functions the
 * server actions call (issueCard, requestCardChange), several at once, until the database holds the target number of
 * orders. The suite kills it mid-flight (SIGKILL) and starts it again; it picks up from what the database holds.
 *
 *   tsx scripts/test-faults-driver.ts <targetOrders> <seed> <start>     (DATABASE_URL, ENCRYPTION_KEY from the suite)
 *
 * <start> counts the driver's starts in this run (0 for the first): each restart draws new choices, and a run given
 * the same seed draws the same ones again.
 */
import { and, count, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import { getConnection } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerOrders, OPEN_ORDER_STATUSES } from "@/db/schema/provider-orders";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange, type CardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";
import type { Prng } from "@/sandbox/lib/prng";
import { laneRng, MONEY_MOVING, type Lane } from "./test-faults-plan";

const LANES = 4;
const META = { ip: "127.0.0.1", userAgent: "fault-suite-driver" };

const target = Number(process.argv[2] ?? 300);
const seed = Number(process.argv[3] ?? 1);
const start = Number(process.argv[4] ?? 0);
const { db, pool } = getConnection();

async function moneyOrders(): Promise<number> {
  const [row] = await db.select({ value: count() }).from(providerOrders).where(inArray(providerOrders.type, [...MONEY_MOVING]));
  return row?.value ?? 0;
}

type OurCard = typeof cards.$inferSelect & { provider: string };

/** Cards this suite issued that are live and have nothing in flight. */
async function freeCards(): Promise<OurCard[]> {
  const busy = db.select({ id: providerOrders.cardId }).from(providerOrders).where(and(inArray(providerOrders.status, [...OPEN_ORDER_STATUSES]), isNotNull(providerOrders.cardId)));
  const rows = await db
    .select({ card: cards, provider: providerAccounts.provider })
    .from(cards)
    .innerJoin(providerAccounts, eq(providerAccounts.id, cards.providerAccountId))
    .where(and(isNotNull(cards.createdByUserId), inArray(cards.status, ["active", "frozen"]), notInArray(cards.id, busy)));
  return rows.map((row) => ({ ...row.card, provider: row.provider }));
}

const amount = (rng: Prng, min: number, max: number) => `${rng.int(min, max)}.${String(rng.int(0, 99)).padStart(2, "0")}`;

async function issueOne(rng: Prng, user: SessionUser, ownerId: string, accounts: Record<string, string>): Promise<string> {
  const kind = rng.pick(["cardepass-standard", "cardepass-sharebalance", "nobepay", "cardopenapi"] as const);
  const alias = `Fault ${kind} ${rng.int(1000, 9999)}`;
  const base = { alias, ownerUserId: ownerId, tags: [] as string[] };
  const input =
    kind === "cardepass-standard"
      ? { ...base, kind, accountId: accounts.cardepass, productId: "DGG0C4JD", currency: "USD", initialAmount: amount(rng, 20, 60) }
      : kind === "cardepass-sharebalance"
        ? { ...base, kind, accountId: accounts.cardepass, productId: "DGG0C4JD", currency: "USD", perTransactionLimit: amount(rng, 50, 200), lifetimeLimit: amount(rng, 500, 900) }
        : kind === "nobepay"
          ? { ...base, kind, accountId: accounts.nobepay, productId: "v_5bc814", initialAmount: amount(rng, 10, 40), holderFirstName: "Fay", holderLastName: "Fault", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301" }
          : { ...base, kind, accountId: accounts.cardopenapi, productId: "cpi_6530de6a2f1c7", initialAmount: amount(rng, 10, 40) };
  await issueCard(db, user, META, issueCardSchema.parse(input));
  return "issue";
}

function changeFor(rng: Prng, card: OurCard): CardChange | null {
  const roll = rng.next();
  const balance = Number(card.balance ?? 0n) / 100;
  if (card.status === "frozen") return { type: roll < 0.8 ? "unfreeze" : "cancel" };
  if (roll < 0.05) return { type: "cancel" };
  if (roll < 0.12 && card.provider !== "nobepay") return { type: "freeze" };
  if (card.cardModel === "sharebalance") return { type: "limits", perTransactionLimit: amount(rng, 50, 300), lifetimeLimit: rng.chance(0.3) ? "" : amount(rng, 900, 2000) };
  if (roll < 0.4 && card.provider !== "cardopenapi" && balance >= 2) return { type: "withdraw", amount: amount(rng, 1, Math.min(10, Math.floor(balance) - 1)) };
  return { type: "topup", amount: amount(rng, 1, 25) };
}

async function lane(index: number, user: SessionUser, ownerId: string, accounts: Record<string, string>): Promise<Lane> {
  const rng = laneRng(seed, index, start);
  const done: Lane = { ops: 0, refused: 0, errors: 0 };
  // Bounded: at most 40 steps per wanted order, whatever happens.
  for (let step = 0; step < target * 40 && (await moneyOrders()) < target; step += 1) {
    try {
      const free = await freeCards();
      if (free.length === 0 && !rng.chance(0.08)) {
        // Every card has a change in flight: wait for the worker rather than issue card after card.
        await new Promise((resolve) => setTimeout(resolve, 300));
        continue;
      }
      if (free.length === 0 || rng.chance(0.18)) await issueOne(rng, user, ownerId, accounts);
      else {
        const card = rng.pick(free);
        const change = changeFor(rng, card);
        if (!change) continue;
        await requestCardChange(db, user, META, card.id, change);
      }
      done.ops += 1;
    } catch (error) {
      // Refusals (a change already in flight, an amount over the balance) are the app working, not a fault.
      if (error instanceof ActionError) done.refused += 1;
      else {
        done.errors += 1;
        console.error(`[driver] lane ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return done;
}

async function main(): Promise<void> {
  const finance = await findUserByEmail(db, "finance@demo.test");
  const owner = await findUserByEmail(db, "employee@demo.test");
  if (!finance || !owner) throw new Error("the demo users are missing: the suite seeds them first");
  const user = toSessionUser(finance, { id: "00000000-0000-4000-8000-00000000fa17", reauthenticatedAt: new Date() });
  const accounts = Object.fromEntries((await db.select().from(providerAccounts)).map((row) => [row.provider, row.id]));
  const lanes = await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index, user, owner.id, accounts)));
  const total = lanes.reduce((sum, next) => ({ ops: sum.ops + next.ops, refused: sum.refused + next.refused, errors: sum.errors + next.errors }));
  console.log(`[driver] done: ${total.ops} operations, ${total.refused} refused by the app, ${total.errors} unexpected errors`);
  await pool.end();
  process.exit(total.errors > 0 ? 3 : 0);
}

main().catch((error: unknown) => {
  console.error(`[driver] ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
