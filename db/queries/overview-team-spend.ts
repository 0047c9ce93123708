import { and, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formatUtcDate } from "@/lib/format";
import { keptSeriesKeys, OTHER_SERIES_KEY, type SeriesTotal } from "@/lib/overview/chart-data";
import { teams } from "@/db/schema/teams";
import { transactionTeamDailyTotals } from "@/db/schema/transaction-team-daily-totals";
import type { DailySpendRow } from "./overview-spend";
import { readTogether } from "./read-together";

const td = transactionTeamDailyTotals;

/** A day's spend of the whole organisation in one currency, from the organisation's daily rollup. */
export type WholeDay = { day: string; currency: string; spent: bigint };

/**
 * The organisation's spend per day split by team, from the per-team daily rollup, folded as the chart draws it
 * (keptSeriesKeys). Ninety days of two hundred teams are some 80,000 rollup rows and 18,000 team-days per currency;
 * reading them all to draw four teams and "other teams" took about 220 ms at ten million transactions. Instead the
 * database sums each team's window (a row per team and currency) and all teams' days; the chart's rule picks the
 * teams drawn on their own; and one more read sums the days of those teams and of the rest together (a few rows per
 * day). Cards without a team spent what `wholeDays` holds beyond all teams, and that is a series like any team's.
 * Teams folded together come back as one series, key OTHER_SERIES_KEY. Every rollup row names an existing team (its
 * foreign key, and teams are never deleted), so only the names need the teams table.
 */
export async function organizationSpendByTeamDay(
  db: DbOrTx,
  params: { organizationId: string; from: Date; wholeDays: Promise<WholeDay[]> },
): Promise<DailySpendRow[]> {
  const inWindow = and(eq(td.organizationId, params.organizationId), gte(td.day, formatUtcDate(params.from)))!;
  const [whole, totals, allTeamsDays] = await readTogether(db, [
    () => params.wholeDays,
    () => db
      .select({
        currency: td.currency,
        teamId: td.teamId,
        teamName: teams.name,
        spent: sql<string>`sum(${td.spent})`,
        anyRowSpent: sql<boolean>`bool_or(${td.spent} <> 0)`,
      })
      .from(td)
      .innerJoin(teams, eq(td.teamId, teams.id))
      .where(inWindow)
      .groupBy(td.currency, td.teamId, teams.name),
    () => db
      .select({ day: td.day, currency: td.currency, spent: sql<string>`sum(${td.spent})` })
      .from(td)
      .where(inWindow)
      .groupBy(td.day, td.currency),
  ]);

  const dayKey = (day: string, currency: string) => `${day} ${currency}`;
  const teamsSpent = new Map(allTeamsDays.map((row) => [dayKey(row.day, row.currency), BigInt(row.spent)]));
  const noTeamDays = whole
    .map((row) => ({ day: row.day, currency: row.currency, spent: row.spent - (teamsSpent.get(dayKey(row.day, row.currency)) ?? 0n) }))
    .filter((row) => row.spent !== 0n);

  // A series is drawn when some day of it nets to non-zero. A non-zero total proves one; a zero total with non-zero
  // rollup rows (a purchase and its reversal on different days) needs its days looked at.
  const uncertain = totals.filter((row) => BigInt(row.spent) === 0n && row.anyRowSpent);
  const spentOnSomeDay = uncertain.length === 0 ? new Set<string>() : await teamsWithSpendOnSomeDay(db, inWindow, uncertain);
  const names = new Map(totals.map((row) => [row.teamId, row.teamName]));
  const seriesByCurrency = new Map<string, SeriesTotal[]>();
  const addSeries = (currency: string, entry: SeriesTotal) => seriesByCurrency.set(currency, [...(seriesByCurrency.get(currency) ?? []), entry]);
  for (const row of totals) {
    if (BigInt(row.spent) !== 0n || spentOnSomeDay.has(`${row.currency} ${row.teamId}`)) addSeries(row.currency, { key: row.teamId, total: BigInt(row.spent) });
  }
  const noTeamTotals = new Map<string, bigint>();
  for (const row of noTeamDays) noTeamTotals.set(row.currency, (noTeamTotals.get(row.currency) ?? 0n) + row.spent);
  for (const [currency, total] of noTeamTotals) addSeries(currency, { key: "", total });

  // Per currency, the teams drawn on their own (every team with spend when nothing is folded).
  const drawn = new Map<string, Set<string>>();
  for (const [currency, series] of seriesByCurrency) drawn.set(currency, keptSeriesKeys(series) ?? new Set(series.map((entry) => entry.key)));
  const drawnTeam: SQL[] = [];
  for (const [currency, keys] of drawn) {
    const teamIds = [...keys].filter((key) => key !== "");
    if (teamIds.length > 0) drawnTeam.push(and(eq(td.currency, currency), inArray(td.teamId, teamIds))!);
  }
  const seriesTeam = drawnTeam.length === 0 ? sql<string | null>`null::uuid` : sql<string | null>`case when ${or(...drawnTeam)} then ${td.teamId} end`;
  const seriesRows = db
    .select({ day: td.day, currency: td.currency, teamId: seriesTeam.as("series_team_id"), spent: td.spent })
    .from(td)
    .where(inWindow)
    .as("series_rows");
  const days = await db
    .select({ day: seriesRows.day, currency: seriesRows.currency, teamId: seriesRows.teamId, spent: sql<string>`sum(${seriesRows.spent})` })
    .from(seriesRows)
    .groupBy(seriesRows.day, seriesRows.currency, seriesRows.teamId);

  const rows: DailySpendRow[] = [];
  const other = new Map<string, DailySpendRow>();
  const addOther = (day: string, currency: string, spent: bigint) => {
    const entry = other.get(dayKey(day, currency)) ?? { day, currency, seriesKey: OTHER_SERIES_KEY, seriesLabel: "Other teams", spent: 0n };
    entry.spent += spent;
    other.set(dayKey(day, currency), entry);
  };
  for (const row of days) {
    const spent = BigInt(row.spent);
    if (row.teamId === null) addOther(row.day, row.currency, spent);
    else if (spent !== 0n) rows.push({ day: row.day, currency: row.currency, seriesKey: row.teamId, seriesLabel: names.get(row.teamId)!, spent });
  }
  for (const row of noTeamDays) {
    if (drawn.get(row.currency)?.has("")) rows.push({ day: row.day, currency: row.currency, seriesKey: "", seriesLabel: "No team", spent: row.spent });
    else addOther(row.day, row.currency, row.spent);
  }
  // In a stable order: day, currency, then teams by name, cards without a team, the teams folded together.
  const place = (row: DailySpendRow) => (row.seriesKey === OTHER_SERIES_KEY ? 2 : row.seriesKey === "" ? 1 : 0);
  return [...rows, ...[...other.values()].filter((row) => row.spent !== 0n)].sort(
    (a, b) => a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency) || place(a) - place(b) || a.seriesLabel.localeCompare(b.seriesLabel),
  );
}

/** Of the given teams (currency and team), those with a day in the window whose spend nets to non-zero. */
async function teamsWithSpendOnSomeDay(db: DbOrTx, inWindow: SQL, candidates: { currency: string; teamId: string }[]): Promise<Set<string>> {
  const teamDays = db
    .select({ currency: td.currency, teamId: td.teamId, day: td.day })
    .from(td)
    .where(and(inWindow, inArray(td.teamId, [...new Set(candidates.map((row) => row.teamId))])))
    .groupBy(td.currency, td.teamId, td.day)
    .having(sql`sum(${td.spent}) <> 0`)
    .as("team_days");
  const rows = await db.selectDistinct({ currency: teamDays.currency, teamId: teamDays.teamId }).from(teamDays);
  return new Set(rows.map((row) => `${row.currency} ${row.teamId}`));
}
