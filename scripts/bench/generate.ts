import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Scale } from "./scales";
import { rebuildDailyTotals } from "@/db/queries/transaction-daily-totals";
import { rebuildTeamDailyTotals } from "@/db/queries/transaction-team-daily-totals";
import { rebuildTransactionMerchants } from "@/db/queries/transaction-merchants";
import { rebuildMerchantMonthlyTotals } from "@/db/queries/transaction-merchant-monthly-totals";
import { organizationSettings } from "@/db/schema/settings";

export const BENCH_PASSWORD = "bench-password-not-secret";
export const BENCH_FINANCE_EMAIL = "finance@bench.test";
export const BENCH_MANAGER_EMAIL = "manager@bench.test";

/** What the cases need to know about the generated data: whom to act as and which values to look for. */
export type BenchFixture = {
  organizationId: string;
  financeUserId: string;
  managerUserId: string;
  managerTeamId: string;
  /** A user of the manager's team who owns cards, for the owner filter. */
  ownerUserId: string;
  /** A card of the manager's team, for the card page. */
  cardId: string;
  /** A card of the manager's team issued after every transaction, without any: the page of a card just issued. */
  newCardId: string;
  last4: string;
  aliasText: string;
  ownerNameText: string;
  merchantText: string;
  /** The day in the middle of the audit rows' time span, for an export of about half of them. */
  auditMiddleDay: string;
  /** A one-week window in the middle of the transactions' time span. */
  dateFrom: string;
  dateTo: string;
};

const FIRST_NAMES = ["Ava", "Ben", "Chloe", "Dev", "Elif", "Finn", "Gita", "Hugo", "Ines", "Jonas", "Kira", "Liam", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara"];
const LAST_NAMES = ["Adams", "Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Tanaka"];
const PURPOSES = ["Marketing", "Travel", "Software", "Ads", "Fuel", "Office", "Cloud", "Events", "Hiring", "Meals", "Training", "Hardware"];
const MERCHANTS = ["Amazon Web Services", "Google Ads", "Meta Platforms", "Shell Station", "Uber Trip", "Delta Air", "Hilton Hotels", "Slack", "Notion Labs", "Zoom Video", "Apple Store", "Stripe Press", "Figma", "GitHub", "Lufthansa", "Marriott", "Starbucks", "Dropbox", "Atlassian", "OpenTable"];

/**
 * Bulk loading into a table with its indexes in place costs an index insertion per row and index; dropping the
 * non-constraint indexes first and recreating them from their own definitions builds each in one sorted pass.
 */
async function withIndexesDeferred(db: Db, table: string, work: () => Promise<void>): Promise<void> {
  const indexes = await db.execute<{ indexname: string; indexdef: string }>(sql`
    select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = ${table}
      and indexname not in (select conname from pg_constraint)`);
  for (const index of indexes.rows) await db.execute(sql.raw(`drop index "${index.indexname}"`));
  await work();
  for (const index of indexes.rows) await db.execute(sql.raw(index.indexdef));
}

function textArray(values: string[]) {
  return sql.raw(`array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(",")}]::text[]`);
}

/**
 * Fills an empty, migrated database with one organisation at the given scale, entirely with set-based SQL
 * (generate_series), then ANALYZEs it. Audit rows get placeholder hashes here; chainAuditRows() links them.
 */
export async function generateBenchData(db: Db, scale: Scale, log: (line: string) => void = () => undefined): Promise<BenchFixture> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const step = async (label: string, statement: ReturnType<typeof sql>, table?: string, skipForeignKeyChecks = false) => {
    const started = performance.now();
    // The generated rows reference only rows generated just before; per-row foreign-key checks would only slow the load.
    const skipped = skipForeignKeyChecks && (await db.execute(sql`set session_replication_role = replica`).then(() => true, () => false));
    try {
      if (table) await withIndexesDeferred(db, table, async () => void (await db.execute(statement)));
      else await db.execute(statement);
    } finally {
      if (skipped) await db.execute(sql`set session_replication_role = origin`);
    }
    log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  // One connection throughout (the caller's pool): these settings and the bench_* work tables stay with it.
  await db.execute(sql`set maintenance_work_mem = '256MB'`);
  await db.execute(sql`set synchronous_commit = off`);
  const [org] = (await db.execute<{ id: string }>(sql`insert into organizations (name) values ('Bench Company') returning id`)).rows;
  const organizationId = org!.id;
  // The bench signs in with a password alone; a new organisation requires two-factor for finance and admin.
  await db.insert(organizationSettings).values({ organizationId, values: { twoFactorRequiredRoles: [] } });
  // A second organisation with a few cards, so every scope condition has something to exclude.
  const [other] = (await db.execute<{ id: string }>(sql`insert into organizations (name) values ('Other Company') returning id`)).rows;

  await db.execute(sql`
    insert into provider_accounts (organization_id, provider, label, base_url, credentials_encrypted, webhook_secret_digest)
    select ${organizationId}::uuid, p::provider, 'Bench ' || p, 'http://127.0.0.1:1', 'not-a-credential', encode(sha256(convert_to(p, 'UTF8')), 'hex')
    from unnest(array['cardepass','nobepay','cardopenapi']) as p
    union all
    select ${other!.id}::uuid, 'cardepass', 'Other cardepass', 'http://127.0.0.1:1', 'not-a-credential', encode(sha256(convert_to('other', 'UTF8')), 'hex')`);
  await db.execute(sql`
    insert into products (provider_account_id, provider_product_id, name, card_models, currencies)
    select id, 'BENCH-' || provider, 'Bench ' || provider || ' product', array['prepaid'], array['USD','EUR','GBP'] from provider_accounts`);
  await step(
    "teams",
    sql`insert into teams (organization_id, name) select ${organizationId}::uuid, 'Team ' || lpad(g::text, 4, '0') from generate_series(1, ${scale.teams}) g`,
  );
  // Users 1 and 2 are the finance and manager accounts the bench signs in as; every user is in team (n % teams) + 1.
  await step(
    "users",
    sql`insert into users (organization_id, email, name, password_hash)
      select ${organizationId}::uuid,
        case g when 1 then ${BENCH_FINANCE_EMAIL} when 2 then ${BENCH_MANAGER_EMAIL} else 'user' || g || '@bench.test' end,
        (${textArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}] || ' ' || (${textArray(LAST_NAMES)})[1 + (g / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] || ' ' || g,
        ${passwordHash}
      from generate_series(1, ${scale.users}) g`,
  );
  await db.execute(sql`
    create unlogged table bench_users as
    select row_number() over (order by case email when ${BENCH_FINANCE_EMAIL} then 0 when ${BENCH_MANAGER_EMAIL} then 1 else 2 end, email) as n, id
    from users where organization_id = ${organizationId}::uuid`);
  await db.execute(sql`create unlogged table bench_teams as
    select row_number() over (order by name) - 1 as n, id from teams where organization_id = ${organizationId}::uuid`);
  await db.execute(sql`
    insert into user_roles (user_id, role)
    select id, case n when 1 then 'finance'::role when 2 then 'manager'::role else 'employee'::role end from bench_users
    union all select id, 'employee'::role from bench_users where n = 2`);
  await db.execute(sql`
    insert into team_memberships (team_id, user_id, is_manager)
    select t.id, u.id, u.n = 2 from bench_users u join bench_teams t on t.n = u.n % ${scale.teams}`);

  // Cards: owner n = (g % users) + 1 (one in twenty unassigned), team = the owner's team, spread over a year.
  await step(
    `cards ×${scale.cards}`,
    sql`insert into cards (organization_id, provider_account_id, product_id, card_model, owner_user_id, team_id, alias, masked_number, last4,
        currency, status, balance, limit_per_transaction, limit_lifetime, limit_used, created_at, updated_at)
      select ${organizationId}::uuid, a.id, p.id, case when a.provider = 'cardepass' then 'sharebalance' else 'prepaid' end,
        case when g % 20 = 0 then null else u.id end, t.id,
        (${textArray(PURPOSES)})[1 + g % ${PURPOSES.length}] || ' ' || (${textArray(PURPOSES)})[1 + (g / 7) % ${PURPOSES.length}] || ' ' || g,
        '411111******' || lpad(((g::bigint * 7919) % 10000)::text, 4, '0'), lpad(((g::bigint * 7919) % 10000)::text, 4, '0'),
        (array['USD','EUR','GBP'])[1 + g % 3],
        case when g % 50 = 0 then 'pending' when g % 10 = 3 then 'cancelled' when g % 8 = 5 then 'frozen' else 'active' end,
        case when a.provider = 'cardepass' then null else ((g::bigint * 104729) % 5000000)::bigint end,
        case when a.provider = 'cardepass' then 500000 end, case when a.provider = 'cardepass' then 5000000 end,
        case when a.provider = 'cardepass' then (g * 31) % 5000000 end,
        now() - make_interval(secs => (${scale.cards} - g) * (31536000.0 / ${scale.cards})), now()
      from generate_series(1, ${scale.cards}) g
      join bench_users u on u.n = 1 + g % ${scale.users}
      join bench_teams t on t.n = u.n % ${scale.teams}
      join provider_accounts a on a.organization_id = ${organizationId}::uuid and a.provider = (array['cardepass','nobepay','cardopenapi'])[1 + g % 3]::provider
      join products p on p.provider_account_id = a.id`,
    "cards",
  );
  await db.execute(sql`
    insert into cards (organization_id, provider_account_id, card_model, alias, currency, status, created_at)
    select ${other!.id}::uuid, a.id, 'sharebalance', 'Other card ' || g, 'CHF', 'active', now() - make_interval(days => g)
    from generate_series(1, 50) g join provider_accounts a on a.organization_id = ${other!.id}::uuid`);
  await db.execute(sql`create unlogged table bench_cards as
    select row_number() over (order by created_at, id) - 1 as n, id, provider_account_id, currency, owner_user_id, team_id from cards where organization_id = ${organizationId}::uuid`);
  await db.execute(sql`create index on bench_cards (n)`);

  // Transactions: card n = (g * 7) % cards, time spread over the last 180 days, oldest first.
  await step(
    `transactions ×${scale.transactions}`,
    sql`insert into transactions (organization_id, provider_account_id, provider_transaction_id, card_id, owner_user_id, team_id, type, direction,
        status, amount, currency, merchant_amount, merchant_currency, merchant_name, merchant_country, decline_reason, occurred_at, updated_at)
      select ${organizationId}::uuid, c.provider_account_id, 'bench-' || g, c.id, c.owner_user_id, c.team_id,
        case when g % 25 = 0 then 'refund' else 'purchase' end, case when g % 25 = 0 then 'credit' else 'debit' end,
        case when g % 40 = 0 then 'declined' when g % 9 = 0 then 'authorised' else 'settled' end,
        ((g * 2654435761) % 250000)::bigint, c.currency, ((g * 2654435761) % 250000)::bigint, c.currency,
        (${textArray(MERCHANTS)})[1 + g % ${MERCHANTS.length}] || ' ' || (g % 997), (array['US','DE','GB','FR'])[1 + g % 4],
        case when g % 40 = 0 then 'insufficient_funds' end,
        now() - make_interval(secs => (${scale.transactions} - g) * (15552000.0 / ${scale.transactions})), now()
      from generate_series(1, ${scale.transactions}) g
      join bench_cards c on c.n = (g::bigint * 7) % ${scale.cards}`,
    "transactions",
    true,
  );

  // Audit rows: actors cycle through the users, one in four tagged with a team, spread over the last 90 days.
  await step(
    `audit rows ×${scale.auditRows}`,
    sql`insert into audit_log (occurred_at, organization_id, actor_user_id, actor_email, actor_roles, action, outcome, target_type, target_id,
        team_id, ip, user_agent, summary, prev_hash, hash)
      select date_trunc('milliseconds', now() - make_interval(secs => (${scale.auditRows} - g) * (7776000.0 / ${scale.auditRows}))),
        ${organizationId}::uuid, u.id, 'user' || u.n || '@bench.test', array['employee'],
        (array['card.updated','card.frozen','auth.signed_in','card.issued','request.created'])[1 + g % 5],
        case when g % 30 = 0 then 'denied' else 'success' end, 'card', 'card-' || (g % 5000),
        case when g % 4 = 0 then t.id end, '203.0.113.' || (g % 250), 'bench', jsonb_build_object('n', g), '', ''
      from generate_series(1, ${scale.auditRows}) g
      join bench_users u on u.n = 1 + g % ${scale.users}
      join bench_teams t on t.n = g % ${scale.teams}
      order by g`,
    "audit_log",
    true,
  );
  // The bulk insert ran with triggers off (session_replication_role = replica): the totals rollups and the merchant
  // names are rebuilt once.
  const totalsStarted = performance.now();
  await rebuildDailyTotals(db, organizationId);
  log(`transaction daily totals (${((performance.now() - totalsStarted) / 1000).toFixed(1)} s)`);
  const teamTotalsStarted = performance.now();
  await rebuildTeamDailyTotals(db, organizationId);
  log(`transaction team daily totals (${((performance.now() - teamTotalsStarted) / 1000).toFixed(1)} s)`);
  const merchantTotalsStarted = performance.now();
  await rebuildMerchantMonthlyTotals(db, organizationId);
  log(`transaction merchant monthly totals (${((performance.now() - merchantTotalsStarted) / 1000).toFixed(1)} s)`);
  const merchantsStarted = performance.now();
  await rebuildTransactionMerchants(db, organizationId);
  log(`transaction merchant names (${((performance.now() - merchantsStarted) / 1000).toFixed(1)} s)`);
  await db.execute(sql`drop table bench_users, bench_teams, bench_cards`);
  // VACUUM as autovacuum would after a bulk load: it sets the visibility map, which index-only scans rely on.
  await step("vacuum analyze", sql`vacuum analyze`);

  const pick = async <Row>(statement: ReturnType<typeof sql>) => (await db.execute<Row & Record<string, unknown>>(statement)).rows[0]!;
  const people = await pick<{ finance: string; manager: string; team: string }>(sql`
    select (select id from users where email = ${BENCH_FINANCE_EMAIL}) as finance, (select id from users where email = ${BENCH_MANAGER_EMAIL}) as manager,
      (select team_id from team_memberships m join users u on u.id = m.user_id where u.email = ${BENCH_MANAGER_EMAIL}) as team`);
  const card = await pick<{ id: string; owner: string; last4: string }>(sql`
    select id, owner_user_id as owner, last4 from cards where team_id = ${people.team}::uuid and owner_user_id is not null
      and owner_user_id <> ${people.manager}::uuid order by created_at desc, id desc offset 3 limit 1`);
  const owner = await pick<{ name: string }>(sql`select name from users where id = ${card.owner}::uuid`);
  // Issued last, so none of the generated transactions is its: its page's reads of the card's transactions find none.
  const newCard = await pick<{ id: string }>(sql`
    insert into cards (organization_id, provider_account_id, product_id, card_model, owner_user_id, team_id, alias, masked_number, last4, currency, status, balance)
    select organization_id, provider_account_id, product_id, card_model, owner_user_id, team_id, 'Just issued', masked_number, last4, currency, 'active', 0
    from cards where id = ${card.id}::uuid
    returning id`);
  const auditMiddle = await pick<{ day: string }>(sql`select to_char((now() - interval '45 days') at time zone 'UTC', 'YYYY-MM-DD') as day`);
  const middle = await pick<{ day: string }>(sql`select to_char((now() - interval '90 days') at time zone 'UTC', 'YYYY-MM-DD') as day`);
  const dateTo = new Date(Date.parse(`${middle.day}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return {
    organizationId,
    financeUserId: people.finance,
    managerUserId: people.manager,
    managerTeamId: people.team,
    ownerUserId: card.owner,
    cardId: card.id,
    newCardId: newCard.id,
    last4: card.last4,
    aliasText: "Cloud Events",
    // The owner's full name is unique (it ends in the user number); searching for it finds that person's cards.
    ownerNameText: owner.name,
    merchantText: "Notion Labs 12",
    auditMiddleDay: auditMiddle.day,
    dateFrom: middle.day,
    dateTo,
  };
}
